package org.reclaim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.Finding;
import org.reclaim.scrub.Scrubber;
import org.reclaim.scrub.Verdict;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.X12Limits;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/**
 * {@code benchmark-scrub [--claims N] [--rules N] [--runs N] [--seed S]} (docs/prevention.md,
 * "Speed"): figures, not a verdict. Generates an 837P of N claims (default 100,000) with the
 * synthetic generator, then scrubs it with the static rules ({@link ScrubCommand#configuredRules},
 * the configuration's payer rules and NCCI files included) plus N (default 200) learned-like rules
 * — plain {@link ClaimRule}s each matching one payer and procedure, drawn from the file's own pairs
 * — and prints claims per second (reading included) and the peak heap of the best run.
 */
public final class ScrubBenchmark {

    static final String USAGE =
            "usage: reclaim benchmark-scrub [--claims N] [--rules N] [--runs N] [--seed S]";

    private ScrubBenchmark() {}

    /** A learned-like rule: one payer, one procedure, answered by a modifier. */
    record PayerProcedureRule(String id, String payerId, String procedure, String modifier)
            implements ClaimRule {
        @Override
        public List<Finding> check(SubmittedClaim c, LocalDate today) {
            if (c.payer() == null || !payerId.equals(c.payer().id())) return List.of();
            List<Finding> out = null;
            for (ClaimLine l : c.lines()) {
                if (!procedure.equals(l.procedure()) || l.modifiers().contains(modifier)) continue;
                if (out == null) out = new ArrayList<>(1);
                out.add(
                        Finding.warning(
                                        id,
                                        "coding",
                                        "4",
                                        "line "
                                                + l.index()
                                                + ": payer "
                                                + payerId
                                                + " denied "
                                                + procedure
                                                + " without modifier "
                                                + modifier)
                                .atLine(l.index()));
            }
            return out == null ? List.of() : out;
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        int claims = 100_000;
        int ruleCount = 200;
        int runs = 3;
        long seed = 16;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--claims" -> claims = positive(args, ++i);
                    case "--rules" -> ruleCount = positive(args, ++i);
                    case "--runs" -> runs = positive(args, ++i);
                    case "--seed" -> seed = Long.parseLong(value(args, ++i));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("benchmark-scrub: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path file = null;
        try {
            file = Files.createTempFile("reclaim-scrub-bench-", ".837");
            GeneratorOptions options =
                    GeneratorOptions.defaults().withClaims(claims).withSeed(seed);
            try (OutputStream o = Files.newOutputStream(file)) {
                Generator.write(options, o, null);
            }
            // the day the generator's claims were submitted: their filing windows are open
            LocalDate today =
                    options.resolvedBaseDate().plusDays(31 + (long) options.submissionDays());
            X12Limits limits = X12Limits.from(System::getProperty);
            List<ClaimRule> rules = new ArrayList<>(ScrubCommand.configuredRules());
            int staticRules = rules.size();
            rules.addAll(learnedLike(file, ruleCount, limits));
            Scrubber scrubber = new Scrubber(rules);
            out.printf(
                    Locale.ROOT,
                    "scrub benchmark: %,d claims (%,d bytes), %d static rule sets + %d"
                            + " learned-like rules%n",
                    claims,
                    Files.size(file),
                    staticRules,
                    rules.size() - staticRules);
            Result best = null;
            for (int r = 1; r <= runs; r++) {
                Result res = once(scrubber, file, today, limits);
                out.printf(
                        Locale.ROOT,
                        "run %d: %,d claims in %.2f s = %,.0f claims/s, peak heap %.1f MiB%n",
                        r,
                        res.claims,
                        res.nanos / 1e9,
                        res.perSecond(),
                        res.heapPeak / 1048576.0);
                if (res.report.error() != null) {
                    err.println(
                            "benchmark-scrub: the generated file did not read: "
                                    + res.report.error());
                    return 1;
                }
                if (best == null || res.nanos < best.nanos) best = res;
            }
            out.printf(
                    Locale.ROOT,
                    "best: %,.0f claims/s (target >= 5,000), peak heap %.1f MiB%n",
                    best.perSecond(),
                    best.heapPeak / 1048576.0);
            out.println("verdicts: " + best.verdicts);
            Map<String, Long> shown = new TreeMap<>();
            best.byRule.forEach(
                    (rule, n) ->
                            shown.merge(
                                    rule.startsWith("bench.learned-") ? "bench.learned-*" : rule,
                                    n,
                                    Long::sum));
            out.println("findings by rule: " + shown);
            return 0;
        } catch (IOException e) {
            err.println("benchmark-scrub: " + e.getMessage());
            return 1;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    err.println("benchmark-scrub: cannot delete " + file + ": " + e.getMessage());
                }
            }
        }
    }

    /** One timed scrub of the file: counts, not the findings, are kept. */
    static final class Result {
        long claims;
        long nanos;
        long heapPeak;
        FileReport report;
        final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        final Map<String, Long> byRule = new TreeMap<>();

        double perSecond() {
            return claims / (nanos / 1e9);
        }
    }

    static Result once(Scrubber scrubber, Path file, LocalDate today, X12Limits limits)
            throws IOException {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        Result r = new Result();
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            r.report =
                    scrubber.scrubFile(
                            in,
                            today,
                            limits,
                            c -> {
                                r.claims++;
                                r.verdicts.merge(c.verdict(), 1L, Long::sum);
                                for (Finding f : c.findings())
                                    r.byRule.merge(f.rule(), 1L, Long::sum);
                            });
        }
        r.nanos = System.nanoTime() - start;
        r.heapPeak = Reclaim.heapPeak();
        return r;
    }

    /**
     * {@code n} rules over the (payer, procedure) pairs of the file's first claims, each asking for
     * a modifier: what learned rules look like, with their cost (a rule per pattern, each looking
     * at every claim).
     */
    static List<ClaimRule> learnedLike(Path file, int n, X12Limits limits) throws IOException {
        Set<List<String>> pairs = new LinkedHashSet<>();
        try (InputStream in = Files.newInputStream(file)) {
            X12Files.read(
                    in,
                    new X12Handler() {
                        @Override
                        public void submittedClaim(SubmittedClaim c) {
                            if (pairs.size() >= n || c.payer() == null) return;
                            for (ClaimLine l : c.lines())
                                if (l.procedure() != null)
                                    pairs.add(List.of(c.payer().id(), l.procedure()));
                        }
                    },
                    limits);
        }
        List<ClaimRule> rules = new ArrayList<>();
        String[] modifiers = {"25", "59", "GT", "95", "KX"};
        int i = 0;
        for (List<String> p : pairs) {
            if (rules.size() >= n) break;
            rules.add(
                    new PayerProcedureRule(
                            "bench.learned-" + i,
                            p.get(0),
                            p.get(1),
                            modifiers[i % modifiers.length]));
            i++;
        }
        // made-up pairs no claim matches, when the file has fewer: the rules still cost their look
        while (rules.size() < n) {
            rules.add(
                    new PayerProcedureRule(
                            "bench.learned-" + i,
                            "BENCH" + i,
                            String.format(Locale.ROOT, "%05d", i),
                            "59"));
            i++;
        }
        return rules;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
        return args[i];
    }

    private static int positive(String[] args, int i) {
        String v = value(args, i);
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " '" + v + "' is not a number");
        }
        if (n < 1) throw new IllegalArgumentException(args[i - 1] + " must be 1 or more");
        return n;
    }
}
