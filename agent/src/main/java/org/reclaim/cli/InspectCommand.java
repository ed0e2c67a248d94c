package org.reclaim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.JsonWriter;
import org.reclaim.remittance.Identification;
import org.reclaim.rules.TriageConfigException;
import org.reclaim.rules.TriageFiles;
import org.reclaim.triage.Triage;
import org.reclaim.x12.AdjustmentRules;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.X12Files;

/**
 * {@code inspect [--json] FILE...} (docs/contracts.md §2): reads each file with no server, no
 * database and no Spring, and reports what it holds. Exit 0 when every file was read, 1 when at
 * least one could not be, 2 on a usage error or a triage configuration that cannot be used.
 */
public final class InspectCommand {

    static final String USAGE = "usage: reclaim inspect [--json] FILE...";

    /**
     * The structure caps (docs/configuration.md, {@code reclaim.limits.*}), from system properties
     * like the triage folders: a file over one is reported as unreadable, with the cap and where.
     */
    private static final java.util.function.Supplier<org.reclaim.x12.X12Limits> LIMITS =
            () -> org.reclaim.x12.X12Limits.from(System::getProperty);

    private InspectCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        boolean optionsEnded = false;
        List<String> files = new ArrayList<>();
        for (String a : args) {
            if (!optionsEnded && a.startsWith("-") && a.length() > 1) {
                switch (a) {
                    case "--json" -> json = true;
                    case "--" -> optionsEnded = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        err.println("inspect: unknown option " + a);
                        err.println(USAGE);
                        return 2;
                    }
                }
            } else {
                files.add(a);
            }
        }
        if (files.isEmpty()) {
            err.println("inspect: no files given");
            err.println(USAGE);
            return 2;
        }
        // the catalog, payer rules and playbooks: shipped in the jar, overlaid by ./playbooks and
        // ./config
        Triage triage = null;
        Identification identification;
        try {
            TriageFiles triageFiles =
                    TriageFiles.locate(
                            Path.of(
                                    System.getProperty(
                                            "reclaim.triage.playbooks-dir", "playbooks")),
                            Path.of(System.getProperty("reclaim.triage.config-dir", "config")));
            if (json) {
                triage = Triage.load(triageFiles);
                identification = new Identification(triage.workability());
            } else {
                // the summary counts denials: which adjustments are worked is all it needs
                identification = new Identification(Triage.workability(triageFiles));
            }
        } catch (TriageConfigException e) {
            // 2, not 1 (docs/contracts.md §2): 1 means some input could not be read and the others
            // are still
            // reported, but here the inputs may be fine and none can be reported (their triage
            // fields
            // would be wrong or missing). Like a bad option, the invocation itself cannot run: one
            // message naming the configuration file, line and reason, and nothing on stdout.
            err.println("inspect: invalid triage configuration: " + e.getMessage());
            return 2;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonWriter jsonOut = json ? new JsonWriter(out) : null;
        boolean allRead = true;
        for (String file : files) {
            try {
                allRead &= inspect(file, identification, triage, today, jsonOut, out);
            } catch (IOException e) {
                err.println("inspect: cannot write the output: " + e.getMessage());
                return 1;
            }
        }
        out.flush();
        return allRead ? 0 : 1;
    }

    /** Reports one file; true when it could be read. */
    private static boolean inspect(
            String file,
            Identification identification,
            Triage triage,
            LocalDate today,
            JsonWriter json,
            PrintStream out)
            throws IOException {
        try (FileInspection inspection =
                new FileInspection(identification, triage, today, json != null)) {
            FileReport report = null;
            String error;
            // unbuffered: the X12 reader reads in 64 KiB blocks itself, and a BufferedInputStream
            // under
            // it would copy every byte once more (its reads are just below the buffer size)
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                AdjustmentRules rules = identification.nonWorkableRules();
                if (json == null && rules != null) {
                    // the human summary needs only totals: the 835 claims are added up, not mapped
                    X12Files.Summary summary =
                            X12Files.summarize(in, rules, inspection, LIMITS.get());
                    report = summary.report();
                    inspection.add(summary.remittances());
                } else {
                    report = X12Files.read(in, inspection, LIMITS.get());
                }
                inspection.finish();
                error = report.error();
            } catch (java.nio.file.InvalidPathException e) {
                error = "invalid path";
            } catch (NoSuchFileException e) {
                error = "no such file";
            } catch (AccessDeniedException e) {
                error = "permission denied";
            } catch (FileInspection.SpoolFailure e) {
                throw e.getCause();
            } catch (IOException e) {
                error =
                        "cannot read: "
                                + (e.getMessage() == null
                                        ? e.getClass().getSimpleName()
                                        : e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                // a reader bug must not hide the other files' results, nor show a stack trace for
                // input
                report = null;
                error = "internal error while reading: " + e;
            }
            if (json != null) {
                inspection.writeJson(json, file, report, error);
                json.flush();
            } else {
                out.print(inspection.summary(file, report, error));
            }
            return error == null;
        }
    }
}
