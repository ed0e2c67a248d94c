package org.reclaim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.metrics.MetricsReport.MetricSet;
import org.reclaim.metrics.MetricsReport.Rate;
import org.reclaim.metrics.MetricsReport.Row;
import org.reclaim.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The metrics of a small data set laid out by hand equal the values worked out by hand (in the
 * comments). Two payers, P1 and P2; claims submitted in January and February 2025, answered by
 * 999/277CA and 835s.
 */
class MetricsTest extends ApiTest {

    @Autowired MetricsService metrics;
    @Autowired MetricsProperties props;
    @Autowired Clock clock;

    /**
     * January to February 2025: as of 2025-02-28 (before today, whatever the shared clock says).
     */
    static final Period JAN_FEB = Period.parse("2025-01", "2025-02");

    /**
     *
     *
     * <pre>
     * 837s (claim = first submission of a payer + patient control number)
     *   Jan 5  ST02 0001: C1 P1 PCN1 $100, C2 P1 PCN2 $200, C3 P2 PCN3 $300
     *   Jan 6  ST02 0002: C4 P2 PCN4 $400
     *   Feb 10 ST02 0001: C5 P1 PCN5 $50, C2r P1 PCN2 $200 (C2 again: a resubmission, not a claim)
     *   Feb 12 ST02 0004: C6 P2 PCN6 $150 (no answer of any kind yet)
     * 999/277CA
     *   Jan 7  277CA: PCN1 A2 accepted, PCN2 A7 rejected, PCN3 A2 accepted
     *   Jan 7  999: set 0002 E (accepted, errors noted) → C4 edited
     *   Feb 11 999: set 0001 A → the latest 0001 before it is Feb 10's, so C5 (not C1/C2/C3)
     * 835s
     *   Jan 20 P1: CP1 PCN1 status 1 $100 paid $100
     *   Jan 21 P2: CP3 PCN3 status 1 $300 paid $200, D1 CO-197 $100 AUTHORIZATION
     *              CP4 PCN4 status 4 $400 paid $0,  D2 CO-16 $400 CLAIM_DATA
     *              CP7 PCN7 status 1 $80 paid $0,   D3 CO-18 $80 DUPLICATE (exact duplicate: left out)
     *   Feb 20 P1: CP2 PCN2 status 1 $200 paid $150 (answers C2r), D4 CO-50 $50 MEDICAL_NECESSITY
     *              CP5 PCN5 status 1 $50 paid $40, D6 PR-3 $10 triaged PATIENT_RESPONSIBILITY (not a denial)
     *              CP8 PCN8 status 22 (a reversal: not an adjudication)
     *   Feb 25 P2: CP3b PCN3 status 1 $300 paid $300, the answer to D1's appeal, dated Jan 10 by the payer: it
     *              arrived after CP3, so it is not the first adjudication nor the first payment
     *   Mar 5  P1: CP10 PCN10 status 1 $90 paid $0, D7 CO-4 $90 CODING (outside January–February)
     * The agent and the operators
     *   D1: 4 steps (one spent 1000 + 500 tokens), appeal SENT Jan 25, RESOLVED_PAID Feb 25 $100, billed $4.00,
     *       operator approved in 120 s
     *   D2: 2 steps, AWAITING_REVIEW, an appeal still PENDING (not sent), deadline today + 2
     *   D3: TRIAGED, deadline yesterday, an operator attached a document in 30 s
     *   D4: 3 steps, appeal SENT Feb 22, a 276 SENT, UPHELD by the payer Feb 28; operator approved in 60 s and
     *       rejected without saying how long; deadline today + 30
     *   D6: no-action; D7: TRIAGED, no deadline
     * </pre>
     */
    static void dataSet(org.springframework.r2dbc.core.DatabaseClient db, LocalDate today) {
        Fixture f = new Fixture(db);

        UUID cs1 = f.claimSubmission(f.file("837P", "2025-01-05"), "0001", "2025-01-05");
        UUID c1 = f.submittedClaim(cs1, "0001", "2025-01-05", "P1", "PCN1", "100.00");
        f.submittedClaim(cs1, "0001", "2025-01-05", "P1", "PCN2", "200.00");
        UUID c3 = f.submittedClaim(cs1, "0001", "2025-01-05", "P2", "PCN3", "300.00");
        UUID cs2 = f.claimSubmission(f.file("837P", "2025-01-06"), "0002", "2025-01-06");
        UUID c4 = f.submittedClaim(cs2, "0002", "2025-01-06", "P2", "PCN4", "400.00");
        UUID cs3 = f.claimSubmission(f.file("837P", "2025-02-10"), "0001", "2025-02-10");
        UUID c5 = f.submittedClaim(cs3, "0001", "2025-02-10", "P1", "PCN5", "50.00");
        UUID c2r = f.submittedClaim(cs3, "0001", "2025-02-10", "P1", "PCN2", "200.00");
        UUID cs4 = f.claimSubmission(f.file("837P", "2025-02-12"), "0004", "2025-02-12");
        f.submittedClaim(cs4, "0004", "2025-02-12", "P2", "PCN6", "150.00");

        UUID ca = f.acknowledgment(f.file("277CA", "2025-01-07"), "277CA");
        f.claimAnswer(ca, "PCN1", "A2", true);
        f.claimAnswer(ca, "PCN2", "A7", false);
        f.claimAnswer(ca, "PCN3", "A2", true);
        f.setAnswer(f.acknowledgment(f.file("999", "2025-01-07"), "999"), "0002", "E");
        f.setAnswer(f.acknowledgment(f.file("999", "2025-02-11"), "999"), "0001", "A");

        UUID r1 = f.remittance(f.file("835", "2025-01-20"), "P1", "2025-01-20");
        f.link(f.claimPayment(r1, 1, "PCN1", "1", "100.00", "100.00"), c1);
        UUID r2 = f.remittance(f.file("835", "2025-01-21"), "P2", "2025-01-21");
        UUID cp3 = f.claimPayment(r2, 1, "PCN3", "1", "300.00", "200.00");
        f.link(cp3, c3);
        UUID cp4 = f.claimPayment(r2, 2, "PCN4", "4", "400.00", "0.00");
        f.link(cp4, c4);
        UUID cp7 = f.claimPayment(r2, 3, "PCN7", "1", "80.00", "0.00");
        UUID d1 =
                f.denial(
                        r2,
                        cp3,
                        "P2",
                        "2025-01-21",
                        "PCN3",
                        "CO",
                        "197",
                        "100.00",
                        "AUTHORIZATION",
                        "authorization",
                        today.plusDays(40),
                        "RESOLVED_PAID");
        UUID d2 =
                f.denial(
                        r2,
                        cp4,
                        "P2",
                        "2025-01-21",
                        "PCN4",
                        "CO",
                        "16",
                        "400.00",
                        "CLAIM_DATA",
                        "claim-data",
                        today.plusDays(2),
                        "AWAITING_REVIEW");
        UUID d3 =
                f.denial(
                        r2,
                        cp7,
                        "P2",
                        "2025-01-21",
                        "PCN7",
                        "CO",
                        "18",
                        "80.00",
                        "DUPLICATE",
                        "duplicate",
                        today.minusDays(1),
                        "TRIAGED");
        UUID r3 = f.remittance(f.file("835", "2025-02-20"), "P1", "2025-02-20");
        UUID cp2 = f.claimPayment(r3, 1, "PCN2", "1", "200.00", "150.00");
        f.link(cp2, c2r);
        UUID cp5 = f.claimPayment(r3, 2, "PCN5", "1", "50.00", "40.00");
        f.link(cp5, c5);
        f.claimPayment(r3, 3, "PCN8", "22", "-60.00", "-60.00");
        UUID d4 =
                f.denial(
                        r3,
                        cp2,
                        "P1",
                        "2025-02-20",
                        "PCN2",
                        "CO",
                        "50",
                        "50.00",
                        "MEDICAL_NECESSITY",
                        "medical-necessity",
                        today.plusDays(30),
                        "UPHELD");
        f.denial(
                r3,
                cp5,
                "P1",
                "2025-02-20",
                "PCN5",
                "PR",
                "3",
                "10.00",
                "PATIENT_RESPONSIBILITY",
                "no-action",
                null,
                "TRIAGED");
        UUID r4 = f.remittance(f.file("835", "2025-02-25"), "P2", "2025-01-10");
        f.link(f.claimPayment(r4, 1, "PCN3", "1", "300.00", "300.00"), c3);
        UUID r5 = f.remittance(f.file("835", "2025-03-05"), "P1", "2025-03-05");
        UUID cp10 = f.claimPayment(r5, 1, "PCN10", "1", "90.00", "0.00");
        f.denial(
                r5,
                cp10,
                "P1",
                "2025-03-05",
                "PCN10",
                "CO",
                "4",
                "90.00",
                "CODING",
                "coding",
                null,
                "TRIAGED");

        f.steps(d1, 4, 1000, 500);
        f.submission(d1, "appeal", "SENT", "2025-01-25");
        f.resolved(d1, "100.00", "2025-02-25");
        f.event(d1, "AWAITING_PAYER", "RESOLVED_PAID", "payer:835", "2025-02-25");
        f.billed(d1, "100.00", "4.00", "2025-02-25");
        f.operatorTime(d1, "APPROVE", 120);
        f.steps(d2, 2, 0, 0);
        f.submission(d2, "appeal", "PENDING", "2025-01-28");
        f.operatorTime(d3, "ATTACH", 30);
        f.steps(d4, 3, 0, 0);
        f.submission(d4, "appeal", "SENT", "2025-02-22");
        f.submission(d4, "276", "SENT", "2025-02-23");
        f.event(d4, "AWAITING_PAYER", "UPHELD", "payer:835", "2025-02-28");
        f.operatorTime(d4, "APPROVE", 60);
        f.operatorTime(d4, "REJECT", null);
    }

