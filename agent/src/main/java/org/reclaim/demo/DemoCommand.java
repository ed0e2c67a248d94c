package org.reclaim.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reclaim.ReclaimApplication;
import org.reclaim.core.AgentClock;
import org.reclaim.inbox.InboxWatcher;
import org.reclaim.ingest.IngestService;
import org.reclaim.partner.ConnectorSettings;
import org.reclaim.practice.Practices;
import org.reclaim.review.OperatorActions;
import org.reclaim.sandbox.SimulatedPayer;
import org.reclaim.sandbox.SimulatedPortal;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.synth.GeneratedSummary;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@code demo --denials N --seed S [--auto-approve] [--json]} (docs/contracts.md §5): the real
 * service code against the SIMULATED clearinghouse, payer and records, with a throw-away embedded
 * database and an accelerated clock that jumps to the next timer or answer whenever nothing is due.
 */
public final class DemoCommand {

    static final String USAGE =
            "usage: reclaim demo --denials N --seed S [--auto-approve] [--json] [--months 1|2]\n"
                    + "       [--portal] [--in-flight N] [--latency 500ms] [--pool N] [--tick 1h] [--stats]   (the agent-loop benchmark)\n"
                    + "       [--explain]   (each recoverable denial the payer did not pay: its cause and what the agent did)";
    static final String BENCHMARK_USAGE =
            "usage: reclaim benchmark-agent [--denials 10000] [--in-flight 10000] "
                    + "[--latency 500ms] [--tick 1h] [--seed 11]";
    private static final Duration HORIZON = Duration.ofDays(3 * 365);

    private DemoCommand() {}

    /**
     * A denial (alias {@code d}) stored after its deadline had passed: escalated at once, not a
     * missed deadline.
     */
    static final String ARRIVED_LATE =
            "d.deadline IS NOT NULL AND d.created_at >= (d.deadline + 1)::timestamptz";

    /**
     * A denial (alias {@code d}) whose deadline passed, by {@code :now}, while the agent held it
     * and had not escalated it (docs/contracts.md §5): its last move before the deadline's end left
     * it with the agent.
     */
    static final String MISSED_DEADLINE =
            """
            d.deadline IS NOT NULL AND (d.deadline + 1)::timestamptz <= :now
             AND d.created_at < (d.deadline + 1)::timestamptz
             AND COALESCE((SELECT e.to_status FROM denial_event e WHERE e.denial_id = d.id
                           AND e.at < (d.deadline + 1)::timestamptz ORDER BY e.at DESC, e.id DESC LIMIT 1), 'NEW')
                 IN ('NEW', 'TRIAGED', 'IN_PROGRESS', 'NEXT_LEVEL', 'UPHELD')""";

    /** Days over which the demo's claims were submitted. */
    static final int SUBMISSION_DAYS = 45;

    /**
     * The demo's generated batch, dated as a recent backlog: claims submitted over {@value
     * #SUBMISSION_DAYS} days ending five weeks ago, each remittance paid 14 to 35 days after its
     * claims were submitted, so at the latest today.
     */
    static GeneratorOptions batch(java.time.LocalDate today) {
        return GeneratorOptions.defaults()
                .withSubmissionDays(SUBMISSION_DAYS)
                .withBaseDate(today.minusDays(65 + SUBMISSION_DAYS))
                .withDenialRate(0.3)
                .withReversalRate(0.0);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        return run(args, out, err, null);
    }

