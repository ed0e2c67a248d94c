package org.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.sample;

import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A state-changing request the browser marks as cross-site is refused whatever credentials it
 * carries, and browsers get no Basic challenge (issue 14, item 14).
 */
class CrossSiteRequestsTest extends ApiTest {

    private static final String OWN = "http://reclaim.example.test:8080";

    private WebTestClient.ResponseSpec post(WebTestClient client, String header, String value) {
        return client.post()
                .uri(OWN + "/api/v1/remittances")
                .contentType(MediaType.TEXT_PLAIN)
                .headers(
                        h -> {
                            if (header != null) h.set(header, value);
                        })
                .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                .exchange();
    }

    private long files() {
        return TestData.count(db, "SELECT count(*) FROM x12_file");
    }

    @Test
    void aCrossSiteFormPostWithCachedCredentialsIsRefused() {
        var key = withKey(IntegrationTest.DEFAULT_PRACTICE_KEY);
        for (WebTestClient client : new WebTestClient[] {http, key}) {
            post(client, "Sec-Fetch-Site", "cross-site")
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(d -> assertThat((String) d).contains("cross-site"));
            post(client, HttpHeaders.ORIGIN, "https://attacker.example")
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.detail")
                    .value(d -> assertThat((String) d).contains("Origin"));
            post(client, HttpHeaders.ORIGIN, "null").expectStatus().isForbidden();
            // same scheme and host, another port: another origin
            post(client, HttpHeaders.ORIGIN, "http://reclaim.example.test:9090")
                    .expectStatus()
                    .isForbidden();
        }
        assertThat(files()).isZero();
        // a wrong password from another site does not count towards the lockout either
        for (int i = 0; i < 6; i++) {
            post(asOperator("admin", "guess-" + i), "Sec-Fetch-Site", "cross-site")
                    .expectStatus()
                    .isForbidden();
        }
        http.get().uri("/api/v1/denials").exchange().expectStatus().isOk();
    }

    @Test
    void sameOriginTypedAndScriptRequestsPass() {
        post(http, "Sec-Fetch-Site", "same-origin").expectStatus().isCreated();
        TestData.clean(db);
        post(http, "Sec-Fetch-Site", "same-site").expectStatus().isCreated();
        TestData.clean(db);
        post(http, "Sec-Fetch-Site", "none").expectStatus().isCreated();
        TestData.clean(db);
        post(http, HttpHeaders.ORIGIN, OWN).expectStatus().isCreated();
        TestData.clean(db);
        // a browser's own form post: fetch metadata says same-origin whatever its Origin reads
        // (Chromium's sign-in form was refused on its Origin before, BrowserTest)
        http.post()
                .uri(OWN + "/api/v1/remittances")
                .contentType(MediaType.TEXT_PLAIN)
                .header("Sec-Fetch-Site", "same-origin")
                .header(HttpHeaders.ORIGIN, "null")
                .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        TestData.clean(db);
        post(withKey(IntegrationTest.DEFAULT_PRACTICE_KEY), null, null).expectStatus().isCreated();
        assertThat(files()).isEqualTo(1);
        // reading is not refused: a cross-site page cannot read the answer anyway
        http.get()
                .uri("/api/v1/denials")
                .header("Sec-Fetch-Site", "cross-site")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void browsersGetNoBasicChallenge() {
        anonymous()
                .get()
                .uri("/api/v1/denials")
                .header("Sec-Fetch-Mode", "cors")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        v -> assertThat(v).doesNotContainIgnoringCase("basic"));
        asOperator("admin", "wrong password")
                .get()
                .uri("/api/v1/denials")
                .accept(MediaType.TEXT_HTML)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        v -> assertThat(v).doesNotContainIgnoringCase("basic"));
        // a script still gets one
        anonymous()
                .get()
                .uri("/api/v1/denials")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).contains("Basic"));
    }
}
