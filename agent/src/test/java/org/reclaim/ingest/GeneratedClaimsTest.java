package org.reclaim.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.x12.synth.GeneratedSummary;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/** Generated 837P claims and the 835s that answer them, through the HTTP API. */
class GeneratedClaimsTest extends ApiTest {

    static final String UNLINKED =
            "SELECT count(*) FROM claim_payment cp WHERE NOT EXISTS "
                    + "(SELECT 1 FROM claim_payment_link l WHERE l.claim_payment_id = cp.id)";

    byte[] claims;
    byte[] remits;
    GeneratedSummary summary;

    @BeforeEach
    void setUp() {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        summary =
                Generator.write(
                        GeneratorOptions.defaults()
                                .withClaims(300)
                                .withSeed(42)
                                .withReversalRate(0.05),
                        c,
                        r);
        claims = c.toByteArray();
        remits = r.toByteArray();
    }

    Map<String, Object> post(String uri, byte[] body, int status) {
        return http.post()
                .uri(uri)
                .header("Content-Type", "application/edi-x12")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void everyRemittedClaimIsLinkedToTheClaimItAnswersAndEveryPlannedDenialIsFound() {
        post("/api/v1/claims", claims, 201);
        Map<String, Object> stored = post("/api/v1/remittances", remits, 201);

        assertThat(count(db, "SELECT count(*) FROM submitted_claim")).isEqualTo(summary.claims());
        assertThat(count(db, "SELECT count(*) FROM claim_payment"))
                .isEqualTo(summary.remitClaims());
        assertThat(count(db, UNLINKED)).isZero();
        assertThat(count(db, "SELECT count(*) FROM denial")).isEqualTo(summary.denials());
        assertThat(((Number) stored.get("denials")).longValue()).isEqualTo(summary.denials());
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM remittance WHERE NOT payment_balanced OR unbalanced_claims > 0"
                                        + " OR unbalanced_lines > 0"))
                .isZero();
    }

    @Test
    void remittancesArrivingBeforeTheirClaimsAreLinkedWhenTheClaimsArrive() {
        post("/api/v1/remittances", remits, 201);
        assertThat(count(db, "SELECT count(*) FROM claim_payment_link")).isZero();
        post("/api/v1/claims", claims, 201);
        assertThat(count(db, UNLINKED)).isZero();
    }

    @Test
    void reversalsArePairedWithTheOriginalAndTheCorrectionUnderItsNewPayerClaimNumber() {
        post("/api/v1/claims", claims, 201);
        post("/api/v1/remittances", remits, 201);
        assertThat(summary.reversals()).isPositive();
        assertThat(count(db, "SELECT count(*) FROM reversal")).isEqualTo(summary.reversals());
        assertThat(
                        count(
                                db,
                                """
                SELECT count(*) FROM reversal rv
                JOIN claim_payment o ON o.id = rv.original_claim_id
                JOIN claim_payment c ON c.id = rv.correction_claim_id
                WHERE c.original_payer_claim_number = o.payer_claim_number
                  AND c.payer_claim_number <> o.payer_claim_number
                  AND rv.net_change = c.paid - o.paid"""))
                .isEqualTo(summary.reversals());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClaimShowsItsRemittancesAndDenials() {
        post("/api/v1/claims", claims, 201);
        post("/api/v1/remittances", remits, 201);
        UUID claimId =
                db.sql(
                                "SELECT l.submitted_claim_id FROM denial d JOIN claim_payment_link l "
                                        + "ON l.claim_payment_id = d.claim_payment_id ORDER BY d.id LIMIT 1")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        Map<String, Object> claim =
                http.get()
                        .uri("/api/v1/claims/{id}", claimId)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat((List<?>) claim.get("remittances")).isNotEmpty();
        assertThat((List<?>) claim.get("denials")).isNotEmpty();
        assertThat((List<?>) claim.get("lines")).isNotEmpty();
        assertThat((List<?>) claim.get("diagnoses")).isNotEmpty();
        List<Map<String, Object>> denials = (List<Map<String, Object>>) claim.get("denials");
        assertThat(denials)
                .allSatisfy(
                        d -> assertThat(d.get("submittedClaimId")).isEqualTo(claimId.toString()));
    }
}
