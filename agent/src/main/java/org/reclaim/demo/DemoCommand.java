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
import java.util.SplittableRandom;
import org.reclaim.ReclaimApplication;
import org.reclaim.agent.AgentClock;
import org.reclaim.agent.OperatorActions;
import org.reclaim.agent.Orchestrator;
import org.reclaim.inbox.InboxWatcher;
import org.reclaim.ingest.IngestService;
import org.reclaim.practice.Practices;
import org.reclaim.sandbox.SimulatedPayer;
import org.reclaim.triage.service.TriageService;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.synth.GeneratedSummary;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@code demo --denials N --seed S [--auto-approve] [--json]} (CONTRACTS §5): the real service code
 * against the SIMULATED clearinghouse, payer and records, with a throw-away embedded database and an
 * accelerated clock that jumps to the next timer or answer whenever nothing is due.
 */
public final class DemoCommand {

    static final String USAGE = "usage: reclaim demo --denials N --seed S [--auto-approve] [--json]";
    private static final Duration HORIZON = Duration.ofDays(3 * 365);

    private DemoCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        int denials = 100;
        long seed = 1;
        boolean autoApprove = false;
        boolean json = false;
        boolean stats = false;
        String latency = null;
        for (int i = 0; i < args.length; i++) {
            try {
                switch (args[i]) {
                    case "--denials" -> denials = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--auto-approve" -> autoApprove = true;
                    case "--json" -> json = true;
                    case "--stats" -> stats = true;
                    case "--latency" -> latency = duration(args[++i]).toString();
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
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("reclaim-demo-");
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ReclaimApplication.class)
                .web(WebApplicationType.NONE).profiles("demo")
                // as arguments, not default properties: they must win over application.yml
                .run("--reclaim.db.ephemeral=true", "--reclaim.data-dir=" + dir, "--reclaim.inbox.enabled=false",
                        "--reclaim.inbox.settle=0s", "--reclaim.agent.enabled=false", "--reclaim.agent.batch=256",
                        "--reclaim.triage.playbooks-dir=" + dir.resolve("no-overlay"),
                        "--reclaim.triage.config-dir=" + dir.resolve("no-overlay"),
                        "--logging.level.root=warn", "--logging.level.org.reclaim=warn",
                        "--logging.level.org.apache.pdfbox=error", "--reclaim.demo.live=false",
                        latency == null ? "--reclaim.demo.no-latency=true" : "--reclaim.demo.latency=" + latency)) {
            Demo demo = new Demo(ctx, dir, denials, seed, autoApprove, out);
            long run0 = System.nanoTime();
            Map<String, Object> summary = demo.run();
            summary.put("elapsedMs", (System.nanoTime() - t0) / 1_000_000);
            if (stats) demo.stats(out, (System.nanoTime() - run0) / 1e9, latency);
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
     * The SIMULATED records flavour: the practice's documents and authorizations on file, seeded —
     * notes for most claims, an authorization for about half of those denied for lack of one.
     */
static void writeRecords(Path dir, long seed, byte[] claims837, byte[] remits835)
        throws IOException {
        Path records = dir.resolve("records").resolve(Practices.DEFAULT_SLUG);
        Files.createDirectories(records);
        List<ClaimDocument> docs = new ArrayList<>();
        List<String> authDenied = new ArrayList<>();
        X12Files.read(new java.io.ByteArrayInputStream(claims837), new X12Handler() {
            @Override
            public void claimDocument(ClaimDocument d) {
                docs.add(d);
            }
        });
        X12Files.read(new java.io.ByteArrayInputStream(remits835), new X12Handler() {
            @Override
            public void remittanceClaim(Payment p, ClaimPayment c) {
                List<Adjustment> all = new ArrayList<>(c.adjustments());
                c.lines().forEach(l -> all.addAll(l.adjustments()));
                if (all.stream().anyMatch(a -> a.carc().equals("197") || a.carc().equals("15"))) {
                    authDenied.add(c.patientControlNumber());
                }
            }
        });
        SplittableRandom rnd = new SplittableRandom(seed * 7919 + 1);
        StringBuilder auths = new StringBuilder("patientControlNumber,memberId,payerId,procedure,from,to,authorizationNumber\n");
        for (ClaimDocument d : docs) {
            String pcn = d.claim().patientControlNumber();
            if (rnd.nextDouble() < 0.7) {
                Path folder = records.resolve(pcn);
                Files.createDirectories(folder);
                Files.writeString(folder.resolve("clinical-note.txt"), "SIMULATED clinical note for claim " + pcn
                        + ": synthetic text, no patient data.\n");
            }
            if (authDenied.contains(pcn) && rnd.nextDouble() < 0.5) {
                for (ClaimDocument.Line l : d.lines()) {
                    auths.append(pcn).append(',').append(d.subscriber().name().id()).append(',')
                            .append(d.payer().name().id()).append(',').append(l.procedure()).append(',')
                            .append(l.serviceFrom().minusDays(10)).append(',').append(l.serviceFrom().plusDays(30))
                            .append(",AUTH").append(Math.abs(pcn.hashCode() % 1_000_000)).append('\n');
                }
            }
        }
        Files.writeString(records.resolve("authorizations.csv"), auths);
    }

    /** {@code 500ms}, {@code 2s} or ISO-8601 ({@code PT0.5S}). */
    static Duration duration(String v) {
        String t = v.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        if (t.endsWith("s") && !t.startsWith("p")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        return Duration.parse(v.strip().toUpperCase(Locale.ROOT));
    }

    static String toJson(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (b.length() > 1) b.append(',');
            b.append('"').append(k).append("\":");
            b.append(v instanceof BigDecimal d ? d.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() : String.valueOf(v));
        });
        return b.append('}').toString();
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
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
        private final PrintStream out;
        private final DatabaseClient db;
        private final AgentClock clock;

        Demo(ConfigurableApplicationContext ctx, Path dir, int wanted, long seed, boolean autoApprove, PrintStream out) {
            this.ctx = ctx;
            this.dir = dir;
            this.wanted = wanted;
            this.seed = seed;
            this.autoApprove = autoApprove;
            this.out = out;
            this.db = ctx.getBean(DatabaseClient.class);
            this.clock = ctx.getBean(AgentClock.class);
        }

        Map<String, Object> run() throws IOException {
            TriageService triage = ctx.getBean(TriageService.class);
            byte[][] files = generate(triage.today().minusDays(40));
            writeRecords(dir, seed, files[0], files[1]);
            IngestService ingest = ctx.getBean(IngestService.class);
            Path c = dir.resolve("demo-claims.837");
            Path r = dir.resolve("demo-remittances.835");
            Files.write(c, files[0]);
            Files.write(r, files[1]);
            ingest.ingest(c, "demo:claims.837", "upload", Practices.DEFAULT_ID).block();
            ingest.ingest(r, "demo:remittances.835", "upload", Practices.DEFAULT_ID).block();
            out.printf(Locale.ROOT, "demo: %d denials identified and triaged (SIMULATED clearinghouse, payer and records)%n",
                    count("SELECT count(*) FROM denial"));

            SimulatedPayer payer = new SimulatedPayer(dir, Practices.DEFAULT_SLUG, seed, files[0], files[1]);
            Orchestrator orchestrator = ctx.getBean(Orchestrator.class);
            InboxWatcher inbox = ctx.getBean(InboxWatcher.class);
            OperatorActions operators = ctx.getBean(OperatorActions.class);
            Instant start = clock.instant();
            int rounds = 0;
            while (true) {
                rounds++;
                int steps = orchestrator.runUntilIdle().block();
                Instant now = clock.instant();
                int received = payer.receive(now);
                int delivered = payer.deliver(now);
                int stored = delivered > 0 || hasInbox() ? inbox.pollOnce().block() : 0;
                int approved = autoApprove ? approveAll(operators) : 0;
                if (rounds % 20 == 0) {
                    out.printf(Locale.ROOT, "demo: day %d, %d open, %d resolved, %d awaiting review%n",
                            Duration.between(start, now).toDays(), open(), count("SELECT count(*) FROM denial WHERE status "
                                    + "IN ('RESOLVED_PAID', 'RESOLVED_PARTIAL')"), count("SELECT count(*) FROM denial "
                                    + "WHERE status = 'AWAITING_REVIEW'"));
                }
                if (steps + received + delivered + stored + approved > 0) continue;
                Instant next = orchestrator.nextDue().block();
                Instant answer = payer.nextAnswer();
                if (answer.isBefore(next)) next = answer;
                if (next.equals(Instant.MAX) || Duration.between(start, next).compareTo(HORIZON) > 0) break;
                clock.advanceTo(next.plusMillis(1));
            }
            db.sql("SELECT e.reason, count(*) AS n FROM denial_event e WHERE e.to_status = 'ESCALATED' "
                            + "GROUP BY e.reason ORDER BY n DESC LIMIT 8")
                    .map(x -> x.get("n", Long.class) + " escalated: " + x.get("reason", String.class)).all()
                    .doOnNext(line -> out.println("demo: " + line)).blockLast();
            return summary(payer, Duration.between(start, clock.instant()));
        }

        /** The orchestrator's figures for the benchmark (stdout, before the summary). */
        void stats(PrintStream out, double seconds, String latency) {
            long steps = count("SELECT count(*) FROM step_run");
            long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1000;
            long heap = 0;
            for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) heap += pool.getPeakUsage().getUsed();
            }
            out.printf(Locale.ROOT, "stats: latency %s; %d steps for %d denials in %.1f s wall = %.0f steps/s, %.1f denials/s;"
                            + " %.2f JVM CPU ms per step (the whole service: ingest, triage, steps, and the sandbox; not PostgreSQL); at most %d steps in flight; peak heap %d MiB%n",
                    latency == null ? "none" : latency, steps, count("SELECT count(*) FROM denial"), seconds, steps / seconds,
                    count("SELECT count(*) FROM denial") / seconds, steps == 0 ? 0.0 : cpu / 1000.0 / steps,
                    ctx.getBean(Orchestrator.class).maxInFlight(), heap >> 20);
            db.sql("""
                    SELECT d.category, count(DISTINCT d.id) AS n, COALESCE(sum(s.tokens_in + s.tokens_out), 0)::bigint AS t
                    FROM denial d LEFT JOIN step_run s ON s.denial_id = d.id GROUP BY d.category ORDER BY d.category""")
                    .map(x -> String.format(Locale.ROOT, "stats: %-26s %5d denials, %.1f model tokens per denial",
                            x.get("category", String.class), x.get("n", Long.class),
                            x.get("t", Long.class) / (double) x.get("n", Long.class)))
                    .all().doOnNext(out::println).blockLast();
        }