    /**
     * {@link #run(String[], PrintStream, PrintStream)}, then {@code inspect} with the service's
     * context and the judging payer before the throw-away database is gone (tests).
     */
    static int run(
            String[] args,
            PrintStream out,
            PrintStream err,
            java.util.function.BiConsumer<ConfigurableApplicationContext, SimulatedPayer> inspect)
            throws IOException {
        int denials = 100;
        long seed = 1;
        boolean autoApprove = false;
        boolean json = false;
        boolean stats = false;
        boolean explain = false;
        boolean portal = false;
        int months = 1;
        int inFlight = 0;
        int pool = 0;
        Duration tick = Duration.ofMillis(1);
        String latency = null;
        for (int i = 0; i < args.length; i++) {
            try {
                switch (args[i]) {
                    case "--denials" -> denials = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--auto-approve" -> autoApprove = true;
                    case "--json" -> json = true;
                    case "--stats" -> stats = true;
                    case "--explain" -> explain = true;
                    case "--latency" -> latency = duration(args[++i]).toString();
                    case "--portal" -> portal = true;
                    case "--months" -> months = Integer.parseInt(args[++i]);
                    case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
                    case "--pool" -> pool = Integer.parseInt(args[++i]);
                    case "--tick" -> tick = duration(args[++i]);
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        err.println("demo: unknown option " + args[i]);
                        err.println(USAGE);
                        return 2;
                    }
                }
            } catch (RuntimeException e) {
                err.println("demo: " + args[i] + " needs a number");
                err.println(USAGE);
                return 2;
            }
        }
        if (denials < 1 || denials > 100_000) {
            err.println("demo: --denials must be between 1 and 100000");
            return 2;
        }
        if (months < 1 || months > 2) {
            err.println("demo: --months must be 1 or 2");
            return 2;
        }
        if (inFlight < 0 || inFlight > 100_000) {
            err.println("demo: --in-flight must be between 1 and 100000");
            return 2;
        }
        if (pool < 0 || pool > 90) {
            err.println("demo: --pool (database connections) must be between 1 and 90");
            return 2;
        }
        // how many denials the orchestrator claims and works at once (all three bounds of
        // reclaim.agent.*)
        List<String> bounds =
                inFlight == 0
                        ? List.of("--reclaim.agent.batch=256")
                        : List.of(
                                "--reclaim.agent.batch=" + inFlight,
                                "--reclaim.agent.concurrency=" + inFlight,
                                "--reclaim.agent.per-payer=" + inFlight);
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("reclaim-demo-");
        List<String> properties =
                new ArrayList<>(
                        List.of(
                                "--reclaim.db.ephemeral=true",
                                "--reclaim.data-dir=" + dir,
                                "--reclaim.inbox.enabled=false",
                                "--reclaim.inbox.settle=0s",
                                "--reclaim.agent.enabled=false",
                                "--reclaim.triage.playbooks-dir=" + dir.resolve("no-overlay"),
                                "--reclaim.triage.config-dir=" + dir.resolve("no-overlay"),
                                "--logging.level.root=warn",
                                "--logging.level.org.reclaim=warn",
                                "--logging.level.org.apache.pdfbox=error",
                                "--reclaim.demo.live=false",
                                latency == null
                                        ? "--reclaim.demo.no-latency=true"
                                        : "--reclaim.demo.latency=" + latency));
        properties.addAll(bounds);
        if (months == 2) {
            // the gate holds what a learned rule warns of, for the operator (docs/prevention.md)
            properties.add("--reclaim.prevention.warn-policy=hold");
        }
        if (pool > 0) {
            properties.add("--spring.r2dbc.pool.max-size=" + pool);
            properties.add("--spring.r2dbc.pool.initial-size=" + Math.min(2, pool));
        }
        try (ConfigurableApplicationContext ctx =
                new SpringApplicationBuilder(ReclaimApplication.class)
                        .web(WebApplicationType.NONE)
                        .profiles("demo")
                        // as arguments, not default properties: they must win over application.yml
                        .run(properties.toArray(String[]::new))) {
            Demo demo = new Demo(ctx, dir, denials, seed, autoApprove, portal, tick, out);
            demo.months = months;
            Map<String, Object> summary = demo.run();
            summary.put("elapsedMs", (System.nanoTime() - t0) / 1_000_000);
            if (stats) demo.stats(out, latency);
            if (explain) demo.explain(out);
            if (inspect != null) inspect.accept(ctx, demo.payer);
            if (json) {
                out.println(toJson(summary));
            } else {
                out.println("summary (SIMULATED clearinghouse, payer and records):");
                summary.forEach((k, v) -> out.printf(Locale.ROOT, "  %-22s %s%n", k, v));
            }
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * {@code benchmark-agent}: the demo as the agent-loop benchmark — every payer has a (SIMULATED)
     * portal, reviews are approved, the remote parties answer after {@code --latency}, the
     * orchestrator works up to {@code --in-flight} denials at once, and the figures are printed.
     */
    public static int benchmark(String[] args, PrintStream out, PrintStream err)
            throws IOException {
        String denials = "10000";
        String inFlight = "10000";
        String latency = "500ms";
        String seed = "11";
        String tick = "1h";
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length && !args[i].equals("-h") && !args[i].equals("--help")) {
                err.println("benchmark-agent: " + args[i] + " needs a value");
                err.println(BENCHMARK_USAGE);
                return 2;
            }
            switch (args[i]) {
                case "--denials" -> denials = args[++i];
                case "--in-flight" -> inFlight = args[++i];
                case "--latency" -> latency = args[++i];
                case "--seed" -> seed = args[++i];
                case "--tick" -> tick = args[++i];
                case "-h", "--help" -> {
                    out.println(BENCHMARK_USAGE);
                    return 0;
                }
                default -> {
                    err.println("benchmark-agent: unknown option " + args[i]);
                    err.println(BENCHMARK_USAGE);
                    return 2;
                }
            }
        }
        return run(
                new String[] {
                    "--denials",
                    denials,
                    "--seed",
                    seed,
                    "--auto-approve",
                    "--portal",
                    "--stats",
                    "--in-flight",
                    inFlight,
                    "--latency",
                    latency,
                    "--tick",
                    tick
                },
                out,
                err);
    }

    /** {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT0.5S}). */
    static Duration duration(String v) {
        String t = v.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms"))
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        if (!t.startsWith("p") && t.length() > 1) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's' -> {
                    return Duration.ofSeconds(n);
                }
                case 'm' -> {
                    return Duration.ofMinutes(n);
                }
                case 'h' -> {
                    return Duration.ofHours(n);
                }
                default -> throw new IllegalArgumentException("not a duration: " + v);
            }
        }
        return Duration.parse(v.strip().toUpperCase(Locale.ROOT));
    }

    static String toJson(Map<String, Object> m) {
        return org.reclaim.common.Json.write(m);
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
                Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    /** One demo run inside a started context. */
    static final class Demo {
        private final ConfigurableApplicationContext ctx;
        private final Path dir;
        private final int wanted;
        private final long seed;
        private final boolean autoApprove;
        private final boolean portal;
        private final Duration tick;
        private final PrintStream out;
        private final DatabaseClient db;
        private final AgentClock clock;

        /**
         * the agent loop's own figures: from the first pass to the last (ingest of the batch
         * excluded)
         */
        private LoopFigures figures;

        private LoopFigures.Span firstRound;
        private LoopFigures.Span loop;

        /** the judging payer of this run, once {@link #run} has planted its causes */
        private SimulatedPayer payer;

        /** 2: the payers' habits on, and a second month through the gate ({@link SecondMonth}) */
        int months = 1;

        /** the first month's claims, and the day its batch was dated from */
        private long batchClaims;

        private java.time.LocalDate batchToday;

        /**
         * @param tick how far past the next timer or answer the clock jumps when nothing is due: 1
         *     ms runs everything at its time; an hour runs what falls due within the hour together,
         *     so a large batch's timers, set a few real seconds apart, do not each wait on the
         *     remote parties' latency in a pass of their own
         */
        Demo(
                ConfigurableApplicationContext ctx,
                Path dir,
                int wanted,
                long seed,
                boolean autoApprove,
                boolean portal,
                Duration tick,
                PrintStream out) {
            this.ctx = ctx;
            this.dir = dir;
            this.wanted = wanted;
            this.seed = seed;
            this.autoApprove = autoApprove;
            this.portal = portal;
            this.tick = tick;
            this.out = out;
            this.db = ctx.getBean(DatabaseClient.class);
            this.clock = ctx.getBean(AgentClock.class);
        }

        Map<String, Object> run() throws IOException {
            TriageService triage = ctx.getBean(TriageService.class);
            batchToday = triage.today();
            byte[][] files = generate(batchToday);
            // the judging payer plants the causes of its denials in the records folder
            payer =
                    new SimulatedPayer(
                            dir, Practices.DEFAULT_SLUG, seed, files[0], files[1], portal);
            IngestService ingest = ctx.getBean(IngestService.class);
            Path c = dir.resolve("demo-claims.837");
            Path r = dir.resolve("demo-remittances.835");
            Files.write(c, files[0]);
            Files.write(r, files[1]);
            ingest.ingest(c, "demo:claims.837", "upload", Practices.DEFAULT_ID).block();
            byte[] acks = payer.originalAcknowledgments();
            if (acks.length > 0) {
                // the clearinghouse history of the original claims: 277CAs accepting some of them
                Path a = dir.resolve("demo-acknowledgments.277");
                Files.write(a, acks);
                ingest.ingest(a, "demo:acknowledgments.277", "upload", Practices.DEFAULT_ID)
                        .block();
            }
            ingest.ingest(r, "demo:remittances.835", "upload", Practices.DEFAULT_ID).block();
            out.printf(
                    Locale.ROOT,
                    "demo: %d denials identified and triaged (SIMULATED clearinghouse, payer and records)%n",
                    count("SELECT count(*) FROM denial"));

            if (portal) {
                // every payer of the batch gets a portal for the practice, answered by the
                // SIMULATED payer
                ConnectorSettings settings = ctx.getBean(ConnectorSettings.class);
                List<String> payers =
                        db.sql(
                                        "SELECT DISTINCT payer_id FROM denial WHERE payer_id IS NOT NULL ORDER BY 1")
                                .map(x -> x.get(0, String.class))
                                .all()
                                .collectList()
                                .block();
                for (String id : payers) {
                    settings.savePortal(
                                    Practices.DEFAULT_ID,
                                    id,
                                    "https://" + SimulatedPortal.HOST + "/" + id,
                                    "X-Sandbox-Key",
                                    "SIMULATED-" + id)
                            .block();
                }
                ctx.getBean(SandboxPortals.class)
                        .attach(new SimulatedPortal(payer, clock::instant));
                out.printf(
                        Locale.ROOT,
                        "demo: %d payers answer through a SIMULATED portal%n",
                        payers.size());
            }
            Orchestrator orchestrator = ctx.getBean(Orchestrator.class);
            InboxWatcher inbox = ctx.getBean(InboxWatcher.class);
            OperatorActions operators = ctx.getBean(OperatorActions.class);
            Instant start = clock.instant();
            figures =
                    new LoopFigures(
                            PostgresCpu.ofBackend(
                                    db.sql("SELECT pg_backend_pid()")
                                            .map(x -> x.get(0, Integer.class))
                                            .one()
                                            .block()),
                            count("SELECT count(*) FROM step_run"));
            int rounds = 0;
            while (true) {
                rounds++;
                int steps = orchestrator.runUntilIdle().block();
                if (rounds == 1) firstRound = figures.since(count("SELECT count(*) FROM step_run"));
                Instant now = clock.instant();
                int received = payer.receive(now);
                int delivered = payer.deliver(now);
                int stored = delivered > 0 || hasInbox() ? inbox.pollOnce().block() : 0;
                int approved = autoApprove ? approveAll(operators) : 0;
                if (rounds % 20 == 0) {
                    out.printf(
                            Locale.ROOT,
                            "demo: day %d, %d open, %d resolved, %d awaiting review%n",
                            Duration.between(start, now).toDays(),
                            open(),
                            count(
                                    "SELECT count(*) FROM denial WHERE status "
                                            + "IN ('RESOLVED_PAID', 'RESOLVED_PARTIAL')"),
                            count(
                                    "SELECT count(*) FROM denial "
                                            + "WHERE status = 'AWAITING_REVIEW'"));
                }
                if (steps + received + delivered + stored + approved > 0) continue;
                Instant next = orchestrator.nextDue().block();
                Instant answer = payer.nextAnswer();
                if (answer.isBefore(next)) next = answer;
                if (next.equals(Instant.MAX)
                        || Duration.between(start, next).compareTo(HORIZON) > 0) break;
                clock.advanceTo(next.plus(tick));
            }
            loop = figures.since(count("SELECT count(*) FROM step_run"));
            figures.stop();
            // the same count as the summary's escalatedByReason: the batch's denials escalated at
            // the end, by their last escalation's reason without its particulars
            escalatedByReason()
                    .forEach((why, n) -> out.println("demo: " + n + " escalated: " + why));
            long late =
                    count(
                            "SELECT count(*) FROM denial d WHERE "
                                    + original()
                                    + " AND "
                                    + ARRIVED_LATE);
            if (late > 0)
                out.println(
                        "demo: "
                                + late
                                + " denials arrived after their deadline had passed (escalated at once)");
            Map<String, Object> summary = summary(payer, Duration.between(start, clock.instant()));
            if (months == 2) secondMonth(summary);
            return summary;
        }

        /**
         * The second month with the gate on ({@link SecondMonth}), after the first month's loop has
         * ended (its summary fields are computed before), and both months' figures side by side.
         */
        private void secondMonth(Map<String, Object> summary) throws IOException {
            // month 1 is everything before month 2: its claims and their first 835s (the metrics
            // count a claim's denial by the day it was adjudicated, its cleanness by the day it was
            // sent)
            java.time.LocalDate secondFrom = ctx.getBean(TriageService.class).today().minusDays(1);
            org.reclaim.metrics.Period first =
                    new org.reclaim.metrics.Period(null, secondFrom.minusDays(1));
            Map<String, Object> month2 =
                    new SecondMonth(ctx, dir, payer, seed, out).run((int) batchClaims);
            Map<String, Object> m1 = SecondMonth.figures(ctx, first);
            Map<String, Object> m2 =
                    SecondMonth.figures(ctx, new org.reclaim.metrics.Period(secondFrom, null));
            m2.putAll(month2);
            List<Map<String, Object>> months = List.of(m1, m2);
            summary.put("months", months);
            out.println(
                    "demo: the two months side by side (SIMULATED; the second through the gate):");
            for (String scope : new String[] {"overall", "habitPayers"}) {
                for (int i = 0; i < 2; i++) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> f = (Map<String, Object>) months.get(i).get(scope);
                    out.printf(
                            Locale.ROOT,
                            "demo:   month %d %-12s %5s claims: denial rate %s%% (%s of %s), clean claim rate %s%%,"
                                    + " first-pass yield %s%% (%s of %s)%n",
                            i + 1,
                            scope,
                            f.get("claims"),
                            f.get("denialRate"),
                            f.get("deniedClaims"),
                            f.get("adjudicatedClaims"),
                            f.get("cleanClaimRate"),
                            f.get("firstPassYield"),
                            f.get("paidFirstPass"),
                            f.get("decidedClaims"));
                }
            }
            out.println("demo:   month 2 gate: " + month2.get("gate"));
        }

        /**
         * For each recoverable denial the SIMULATED payer did not pay: its planted cause, the
         * denial's status, and each step the agent ran with its outcome (stdout, before the
         * summary) — what a developer reads to see where the agent's judgement went wrong.
         */
        void explain(PrintStream out) {
            org.reclaim.sandbox.Merits merits = payer.merits();
            for (String w : merits.wastedClaims()) {
                String pcn = w.substring(0, w.indexOf(' '));
                out.println("explain: wasted " + w + " (cause: " + merits.cause(pcn).kind() + ")");
                db.sql(
                                "SELECT d.line, d.carc, d.status, s.kind, s.status AS sent, s.created_at"
                                        + " FROM denial d LEFT JOIN submission s ON s.denial_id = d.id"
                                        + " WHERE d.patient_control_number = :pcn AND "
                                        + original()
                                        + " ORDER BY s.created_at")
                        .bind("pcn", pcn)
                        .map(
                                x ->
                                        String.format(
                                                Locale.ROOT,
                                                "explain:   line %s CARC %s %s: %s %s at %s",
                                                x.get("line", Integer.class),
                                                x.get("carc", String.class),
                                                x.get("status", String.class),
                                                x.get("kind", String.class),
                                                x.get("sent", String.class),
                                                x.get(
                                                        "created_at",
                                                        java.time.OffsetDateTime.class)))
                        .all()
                        .doOnNext(out::println)
                        .blockLast();
            }
            for (org.reclaim.sandbox.Merits.Cause c : merits.causes()) {
                if (!c.recoverable() || !merits.paid(c.pcn())) continue;
                // the payer paid the claim, but a line of it did not end as paid in the service
                db.sql(
                                "SELECT d.line, d.carc, d.status, d.playbook FROM denial d"
                                        + " JOIN claim_payment cp ON cp.id = d.claim_payment_id"
                                        + " WHERE cp.patient_control_number = :pcn AND "
                                        + original()
                                        + " AND d.status NOT IN ('RESOLVED_PAID', 'RESOLVED_PARTIAL')"
                                        + " AND EXISTS (SELECT 1 FROM denial p JOIN claim_payment pp"
                                        + " ON pp.id = p.claim_payment_id WHERE pp.patient_control_number"
                                        + " = :pcn AND p.status IN ('RESOLVED_PAID', 'RESOLVED_PARTIAL'))")
                        .bind("pcn", c.pcn())
                        .map(
                                x ->
                                        String.format(
                                                Locale.ROOT,
                                                "explain: paid %s, but line %s CARC %s ended %s (%s)",
                                                c.pcn(),
                                                x.get("line", Integer.class),
                                                x.get("carc", String.class),
                                                x.get("status", String.class),
                                                x.get("playbook", String.class)))
                        .all()
                        .doOnNext(out::println)
                        .blockLast();
                if (Boolean.TRUE.equals(
                        db.sql(
                                        "SELECT EXISTS (SELECT 1 FROM denial d JOIN claim_payment cp ON"
                                                + " cp.id = d.claim_payment_id WHERE cp.patient_control_number"
                                                + " = :pcn AND d.status = 'WRITTEN_OFF')")
                                .bind("pcn", c.pcn())
                                .map(x -> x.get(0, Boolean.class))
                                .one()
                                .block()))
                    db.sql(
                                    "SELECT d.line, s.step, s.outcome, s.started_at, s.detail FROM denial d"
                                            + " JOIN claim_payment cp ON cp.id = d.claim_payment_id"
                                            + " JOIN step_run s ON s.denial_id = d.id"
                                            + " WHERE cp.patient_control_number = :pcn ORDER BY s.started_at")
                            .bind("pcn", c.pcn())
                            .map(
                                    x ->
                                            String.format(
                                                    Locale.ROOT,
                                                    "explain:   line %s at %s: %s %s: %s",
                                                    x.get("line", Integer.class),
                                                    x.get(
                                                            "started_at",
                                                            java.time.OffsetDateTime.class),
                                                    x.get("step", String.class),
                                                    x.get("outcome", String.class),
                                                    abbreviate(x.get("detail", String.class))))
                            .all()
                            .doOnNext(out::println)
                            .blockLast();
            }
            for (org.reclaim.sandbox.Merits.Cause c : merits.causes()) {
                if (!c.recoverable() || merits.paid(c.pcn())) continue;
                out.printf(
                        Locale.ROOT,
                        "explain: %s CARC %s, cause \"%s\" (%s%s)%n",
                        c.pcn(),
                        c.carc(),
                        c.kind(),
                        c.fix(),
                        c.field() == null ? "" : " " + c.field() + "=" + c.value());
                db.sql(
                                "SELECT d.status, d.playbook, s.step, s.outcome, s.detail FROM denial d"
                                        + " JOIN claim_payment cp ON cp.id = d.claim_payment_id"
                                        + " LEFT JOIN step_run s ON s.denial_id = d.id"
                                        + " WHERE cp.patient_control_number = :pcn AND "
                                        + original()
                                        + " ORDER BY d.id, s.started_at")
                        .bind("pcn", c.pcn())
                        .map(
                                x ->
                                        String.format(
                                                Locale.ROOT,
                                                "explain:   [%s %s] %s %s: %s",
                                                x.get("status", String.class),
                                                x.get("playbook", String.class),
                                                x.get("step", String.class),
                                                x.get("outcome", String.class),
                                                abbreviate(x.get("detail", String.class))))
                        .all()
                        .doOnNext(out::println)
                        .blockLast();
                db.sql(
                                "SELECT d.deadline, d.created_at, e.at, e.to_status, e.actor, e.reason"
                                        + " FROM denial d JOIN claim_payment cp ON cp.id = d.claim_payment_id"
                                        + " JOIN denial_event e ON e.denial_id = d.id"
                                        + " WHERE cp.patient_control_number = :pcn AND e.to_status"
                                        + " IN ('ESCALATED', 'WRITTEN_OFF', 'CLOSED', 'UPHELD') AND "
                                        + original()
                                        + " ORDER BY d.id, e.at")
                        .bind("pcn", c.pcn())
                        .map(
                                x ->
                                        String.format(
                                                Locale.ROOT,
                                                "explain:   -> %s by %s at %s (stored %s, deadline %s): %s",
                                                x.get("to_status", String.class),
                                                x.get("actor", String.class),
                                                x.get("at", java.time.OffsetDateTime.class)
                                                        .toLocalDate(),
                                                x.get("created_at", java.time.OffsetDateTime.class)
                                                        .toLocalDate(),
                                                x.get("deadline", java.time.LocalDate.class),
                                                abbreviate(x.get("reason", String.class))))
                        .all()
                        .doOnNext(out::println)
                        .blockLast();
            }
        }

        private static String abbreviate(String s) {
            if (s == null) return "";
            String one = s.replaceAll("\\s+", " ");
            return one.length() > 220 ? one.substring(0, 220) + "…" : one;
        }

        /**
         * The agent loop's figures for the benchmark (stdout, before the summary), measured over
         * the loop (from the first pass to the end, the batch's ingest excluded): wall time, steps
         * recorded, the JVM's CPU time (the service and the in-process sandbox; not PostgreSQL),
         * the most denials the orchestrator had in flight, the most remote calls waiting at once,
         * and the heap sampled every 50 ms (used, and what the last collection left).
         */
        void stats(PrintStream out, String latency) {
            long denials = count("SELECT count(*) FROM denial d WHERE " + original());
            int pending =
                    ctx.getBeanProvider(DemoLatency.class).stream()
                            .mapToInt(DemoLatency::maxPending)
                            .max()
                            .orElse(0);
            var bounds = ctx.getBean(org.reclaim.work.AgentProperties.class);
            out.printf(
                    Locale.ROOT,
                    "stats: latency %s (model, portal and clearinghouse calls)%s; bounds: concurrency %d,"
                            + " batch %d, per payer %d; clock tick %s%n",
                    latency == null ? "none" : latency,
                    portal ? ", SIMULATED portals" : "",
                    bounds.concurrency(),
                    bounds.batch(),
                    bounds.perPayer(),
                    tick);
            out.printf(
                    Locale.ROOT,
                    "stats: whole loop: %d denials worked to the end in %.1f s = %.2f denials/s; %d steps"
                            + " = %.1f steps/s; CPU per step %.2f ms JVM (service and sandbox) + %s PostgreSQL%n",
                    denials,
                    loop.seconds(),
                    denials / loop.seconds(),
                    loop.steps(),
                    loop.steps() / loop.seconds(),
                    loop.cpuMsPerStep(),
                    postgres(loop));
            out.printf(
                    Locale.ROOT,
                    "stats: first round (every denial starts at once): %d steps in %.1f s = %.1f steps/s;"
                            + " CPU per step %.2f ms JVM + %s PostgreSQL%n",
                    firstRound.steps(),
                    firstRound.seconds(),
                    firstRound.steps() / firstRound.seconds(),
                    firstRound.cpuMsPerStep(),
                    postgres(firstRound));
            out.printf(
                    Locale.ROOT,
                    "stats: at most %d denials in flight (steps running at once), at most %d remote calls"
                            + " waiting at once; heap: peak %d MiB used, at most %d MiB left by a collection (max heap"
                            + " %d MiB); at most %d platform threads%n",
                    ctx.getBean(Orchestrator.class).maxInFlight(),
                    pending,
                    figures.peakHeap() >> 20,
                    figures.peakLive() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20,
                    figures.peakThreads());
            db.sql(
                            """
                    SELECT d.category, count(DISTINCT d.id) AS n, COALESCE(sum(s.tokens_in + s.tokens_out), 0)::bigint AS t
                    FROM denial d LEFT JOIN step_run s ON s.denial_id = d.id GROUP BY d.category ORDER BY d.category""")
                    .map(
                            x ->
                                    String.format(
                                            Locale.ROOT,
                                            "stats: %-26s %5d denials, %.1f model tokens per denial",
                                            x.get("category", String.class),
                                            x.get("n", Long.class),
                                            x.get("t", Long.class)
                                                    / (double) x.get("n", Long.class)))
                    .all()
                    .doOnNext(out::println)
                    .blockLast();
            ctx.getBeanProvider(AnswerLatency.class).ifAvailable(a -> out.println(a.line(db)));
        }

        private String postgres(LoopFigures.Span span) {
            return figures.measuresPostgres()
                    ? String.format(Locale.ROOT, "%.2f ms", span.postgresMsPerStep())
                    : "(unmeasured)";
        }

        private boolean hasInbox() throws IOException {
            Path in = dir.resolve("inbox").resolve(Practices.DEFAULT_SLUG);
            if (!Files.isDirectory(in)) return false;
            try (var f = Files.list(in)) {
                return f.anyMatch(p -> !p.getFileName().toString().startsWith("."));
            }
        }

        private int approveAll(OperatorActions operators) {
            List<OperatorActions.ReviewView> open =
                    operators.reviews(org.reclaim.tenancy.PracticeScope.ALL, "OPEN").block();
            for (OperatorActions.ReviewView r : open) {
                operators
                        .decide(
                                org.reclaim.tenancy.PracticeScope.ALL,
                                r.id(),
                                true,
                                "demo-operator",
                                "approved in the demo",
                                null)
                        .block();
            }
            return open.size();
        }

        /** Claims and remittances carrying the wanted number of denials (±10%), seeded. */
        private byte[][] generate(java.time.LocalDate today) {
            int claims = Math.max(10, (int) (wanted / 0.33));
            byte[][] best = null;
            for (int attempt = 0; attempt < 6; attempt++) {
                ByteArrayOutputStream c = new ByteArrayOutputStream();
                ByteArrayOutputStream r = new ByteArrayOutputStream();
                GeneratedSummary s =
                        Generator.write(
                                batch(today)
                                        .withClaims(claims)
                                        .withSeed(seed)
                                        .withHabits(months == 2),
                                c,
                                r);
                batchClaims = s.claims();
                best = new byte[][] {c.toByteArray(), r.toByteArray()};
                long got = s.denials();
                if (Math.abs(got - wanted) <= wanted / 10) break;
                claims =
                        Math.max(10, (int) Math.round(claims * (double) wanted / Math.max(1, got)));
            }
            return best;
        }

        private long count(String sql) {
            return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
        }

        private long open() {
            return count(
                    "SELECT count(*) FROM denial d WHERE d.status NOT IN ("
                            + terminal()
                            + ", 'ESCALATED', 'AWAITING_REVIEW') AND "
                            + original());
        }

        private static String terminal() {
            return org.reclaim.denial.DenialStatus.terminalSql();
        }

        /** the batch's own denials, not those an answer carried */
        /**
         * The batch's denials escalated at the end, by the reason of their last escalation without
         * its particulars ({@link #reasonKind}), most first.
         */
        Map<String, Long> escalatedByReason() {
            Map<String, Long> escalated = new java.util.LinkedHashMap<>();
            db.sql(
                            "SELECT e.reason, count(*) AS n FROM denial d JOIN LATERAL ("
                                    + " SELECT reason FROM denial_event x WHERE x.denial_id = d.id"
                                    + " AND x.to_status = 'ESCALATED' ORDER BY x.at DESC LIMIT 1) e ON true"
                                    + " WHERE d.status = 'ESCALATED' AND "
                                    + original()
                                    + " GROUP BY e.reason ORDER BY n DESC, e.reason")
                    .map(
                            x ->
                                    Map.entry(
                                            String.valueOf(x.get("reason", String.class)),
                                            x.get("n", Long.class)))
                    .all()
                    .doOnNext(e -> escalated.merge(reasonKind(e.getKey()), e.getValue(), Long::sum))
                    .blockLast();
            Map<String, Long> sorted = new java.util.LinkedHashMap<>();
            escalated.entrySet().stream()
                    .sorted(
                            Map.Entry.<String, Long>comparingByValue()
                                    .reversed()
                                    .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }

        /** An escalation's reason without its particulars (amounts, ids, dates). */
        static String reasonKind(String reason) {
            if (reason == null) return "(no reason)";
            // a word holding a digit is a particular: an amount, a date, a claim or provider id
            String r =
                    reason.replaceAll("\\$?[A-Za-z]*[0-9](?:[A-Za-z0-9.,:/-]*[A-Za-z0-9])?", "#")
                            .strip();
            return r.length() > 90 ? r.substring(0, 90) + "…" : r;
        }

        private static String original() {
            return "d.remittance_id IN (SELECT r.id FROM remittance r JOIN x12_file f ON f.id = r.file_id "
                    + "WHERE f.name = 'demo:remittances.835')";
        }

        private Map<String, Object> summary(SimulatedPayer payer, Duration simulated) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            String o = original();
            m.put("denials", count("SELECT count(*) FROM denial d WHERE " + o));
            m.put(
                    "workable",
                    count(
                            "SELECT count(*) FROM denial d WHERE "
                                    + o
                                    + " AND d.playbook <> 'no-action'"));
            m.put(
                    "resolvedPaid",
                    count(
                            "SELECT count(*) FROM denial d WHERE "
                                    + o
                                    + " AND d.status IN ('RESOLVED_PAID', 'RESOLVED_PARTIAL')"));
            m.put(
                    "recovered",
                    db.sql("SELECT COALESCE(sum(recovered), 0) FROM denial d WHERE " + o)
                            .map(r -> r.get(0, BigDecimal.class))
                            .one()
                            .block());
            for (String[] s :
                    new String[][] {
                        {"upheld", "UPHELD"},
                        {"writtenOff", "WRITTEN_OFF"},
                        {"routedToPatient", "ROUTED_TO_PATIENT"},
                        {"rebilled", "REBILLED"},
                        {"escalated", "ESCALATED"},
                        {"closed", "CLOSED"},
                        {"awaitingReview", "AWAITING_REVIEW"}
                    }) {
                m.put(
                        s[0],
                        count(
                                "SELECT count(*) FROM denial d WHERE "
                                        + o
                                        + " AND d.status = '"
                                        + s[1]
                                        + "'"));
            }
            m.put("open", open());
            m.put(
                    "submissions",
                    payer.receipts().stream()
                            .filter(r -> !r.kind().equals("276") && !r.kind().equals("270"))
                            .count());
            m.put("duplicateSubmissions", payer.duplicateSubmissions());
            // the deadline passed while the agent still owed work and no person had been told (a
            // denial
            // stored after its deadline had passed is not one: it is escalated at once, and counted
            // apart)
            m.put(
                    "missedDeadlines",
                    count(
                            "SELECT count(*) FROM denial d WHERE "
                                    + o
                                    + " AND "
                                    + MISSED_DEADLINE.replace(
                                            ":now", "'" + clock.instant() + "'")));
            m.put("billableEvents", count("SELECT count(*) FROM billable_event"));
            m.put(
                    "billedAmount",
                    db.sql("SELECT COALESCE(sum(fee), 0) FROM billable_event")
                            .map(r -> r.get(0, BigDecimal.class))
                            .one()
                            .block());
            m.put(
                    "modelTokens",
                    count("SELECT COALESCE(sum(tokens_in + tokens_out), 0)::bigint FROM step_run"));
            m.put("simulatedDays", simulated.toDays());
            effectiveness(m, payer.merits());
            return m;
        }

        /**
         * How right the agent's actions were, judged by the SIMULATED payer that pays only the
         * right action ({@link org.reclaim.sandbox.Merits}) and counted from the database: the
         * dollars the right actions would recover and the share recovered, the submissions that
         * could not win by reason, why denials were escalated, and how soon each denial had its
         * first action.
         */
        private void effectiveness(Map<String, Object> m, org.reclaim.sandbox.Merits merits) {
            long recoverable = merits.recoverableCents();
            m.put("recoverable", BigDecimal.valueOf(recoverable, 2));
            m.put("recoverableClaims", merits.recoverableClaims());
            m.put("recoveredByRightActions", BigDecimal.valueOf(merits.recoveredCents(), 2));
            m.put(
                    "recoveredOfRecoverable",
                    recoverable == 0
                            ? BigDecimal.ZERO
                            : BigDecimal.valueOf(merits.recoveredCents() * 100.0 / recoverable)
                                    .setScale(1, java.math.RoundingMode.HALF_UP));
            m.put("judgedSubmissions", merits.judged());
            m.put("wastedSubmissions", merits.wastedSubmissions());
            m.put("wastedByReason", merits.wastedByReason());
            m.put("wastedByCause", new java.util.TreeMap<>(merits.wastedByCause()));
            m.put("unrecoveredByCause", merits.unrecoveredByCause());
            m.put("payerErrors", merits.payerErrors());
            m.put("escalatedByReason", escalatedByReason());
            // from the remittance's arrival to the denial's first draft or submission (an inquiry
            // is one), on the service clock; a denial with no action yet is left out
            Double median =
                    db.sql(
                                    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) FROM ("
                                            + " SELECT extract(epoch FROM (least("
                                            + " (SELECT min(a.created_at) FROM artifact a WHERE a.denial_id = d.id),"
                                            + " (SELECT min(x.created_at) FROM submission x WHERE x.denial_id = d.id))"
                                            + " - f.received_at)) AS s"
                                            + " FROM denial d JOIN remittance r ON r.id = d.remittance_id"
                                            + " JOIN x12_file f ON f.id = r.file_id WHERE "
                                            + original()
                                            + ") t WHERE s IS NOT NULL")
                            .map(x -> x.get(0, Double.class))
                            .one()
                            .block();
            m.put(
                    "medianSecondsToFirstAction",
                    median == null
                            ? null
                            : BigDecimal.valueOf(median)
                                    .setScale(1, java.math.RoundingMode.HALF_UP));
        }
    }
}
