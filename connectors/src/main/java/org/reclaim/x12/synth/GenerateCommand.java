package org.reclaim.x12.synth;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * {@code generate --claims N --seed S --out DIR [--size 100MB] [--denial-rate 0.2] [--only 835|837]
 * …} writes DIR/claims-S.837 and DIR/remittance-S.835 (each to a temporary name, then renamed).
 */
public final class GenerateCommand {

    static final String USAGE =
            String.join(
                    "\n",
                    "usage: generate --out DIR [--claims N | --size SIZE] [--seed S] [options]",
                    "  --out DIR                  folder for claims-<seed>.837 and remittance-<seed>.835",
                    "  --claims N                 claims to generate (default 100)",
                    "  --size SIZE                generate until the 835 reaches SIZE (e.g. 100MB, 1GB, 500KB; 1KB = 1024 bytes);",
                    "                             overrides --claims",
                    "  --seed S                   seed (default 1); same seed and options give identical files",
                    "  --denial-rate R            share of claims with a denial, 0..1 (default 0.2)",
                    "  --reversal-rate R          share of claims reversed and corrected later, 0..1 (default 0.02)",
                    "  --plb-rate R               share of remittances with a PLB adjustment, 0..1 (default 0.1)",
                    "  --secondary-rate R         share of claims answered by a secondary payer, 0..1 (default 0.05)",
                    "  --lines MIN-MAX            service lines per claim (default 2-3)",
                    "  --adjustments-per-claim A  target CAS triplets per claim (default 4.5)",
                    "  --claims-per-transaction N most claims per 835 transaction (default 50)",
                    "  --habits                   the SIMULATED payers' learnable habits beside the random mix (docs/prevention.md)",
                    "  --start YYYY-MM-DD         base date: claims are submitted from 30 days after it (default: from the seed)",
                    "  --submission-days N        claims are submitted over N days (default 270)",
                    "  --only 835|837             write only that file",
                    "  --no-line-breaks           no line break after each segment");

    private GenerateCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Exit code 0 on success, 1 when the files could not be written, 2 on a usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        GeneratorOptions options = GeneratorOptions.defaults();
        Path dir = null;
        String only = null;
        int i = 0;
        if (args.length > 0 && args[0].equals("generate")) i++;
        try {
            for (; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h":
                    case "--help":
                        out.println(USAGE);
                        return 0;
                    case "--no-line-breaks":
                        options = options.withLineBreaks(false);
                        continue;
                    case "--habits":
                        options = options.withHabits(true);
                        continue;
                    default:
                        break;
                }
                if (!a.startsWith("--")) throw new UsageException("unexpected argument: " + a);
                if (i + 1 >= args.length) throw new UsageException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--out":
                        dir = Path.of(v);
                        break;
                    case "--claims":
                        options = options.withClaims((int) integer(a, v, 0, Integer.MAX_VALUE));
                        break;
                    case "--seed":
                        options = options.withSeed(integer(a, v, Long.MIN_VALUE, Long.MAX_VALUE));
                        break;
                    case "--size":
                        options = options.withTargetRemitBytes(size(v));
                        break;
                    case "--denial-rate":
                        options = options.withDenialRate(rate(a, v));
                        break;
                    case "--reversal-rate":
                        options = options.withReversalRate(rate(a, v));
                        break;
                    case "--plb-rate":
                        options = options.withProviderAdjustmentRate(rate(a, v));
                        break;
                    case "--secondary-rate":
                        options = options.withSecondaryRate(rate(a, v));
                        break;
                    case "--lines":
                        {
                            String[] parts = v.split("-", -1);
                            if (parts.length > 2)
                                throw new UsageException("--lines wants MIN-MAX, got " + v);
                            int min = (int) integer(a, parts[0], 1, 50);
                            int max = parts.length == 2 ? (int) integer(a, parts[1], 1, 50) : min;
                            if (max < min)
                                throw new UsageException("--lines: MAX is below MIN: " + v);
                            options = options.withLinesPerClaim(min, max);
                            break;
                        }
                    case "--adjustments-per-claim":
                        options = options.withAdjustmentsPerClaim(decimal(a, v, 0, 100));
                        break;
                    case "--claims-per-transaction":
                        options =
                                options.withClaimsPerTransaction((int) integer(a, v, 1, 1_000_000));
                        break;
                    case "--start":
                        try {
                            options = options.withBaseDate(java.time.LocalDate.parse(v));
                        } catch (java.time.DateTimeException e) {
                            throw new UsageException("--start wants YYYY-MM-DD, got " + v);
                        }
                        break;
                    case "--submission-days":
                        options = options.withSubmissionDays((int) integer(a, v, 1, 3650));
                        break;
                    case "--only":
                        if (!v.equals("835") && !v.equals("837"))
                            throw new UsageException("--only takes 835 or 837");
                        only = v;
                        break;
                    default:
                        throw new UsageException("unknown option: " + a);
                }
            }
            if (dir == null) throw new UsageException("--out DIR is required");
        } catch (UsageException | IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }

        Path claimsFile = dir.resolve("claims-" + options.seed() + ".837");
        Path remitFile = dir.resolve("remittance-" + options.seed() + ".835");
        Path claimsTemp =
                "835".equals(only) ? null : dir.resolve(".claims-" + options.seed() + ".837.tmp");
        Path remitTemp =
                "837".equals(only)
                        ? null
                        : dir.resolve(".remittance-" + options.seed() + ".835.tmp");
        long started = System.nanoTime();
        GeneratedSummary summary;
        try {
            Files.createDirectories(dir);
            try (OutputStream c = open(claimsTemp);
                    OutputStream r = open(remitTemp)) {
                summary = Generator.write(options, c, r);
            }
            if (claimsTemp != null) move(claimsTemp, claimsFile);
            if (remitTemp != null) move(remitTemp, remitFile);
        } catch (IOException | UncheckedIOException e) {
            err.println("generate: cannot write to " + dir + ": " + e.getMessage());
            deleteQuietly(claimsTemp);
            deleteQuietly(remitTemp);
            return 1;
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        out.println(
                "generated "
                        + summary.describe()
                        + " in "
                        + ms
                        + " ms -> "
                        + (claimsTemp == null ? "" : claimsFile + " ")
                        + (remitTemp == null ? "" : remitFile.toString()));
        return 0;
    }

    private static OutputStream open(Path p) throws IOException {
        return p == null ? null : new BufferedOutputStream(Files.newOutputStream(p), 1 << 16);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the temporary name never looks like a finished file
        }
    }

    static long size(String v) {
        String s = v.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {
            {"GIB", "1073741824"},
            {"MIB", "1048576"},
            {"KIB", "1024"},
            {"GB", "1073741824"},
            {"MB", "1048576"},
            {"KB", "1024"},
            {"G", "1073741824"},
            {"M", "1048576"},
            {"K", "1024"},
            {"B", "1"}
        };
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            double n = Double.parseDouble(s);
            if (!(n > 0) || n * unit > 1L << 42)
                throw new UsageException("--size out of range: " + v);
            return (long) Math.ceil(n * unit);
        } catch (NumberFormatException e) {
            throw new UsageException("--size wants a size like 100MB, got " + v);
        }
    }

    private static long integer(String option, String v, long min, long max) {
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max)
                throw new UsageException(option + " must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " wants a whole number, got " + v);
        }
    }

    private static double rate(String option, String v) {
        return decimal(option, v, 0, 1);
    }

    private static double decimal(String option, String v, double min, double max) {
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= min && d <= max))
                throw new UsageException(option + " must be between " + min + " and " + max);
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " wants a number, got " + v);
        }
    }

    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
