package org.reclaim.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.practice.Practices;
import org.reclaim.support.ApiTest;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

/** The admin page: practices, keys shown once, operators, connector secrets never shown back. */
class AdminPagesTest extends ApiTest {

    String page(String uri) {
        return http.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void aPracticeMadeOnThePageShowsItsKeyOnceAndTheKeyWorks() {
        String slug = "ui-" + UUID.randomUUID().toString().substring(0, 6);
        String made =
                http.post()
                        .uri("/admin/practices")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .body(
                                BodyInserters.fromFormData("name", "UI Practice")
                                        .with("slug", slug)
                                        .with("fee", "3.50"))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        String key = made.replaceAll("(?s).*id=\"new-key-value\">(rk_[A-Za-z0-9_-]+)<.*", "$1");
        assertThat(key).startsWith("rk_").hasSizeGreaterThan(40);
        withKey(key).get().uri("/api/v1/denials").exchange().expectStatus().isOk();
        String later = page("/admin?practice=" + slug);
        assertThat(later).doesNotContain(key).contains(key.substring(0, 7) + "…").contains("3.50");
        // a practice key is not an operator: no admin page
        withKey(key).get().uri("/admin").exchange().expectStatus().isForbidden();
    }

    @Test
    void connectorSecretsAreNeverShownBackInFull() {
        http.post()
                .uri("/admin/practices/{id}/portals", Practices.DEFAULT_ID)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(
                        BodyInserters.fromFormData("payerId", "SIMPAYER1")
                                .with("baseUrl", "https://portal.example.test/api")
                                .with("authHeaderName", "Authorization")
                                .with("authHeaderValue", "Bearer super-secret-token-9876"))
                .exchange()
                .expectStatus()
                .is3xxRedirection();
        String admin = page("/admin?practice=default");
        assertThat(admin)
                .contains("SIMPAYER1")
                .contains("https://portal.example.test/api")
                .contains("9876")
                .doesNotContain("super-secret-token");
        assertThat(
                        db.sql(
                                        "SELECT count(*) FROM connector_setting WHERE secret LIKE '%super-secret%'")
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isZero();
    }

    @Test
    void aConnectorUrlToAPrivateOrPlainHttpHostIsRefusedOnThePageWithTheReason() {
        Map<String, String> refused =
                Map.of(
                        "/admin/practices/{id}/portals",
                        "https://169.254.169.254/latest/meta-data/",
                        "/admin/practices/{id}/clearinghouse",
                        "http://clearinghouse.example.test/v1");
        refused.forEach(
                (form, url) -> {
                    String page =
                            http.post()
                                    .uri(form, Practices.DEFAULT_ID)
                                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                    .body(
                                            BodyInserters.fromFormData("payerId", "SIMPAYER1")
                                                    .with("baseUrl", url)
                                                    .with("authHeaderName", "Authorization")
                                                    .with("authHeaderValue", "Bearer token-1234"))
                                    .exchange()
                                    .expectStatus()
                                    .isBadRequest()
                                    .expectBody(String.class)
                                    .returnResult()
                                    .getResponseBody();
                    assertThat(page)
                            .as(url)
                            .contains(
                                    url.startsWith("http:")
                                            ? "baseUrl: http is allowed only for hosts an admin allows"
                                            : "baseUrl: 169.254.169.254 is a link-local address");
                });
        assertThat(
                        db.sql("SELECT count(*) FROM connector_setting")
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isZero();
    }

    @Test
    void operatorsAreMadeByAdminsOnlyAndReviewersSeeNoAdminPage() {
        http.post()
                .uri("/admin/operators")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(
                        BodyInserters.fromFormData("username", "rex.ui")
                                .with("password", "rex-password-12")
                                .with("role", "REVIEWER")
                                .with("practices", Practices.DEFAULT_ID.toString()))
                .exchange()
                .expectStatus()
                .is3xxRedirection();
        assertThat(page("/admin")).contains("rex.ui");
        var rex = asOperator("rex.ui", "rex-password-12");
        rex.get().uri("/admin").exchange().expectStatus().isForbidden();
        rex.get().uri("/worklist").exchange().expectStatus().isOk();
        rex.get().uri("/reviews").exchange().expectStatus().isOk();
        // a short password is refused with the reason
        String refused =
                http.post()
                        .uri("/admin/operators")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .body(
                                BodyInserters.fromFormData("username", "short")
                                        .with("password", "short"))
                        .exchange()
                        .expectStatus()
                        .isBadRequest()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(refused).contains("at least 12 characters");
    }

    @Test
    void theSignInFormCarriesACsrfTokenAndAFormPostWithoutItIsRefused() {
        String login =
                anonymous()
                        .get()
                        .uri("/login")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(login)
                .contains("name=\"username\"")
                .contains("name=\"password\"")
                .contains("name=\"_csrf\"");
        anonymous()
                .post()
                .uri("/login")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("username", "admin").with("password", "x"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void theWorklistSortsAndFilters() {
        org.reclaim.support.Generated.upload(
                http, 60, 9, 0.4, java.time.LocalDate.now().minusDays(10));
        for (String sort : new String[] {"priority", "deadline", "amount"}) {
            // every open denial (the bare worklist lists only what waits for a person)
            assertThat(page("/worklist?view=all&sort=" + sort)).contains("denial-row");
        }
        Map<String, Object> any =
                http.get()
                        .uri("/api/v1/worklist?size=1")
                        .exchange()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        @SuppressWarnings("unchecked")
        String category =
                (String)
                        ((java.util.List<Map<String, Object>>) any.get("content"))
                                .get(0)
                                .get("category");
        String filtered = page("/worklist?category=" + category);
        long rows = filtered.split("class=\"denial-row\"", -1).length - 1;
        assertThat(rows).isPositive();
        assertThat(
                        filtered.split("<td data-label=\"Category\">" + category + "</td>", -1)
                                        .length
                                - 1)
                .isEqualTo(rows);
        assertThat(page("/worklist?practice=nobody")).contains("No open denials match.");
    }
}
