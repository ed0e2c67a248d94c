package org.reclaim.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.reclaim.core.AgentClock;
import org.reclaim.inbox.InboxWatcher;
import org.reclaim.metrics.MetricsReport;
import org.reclaim.metrics.MetricsService;
import org.reclaim.metrics.Period;
import org.reclaim.practice.Practices;
import org.reclaim.prevention.gate.Gate;
import org.reclaim.prevention.gate.HeldClaim;
import org.reclaim.prevention.gate.PreventionFigures;
import org.reclaim.sandbox.SimulatedPayer;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SIMULATED — the demo's second month with the gate on ({@code demo --months 2}, docs/cli.md): a
 * new batch of claims (the same SIMULATED payers and habits, later dates, another seed stream) is
 * submitted through the gate's service code ({@link Gate#submit}) with the rules learned from the
 * first month's stored remittances. CLEAN claims go to the SIMULATED clearinghouse at once; the
 * held ones get what an operator would do with {@code --auto-approve}: the fix a finding names (the
 * modifier a learned rule's fix names; the authorization number the SIMULATED front desk has on
 * file), then a release, or a drop when nothing answers a finding that predicts a denial. The
 * SIMULATED payer adjudicates what it actually received (its habits applied to the claim as sent),
 * and the figures of both months are computed from the database the same way ({@link
 * MetricsService}: the claims first submitted in each month).
 *
 * <p>The agent does not work the second month's denials here: the summary is about the first pass.
 */
final class SecondMonth {

    static final String OPERATOR = "demo-operator";

    /** The payers whose habits the generator plants (docs/prevention.md, "Payer habits"). */
    static final List<String> HABIT_PAYERS = List.of("TSTCOMA1", "TSTMCD01", "TSTCOMB2");

    /** The share of held authorization claims whose authorization the front desk finds. */
    static final double AUTHORIZATION_FOUND = 0.5;

    private final ConfigurableApplicationContext ctx;
    private final Path dir;
    private final SimulatedPayer payer;
    private final long seed;
    private final PrintStream out;
    private final AgentClock clock;
    private final Map<String, Long> actions = new LinkedHashMap<>();

    SecondMonth(
            ConfigurableApplicationContext ctx,
            Path dir,
            SimulatedPayer payer,
            long seed,
            PrintStream out) {
        this.ctx = ctx;
        this.dir = dir;
        this.payer = payer;
        this.seed = seed;
        this.out = out;
        this.clock = ctx.getBean(AgentClock.class);
    }

    /** The second month's seed stream: not the first month's. */
    static long seedOf(long seed) {
        return seed * 1_000_003L + 2;
    }

    /**
     * The second month's batch: {@code claims} claims submitted on the day before {@code today} and
     * on it, each dated from its submission as the generator dates them (so a late claim is as late
     * as in the first month), with the first month's denial mix and the habits.
     */
    static GeneratorOptions batch(LocalDate today, int claims, long seed) {
        return GeneratorOptions.defaults()
                .withSubmissionDays(1)
                .withBaseDate(today.minusDays(31))
                .withDenialRate(0.3)
                .withReversalRate(0.0)
                .withHabits(true)
                .withClaims(claims)
                .withSeed(seedOf(seed));
    }