        private boolean hasInbox() throws IOException {
            Path in = dir.resolve("inbox").resolve(Practices.DEFAULT_SLUG);
            if (!Files.isDirectory(in)) return false;
            try (var f = Files.list(in)) {
                return f.anyMatch(p -> !p.getFileName().toString().startsWith("."));
            }
        }

        private int approveAll(OperatorActions operators) {
            List<OperatorActions.ReviewView> open = operators.reviews(org.reclaim.tenancy.PracticeScope.ALL, "OPEN").block();
            for (OperatorActions.ReviewView r : open) {
                operators.decide(org.reclaim.tenancy.PracticeScope.ALL, r.id(), true, "demo-operator", "approved in the demo", null).block();
            }
            return open.size();
        }

        /** Claims and remittances carrying the wanted number of denials (±10%), seeded. */
        private byte[][] generate(java.time.LocalDate base) {
            int claims = Math.max(10, (int) (wanted / 0.33));
            byte[][] best = null;
            for (int attempt = 0; attempt < 6; attempt++) {
                ByteArrayOutputStream c = new ByteArrayOutputStream();
                ByteArrayOutputStream r = new ByteArrayOutputStream();
                GeneratedSummary s = Generator.write(GeneratorOptions.defaults().withClaims(claims).withSeed(seed)
                        .withDenialRate(0.3).withReversalRate(0.0).withBaseDate(base), c, r);
                best = new byte[][] {c.toByteArray(), r.toByteArray()};
                long got = s.denials();
                if (Math.abs(got - wanted) <= wanted / 10) break;
                claims = Math.max(10, (int) Math.round(claims * (double) wanted / Math.max(1, got)));
            }
            return best;
        }

