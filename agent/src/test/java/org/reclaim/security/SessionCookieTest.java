package org.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.springframework.http.HttpHeaders;

/** The UI session cookie is Secure when the page was served over TLS (issue 14, item 17). */
class SessionCookieTest extends ApiTest {

    private String sessionCookie(String uri, String forwardedProto) {
        return anonymous()
                .get()
                .uri(uri)
                .headers(
                        h -> {
                            if (forwardedProto != null) h.set("X-Forwarded-Proto", forwardedProto);
                        })
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getOrEmpty(HttpHeaders.SET_COOKIE)
                .stream()
                .filter(c -> c.startsWith("SESSION="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie from " + uri));
    }

    @Test
    void theSessionCookieIsSecureOverTlsOnly() {
        assertThat(sessionCookie("http://reclaim.example.test/login", "https"))
                .containsIgnoringCase("; Secure")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        assertThat(sessionCookie("https://reclaim.example.test/login", null))
                .containsIgnoringCase("; Secure");
        assertThat(sessionCookie("http://reclaim.example.test/login", null))
                .doesNotContainIgnoringCase("Secure")
                .containsIgnoringCase("HttpOnly");
    }
}