    @Test
    void denialRateCountsFirstAdjudicationsWithoutDuplicatesReversalsOrNonDenials() {
        dataSet(db, LocalDate.now(clock));
        MetricsReport r = metrics.report(JAN_FEB).block();
        // first adjudications: PCN1 $100, PCN3 $300, PCN4 $400 (January), PCN2 $200, PCN5 $50
        // (February);
        // PCN7 is denied only as a duplicate, PCN8 is a reversal, CP3b answers an appeal, PCN10 is
        // in March.
        // Denied: PCN3 ($100), PCN4 ($400), PCN2 ($50); PCN5's $10 is the patient's.
        assertRate(r.overall().denialRate().count(), "3", "5", "0.6000", "60.0%");
        assertRate(r.overall().denialRate().dollars(), "550.00", "1050.00", "0.5238", "52.4%");
        // P1: PCN1, PCN2, PCN5 → 1 of 3, $50 of $350; P2: PCN3, PCN4 → 2 of 2, $500 of $700
        assertRate(row(r.byPayer(), "P1").denialRate().count(), "1", "3", "0.3333", "33.3%");
        assertRate(
                row(r.byPayer(), "P1").denialRate().dollars(),
                "50.00",
                "350.00",
                "0.1429",
                "14.3%");
        assertRate(row(r.byPayer(), "P2").denialRate().count(), "2", "2", "1.0000", "100.0%");
        assertRate(
                row(r.byPayer(), "P2").denialRate().dollars(),
                "500.00",
                "700.00",
                "0.7143",
                "71.4%");
        assertThat(r.byPayer()).extracting(Row::name).containsExactly("Acme Health", "Beta Care");
        // January: PCN1, PCN3, PCN4 → 2 of 3, $500 of $800; February: PCN2, PCN5 → 1 of 2, $50 of
        // $250
        assertRate(row(r.byMonth(), "2025-01").denialRate().count(), "2", "3", "0.6667", "66.7%");
        assertRate(
                row(r.byMonth(), "2025-01").denialRate().dollars(),
                "500.00",
                "800.00",
                "0.6250",
                "62.5%");
        assertRate(row(r.byMonth(), "2025-02").denialRate().count(), "1", "2", "0.5000", "50.0%");
        assertRate(
                row(r.byMonth(), "2025-02").denialRate().dollars(),
                "50.00",
                "250.00",
                "0.2000",
                "20.0%");
        // by category, over every adjudicated claim (5, $1050)
        assertRate(
                row(r.byCategory(), "AUTHORIZATION").denialRate().count(),
                "1",
                "5",
                "0.2000",
                "20.0%");
        assertRate(
                row(r.byCategory(), "CLAIM_DATA").denialRate().dollars(),
                "400.00",
                "1050.00",
                "0.3810",
                "38.1%");
        assertRate(
                row(r.byCategory(), "MEDICAL_NECESSITY").denialRate().dollars(),
                "50.00",
                "1050.00",
                "0.0476",
                "4.8%");
        assertRate(
                row(r.byCategory(), "DUPLICATE").denialRate().count(), "0", "5", "0.0000", "0.0%");
        assertThat(r.byCategory())
                .extracting(Row::key)
                .containsExactly(
                        "AUTHORIZATION",
                        "CLAIM_DATA",
                        "MEDICAL_NECESSITY",
                        "DUPLICATE",
                        "PATIENT_RESPONSIBILITY");
        assertThat(row(r.byCategory(), "AUTHORIZATION").cleanClaimRate())
                .as("claims have no category")
                .isNull();
    }

