package org.reclaim.prevention.learn;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.reclaim.ReclaimApplication;
import org.reclaim.common.Json;
import org.reclaim.ingest.IngestService;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@code reclaim backtest --until DATE [--json] [--practice SLUG] [--spring.option=value ...]}: the
 * backtest of {@link Backtest} against the service's database (the same configuration as the
 * service; no web server, no agent, no drop folder). Exit 0 when run, 1 when the practice is
 * unknown, 2 on a usage error.
 */
public final class BacktestCommand {

    static final String USAGE =
            "usage: reclaim backtest --until YYYY-MM-DD [--json] [--practice SLUG] [--spring.option=value ...]\n"
                    + "       reclaim backtest --until YYYY-MM-DD [--json] --history FILE... "
                    + "(stores the files, in order, in a throwaway database first)";

    private BacktestCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        LocalDate until = null;
        boolean json = false;
        String practice = "default";
        List<Path> history = new ArrayList<>();
        List<String> properties =
                new ArrayList<>(
                        List.of(
                                "--reclaim.inbox.enabled=false",
                                "--reclaim.agent.enabled=false",
                                "--logging.level.root=warn",
                                "--logging.level.org.reclaim=warn"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json" -> json = true;
                case "--history" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        Path f = Path.of(args[++i]);
                        if (!Files.isRegularFile(f)) {
                            err.println("backtest: --history: no file " + f);
                            return 2;
                        }
                        history.add(f);
                    }
                    if (history.isEmpty()) {
                        err.println("backtest: --history needs at least one file");
                        err.println(USAGE);
                        return 2;
                    }
                }
                case "--until", "--practice" -> {
                    if (i + 1 >= args.length) {
                        err.println("backtest: " + a + " needs a value");
                        err.println(USAGE);
                        return 2;
                    }
                    String v = args[++i];
                    if (a.equals("--practice")) {
                        practice = v;
                    } else {
                        try {
                            until = LocalDate.parse(v);
                        } catch (DateTimeParseException e) {
                            err.println("backtest: --until must be a date, YYYY-MM-DD; got " + v);
                            return 2;
                        }
                    }
                }
                default -> {
                    if (a.startsWith("--spring.") || a.startsWith("--reclaim.")) {
                        properties.add(a);
                    } else {
                        err.println("backtest: unknown option " + a);
                        err.println(USAGE);
                        return 2;
                    }
                }
            }
        }
        if (json) {
            // stdout carries the JSON alone
            properties.replaceAll(
                    a -> a.startsWith("--logging.level.") ? a.replace("=warn", "=error") : a);
        }
        if (until == null) {
            err.println("backtest: --until is required");
            err.println(USAGE);
            return 2;
        }
        Path scratch = null;
        if (!history.isEmpty()) {
            try {
                scratch = Files.createTempDirectory("reclaim-backtest");
            } catch (IOException e) {
                err.println("backtest: cannot create a scratch folder: " + e.getMessage());
                return 1;
            }
            properties.add("--reclaim.db.ephemeral=true");
            properties.add("--reclaim.data-dir=" + scratch);
            // a throwaway database: no first-start banner, no key warning on stdout
            properties.add("--RECLAIM_BOOTSTRAP_OPERATOR_PASSWORD=" + UUID.randomUUID());
            properties.add("--logging.level.org.reclaim.partner.SecretBox=error");
        }
        try {
            return run(until, json, practice, history, properties, out, err);
        } finally {
            if (scratch != null) deleteTree(scratch);
        }
    }

    private static int run(
            LocalDate until,
            boolean json,
            String practice,
            List<Path> history,
            List<String> properties,
            PrintStream out,
            PrintStream err) {
        try (ConfigurableApplicationContext ctx =
                new SpringApplicationBuilder(ReclaimApplication.class)
                        .web(WebApplicationType.NONE)
                        .run(properties.toArray(String[]::new))) {
            String slug = practice;
            UUID id =
                    ctx.getBean(DatabaseClient.class)
                            .sql("SELECT id FROM practice WHERE slug = :s OR id::text = :s")
                            .bind("s", slug)
                            .map(r -> r.get("id", UUID.class))
                            .one()
                            .block();
            if (id == null) {
                err.println("no practice " + slug);
                return 1;
            }
            IngestService ingest = ctx.getBean(IngestService.class);
            for (Path f : history) {
                ingest.ingest(f, f.getFileName().toString(), "upload", id).block();
                err.println("backtest: stored " + f);
            }
            String realSlug =
                    ctx.getBean(DatabaseClient.class)
                            .sql("SELECT slug FROM practice WHERE id = :id")
                            .bind("id", id)
                            .map(r -> r.get("slug", String.class))
                            .one()
                            .block();
            Map<String, Object> report =
                    ctx.getBean(Backtest.class).run(id, realSlug, until).block();
            if (json) {
                out.println(json(report));
            } else {
                print(report, out);
            }
            return 0;
        }
    }

    /** The report as JSON: its rates are doubles, written as the decimals they print as. */
    static String json(Map<String, Object> report) {
        return Json.write(decimals(report));
    }

    private static Object decimals(Object v) {
        if (v instanceof Double d) return java.math.BigDecimal.valueOf(d);
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), decimals(x)));
            return out;
        }
        return v;
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    // a scratch file left behind in the temporary folder
                                }
                            });
        } catch (IOException e) {
            // the scratch folder is in the temporary folder
        }
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> report, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "backtest until %s: %s claims first submitted after it, %s learned rules%n",
                report.get("until"),
                report.get("claims"),
                report.get("learnedRules"));
        out.printf(
                Locale.ROOT,
                "  %-26s %7s %7s %7s %7s %9s %12s %12s%n",
                "category",
                "denied",
                "flagged",
                "caught",
                "recall",
                "precision",
                "denied $",
                "kept $");
        line(out, "overall", (Map<String, Object>) report.get("overall"));
        ((Map<String, Object>) report.get("categories"))
                .forEach((k, v) -> line(out, k, (Map<String, Object>) v));
    }

    private static void line(PrintStream out, String name, Map<String, Object> m) {
        out.printf(
                Locale.ROOT,
                "  %-26s %7s %7s %7s %7s %9s %12s %12s%n",
                name,
                m.get("denied"),
                m.get("flagged"),
                m.get("caught"),
                m.get("recall") == null ? "-" : m.get("recall"),
                m.get("precision") == null ? "-" : m.get("precision"),
                m.get("deniedAmount"),
                m.get("keptAmount"));
    }
}
