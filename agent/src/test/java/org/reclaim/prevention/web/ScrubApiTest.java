package org.reclaim.prevention.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.prevention.Claims837.claim;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.prevention.Claims837;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** POST /api/v1/claims/scrub: findings in file order, nothing stored, scoped like uploads. */
class ScrubApiTest extends ApiTest {

    private static final MediaType X12 = MediaType.parseMediaType("application/edi-x12");

    @Autowired TriageService triage;

    private LocalDate today() {
        return triage.today();
    }

    private String twoClaims() {
        return Claims837.file(
                claim("SCRUB-OK").line("99213", "", 1, today().minusDays(10)),
                // TSTCOMB2 is COMMERCIAL: 90 days of timely filing, long gone
                claim("SCRUB-LATE").line("99213", "", 1, today().minusDays(200)));
    }

    private WebTestClient.ResponseSpec post(WebTestClient client, String uri, String body) {
        return client.post()
                .uri(uri)
                .contentType(X12)
                .bodyValue(body.getBytes(StandardCharsets.ISO_8859_1))
                .exchange();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> claims(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("claims");
    }

    private long stored() {
        return db.sql(
                        "SELECT (SELECT count(*) FROM x12_file) + (SELECT count(*) FROM"
                                + " submitted_claim)")
                .map(r -> r.get(0, Long.class))
                .one()
                .block();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClaimsComeBackInFileOrderWithTheirFindingsAndNothingIsStored() {
        Map<String, Object> body =
                post(
                                withKey(IntegrationTest.DEFAULT_PRACTICE_KEY),
                                "/api/v1/claims/scrub",
                                twoClaims())
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        List<Map<String, Object>> claims = claims(body);
        assertThat(claims)
                .extracting(c -> c.get("patientControlNumber"))
                .containsExactly("SCRUB-OK", "SCRUB-LATE");
        Map<String, Object> ok = claims.get(0);
        assertThat(ok.get("verdict")).isEqualTo("CLEAN");
        assertThat((List<?>) ok.get("findings")).isEmpty();
        assertThat((Map<String, Object>) ok.get("payer"))
                .containsEntry("id", "TSTCOMB2")
                .containsEntry("name", "TEST COMMERCIAL HEALTH PLAN B");
        assertThat(((Number) ok.get("charge")).intValue()).isEqualTo(100);
        Map<String, Object> late = claims.get(1);
        assertThat(late.get("verdict")).isEqualTo("HOLD");
        assertThat((List<Map<String, Object>>) late.get("findings"))
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f)
                                    .containsEntry("rule", "payer.timely-filing")
                                    .containsEntry("severity", "error")
                                    .containsEntry("category", "timely-filing")
                                    .containsEntry("carc", "29");
                            assertThat((Map<String, Object>) f.get("evidence"))
                                    .containsEntry("payer", "TSTCOMB2");
                        });
        assertThat(stored()).isZero();
    }

    @Test
    void notX12Is400AndATruncatedFileIs422AsForUploads() {
        post(http, "/api/v1/claims/scrub", "this is not an X12 file").expectStatus().isBadRequest();
        String file = twoClaims();
        post(http, "/api/v1/claims/scrub", file.substring(0, file.indexOf("LX*1")))
                .expectStatus()
                .isEqualTo(422);
        // an X12 file with no claim in it is not an 837
        post(
                        http,
                        "/api/v1/claims/scrub",
                        new String(
                                org.reclaim.support.TestData.sample(
                                        "tigershark/5010-835-example-2.txt"),
                                StandardCharsets.ISO_8859_1))
                .expectStatus()
                .isBadRequest();
        assertThat(stored()).isZero();
    }

    @Test
    void anOperatorScrubsOnlyForAPracticeInScope() {
        String slug = "scrub-" + System.nanoTime() % 1_000_000;
        String user = "sam" + System.nanoTime() % 1_000_000;
        http.post()
                .uri("/api/v1/practices")
                .bodyValue(Map.of("name", "Scrubbed Elsewhere", "slug", slug))
                .exchange()
                .expectStatus()
                .isCreated();
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                user,
                                "password",
                                "sam-password-123",
                                "role",
                                "REVIEWER",
                                "practices",
                                List.of(slug)))
                .exchange()
                .expectStatus()
                .isCreated();
        WebTestClient sam = asOperator(user, "sam-password-123");
        post(sam, "/api/v1/claims/scrub?practice=default", twoClaims()).expectStatus().isNotFound();
        post(sam, "/api/v1/claims/scrub", twoClaims()).expectStatus().isNotFound();
        Map<String, Object> body =
                post(sam, "/api/v1/claims/scrub?practice=" + slug, twoClaims())
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(claims(body)).hasSize(2);
        anonymous()
                .post()
                .uri("/api/v1/claims/scrub")
                .contentType(X12)
                .bodyValue(twoClaims().getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isIn(401, 403));
    }
}
