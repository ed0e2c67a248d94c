package org.reclaim.workqueue.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Browser;
import org.reclaim.support.Generated;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.work.PlaybookVersions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The denial page in headless Chromium: the agent's actual next step (its work item's step and
 * time) and the trail in time order; a malformed id answers an HTML 404 with a way back; a terminal
 * denial offers no Close or Write off. One browser for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DenialPageBrowserTest extends ApiTest {

    @LocalServerPort int port;
    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired PlaybookVersions playbooks;
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

    @BeforeEach
    void reviewThenWaitPlaybooks() throws IOException {
        TestPlaybooks.forEveryCategory(triage, TestPlaybooks.REVIEW_WAIT_WRITE_OFF);
    }

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        TestPlaybooks.shipped(triage);
    }

    /** An approved review: the agent goes on to wait ten days (AWAIT_RESPONSE). */
    private UUID approvedAndWaiting() {
        Generated.upload(http, 20, 5, 0.4, triage.today().minusDays(20));
        orchestrator.runUntilIdle().block();
        Map<String, Object> review =
                db.sql(
                                """
                        SELECT r.id, r.denial_id FROM review r JOIN denial d ON d.id = r.denial_id
                        WHERE r.status = 'OPEN' AND d.status = 'AWAITING_REVIEW' ORDER BY d.id LIMIT 1""")
                        .fetch()
                        .one()
                        .block();
        assertThat(review).as("a denial waits for review").isNotNull();
        http.post()
                .uri("/api/v1/reviews/" + review.get("id") + "/approve")
                .bodyValue(Map.of("operator", "Ana"))
                .exchange()
                .expectStatus()
                .isNoContent();
        orchestrator.runUntilIdle().block();
        return (UUID) review.get("denial_id");
    }

    @Test
    void thePageShowsTheAgentsNextStepAndItsDueTimeAndTheTrailInTimeOrder() {
        UUID denial = approvedAndWaiting();
        Map<String, Object> item =
                db.sql("SELECT step_index, next_run_at, state FROM work_item WHERE denial_id = :d")
                        .bind("d", denial)
                        .fetch()
                        .one()
                        .block();
        assertThat(item.get("state")).isEqualTo("READY");
        int step = (Integer) item.get("step_index");
        Instant due = ((OffsetDateTime) item.get("next_run_at")).toInstant();

        browser.go("/denials/" + denial);
        var playbook = playbooks.ofDenial(denial).block();
        assertThat(browser.text(By.id("next-step-what")))
                .isEqualTo(
                        "The agent runs step "
                                + (step + 1)
                                + " of "
                                + playbook.steps().size()
                                + " · "
                                + playbook.steps().get(step).kind());
        assertThat(
                        OffsetDateTime.parse(
                                        browser.find(By.id("next-step-due"))
                                                .getDomAttribute("datetime"))
                                .toInstant())
                .isEqualTo(due);
        // not triage's first verdict: the page says what the work item will do
        assertThat(browser.text(By.id("outcome-headline"))).isNotBlank();

        List<WebElement> entries = browser.driver.findElements(By.cssSelector("#timeline li"));
        assertThat(entries).hasSizeGreaterThan(3);
        Instant last = Instant.MIN;
        for (WebElement e : entries) {
            Instant at = OffsetDateTime.parse(e.getDomAttribute("data-at")).toInstant();
            assertThat(at).as("the trail is in time order").isAfterOrEqualTo(last);
            last = at;
        }
        assertThat(entries.stream().map(e -> e.getDomAttribute("data-kind")).distinct())
                .contains("answer", "step", "status");
        assertThat(browser.text(By.id("timeline")))
                .contains("AWAITING_REVIEW → IN_PROGRESS")
                .contains("operator:admin");

        // a note from the page's form joins the trail
        browser.find(By.id("note-text")).sendKeys("called the payer, reference 42");
        browser.follow(browser.find(By.id("add-note")));
        assertThat(browser.text(By.id("timeline")))
                .contains("called the payer, reference 42")
                .contains("operator:admin");
    }

    @Test
    void aMalformedIdShowsAnHtml404WithALinkBack() {
        browser.go("/denials/12345");
        assertThat(browser.text(By.id("problem"))).isEqualTo("Not found");
        assertThat(browser.text(By.id("problem-detail")))
                .contains("'12345' is not a well-formed id");
        browser.follow(browser.find(By.id("back-to-worklist")));
        assertThat(browser.path()).startsWith("/worklist");
    }

    @Test
    void aTerminalDenialShowsItsOutcomeFirstAndOffersNoCloseOrWriteOff() {
        UUID denial = approvedAndWaiting();
        browser.go("/denials/" + denial);
        assertThat(browser.driver.findElements(By.id("action-close"))).isNotEmpty();
        assertThat(browser.driver.findElements(By.id("action-write-off"))).isNotEmpty();
        browser.find(By.id("write-off-reason")).sendKeys("below the cost of an appeal");
        browser.follow(browser.find(By.id("action-write-off")));

        assertThat(browser.path()).startsWith("/denials/" + denial);
        assertThat(browser.text(By.id("denial-status"))).isEqualTo("WRITTEN_OFF");
        assertThat(browser.text(By.id("outcome-headline"))).startsWith("Written off on ");
        assertThat(browser.driver.findElements(By.id("action-close"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("action-write-off"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("next-step"))).isEmpty();
    }
}