        private long count(String sql) {
            return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
        }

        private long open() {
            return count("SELECT count(*) FROM denial d WHERE d.status NOT IN (" + terminal()
                    + ", 'ESCALATED', 'AWAITING_REVIEW') AND " + original());
        }

        private static String terminal() {
            return org.reclaim.denial.DenialStatus.terminalSql();
        }

        /** the batch's own denials, not those an answer carried */
        private static String original() {
            return "d.remittance_id IN (SELECT r.id FROM remittance r JOIN x12_file f ON f.id = r.file_id "
                    + "WHERE f.name = 'demo:remittances.835')";
        }

        private Map<String, Object> summary(SimulatedPayer payer, Duration simulated) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            String o = original();
            m.put("denials", count("SELECT count(*) FROM denial d WHERE " + o));
            m.put("workable", count("SELECT count(*) FROM denial d WHERE " + o + " AND d.playbook <> 'no-action'"));
            m.put("resolvedPaid", count("SELECT count(*) FROM denial d WHERE " + o
                    + " AND d.status IN ('RESOLVED_PAID', 'RESOLVED_PARTIAL')"));
            m.put("recovered", db.sql("SELECT COALESCE(sum(recovered), 0) FROM denial d WHERE " + o)
                    .map(r -> r.get(0, BigDecimal.class)).one().block());
            for (String[] s : new String[][] {{"upheld", "UPHELD"}, {"writtenOff", "WRITTEN_OFF"},
                    {"routedToPatient", "ROUTED_TO_PATIENT"}, {"rebilled", "REBILLED"}, {"escalated", "ESCALATED"},
                    {"closed", "CLOSED"}, {"awaitingReview", "AWAITING_REVIEW"}}) {
                m.put(s[0], count("SELECT count(*) FROM denial d WHERE " + o + " AND d.status = '" + s[1] + "'"));
            }
            m.put("open", open());
            m.put("submissions", (long) payer.receipts().stream().filter(r -> !r.kind().equals("276")
                    && !r.kind().equals("270")).count());
            m.put("duplicateSubmissions", payer.duplicateSubmissions());
            // the deadline passed while the agent still owed work and no person had been told
            m.put("missedDeadlines", count("""
                    SELECT count(*) FROM denial d WHERE """ + " " + o + """
                     AND d.deadline IS NOT NULL AND (d.deadline + 1)::timestamptz <= :now
                     AND COALESCE((SELECT e.to_status FROM denial_event e WHERE e.denial_id = d.id
                                   AND e.at < (d.deadline + 1)::timestamptz ORDER BY e.at DESC, e.id DESC LIMIT 1), 'NEW')
                         IN ('NEW', 'TRIAGED', 'IN_PROGRESS', 'NEXT_LEVEL', 'UPHELD')""".replace(":now",
                    "'" + clock.instant() + "'")));
            m.put("billableEvents", count("SELECT count(*) FROM billable_event"));
            m.put("billedAmount", db.sql("SELECT COALESCE(sum(fee), 0) FROM billable_event")
                    .map(r -> r.get(0, BigDecimal.class)).one().block());
            m.put("modelTokens", count("SELECT COALESCE(sum(tokens_in + tokens_out), 0)::bigint FROM step_run"));
            m.put("simulatedDays", simulated.toDays());
            return m;
        }
    }
}