    @Test
    void cleanClaimRateAndFirstPassYieldComeFromTheFirstSubmissionAndItsAnswers() {
        dataSet(db, LocalDate.now(clock));
        MetricsReport r = metrics.report(JAN_FEB).block();
        MetricSet all = r.overall();
        // claims C1..C6; C2 rejected (277CA A7), C4 edited (999 E); C5 answered by Feb 11's 999
        // (set 0001 is
        // Feb 10's transaction by then); C6 has no answer: assumed clean. Clean: C1, C3, C5, C6.
        assertRate(all.cleanClaimRate(), "4", "6", "0.6667", "66.7%");
        assertThat(all.claims()).isEqualTo(new MetricsReport.Claims(6, 1, 1, 1, 1));
        // decided: C1..C5 (C6 has no 835 and no rejection). Paid first time with no denial: C1 and
        // C5 (its $10 is
        // the patient's). C2 was rejected, C3 and C4 denied.
        assertRate(all.firstPassYield(), "2", "5", "0.4000", "40.0%");
        // P1: C1, C2, C5 → clean 2/3, first pass 2/3; P2: C3, C4, C6 → clean 2/3, first pass 0/2
        assertRate(row(r.byPayer(), "P1").firstPassYield(), "2", "3", "0.6667", "66.7%");
        assertRate(row(r.byPayer(), "P2").firstPassYield(), "0", "2", "0.0000", "0.0%");
        assertRate(row(r.byPayer(), "P2").cleanClaimRate(), "2", "3", "0.6667", "66.7%");
        // by month of first submission: January C1..C4 → clean 2/4, first pass 1/4; February C5, C6
        // → 2/2, 1/1
        assertRate(row(r.byMonth(), "2025-01").cleanClaimRate(), "2", "4", "0.5000", "50.0%");
        assertRate(row(r.byMonth(), "2025-01").firstPassYield(), "1", "4", "0.2500", "25.0%");
        assertRate(row(r.byMonth(), "2025-02").cleanClaimRate(), "2", "2", "1.0000", "100.0%");
        assertRate(row(r.byMonth(), "2025-02").firstPassYield(), "1", "1", "1.0000", "100.0%");
        assertThat(r.assumptions())
                .anyMatch(a -> a.contains("1 claim(s) have no 999/997/277CA on file"));
    }

