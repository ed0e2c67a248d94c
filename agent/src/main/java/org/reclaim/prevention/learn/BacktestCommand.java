package org.reclaim.prevention.learn;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.reclaim.ReclaimApplication;
import org.reclaim.common.Json;
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
            "usage: reclaim backtest --until YYYY-MM-DD [--json] [--practice SLUG] [--spring.option=value ...]";

    private BacktestCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        LocalDate until = null;
        boolean json = false;
        String practice = "default";
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
        if (until == null) {
            err.println("backtest: --until is required");
            err.println(USAGE);
            return 2;
        }
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
                out.println(Json.write(report));
            } else {
                print(report, out);
            }
            return 0;
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
