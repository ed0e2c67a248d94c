package org.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * An ADMIN limited to some practices administers those practices only: the operators it creates and
 * sees, and the keys it makes or revokes (issue 14, item 13).
 */
class LimitedAdminTest extends ApiTest {

    record Practice(UUID id, String slug, String key, String keyId) {}

    private Practice newPractice() {
        String slug = "la-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body =
                http.post()
                        .uri("/api/v1/practices")
                        .bodyValue(Map.of("name", "Limited " + slug, "slug", slug))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        return new Practice(
                UUID.fromString((String) body.get("id")),
                slug,
                (String) body.get("apiKey"),
                (String) body.get("apiKeyId"));
    }

    private void operator(WebTestClient as, String user, String role, List<String> practices) {
        var body = new java.util.HashMap<String, Object>();
        body.put("username", user);
        body.put("password", user + "-password");
        body.put("role", role);
        if (practices != null) body.put("practices", practices);
        as.post().uri("/api/v1/operators").bodyValue(body).exchange().expectStatus().isCreated();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLimitedAdminCreatesListsAndRevokesWithinItsPracticesOnly() {
        Practice a = newPractice();
        Practice b = newPractice();
        String ann = "ann-" + a.slug();
        operator(http, ann, "ADMIN", List.of(a.slug()));
        operator(http, "bo-" + b.slug(), "REVIEWER", List.of(b.slug()));
        operator(http, "both-" + a.slug(), "REVIEWER", List.of(a.slug(), b.slug()));
        operator(http, "all-" + a.slug(), "REVIEWER", null);
        var annClient = asOperator(ann, ann + "-password");

        // no unrestricted operator, none for another practice
        annClient
                .post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                "x1-" + a.slug(),
                                "password",
                                "x1-password-long",
                                "role",
                                "ADMIN"))
                .exchange()
                .expectStatus()
                .isForbidden();
        annClient
                .post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                "x2-" + a.slug(),
                                "password",
                                "x2-password-long",
                                "practices",
                                List.of(a.id().toString(), b.id().toString())))
                .exchange()
                .expectStatus()
                .is4xxClientError();
        annClient
                .post()
                .uri("/admin/operators")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(
                        BodyInserters.fromFormData("username", "x3-" + a.slug())
                                .with("password", "x3-password-long")
                                .with("role", "ADMIN"))
                .exchange()
                .expectStatus()
                .isForbidden();
        // within its practice it may
        operator(annClient, "al-" + a.slug(), "REVIEWER", List.of(a.slug()));
        assertThat(
                        db.sql("SELECT count(*) FROM operator WHERE username LIKE 'x_-' || :s")
                                .bind("s", a.slug())
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isZero();

        // it lists the operators of its practice only
        Map<String, Object> listed =
                annClient
                        .get()
                        .uri("/api/v1/operators?size=1000")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        List<String> names =
                ((List<Map<String, Object>>) listed.get("content"))
                        .stream().map(o -> (String) o.get("username")).toList();
        assertThat(names).containsExactlyInAnyOrder(ann, "al-" + a.slug());
        assertThat(((Number) listed.get("totalElements")).longValue()).isEqualTo(2);
        String page =
                annClient
                        .get()
                        .uri("/admin")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(page)
                .contains("al-" + a.slug())
                .doesNotContain("bo-" + b.slug())
                .doesNotContain("both-" + a.slug())
                .doesNotContain("all-" + a.slug());

        // another practice's keys: neither revoked nor added, through the API or the page
        annClient
                .delete()
                .uri("/api/v1/practices/{id}/keys/{key}", b.id(), b.keyId())
                .exchange()
                .expectStatus()
                .isNotFound();
        annClient
                .post()
                .uri("/admin/practices/{id}/keys/{key}/revoke", b.id(), b.keyId())
                .exchange()
                .expectStatus()
                .isBadRequest();
        annClient
                .post()
                .uri("/admin/practices/{id}/keys", b.id())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("label", "planted"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        withKey(b.key()).get().uri("/api/v1/denials").exchange().expectStatus().isOk();
        assertThat(
                        db.sql("SELECT count(*) FROM practice_api_key WHERE practice_id = :p")
                                .bind("p", b.id())
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isEqualTo(1);
        // nor a practice of its own making
        annClient
                .post()
                .uri("/api/v1/practices")
                .bodyValue(Map.of("name", "Annex"))
                .exchange()
                .expectStatus()
                .isForbidden();

        // its own practice's key it may revoke
        annClient
                .post()
                .uri("/admin/practices/{id}/keys/{key}/revoke", a.id(), a.keyId())
                .exchange()
                .expectStatus()
                .is3xxRedirection();
        withKey(a.key()).get().uri("/api/v1/denials").exchange().expectStatus().isUnauthorized();
    }
}
