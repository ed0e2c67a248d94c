package org.reclaim.underpayment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.practice.Practices;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The underpayments list over a known data set — a generated 835 (seed 29, 600 claims) judged by
 * the shipped fee schedule — gives the rows it gave when every request priced every stored line
 * (the digests below were taken from that query, before the list read stored facts): all pages,
 * filter by filter, and the totals. Ids are left out of the digest (they are minted at ingest); the
 * rest of each row is in it.
 */
class UnderpaymentRowsTest extends ApiTest {

    @Autowired UnderpaymentFacts facts;

    /** request → digest of its rows, taken from the list as it was before V34. */
    private static final Map<String, String> BEFORE =
            Map.of(
                    "all", "38:015c6994d0f72cea",
                    "pages of 7", "38:015c6994d0f72cea",
                    "payer by id", "12:7fa3405582129a14",
                    "payer by name", "26:4ee28ad671596254",
                    "procedure", "3:a842f2059a93ead3",
                    "paid from, served until", "5:efafeaeddbc8c97a",
                    "practice", "38:015c6994d0f72cea");

    @Test
    void theListGivesTheRowsAndTotalsItGaveBefore() throws Exception {
        ByteArrayOutputStream remit = new ByteArrayOutputStream();
        Generator.write(GeneratorOptions.defaults().withClaims(600).withSeed(29), null, remit);
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(remit.toByteArray())
                .exchange()
                .expectStatus()
                .isCreated();

        // the first 835 of a database has every line judged, in the background: once it is
        // done the list reads the stored judgement
        facts.settle().block();
        Map<String, Object> all = list("?size=100");
        assertThat(((Number) all.get("totalElements")).longValue())
                .as("the data set has underpayments to compare")
                .isGreaterThan(20);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> first = (List<Map<String, Object>>) all.get("content");
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("all", "?size=100");
        queries.put("pages of 7", "?size=7");
        queries.put("payer by id", "?payer=TSTMCR01&size=100");
        queries.put("payer by name", "?payer=commercial&size=100");
        queries.put("procedure", "?procedure=99214&size=100");
        queries.put(
                "paid from, served until",
                "?from="
                        + median(first, "paymentDate")
                        + "&dosTo="
                        + median(first, "serviceDate")
                        + "&size=100");
        queries.put("practice", "?practice=" + Practices.DEFAULT_ID + "&size=50");
        StringBuilder report = new StringBuilder();
        Map<String, String> digests = new LinkedHashMap<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            String digest = digest(q.getValue());
            digests.put(q.getKey(), digest);
            report.append(q.getKey())
                    .append(' ')
                    .append(q.getValue())
                    .append(" -> ")
                    .append(digest)
                    .append('\n');
        }
        assertThat(digests.get("paid from, served until"))
                .as(report.toString())
                .doesNotStartWith("0:");
        for (Map.Entry<String, String> e : BEFORE.entrySet())
            assertThat(digests.get(e.getKey())).as(report.toString()).isEqualTo(e.getValue());

        // and it was read from the stored judgement, not priced live
        assertThat(
                        db.sql("SELECT count(*) FROM underpayment_judgement")
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isEqualTo(1);
        assertThat(
                        db.sql("SELECT count(*) FROM underpayment_fact WHERE underpaid IS NOT NULL")
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isEqualTo(((Number) all.get("totalElements")).longValue());
        db.sql(
                        "UPDATE underpayment_fact SET underpaid = underpaid + 1000 WHERE"
                                + " (claim_payment_id, line_index) IN (SELECT claim_payment_id,"
                                + " line_index FROM underpayment_fact WHERE underpaid IS NOT NULL"
                                + " LIMIT 1)")
                .then()
                .block();
        assertThat(new java.math.BigDecimal(String.valueOf(list("?size=1").get("underpaidTotal"))))
                .as("the total is the stored rows' sum")
                .isEqualByComparingTo(
                        new java.math.BigDecimal(String.valueOf(all.get("underpaidTotal")))
                                .add(java.math.BigDecimal.valueOf(1000)));
    }

    /** The middle one of the distinct values of {@code key} (not hanging on the rows' order). */
    private static String median(List<Map<String, Object>> rows, String key) {
        List<String> values =
                rows.stream().map(r -> String.valueOf(r.get(key))).distinct().sorted().toList();
        return values.get(values.size() / 2);
    }

    /** Every page of the request, and the totals. */
    private String digest(String query) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<String> rows = new ArrayList<>();
        Map<String, Object> body = list(query);
        String totals =
                body.get("totalElements")
                        + " "
                        + body.get("underpaidTotal")
                        + " "
                        + body.get("linesWithoutRate")
                        + " "
                        + body.get("tolerance");
        for (int page = 1; ; page++) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> content = (List<Map<String, Object>>) body.get("content");
            for (Map<String, Object> u : content) rows.add(row(u));
            if (content.isEmpty()) break;
            body = list(query + "&page=" + page);
        }
        // in the list's order: newest payment first
        List<String> dates = rows.stream().map(r -> r.split("\\|")[7]).toList();
        assertThat(dates).as(query).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        // rows paid the same day come in the order of their claim payment's id, minted at ingest:
        // the digest is of the set of rows
        rows.sort(null);
        sha.update(totals.getBytes(StandardCharsets.UTF_8));
        for (String r : rows) sha.update((r + "\n").getBytes(StandardCharsets.UTF_8));
        return rows.size() + ":" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static String row(Map<String, Object> u) {
        Map<?, ?> payer = (Map<?, ?>) u.get("payer");
        Map<?, ?> rate = (Map<?, ?>) u.get("feeSchedule");
        return String.join(
                "|",
                String.valueOf(u.get("patientControlNumber")),
                String.valueOf(u.get("payerClaimNumber")),
                String.valueOf(u.get("line")),
                String.valueOf(u.get("procedure")),
                String.valueOf(u.get("modifiers")),
                String.valueOf(u.get("units")),
                String.valueOf(u.get("serviceDate")),
                String.valueOf(u.get("paymentDate")),
                String.valueOf(u.get("charge")),
                String.valueOf(u.get("allowed")),
                String.valueOf(u.get("allowedFrom")),
                String.valueOf(u.get("paid")),
                String.valueOf(u.get("expected")),
                String.valueOf(u.get("underpaid")),
                String.valueOf(payer),
                String.valueOf(rate));
    }

    private Map<String, Object> list(String query) {
        return withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .get()
                .uri("/api/v1/underpayments" + query)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }
}
