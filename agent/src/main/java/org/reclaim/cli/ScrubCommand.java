package org.reclaim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.reclaim.common.JsonWriter;
import org.reclaim.prevention.NcciEdits;
import org.reclaim.prevention.NcciRules;
import org.reclaim.prevention.PayerClaimRules;
import org.reclaim.rules.PayerDirectory;
import org.reclaim.rules.TriageConfigException;
import org.reclaim.rules.TriageFiles;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.ClaimScrub;
import org.reclaim.scrub.Finding;
import org.reclaim.scrub.Scrubber;
import org.reclaim.scrub.TransactionSetRules;
import org.reclaim.scrub.Verdict;
import org.reclaim.triage.Triage;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.X12Limits;

/**
 * {@code scrub [--json] [--today DATE] FILE...} (docs/prevention.md): the pre-submission scrubber
 * with no server — the transaction-set rules, the payer rules of {@code config/payers.yml} and the
 * NCCI files of {@code -Dreclaim.prevention.ncci-dir} when given; no history, no records. Exit 0
 * when every file was read, 1 when one could not be, 2 on a usage error or a configuration that
 * cannot be used.
 */
public final class ScrubCommand {

    static final String USAGE = "usage: reclaim scrub [--json] [--today yyyy-MM-dd] FILE.837...";

    private ScrubCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        boolean optionsEnded = false;
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!optionsEnded && a.startsWith("-") && a.length() > 1) {
                switch (a) {
                    case "--json" -> json = true;
                    case "--" -> optionsEnded = true;
                    case "--today" -> {
                        if (i + 1 >= args.length) {
                            err.println("scrub: --today needs a date");
                            err.println(USAGE);
                            return 2;
                        }
                        try {
                            today = LocalDate.parse(args[++i]);
                        } catch (DateTimeParseException e) {
                            err.println(
                                    "scrub: --today '" + args[i] + "' is not a yyyy-MM-dd date");
                            return 2;
                        }
                    }
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        err.println("scrub: unknown option " + a);
                        err.println(USAGE);
                        return 2;
                    }
                }
            } else {
                files.add(a);
            }
        }
        if (files.isEmpty()) {
            err.println("scrub: no files given");
            err.println(USAGE);
            return 2;
        }
        Scrubber scrubber;
        try {
            scrubber = new Scrubber(configuredRules());
        } catch (TriageConfigException e) {
            err.println("scrub: invalid configuration: " + e.getMessage());
            return 2;
        } catch (NcciEdits.MalformedFile e) {
            err.println("scrub: invalid NCCI file: " + e.getMessage());
            return 2;
        }
        X12Limits limits = X12Limits.from(System::getProperty);
        JsonWriter jsonOut = json ? new JsonWriter(out) : null;
        boolean allRead = true;
        try {
            for (String file : files) allRead &= scrub(file, scrubber, today, limits, jsonOut, out);
            if (jsonOut != null) jsonOut.flush();
        } catch (IOException e) {
            err.println("scrub: cannot write the output: " + e.getMessage());
            return 1;
        }
        out.flush();
        return allRead ? 0 : 1;
    }

    /**
     * The rules the command runs, from the configuration alone: the transaction set, the payer
     * rules ({@code -Dreclaim.triage.config-dir}, default {@code ./config}, over the jar's copy)
     * and the NCCI files of {@code -Dreclaim.prevention.ncci-dir} when set.
     */
    static List<ClaimRule> configuredRules() {
        TriageFiles triageFiles =
                TriageFiles.locate(
                        Path.of(System.getProperty("reclaim.triage.playbooks-dir", "playbooks")),
                        Path.of(System.getProperty("reclaim.triage.config-dir", "config")));
        PayerDirectory payers = Triage.load(triageFiles).payers();
        List<ClaimRule> rules = new ArrayList<>();
        rules.add(new TransactionSetRules());
        rules.add(PayerClaimRules.withoutRecords(payers));
        String ncci = System.getProperty("reclaim.prevention.ncci-dir", "");
        if (!ncci.isBlank()) rules.add(new NcciRules(NcciEdits.load(Path.of(ncci))));
        return rules;
    }

    /** Scrubs one file; true when it could be read. */
    private static boolean scrub(
            String file,
            Scrubber scrubber,
            LocalDate today,
            X12Limits limits,
            JsonWriter json,
            PrintStream out)
            throws IOException {
        if (json != null) {
            json.beginObject().name("file").value(file).name("claims").beginArray();
        }
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        StringBuilder text = new StringBuilder();
        FileReport report = null;
        String error;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            report =
                    scrubber.scrubFile(
                            in,
                            today,
                            limits,
                            c -> {
                                counts.merge(c.verdict(), 1, Integer::sum);
                                try {
                                    if (json != null) write(json, c.toMap());
                                    else text.append(summary(c));
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
            error = report.error();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (java.nio.file.InvalidPathException e) {
            error = "invalid path";
        } catch (NoSuchFileException e) {
            error = "no such file";
        } catch (AccessDeniedException e) {
            error = "permission denied";
        } catch (IOException e) {
            error = "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e);
        } catch (RuntimeException | StackOverflowError e) {
            error = "internal error while reading: " + e;
        }
        if (json != null) {
            json.endArray();
            json.name("type").value(report == null ? null : report.type());
            if (error != null) json.name("error").value(error);
            json.endObject();
            json.newline();
            json.flush();
        } else {
            int n = counts.values().stream().mapToInt(Integer::intValue).sum();
            out.print(
                    file
                            + ": "
                            + (error != null ? "UNREADABLE (" + error + "); " : "")
                            + n
                            + " claim(s): "
                            + counts.getOrDefault(Verdict.CLEAN, 0)
                            + " clean, "
                            + counts.getOrDefault(Verdict.WARN, 0)
                            + " warn, "
                            + counts.getOrDefault(Verdict.HOLD, 0)
                            + " hold\n");
            out.print(text);
        }
        return error == null;
    }

    private static String summary(ClaimScrub c) {
        StringBuilder b = new StringBuilder();
        b.append("  ")
                .append(c.claim().patientControlNumber())
                .append("  payer ")
                .append(c.claim().payer() == null ? "?" : c.claim().payer().id())
                .append("  ")
                .append(c.claim().charge() == null ? "?" : c.claim().charge().toString())
                .append("  ")
                .append(c.verdict())
                .append('\n');
        for (Finding f : c.findings()) {
            b.append("    ")
                    .append(f.severity().wire())
                    .append(' ')
                    .append(f.rule())
                    .append(f.carc() == null ? "" : " (CARC " + f.carc() + ")")
                    .append(": ")
                    .append(f.message());
            if (!f.fix().isEmpty()) b.append(" [fix: ").append(f.fix()).append(']');
            b.append('\n');
        }
        return b.toString();
    }

    /** A map, list, string, number, boolean or null as JSON. */
    static void write(JsonWriter json, Object v) throws IOException {
        if (v == null) json.nullValue();
        else if (v instanceof Map<?, ?> m) {
            json.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                json.name(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.endObject();
        } else if (v instanceof Iterable<?> l) {
            json.beginArray();
            for (Object o : l) write(json, o);
            json.endArray();
        } else if (v instanceof BigDecimal d) json.value(d);
        else if (v instanceof Integer || v instanceof Long) json.value(((Number) v).longValue());
        else if (v instanceof Number n) json.value(new BigDecimal(n.toString()));
        else if (v instanceof Boolean b) json.value(b);
        else json.value(String.valueOf(v));
    }
}