    @Test
    void daysInArAndDaysToPaymentAreCountedAsOfEachDate() {
        dataSet(db, LocalDate.now(clock));
        MetricsReport r = metrics.report(JAN_FEB).block();
        // as of Feb 28: claims not adjudicated: C6 $150; open denials: D2 $400, D4 $50 (D1 resolved
        // Feb 25, D3 a
        // duplicate, D6 the patient's) → $600. Charged since Nov 30: $1200. 600 × 90 / 1200 = 45.0
        var ar = r.overall().daysInAr();
        assertThat(ar.asOf()).isEqualTo(LocalDate.parse("2025-02-28"));
        assertThat(ar.arOutstanding()).isEqualByComparingTo("600.00");
        assertThat(ar.claimsOutstanding()).isEqualByComparingTo("150.00");
        assertThat(ar.chargesInWindow()).isEqualByComparingTo("1200.00");
        assertThat(ar.averageDailyCharges()).isEqualByComparingTo("13.33");
        assertThat(ar.formatted()).isEqualTo("45.0");
        // P1: $50 (D4) × 90 / $350 = 12.857; P2: ($150 + $400) × 90 / $850 = 58.235
        assertThat(row(r.byPayer(), "P1").daysInAr().value()).isEqualByComparingTo("12.9");
        assertThat(row(r.byPayer(), "P2").daysInAr().value()).isEqualByComparingTo("58.2");
        // as of Jan 31: C2 $200 not adjudicated yet (Feb 20); D1 $100 and D2 $400 open → $700;
        // charged $1000
        var jan = row(r.byMonth(), "2025-01").daysInAr();
        assertThat(jan.asOf()).isEqualTo(LocalDate.parse("2025-01-31"));
        assertThat(jan.arOutstanding()).isEqualByComparingTo("700.00");
        assertThat(jan.value()).isEqualByComparingTo("63.0");
        // days to the first payment: C1 15 (Jan 5 → Jan 20), C3 16, C2 46 (Jan 5 → Feb 20), C5 10 →
        // 87 / 4
        assertRate(r.overall().daysToPayment(), "87", "4", "21.8", "21.8");
        assertRate(row(r.byMonth(), "2025-01").daysToPayment(), "31", "2", "15.5", "15.5");
        assertRate(row(r.byMonth(), "2025-02").daysToPayment(), "56", "2", "28.0", "28.0");
        assertThat(row(r.byCategory(), "CLAIM_DATA").daysInAr()).isNull();
    }

