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
        assertThat(browser.text(By.id("problem-detail")))
                .startsWith("this denial was escalated")
                .endsWith("; nothing to approve");
        browser.follow(browser.find(By.id("back")));
        assertThat(browser.path()).isEqualTo("/reviews");
        assertThat(decided("APPROVED")).isZero();
    }

    /**
     * At a 1280 px window the queue and the worklist fit without scrolling sideways, with long
     * reasons and escalation notes (a long token among them): money, dates, counts and claim
     * numbers stay on one line each (never broken mid-word), the long text is clamped with its
     * whole in the title and opens on a click; at 390 px neither page overflows either.
     */
    @Test
    void theQueueAndTheWorklistFitA1280PixelWindowWithoutBreakingAWord() {
        queue(40, 5, 3);
        String token =
                "line[1].modifiers=25,59,XS,GT;line[2].units=3;0190a1b2c3d47e5f8a9b0c1d2e3f4a";
        String reason =
                "the draft did not pass validation: "
                        + token
                        + " "
                        + "the payer's portal answered that the claim was already adjudicated "
                                .repeat(8);
        db.sql("UPDATE review SET reason = :r WHERE status = 'OPEN'")
                .bind("r", reason)
                .then()
                .block();
        // two escalations with long notes, for the worklist's default view
        db.sql(
                        "WITH e AS (SELECT denial_id FROM review WHERE status = 'OPEN' ORDER BY id LIMIT 2)"
                                + " UPDATE denial SET status = 'ESCALATED' WHERE id IN (SELECT denial_id FROM e)")
                .then()
                .block();
        db.sql(
                        "INSERT INTO denial_event (id, practice_id, denial_id, from_status, to_status, actor,"
                                + " reason, at) SELECT gen_random_uuid(), practice_id, id, 'AWAITING_REVIEW',"
                                + " 'ESCALATED', 'system', :r, now() FROM denial WHERE status = 'ESCALATED'")
                .bind("r", reason)
                .then()
                .block();
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        try {
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
            for (String page : List.of("/reviews", "/worklist")) {
                browser.go(page);
                assertThat(js.executeScript("return document.documentElement.clientWidth"))
                        .as(page + " viewport")
                        .satisfies(
                                w ->
                                        assertThat(((Number) w).longValue())
                                                .isLessThanOrEqualTo(1280));
                assertThat(overflow(js)).as(page + " scrolls sideways by").isLessThanOrEqualTo(0);
                assertThat(brokenWords(js)).as(page + " cells broken inside a word").isEmpty();
            }
            browser.go("/reviews");
            WebElement clamped = rows().get(0).findElement(By.cssSelector(".reason"));
            assertThat(clamped.getAttribute("title")).isEqualTo(reason);
            int shut = clamped.getSize().getHeight();
            clamped.click();
            assertThat(clamped.getAttribute("class")).contains("open");
            assertThat(clamped.getSize().getHeight()).as("opened").isGreaterThan(shut);

            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            for (String page : List.of("/reviews", "/worklist")) {
                browser.go(page);
                assertThat(overflow(js))
                        .as(page + " at 390 px scrolls sideways by")
                        .isLessThanOrEqualTo(0);
            }
        } finally {
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        }
    }

    /** How far the page is wider than its viewport, in px (0 or less: it fits). */
    private static long overflow(JavascriptExecutor js) {
        return ((Number)
                        js.executeScript(
                                "return document.documentElement.scrollWidth"
                                        + " - document.documentElement.clientWidth;"))
                .longValue();
    }

    /**
     * The money, date, count and claim-number cells whose text runs over more than one line (a text
     * node with line boxes at different heights): each as its class and text.
     */
    @SuppressWarnings("unchecked")
    private static List<String> brokenWords(JavascriptExecutor js) {
        return (List<String>)
                js.executeScript(
                        """
                        const out = [];
                        const cells = document.querySelectorAll(
                          'td.num, td.deadline, td .date, a.open-denial, td.days-left, td.age, td .status');
                        for (const e of cells) {
                          const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
                          for (let t = walk.nextNode(); t; t = walk.nextNode()) {
                            if (!t.textContent.trim()) continue;
                            const r = document.createRange();
                            r.selectNodeContents(t);
                            const tops = new Set([...r.getClientRects()]
                              .filter(x => x.width > 0).map(x => Math.round(x.top)));
                            if (tops.size > 1) out.push(e.className + ': ' + t.textContent.trim());
                          }
                        }
                        return out;""");
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
