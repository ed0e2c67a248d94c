package org.reclaim.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Browser;
import org.reclaim.support.Generated;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The review queue in headless Chromium, decided from the keyboard: one browser for the class.
 * Every denial proposes a write-off an operator must approve.
 */
class ReviewQueueBrowserTest extends ApiTest {

    private static Browser browser;

    @LocalServerPort int port;
    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;

    @BeforeEach
    void everyDenialProposesAWriteOff() throws IOException {
        TestPlaybooks.forEveryCategory(
                triage,
                """
                  - step: WRITE_OFF
                    review: ALWAYS
                    on: {REJECTED: person, DONE: END}
                  - id: person
                    step: ESCALATE
                """);
    }

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        TestPlaybooks.shipped(triage);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) browser.close();
        browser = null;
    }

    /** Denials waiting for review: at least {@code atLeast}. */
    private Browser queue(int claims, long seed, int atLeast) {
        Generated.upload(http, claims, seed, 0.4, triage.today().minusDays(20));
        orchestrator.runUntilIdle().block();
        if (browser == null) {
            browser = Browser.open(port);
            browser.signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        }
        browser.go("/reviews");
        assertThat(rows()).hasSizeGreaterThanOrEqualTo(atLeast);
        return browser;
    }

    private List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("tr.review-row"));
    }

    private void keys(CharSequence... keys) {
        new Actions(browser.driver).sendKeys(keys).perform();
    }

    private long decided(String status) {
        return TestData.count(db, "SELECT count(*) FROM review WHERE status = '" + status + "'");
    }

    private WebDriverWait await(int seconds) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(seconds));
    }

    /** Presses {@code key} on the current review and waits for the queue to come back. */
    private void decideCurrent(String key) {
        WebElement current = browser.find(By.cssSelector("tr.review-row.current"));
        keys(key);
        await(30).until(ExpectedConditions.stalenessOf(current));
        await(30)
                .until(
                        d ->
                                "complete"
                                                .equals(
                                                        ((JavascriptExecutor) d)
                                                                .executeScript(
                                                                        "return document.readyState"))
                                        && !d.findElements(By.cssSelector("tr.review-row.current"))
                                                .isEmpty());
    }

    @Test
    void anOperatorDecidesAReviewSeeingItsReasonAndWhatApprovalDoes() {
        queue(40, 5, 3);
        WebElement second = rows().get(1);
        String amount = second.findElement(By.cssSelector("td.num")).getText();
        assertThat(second.findElement(By.cssSelector(".reason")).isDisplayed()).isTrue();
        assertThat(second.findElement(By.cssSelector(".reason")).getText())
                .isEqualTo("the playbook asks for a review at WRITE_OFF");
        assertThat(second.findElement(By.cssSelector(".preview")).isDisplayed()).isTrue();
        assertThat(second.findElement(By.cssSelector(".preview")).getText())
                .isEqualTo("Approval writes off $" + amount + " as not recoverable");
        assertThat(second.findElement(By.cssSelector("button.approve")).getText())
                .isEqualTo("Approve write-off $" + amount);
        String review = second.getAttribute("data-review");
        int before = rows().size();

        keys("j");
        assertThat(
                        browser.find(By.cssSelector("tr.review-row.current"))
                                .getAttribute("data-review"))
                .isEqualTo(review);
        decideCurrent("a");
        // the decision is confirmed, and the queue is back at the same place (the next review)
        assertThat(browser.text(By.id("announce")))
                .isEqualTo("Approved write-off $" + amount + ": the agent goes on with it.");
        assertThat(rows()).hasSize(before - 1);
        assertThat(rows().get(1).getAttribute("class")).contains("current");
        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM review WHERE status = 'APPROVED' AND id = '"
                                        + review
                                        + "'"))
                .isEqualTo(1);
    }

    @Test
    void twentyReviewsAreApprovedInBulkByKeyboardAlone() {
        queue(80, 11, 22);
        int before = rows().size();
        List<String> picked =
                rows().subList(0, 20).stream().map(r -> r.getAttribute("data-review")).toList();
        for (int i = 0; i < 20; i++) keys("x", "j");
        assertThat(browser.text(By.id("bulk-count"))).isEqualTo("20 selected");
        keys("a");
        assertThat(browser.text(By.id("announce")))
                .isEqualTo("Approving 20 reviews in 5 seconds: press u or Undo to cancel.");
        await(30)
                .until(
                        d ->
                                d.findElement(By.id("announce"))
                                        .getText()
                                        .startsWith("Approved 20 reviews"));
        assertThat(browser.text(By.id("announce"))).isEqualTo("Approved 20 reviews.");
        assertThat(rows()).hasSize(before - 20);
        assertThat(browser.text(By.id("review-count"))).isEqualTo((before - 20) + " waiting");
        assertThat(decided("APPROVED")).isEqualTo(20);
        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM review WHERE status = 'APPROVED' AND id::text IN ('"
                                        + String.join("','", picked)
                                        + "')"))
                .isEqualTo(20);
    }

    @Test
    void aBulkDecisionCanBeUndoneInItsWindowAndNothingIsDecided() throws InterruptedException {
        queue(40, 5, 3);
        int before = rows().size();
        keys("x", "j", "x", "j", "x");
        keys("a");
        assertThat(browser.text(By.id("announce"))).startsWith("Approving 3 reviews in 5 seconds");
        assertThat(browser.find(By.id("bulk-undo")).isDisplayed()).isTrue();
        keys("u");
        assertThat(browser.text(By.id("announce"))).isEqualTo("Undone: nothing was decided.");
        // past the window: nothing was sent
        Thread.sleep(6_000);
        assertThat(decided("APPROVED")).isZero();
        assertThat(rows()).hasSize(before);
        assertThat(browser.text(By.id("bulk-count"))).isEqualTo("3 selected");
    }

    @Test
    void approvingAReviewWhoseDenialWasEscalatedMeanwhileShowsAnHtml409WithAWayBack() {
        queue(40, 5, 1);
        WebElement first = rows().get(0);
        UUID denial = UUID.fromString(first.getAttribute("data-denial"));
        // the deadline watcher escalated it while the page was open
        db.sql("UPDATE denial SET status = 'ESCALATED' WHERE id = :d")
                .bind("d", denial)
                .then()
                .block();
        browser.follow(first.findElement(By.cssSelector("button.approve")));
        assertThat(browser.text(By.id("problem"))).isEqualTo("Nothing to decide");
        assertThat(browser.text(By.id("stale-message")))
                .startsWith("this denial was escalated")
                .endsWith("; nothing to approve");
        browser.follow(browser.find(By.id("back-to-reviews")));
        assertThat(browser.path()).isEqualTo("/reviews");
        assertThat(decided("APPROVED")).isZero();
    }

    /**
     * The closing note's figure: keystrokes and seconds to decide 50 reviews by keyboard. A
     * measurement, not a check of the code (it needs 450 generated claims and minutes of the
     * suite's time), so it runs only on demand: {@code -Dreclaim.measure=true} (README, "Run every
     * test").
     */
    @Test
    @EnabledIfSystemProperty(named = "reclaim.measure", matches = "true")
    void fiftyReviewsDecidedByKeyboardMeasured() {
        queue(450, 23, 50);
        int before = rows().size();
        int keystrokes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            decideCurrent("a");
            keystrokes++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("keystrokes=%d seconds=%.1f%n", keystrokes, seconds);
        assertThat(rows()).hasSize(before - 50);
        assertThat(decided("APPROVED")).isEqualTo(50);
    }
}