    @Test
    void overturnRateAndTheAgentsFiguresComeFromItsRecords() {
        dataSet(db, LocalDate.now(clock));
        MetricsReport r = metrics.report(JAN_FEB).block();
        // appealed (SENT): D1, D4 (D2's is still PENDING). D1 paid since, D4 upheld after its
        // appeal → 1 of 2
        assertRate(r.overall().overturnRate(), "1", "2", "0.5000", "50.0%");
        assertThat(r.overall().appeals()).isEqualTo(new MetricsReport.Appeals(2, 2, 1, 0));
        assertRate(row(r.byPayer(), "P2").overturnRate(), "1", "1", "1.0000", "100.0%");
        assertRate(
                row(r.byCategory(), "MEDICAL_NECESSITY").overturnRate(),
                "0",
                "1",
                "0.0000",
                "0.0%");
        assertThat(row(r.byCategory(), "CLAIM_DATA").overturnRate().formatted()).isEqualTo("n/a");
        // denials D1, D2, D3, D4, D6; worked (a step or an operator decision): D1, D2, D3, D4;
        // resolved: D1
        // ($100, fee $4); awaiting review: D2; open: D2, D3, D4 (D6 is not a denial to work); at
        // risk: D2
        // (2 days), D3 (past)
        var agent = r.overall().agent();
        assertThat(agent)
                .isEqualTo(
                        new MetricsReport.Agent(
                                5,
                                4,
                                1,
                                new BigDecimal("100.00"),
                                new BigDecimal("4.00"),
                                1,
                                3,
                                2,
                                1));
        var p2 = row(r.byPayer(), "P2").agent();
        assertThat(p2.denialsWorked()).isEqualTo(3);
        assertThat(p2.deadlinesAtRisk()).isEqualTo(2);
        assertThat(row(r.byMonth(), "2025-02").agent().openDenials()).isEqualTo(1);
        assertThat(r.headline())
                .containsEntry("recovered", "$100.00")
                .containsEntry("deadlinesAtRisk", "2")
                .containsEntry("denialRate", "60.0%");
    }