    /** Runs the second month and answers its figures (the summary's {@code month2} block). */
    Map<String, Object> run(int claims) throws IOException {
        LocalDate today = ctx.getBean(TriageService.class).today();
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(batch(today, claims, seed), c, r);
        payer.expect(c.toByteArray(), r.toByteArray());
        Path file = dir.resolve("demo-month2-claims.837");
        Files.write(file, c.toByteArray());
        Gate gate = ctx.getBean(Gate.class);
        List<Map<String, Object>> answers =
                gate.submit(Practices.DEFAULT_ID, Practices.DEFAULT_SLUG, file, "api").block();
        long held = 0;
        for (Map<String, Object> a : answers) {
            if (!"held".equals(a.get("outcome"))) continue;
            held++;
            operate(gate, (UUID) a.get("id"));
        }
        out.printf(
                Locale.ROOT,
                "demo: month 2: %d claims through the gate, %d held (%s)%n",
                answers.size(),
                held,
                actions);
        answerLoop();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "gate",
                PracticeScope.ALL
                        .run(
                                ctx.getBean(PreventionFigures.class)
                                        .of(PracticeScope.ALL, today, null))
                        .block());
        m.put("operatorActions", actions);
        return m;
    }

    /**
     * What the demo's operator does with a held claim: applies each fix a finding names with a
     * value (a learned modifier rule's modifiers), puts on the claim the authorization number the
     * SIMULATED front desk finds for an authorization finding, then releases the claim when no
     * error and no learned finding is left, else drops it with the findings left as the reason.
     */
    private void operate(Gate gate, UUID id) {
        HeldClaim h = gate.view(PracticeScope.ALL, id).block();
        List<String> apply = new ArrayList<>();
        Map<String, String> edits = new LinkedHashMap<>();
        for (Map<String, Object> f : h.findings()) {
            String rule = String.valueOf(f.get("rule"));
            Object fix = f.get("fix");
            if (!(fix instanceof Map<?, ?> known) || known.isEmpty()) continue;
            if (known.containsKey("priorAuthorization")) {
                String number = frontDesk(h, f.get("line") instanceof Number n ? n.intValue() : 1);
                if (number != null) edits.put("priorAuthorization", number);
            } else if (!apply.contains(rule)) {
                apply.add(rule);
            }
        }
        if (!apply.isEmpty() || !edits.isEmpty()) {
            h = gate.fix(PracticeScope.ALL, id, OPERATOR, edits, apply).block();
            actions.merge("fixed", 1L, Long::sum);
        }
        List<String> left = new ArrayList<>();
        for (Map<String, Object> f : h.findings()) {
            String rule = String.valueOf(f.get("rule"));
            if ("error".equals(f.get("severity")) || rule.startsWith("learned.")) left.add(rule);
        }
        if (left.isEmpty()) {
            gate.release(PracticeScope.ALL, id, OPERATOR, "fixed, or warnings only").block();
            actions.merge("released", 1L, Long::sum);
        } else {
            gate.drop(PracticeScope.ALL, id, OPERATOR, "not answered: " + String.join(", ", left))
                    .block();
            actions.merge("dropped", 1L, Long::sum);
        }
    }

    /**
     * SIMULATED front desk: for a seeded share of the claims held for an authorization, the
     * practice had obtained it but not put it on the claim; the desk files it in {@code
     * records/<slug>/authorizations.csv} and gives the operator its number. Null when there is
     * none.
     */
    private String frontDesk(HeldClaim h, int line) {
        String pcn = h.patientControlNumber();
        SplittableRandom r = new SplittableRandom(seedOf(seed) * 31 + pcn.hashCode());
        if (r.nextDouble() >= AUTHORIZATION_FOUND) return null;
        String number = String.format(Locale.ROOT, "SIMPA%08d", r.nextInt(100_000_000));
        String procedure = h.fields().get("line[" + line + "].procedure");
        String day = h.fields().get("line[" + line + "].serviceDate");
        LocalDate from = day == null || day.isBlank() ? null : LocalDate.parse(day);
        if (procedure == null) return null;
        if (from == null) return null;
        try {
            Path csv =
                    dir.resolve("records")
                            .resolve(Practices.DEFAULT_SLUG)
                            .resolve("authorizations.csv");
            Files.createDirectories(csv.getParent());
            if (!Files.exists(csv))
                Files.writeString(
                        csv,
                        "patientControlNumber,memberId,payerId,procedure,from,to,authorizationNumber\n");
            String row =
                    String.join(
                                    ",",
                                    pcn,
                                    "",
                                    h.payerId() == null ? "" : h.payerId(),
                                    procedure,
                                    from.minusDays(10).toString(),
                                    from.plusDays(60).toString(),
                                    number)
                            + "\n";
            Files.writeString(csv, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        actions.merge("authorizationFound", 1L, Long::sum);
        return number;
    }

    /**
     * The clearinghouse and payer answer what was sent (999/277CA, then the 835 of each claim,
     * 14–35 days later); the answers are stored as they arrive. The agent is not run.
     */
    private void answerLoop() {
        InboxWatcher inbox = ctx.getBean(InboxWatcher.class);
        while (true) {
            Instant now = clock.instant();
            int received = payer.receive(now);
            int delivered = payer.deliver(now);
            int stored = delivered > 0 ? inbox.pollOnce().block() : 0;
            if (received + delivered + stored > 0) continue;
            Instant next = payer.nextAnswer();
            if (next.equals(Instant.MAX)) break;
            clock.advanceTo(next.plus(Duration.ofMillis(1)));
        }
    }

    /**
     * A month's figures from the database ({@link MetricsService#referenceReport}: the claims first
     * submitted in {@code period}): claims, denial rate, clean claim rate, first-pass yield,
     * overall and on the habit payers together.
     */
    static Map<String, Object> figures(ConfigurableApplicationContext ctx, Period period) {
        MetricsReport report =
                PracticeScope.ALL
                        .run(ctx.getBean(MetricsService.class).referenceReport(period))
                        .block();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", period.from() == null ? null : period.from().toString());
        m.put("to", period.to() == null ? null : period.to().toString());
        m.put("overall", rates(List.of(report.overall())));
        List<MetricsReport.MetricSet> habits = new ArrayList<>();
        for (MetricsReport.Row row : report.byPayer())
            if (HABIT_PAYERS.contains(row.key())) habits.add(row.metrics());
        m.put("habitPayers", rates(habits));
        return m;
    }

    /** The rates of several slices added up (numerators over denominators). */
    private static Map<String, Object> rates(List<MetricsReport.MetricSet> sets) {
        BigDecimal[] denied = new BigDecimal[2];
        BigDecimal[] clean = new BigDecimal[2];
        BigDecimal[] firstPass = new BigDecimal[2];
        long claims = 0;
        for (MetricsReport.MetricSet s : sets) {
            add(denied, s.denialRate() == null ? null : s.denialRate().count());
            add(clean, s.cleanClaimRate());
            add(firstPass, s.firstPassYield());
            if (s.claims() != null) claims += s.claims().submitted();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", claims);
        m.put("denialRate", rate(denied));
        m.put("deniedClaims", denied[0]);
        m.put("adjudicatedClaims", denied[1]);
        m.put("cleanClaimRate", rate(clean));
        m.put("firstPassYield", rate(firstPass));
        m.put("paidFirstPass", firstPass[0]);
        m.put("decidedClaims", firstPass[1]);
        return m;
    }

    private static void add(BigDecimal[] sum, MetricsReport.Rate r) {
        if (r == null || r.denominator() == null) return;
        sum[0] = (sum[0] == null ? BigDecimal.ZERO : sum[0]).add(r.numerator());
        sum[1] = (sum[1] == null ? BigDecimal.ZERO : sum[1]).add(r.denominator());
    }

    /** A percentage with one decimal, or null without a denominator. */
    private static BigDecimal rate(BigDecimal[] r) {
        if (r[1] == null || r[1].signum() == 0) return null;
        return r[0].multiply(BigDecimal.valueOf(100)).divide(r[1], 1, RoundingMode.HALF_UP);
    }
}
