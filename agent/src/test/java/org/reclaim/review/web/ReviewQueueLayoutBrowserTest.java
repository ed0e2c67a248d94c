package org.reclaim.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Browser;
import org.reclaim.support.Generated;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The review queue's table at a desktop width: a long reason in one row must not squeeze the other
 * columns until their words break in the middle (a claim number split over three lines, as the
 * page-load measurement's screenshots showed at 1280 px).
 */
class ReviewQueueLayoutBrowserTest extends ApiTest {

    private static Browser browser;

    @LocalServerPort int port;
    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        TestPlaybooks.shipped(triage);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) browser.close();
        browser = null;
    }

    @Test
    void aLongReasonLeavesEveryClaimNumberOnOneLineAt1280Pixels() throws IOException {
        TestPlaybooks.forEveryCategory(
                triage,
                """
                  - step: WRITE_OFF
                    review: ALWAYS
                    on: {REJECTED: person, DONE: END}
                  - id: person
                    step: ESCALATE
                """);
        Generated.upload(http, 40, 5, 0.4, triage.today().minusDays(20));
        orchestrator.runUntilIdle().block();
        // one review's reason as long as the drafting steps write them
        db.sql(
                        "UPDATE review SET reason = :r WHERE id = (SELECT id FROM review ORDER BY id"
                                + " LIMIT 1)")
                .bind(
                        "r",
                        "proposed write-off, nothing on file supports a change: nothing can be"
                                + " changed automatically for CO-181: no document is on file for the"
                                + " claim, and no coding rule applies without one; the playbook asks"
                                + " for a review at WRITE_OFF after the payer answered twice and the"
                                + " second answer named the same remark as the first")
                .then()
                .block();
        browser = Browser.open(port);
        browser.signIn("admin", IntegrationTest.ADMIN_PASSWORD);
        browser.driver.manage().window().setSize(new Dimension(1280, 1000));
        browser.go("/reviews");
        List<WebElement> claims = browser.driver.findElements(By.cssSelector("a.open-denial"));
        assertThat(claims).hasSizeGreaterThanOrEqualTo(3);
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        for (WebElement claim : claims) {
            long lines =
                    ((Number)
                                    js.executeScript(
                                            "return arguments[0].getClientRects().length;", claim))
                            .longValue();
            assertThat(lines).as(claim.getText() + " is on one line").isEqualTo(1);
        }
    }
}
