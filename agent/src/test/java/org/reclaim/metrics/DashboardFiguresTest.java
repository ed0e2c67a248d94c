package org.reclaim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.springframework.http.MediaType;

/**
 * The dashboard's figures through {@code GET /api/v1/metrics}: recovery by the month the money
 * arrived, AR aging of the open denials, the top CARC/RARC table, the clean claim rate's
 * unacknowledged share, money in cents, and the CSV export of the tables.
 */
class DashboardFiguresTest extends ApiTest {

    /** A dollar amount with more than two decimals ("$0.0076"). */
    private static final Pattern SUB_CENT = Pattern.compile("\\$[0-9,]*\\.[0-9]{3,}");

    private Map<String, Object> metrics(String query) {
        return http.get()
                .uri("/api/v1/metrics" + query)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> body, String key) {
        return (List<Map<String, Object>>) body.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> body, String key) {
        return (Map<String, Object>) body.get(key);
    }

    /** A denial on its own 835 claim payment, paid (in the 835) on {@code paidOn}. */
    private UUID denial(
            Fixture f,
            String paidOn,
            String pcn,
            String carc,
            String amount,
            String playbook,
            String status) {
        UUID r = f.remittance(f.file("835", paidOn), "P1", paidOn);
        UUID cp = f.claimPayment(r, 1, pcn, "1", amount, "0.00");
        return f.denial(
                r,
                cp,
                "P1",
                paidOn,
                pcn,
                "CO",
                carc,
                amount,
                "AUTHORIZATION",
                playbook,
                null,
                status);
    }