    @Test
    void costToReworkIsComputeTokensAndOperatorTimePerWorkedDenial() {
        dataSet(db, LocalDate.now(clock));
        var cost = metrics.report(JAN_FEB).block().overall().costToRework();
        // 9 steps (4 + 2 + 3), 1500 tokens, 210 operator seconds (120 + 30 + 60; one decision
        // without a time),
        // over 4 worked denials. With the defaults ($0.001 a step, $0.01 per 1000 tokens, $30 an
        // hour):
        // 0.009 + 0.015 + 1.75 = 1.774 → $0.4435 → $0.44 per worked denial.
        BigDecimal compute = props.costPerStep().multiply(BigDecimal.valueOf(9));
        BigDecimal tokens = props.tokenPricePerThousand().multiply(new BigDecimal("1.5"));
        BigDecimal operator =
                props.operatorHourlyRate()
                        .multiply(BigDecimal.valueOf(210))
                        .divide(BigDecimal.valueOf(3600), 6, java.math.RoundingMode.HALF_UP);
        BigDecimal total = compute.add(tokens).add(operator);
        assertThat(cost.steps()).isEqualTo(9);
        assertThat(cost.modelTokens()).isEqualTo(1500);
        assertThat(cost.operatorSeconds()).isEqualTo(210);
        assertThat(cost.operatorDecisions()).isEqualTo(4);
        assertThat(cost.operatorDecisionsWithoutTime()).isEqualTo(1);
        assertThat(cost.workedDenials()).isEqualTo(4);
        // money in cents: the exact total is divided, then rounded
        assertThat(cost.total())
                .isEqualByComparingTo(total.setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(cost.perWorkedDenial())
                .isEqualByComparingTo(
                        total.divide(BigDecimal.valueOf(4), 2, java.math.RoundingMode.HALF_UP));
        if (props.costPerStep().compareTo(new BigDecimal("0.001")) == 0
                && props.tokenPricePerThousand().compareTo(new BigDecimal("0.01")) == 0
                && props.operatorHourlyRate().compareTo(new BigDecimal("30")) == 0) {
            assertThat(cost.formatted()).isEqualTo("$0.44");
        }
    }

    @Test
    void theMonthAxisFilterLeavesOutWhatFallsOutsideIt() {
        dataSet(db, LocalDate.now(clock));
        MetricsReport all = metrics.report(Period.ALL).block();
        // March's PCN10 is a fourth denied claim of six; its denial D7 is open
        assertRate(all.overall().denialRate().count(), "4", "6", "0.6667", "66.7%");
        assertThat(all.overall().agent().openDenials()).isEqualTo(4);
        assertThat(all.byMonth())
                .extracting(Row::key)
                .containsExactly("2025-01", "2025-02", "2025-03");
        MetricsReport feb = metrics.report(Period.parse("2025-02-01", "2025-02-28")).block();
        assertRate(feb.overall().denialRate().count(), "1", "2", "0.5000", "50.0%");
        assertThat(feb.byMonth()).extracting(Row::key).containsExactly("2025-02");
        assertThat(feb.overall().agent().denials()).isEqualTo(2); // D4 and D6
    }

    @Test
    void gaugesCarryTheHeadlineFiguresOfEverythingStored() {
        dataSet(db, LocalDate.now(clock));
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        MetricsGauges gauges = new MetricsGauges(metrics, props);
        gauges.register(registry);
        assertThat(registry.get("reclaim.denials.open").gauge().value()).isNaN();
        gauges.refresh().block();
        // everything, March included: open D2, D3, D4, D7; denied 4 of 6 claims
        assertThat(registry.get("reclaim.denials.open").gauge().value()).isEqualTo(4.0);
        assertThat(registry.get("reclaim.denials.awaiting.review").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("reclaim.denials.deadlines.at.risk").gauge().value())
                .isEqualTo(2.0);
        assertThat(registry.get("reclaim.denial.rate").gauge().value()).isEqualTo(0.6667);
        assertThat(registry.get("reclaim.recovered").gauge().value()).isEqualTo(100.0);
    }

    static MetricSet row(List<Row> rows, String key) {
        return rows.stream()
                .filter(r -> r.key().equals(key))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no row "
                                                + key
                                                + " in "
                                                + rows.stream().map(Row::key).toList()))
                .metrics();
    }

    static void assertRate(
            Rate r, String numerator, String denominator, String value, String formatted) {
        assertThat(r.numerator()).as("numerator").isEqualByComparingTo(numerator);
        assertThat(r.denominator()).as("denominator").isEqualByComparingTo(denominator);
        assertThat(r.value()).as("value").isEqualByComparingTo(value);
        assertThat(r.formatted()).as("formatted").isEqualTo(formatted);
    }
}
