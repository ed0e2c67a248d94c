package org.reclaim.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The webhook endpoints API: what it refuses, what it never shows, and whose endpoints it shows.
 */
class WebhookApiTest extends ApiTest {

    static final String SECRET = "whsec-synthetic-api-0123456789";

    private WebTestClient.ResponseSpec create(WebTestClient client, Map<String, Object> body) {
        return client.post()
                .uri("/api/v1/webhooks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static Map<String, Object> body(String url, String secret, List<String> kinds) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("url", url);
        if (secret != null) m.put("secret", secret);
        m.put("kinds", kinds);
        return m;
    }

    private String detail(WebTestClient.ResponseSpec r) {
        return String.valueOf(
                r.expectStatus()
                        .isBadRequest()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody()
                        .get("detail"));
    }

    @Test
    void badEndpointsAreRefusedNamingTheField() {
        WebTestClient p = withKey(IntegrationTest.DEFAULT_PRACTICE_KEY);
        List<String> kinds = List.of("denial.resolved");
        assertThat(detail(create(p, body("http://hooks.example.org/x", SECRET, kinds))))
                .startsWith("url: http is allowed only for hosts an admin allows");
        assertThat(detail(create(p, body("https://10.1.2.3/x", SECRET, kinds))))
                .startsWith("url: 10.1.2.3 is a private address");
        assertThat(detail(create(p, body("https://169.254.169.254/latest", SECRET, kinds))))
                .startsWith("url: 169.254.169.254 is a link-local");
        assertThat(detail(create(p, body("ftp://hooks.example.org/x", SECRET, kinds))))
                .startsWith("url: must be an https URL");
        assertThat(detail(create(p, body("https://hooks.example.org/x", null, kinds))))
                .isEqualTo("secret: required");
        assertThat(detail(create(p, body("https://hooks.example.org/x", "short", kinds))))
                .startsWith("secret: must be 16 to 256 characters");
        assertThat(
                        detail(
                                create(
                                        p,
                                        body(
                                                "https://hooks.example.org/x",
                                                SECRET,
                                                List.of("claim.held", "claim.paid")))))
                .startsWith("kinds[1]: unknown kind 'claim.paid' (known: denial.resolved,");
        assertThat(detail(create(p, body("https://hooks.example.org/x", SECRET, List.of()))))
                .startsWith("kinds: name at least one of");
        assertThat(TestCount.endpoints(db)).isZero();
    }

    @Test
    void anotherPracticesKeyCannotSeeListOrDeleteAnEndpointOrItsDeliveries() {
        WebTestClient mine = withKey(IntegrationTest.DEFAULT_PRACTICE_KEY);
        String slug = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> other =
                http.post()
                        .uri("/api/v1/practices")
                        .bodyValue(Map.of("name", "Webhook " + slug, "slug", slug))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        WebTestClient theirs = withKey((String) other.get("apiKey"));

        Map<String, Object> created =
                create(mine, body("http://localhost:9/hook", SECRET, List.of("claim.held")))
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        String id = (String) created.get("id");
        assertThat(created).containsEntry("secretHint", "****6789").doesNotContainKey("secret");

        String listed =
                mine.get()
                        .uri("/api/v1/webhooks")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(listed).contains(id).doesNotContain(SECRET);
        // sealed at rest, not stored as written
        assertThat(
                        new String(
                                db.sql("SELECT secret FROM webhook_endpoint")
                                        .map(r -> r.get(0, byte[].class))
                                        .one()
                                        .block(),
                                java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(SECRET);

        theirs.get().uri("/api/v1/webhooks/" + id).exchange().expectStatus().isNotFound();
        theirs.get()
                .uri("/api/v1/webhooks/" + id + "/deliveries")
                .exchange()
                .expectStatus()
                .isNotFound();
        theirs.delete().uri("/api/v1/webhooks/" + id).exchange().expectStatus().isNotFound();
        assertThat(
                        theirs.get()
                                .uri("/api/v1/webhooks")
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody(String.class)
                                .returnResult()
                                .getResponseBody())
                .isEqualTo("[]");
        assertThat(TestCount.endpoints(db)).isEqualTo(1);

        mine.get().uri("/api/v1/webhooks/" + id).exchange().expectStatus().isOk();
        mine.get().uri("/api/v1/webhooks/" + id + "/deliveries").exchange().expectStatus().isOk();
        mine.delete().uri("/api/v1/webhooks/" + id).exchange().expectStatus().isNoContent();
        mine.get().uri("/api/v1/webhooks/" + id).exchange().expectStatus().isNotFound();
        assertThat(TestCount.endpoints(db)).isZero();
    }

    static final class TestCount {
        static long endpoints(org.springframework.r2dbc.core.DatabaseClient db) {
            return db.sql("SELECT count(*) AS n FROM webhook_endpoint")
                    .map(r -> r.get("n", Long.class))
                    .one()
                    .block();
        }
    }
}