    @Test
    void recoveryCountsInTheMonthThePaymentArrivedNotTheMonthOfTheDenial() {
        Fixture f = new Fixture(db);
        // denied January 21; the 835 that paid it is dated February 20; recorded March 3
        UUID d1 = denial(f, "2025-01-21", "PCN1", "197", "100.00", "appeal", "RESOLVED_PAID");
        UUID answer = f.remittance(f.file("835", "2025-02-22"), "P1", "2025-02-20");
        UUID answerCp = f.claimPayment(answer, 1, "PCN1", "1", "100.00", "100.00");
        db.sql("UPDATE denial SET answered_by = :cp WHERE id = :d")
                .bind("cp", answerCp)
                .bind("d", d1)
                .then()
                .block();
        f.billed(d1, "100.00", "4.00", "2025-03-03");
        // denied January 5, no answer linked: the day the payment was recorded (April 2)
        UUID d2 = denial(f, "2025-01-05", "PCN2", "16", "40.50", "correct", "RESOLVED_PAID");
        f.billed(d2, "40.50", "4.00", "2025-04-02");

        Map<String, Object> all = metrics("");
        List<Map<String, Object>> months = list(all, "recoveryByMonth");
        assertThat(months)
                .extracting(m -> m.get("month"), m -> m.get("formatted"), m -> m.get("denials"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2025-02", "$100.00", 1),
                        org.assertj.core.groups.Tuple.tuple("2025-04", "$40.50", 1));
        // the period goes by the month of payment too
        assertThat(list(metrics("?from=2025-01&to=2025-01"), "recoveryByMonth")).isEmpty();
        assertThat(list(metrics("?from=2025-02&to=2025-03"), "recoveryByMonth"))
                .extracting(m -> m.get("month"))
                .containsExactly("2025-02");
    }

    @Test
    @SuppressWarnings("unchecked")
    void openDenialsAreAgedInThirtyDayBucketsSinceTheDenial() {
        LocalDate today = LocalDate.now(context.getBean(Clock.class));
        Fixture f = new Fixture(db);
        int[] ages = {0, 30, 31, 90, 91, 120, 121};
        for (int i = 0; i < ages.length; i++) {
            denial(
                    f,
                    today.minusDays(ages[i]).toString(),
                    "PCN" + i,
                    "16",
                    (i + 1) + "0.00",
                    "correct",
                    i == 6 ? "ESCALATED" : "TRIAGED");
        }
        // not open: resolved, and an adjustment that needs no action
        denial(f, today.minusDays(10).toString(), "PCNX", "16", "5.00", "appeal", "RESOLVED_PAID");
        denial(f, today.minusDays(10).toString(), "PCNY", "45", "5.00", "no-action", "TRIAGED");

        Map<String, Object> body = metrics("");
        List<Map<String, Object>> aging = list(body, "aging");
        assertThat(aging)
                .extracting(
                        b -> b.get("bucket"),
                        b -> b.get("fromDays"),
                        b -> b.get("toDays"),
                        b -> b.get("denials"),
                        b -> b.get("formatted"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("0–30 days", 0, 30, 2, "$30.00"),
                        org.assertj.core.groups.Tuple.tuple("31–60 days", 31, 60, 1, "$30.00"),
                        org.assertj.core.groups.Tuple.tuple("61–90 days", 61, 90, 1, "$40.00"),
                        org.assertj.core.groups.Tuple.tuple("91–120 days", 91, 120, 2, "$110.00"),
                        org.assertj.core.groups.Tuple.tuple(
                                "over 120 days", 121, null, 1, "$70.00"));
        // the buckets hold exactly the open denials the headline counts
        assertThat(map(body, "headline")).containsEntry("openDenials", "7");
        assertThat((Map<String, Object>) body.get("openByStatus"))
                .containsEntry("TRIAGED", 6)
                .containsEntry("ESCALATED", 1)
                .hasSize(2);
    }

    @Test
    void theTopCodesCarryCountsDollarsAndTheOverturnRateOfTheirAppeals() {
        Fixture f = new Fixture(db);
        UUID paid = denial(f, "2025-01-10", "PCN1", "16", "10.00", "correct", "RESOLVED_PAID");
        f.submission(paid, "appeal", "SENT", "2025-01-12");
        UUID upheld = denial(f, "2025-01-11", "PCN2", "16", "20.00", "correct", "UPHELD");
        f.submission(upheld, "appeal", "SENT", "2025-01-12");
        f.event(upheld, "AWAITING_PAYER", "UPHELD", "payer:835", "2025-01-30");
        UUID pending = denial(f, "2025-01-12", "PCN3", "16", "30.00", "correct", "TRIAGED");
        denial(f, "2025-01-13", "PCN4", "197", "500.00", "appeal", "TRIAGED");
        // an exact duplicate (CARC 18) is not a denial that counts
        denial(f, "2025-01-13", "PCN5", "18", "900.00", "no-action", "TRIAGED");
        for (UUID d : List.of(paid, pending)) {
            db.sql("UPDATE denial SET rarcs = '{N290,M127}' WHERE id = :d")
                    .bind("d", d)
                    .then()
                    .block();
        }

        Map<String, Object> body = metrics("?from=2025-01&to=2025-01");
        List<Map<String, Object>> carc = list(body, "topCarc");
        assertThat(carc).extracting(c -> c.get("code")).containsExactly("16", "197");
        Map<String, Object> top = carc.get(0);
        assertThat(top).containsEntry("denials", 3).containsEntry("formatted", "$60.00");
        assertThat(map(top, "appeals"))
                .containsEntry("appealed", 2)
                .containsEntry("decided", 2)
                .containsEntry("overturned", 1)
                .containsEntry("pending", 0);
        assertThat(map(top, "overturnRate")).containsEntry("formatted", "50.0%");
        assertThat(map(carc.get(1), "overturnRate")).containsEntry("formatted", "n/a");
        assertThat(list(body, "topRarc"))
                .extracting(r -> r.get("code"), r -> r.get("denials"), r -> r.get("formatted"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("M127", 2, "$40.00"),
                        org.assertj.core.groups.Tuple.tuple("N290", 2, "$40.00"));
        // outside the period: nothing
        assertThat(list(metrics("?from=2025-02"), "topCarc")).isEmpty();
    }

    @Test
    void theCleanClaimRateComesWithItsUnacknowledgedShare() {
        Fixture f = new Fixture(db);
        UUID cs = f.claimSubmission(f.file("837P", "2025-01-05"), "0001", "2025-01-05");
        f.submittedClaim(cs, "0001", "2025-01-05", "P1", "PCN1", "100.00");
        f.submittedClaim(cs, "0001", "2025-01-05", "P1", "PCN2", "100.00");
        f.submittedClaim(cs, "0001", "2025-01-05", "P1", "PCN3", "100.00");
        f.submittedClaim(cs, "0001", "2025-01-05", "P1", "PCN4", "100.00");
        UUID ack = f.acknowledgment(f.file("277CA", "2025-01-07"), "277CA");
        f.claimAnswer(ack, "PCN1", "A2", true);
        f.claimAnswer(ack, "PCN2", "A7", false);

        Map<String, Object> overall = map(metrics(""), "overall");
        // PCN3 and PCN4 have no answer: counted clean, so 3 of 4 look clean
        assertThat(map(overall, "cleanClaimRate")).containsEntry("formatted", "75.0%");
        assertThat(map(overall, "unacknowledgedShare")).containsEntry("formatted", "50.0%");
        assertThat(map(overall, "acknowledgedCleanRate")).containsEntry("formatted", "50.0%");

        String html = page("/dashboard");
        assertThat(html)
                .contains("id=\"metric-cleanClaimUnacknowledged\"")
                .contains("50.0% of claims unacknowledged");
    }

    @Test
    @SuppressWarnings("unchecked")
    void moneyIsInCentsEverywhere() {
        Fixture f = new Fixture(db);
        UUID d = denial(f, "2025-01-10", "PCN1", "16", "10.00", "correct", "TRIAGED");
        // 7 steps and 600 tokens: $0.007 + $0.006 = $0.013 at the default prices
        f.steps(d, 7, 600, 0);
        MetricsProperties props = context.getBean(MetricsProperties.class);
        java.math.BigDecimal exact =
                props.costPerStep()
                        .multiply(java.math.BigDecimal.valueOf(7))
                        .add(
                                props.tokenPricePerThousand()
                                        .multiply(new java.math.BigDecimal("0.6")));

        Map<String, Object> body = metrics("");
        Map<String, Object> cost = map(map(body, "overall"), "costToRework");
        assertThat(cost.get("formatted"))
                .isEqualTo(Formats.money(exact.setScale(2, java.math.RoundingMode.HALF_UP)));
        assertThat(((Number) cost.get("perWorkedDenial")).doubleValue())
                .isEqualTo(exact.setScale(2, java.math.RoundingMode.HALF_UP).doubleValue());
        assertThat((Map<String, Object>) body.get("headline"))
                .containsEntry("costToRework", cost.get("formatted"));
        assertThat(SUB_CENT.matcher(body.toString()).find()).as(body.toString()).isFalse();
        String html = page("/dashboard");
        assertThat(SUB_CENT.matcher(html).find()).as("dashboard").isFalse();
    }

    @Test
    void theDashboardsTablesExportAsCsv() {
        Fixture f = new Fixture(db);
        denial(f, "2025-01-10", "PCN1", "16", "10.00", "correct", "ESCALATED");
        denial(f, "2025-01-11", "PCN2", "16", "1234.50", "correct", "TRIAGED");
        String csv =
                http.get()
                        .uri("/dashboard/export?table=carc")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                        .expectHeader()
                        .valueMatches(
                                "Content-Disposition",
                                "attachment; filename=\"dashboard-carc.csv\"")
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(csv.split("\r\n"))
                .containsExactly(
                        "code,denials,dollars,appealed,overturned,decided,overturn_rate",
                        "16,2,1244.50,0,0,0,");
        String aging = page("/dashboard/export?table=aging");
        assertThat(aging).startsWith("bucket,from_days,to_days,denials,dollars\r\n");
        assertThat(aging)
                .contains("\r\n0–30 days,0,30,0,0.00\r\n", "\r\nover 120 days,121,,2,1244.50");
        http.get()
                .uri("/dashboard/export?table=nonsense")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .value(b -> assertThat(b).contains("table"));
    }

    private String page(String uri) {
        return http.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
