package org.reclaim.prevention.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.prevention.Claims837.claim;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.reclaim.prevention.Claims837;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Browser;
import org.reclaim.support.IntegrationTest;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

/**
 * The prevention card in headless Chromium: the dashboard loads it for its period, and its Held
 * tile opens the held-claims page with the claim the gate held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreventionCardBrowserTest extends ApiTest {

    @LocalServerPort int port;
    @Autowired TriageService triage;
    private Browser browser;

    @BeforeAll
    void openTheBrowser() {
        browser = Browser.open(port);
        browser.signIn("admin", IntegrationTest.ADMIN_PASSWORD);
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) browser.close();
    }

    @Test
    void theDashboardShowsTheCardAndTheHeldTileOpensTheHeldClaims() throws InterruptedException {
        // TSTCOMB2 is COMMERCIAL: 90 days of timely filing, so 200 days ago is held
        http.post()
                .uri("/api/v1/claims/submit")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(
                        Claims837.file(
                                        claim("CARD-BROWSER")
                                                .line(
                                                        "99213",
                                                        "",
                                                        1,
                                                        triage.today().minusDays(200)))
                                .getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isOk();
        browser.go("/dashboard");
        // the card is fetched after the page loads
        long until = System.nanoTime() + 15_000_000_000L;
        while (browser.driver.findElements(By.id("prevention-card")).isEmpty()
                && System.nanoTime() < until) Thread.sleep(100);
        assertThat(browser.text(By.id("prevention-scrubbed"))).isEqualTo("1");
        assertThat(browser.text(By.id("prevention-held"))).isEqualTo("1");
        browser.follow(browser.find(By.id("tile-prevention-held")));
        assertThat(browser.path()).isEqualTo("/claims/held?status=HELD");
        assertThat(browser.driver.getPageSource()).contains("CARD-BROWSER");
    }
}
