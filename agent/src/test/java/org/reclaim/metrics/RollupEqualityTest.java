package org.reclaim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.denial.DenialStatus;
import org.reclaim.rules.Category;
import org.reclaim.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report added up from the rollups equals the report computed from scratch, figure for figure
 * (the whole JSON), on a generated data set of three practices, five payers, every category, six
 * months, resubmissions, 999/277CA answers, reversals, status moves, appeals, operator time and
 * recoveries; for several periods; and again after more is stored and statuses move (the marks the
 * triggers leave make the next report recompute).
 */
class RollupEqualityTest extends ApiTest {

    static final UUID OAK = UUID.fromString("00000000-0000-7000-8000-00000000e171");
    static final UUID ELM = UUID.fromString("00000000-0000-7000-8000-00000000e172");

    static final List<Period> PERIODS =
            List.of(
                    Period.ALL,
                    Period.parse("2025-01", "2025-03"),
                    Period.parse("2025-02-15", "2025-05-10"),
                    Period.parse("2025-04", "2025-04"),
                    Period.parse("2025-06-01", null),
                    Period.parse(null, "2025-02-28"));

    @Autowired MetricsService metrics;
    @Autowired JsonMapper json;
    @Autowired Clock clock;

    @Test
    void theRollupsAnswerWhatTheFromScratchQueriesAnswer() {
        LocalDate today = LocalDate.now(clock);
        for (UUID p : List.of(OAK, ELM))
            db.sql(
                            "INSERT INTO practice (id, slug, name) VALUES (:id, :slug, :slug) ON CONFLICT (id) DO NOTHING")
                    .bind("id", p)
                    .bind("slug", "rollup-" + p.toString().substring(32))
                    .then()
                    .block();
        MetricsTest.dataSet(db, today);
        Random random = new Random(17);
        List<UUID> denials = new ArrayList<>();
        for (UUID p : List.of(Fixture.PRACTICE, OAK, ELM))
            denials.addAll(generate(new Fixture(db, p), random, today, 60));

        assertEqualForEveryPeriod("as generated");

        // status moves, recoveries, more work and more claims: the marks make the next report fresh
        for (int i = 0; i < denials.size(); i += 3) move(denials.get(i), random, today);
        generate(new Fixture(db, OAK), random, today, 15);
        assertEqualForEveryPeriod("after the moves");

        db.sql("DELETE FROM step_run WHERE denial_id = :d")
                .bind("d", denials.get(1))
                .then()
                .block();
        db.sql("UPDATE denial SET playbook = 'no-action' WHERE id = :d")
                .bind("d", denials.get(2))
                .then()
                .block();
        assertEqualForEveryPeriod("after a delete and a triage change");
    }

    private void assertEqualForEveryPeriod(String when) {
        for (Period p : PERIODS) {
            JsonNode rollup = json.valueToTree(metrics.report(p).block());
            JsonNode reference = json.valueToTree(metrics.referenceReport(p).block());
            assertThat(rollup.toString())
                    .as("%s, period %s..%s", when, p.from(), p.to())
                    .isEqualTo(reference.toString());
        }
        assertThat(metrics.headline().block())
                .isEqualTo(headlineFromScratch(metrics.referenceReport(Period.ALL).block()));
    }

    private static MetricsService.Headline headlineFromScratch(MetricsReport r) {
        var o = r.overall();
        return new MetricsService.Headline(
                o.agent().openDenials(),
                o.agent().awaitingReview(),
                o.agent().deadlinesAtRisk(),
                o.denialRate().count().value(),
                o.agent().recovered());
    }

    static final String[] CARCS = {"16", "18", "50", "197", "4", "29", "27", "96", "45"};
    static final String[] RARCS = {"N290", "M127", "N30", "MA130"};
    static final String[] PAYERS = {"P1", "P2", "P3", "P4", ""};

    /** {@code claims} claims of one practice with whatever came of them; returns their denials. */
    static List<UUID> generate(Fixture f, Random random, LocalDate today, int claims) {
        List<UUID> denials = new ArrayList<>();
        for (int c = 0; c < claims; c++) {
            String payer = PAYERS[random.nextInt(PAYERS.length)];
            String pcn = "G" + Long.toHexString(random.nextLong());
            LocalDate billed = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(180));
            String st02 = String.format("%04d", random.nextInt(40));
            BigDecimal charge =
                    BigDecimal.valueOf(20 + random.nextInt(2000))
                            .setScale(2, RoundingMode.UNNECESSARY);
            UUID cs = f.claimSubmission(f.file("837P", billed.toString()), st02, billed.toString());
            UUID claim =
                    f.submittedClaim(
                            cs, st02, billed.toString(), payer, pcn, charge.toPlainString());
            LocalDate answered = billed.plusDays(1 + random.nextInt(3));
            switch (random.nextInt(5)) {
                case 0 ->
                        f.claimAnswer(
                                f.acknowledgment(f.file("277CA", answered.toString()), "277CA"),
                                pcn,
                                random.nextBoolean() ? "A2" : "A7",
                                random.nextInt(3) > 0);
                case 1 ->
                        f.setAnswer(
                                f.acknowledgment(f.file("999", answered.toString()), "999"),
                                st02,
                                new String[] {"A", "E", "R"}[random.nextInt(3)]);
                default -> {}
            }
            if (random.nextInt(6) == 0) {
                // a resubmission later on
                LocalDate again = billed.plusDays(10 + random.nextInt(20));
                UUID cs2 =
                        f.claimSubmission(f.file("837P", again.toString()), st02, again.toString());
                f.submittedClaim(cs2, st02, again.toString(), payer, pcn, charge.toPlainString());
            }
            if (random.nextInt(5) == 0) continue; // not adjudicated yet
            LocalDate paidOn = billed.plusDays(5 + random.nextInt(60));
            UUID r = f.remittance(f.file("835", paidOn.toString()), payer, paidOn.toString());
            String status = new String[] {"1", "1", "1", "2", "4", "22", "19"}[random.nextInt(7)];
            boolean denied = status.equals("4") || random.nextInt(3) == 0;
            BigDecimal paid =
                    status.equals("4")
                            ? BigDecimal.ZERO.setScale(2)
                            : denied
                                    ? charge.divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN)
                                    : charge;
            UUID cp =
                    f.claimPayment(r, c, pcn, status, charge.toPlainString(), paid.toPlainString());
            f.link(cp, claim);
            if (!denied) continue;
            int n = 1 + random.nextInt(2);
            for (int k = 0; k < n; k++) {
                Category cat =
                        random.nextInt(8) == 0
                                ? null
                                : Category.values()[random.nextInt(Category.values().length)];
                DenialStatus st =
                        DenialStatus.values()[random.nextInt(DenialStatus.values().length)];
                LocalDate deadline =
                        random.nextInt(4) == 0 ? null : today.plusDays(random.nextInt(40) - 15);
                UUID d =
                        f.denial(
                                r,
                                cp,
                                payer,
                                paidOn.toString(),
                                pcn,
                                random.nextBoolean() ? "CO" : "PR",
                                CARCS[random.nextInt(CARCS.length)],
                                charge.subtract(paid).max(BigDecimal.ONE).toPlainString(),
                                (cat == null ? Category.OTHER : cat).name(),
                                random.nextInt(7) == 0 ? "no-action" : "appeal",
                                deadline,
                                st.name());
                denials.add(d);
                if (cat == null)
                    f.db().sql("UPDATE denial SET category = NULL WHERE id = :id")
                            .bind("id", d)
                            .then()
                            .block();
                if (random.nextBoolean())
                    f.db().sql("UPDATE denial SET rarcs = :r WHERE id = :id")
                            .bind(
                                    "r",
                                    random.nextBoolean()
                                            ? new String[] {RARCS[random.nextInt(RARCS.length)]}
                                            : new String[] {RARCS[0], RARCS[1 + random.nextInt(3)]})
                            .bind("id", d)
                            .then()
                            .block();
                if (random.nextBoolean()) f.steps(d, 1 + random.nextInt(4), 800, 300);
                if (random.nextInt(3) == 0)
                    f.operatorTime(
                            d, "APPROVE", random.nextBoolean() ? 30 + random.nextInt(300) : null);
                if (random.nextInt(3) == 0) {
                    LocalDate sent = paidOn.plusDays(3 + random.nextInt(10));
                    f.submission(
                            d,
                            "appeal",
                            random.nextInt(4) > 0 ? "SENT" : "PENDING",
                            sent.toString());
                    if (random.nextBoolean())
                        f.event(
                                d,
                                "AWAITING_PAYER",
                                "UPHELD",
                                "payer:" + payer,
                                sent.plusDays(20).toString());
                }
                if (st == DenialStatus.RESOLVED_PAID || st == DenialStatus.RESOLVED_PARTIAL) {
                    LocalDate on = paidOn.plusDays(20 + random.nextInt(40));
                    f.resolved(d, "25.00", on.toString());
                    f.billed(d, "25.00", "4.00", on.toString());
                    if (random.nextBoolean()) answeredBy(f, d, r, c, pcn, payer, on);
                } else if (st.terminal() && random.nextBoolean()) {
                    f.resolved(d, "0", paidOn.plusDays(30 + random.nextInt(30)).toString());
                }
            }
        }
        return denials;
    }

    /** The later 835 that paid the denial, linked as its answer. */
    private static void answeredBy(
            Fixture f,
            UUID d,
            UUID firstRemittance,
            int c,
            String pcn,
            String payer,
            LocalDate on) {
        UUID r2 = f.remittance(f.file("835", on.toString()), payer, on.minusDays(3).toString());
        UUID cp2 = f.claimPayment(r2, c, pcn, "1", "100.00", "25.00");
        f.db().sql("UPDATE denial SET answered_by = :cp WHERE id = :id")
                .bind("cp", cp2)
                .bind("id", d)
                .then()
                .block();
    }

    /** A status move as the agent or an operator makes one, with what goes with it. */
    private void move(UUID d, Random random, LocalDate today) {
        DenialStatus to = DenialStatus.values()[random.nextInt(DenialStatus.values().length)];
        db.sql(
                        "UPDATE denial SET status = :s, deadline = :dl,"
                                + " resolved_at = CASE WHEN :terminal THEN now() END WHERE id = :id")
                .bind("s", to.name())
                .bind("dl", today.plusDays(random.nextInt(20) - 5))
                .bind("terminal", to.terminal())
                .bind("id", d)
                .then()
                .block();
        if ((to == DenialStatus.RESOLVED_PAID || to == DenialStatus.RESOLVED_PARTIAL)
                && db.sql("SELECT count(*) AS n FROM billable_event WHERE denial_id = :id")
                                .bind("id", d)
                                .map(r -> r.get("n", Long.class))
                                .one()
                                .block()
                        == 0) {
            UUID practice =
                    db.sql("SELECT practice_id FROM denial WHERE id = :id")
                            .bind("id", d)
                            .map(r -> r.get("practice_id", UUID.class))
                            .one()
                            .block();
            new Fixture(db, practice).billed(d, "40.00", "4.00", today.toString());
        }
        if (random.nextBoolean()) {
            UUID practice =
                    db.sql("SELECT practice_id FROM denial WHERE id = :id")
                            .bind("id", d)
                            .map(r -> r.get("practice_id", UUID.class))
                            .one()
                            .block();
            new Fixture(db, practice).steps(d, 2, 100, 50);
        }
    }
}
