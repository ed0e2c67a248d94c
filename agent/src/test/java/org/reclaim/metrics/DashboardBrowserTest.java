package org.reclaim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Browser;
import org.reclaim.support.IntegrationTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in headless Chromium: a tile opens the worklist filtered to what it counts, the
 * dashboard, invoices and rejections pages fit a 390 px phone without scrolling sideways, and
 * axe-core finds no serious or critical accessibility violation on the dashboard. One browser for
 * the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest extends ApiTest {

    @LocalServerPort int port;
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

    /**
     * Two escalated denials and one triaged, under payers with long names, with a little of
     * everything the dashboard tables show.
     */
    @BeforeEach
    void someDenials() {
        LocalDate today = LocalDate.now(context.getBean(Clock.class));
        Fixture f = new Fixture(db);
        String[][] rows = {
            {"P1", "PCN-B1", "16", "125.40", "ESCALATED", "10"},
            {"P2", "PCN-B2", "197", "980.00", "ESCALATED", "75"},
            {"P1", "PCN-B3", "50", "60.00", "TRIAGED", "140"}
        };
        for (String[] r : rows) {
            String day = today.minusDays(Integer.parseInt(r[5])).toString();
            UUID rem = f.remittance(f.file("835", day), r[0], day);
            UUID cp = f.claimPayment(rem, 1, r[1], "1", r[3], "0.00");
            f.denial(
                    rem,
                    cp,
                    r[0],
                    day,
                    r[1],
                    "CO",
                    r[2],
                    r[3],
                    "AUTHORIZATION",
                    "appeal",
                    today.plusDays(20),
                    r[4]);
        }
        // a payer name as long as real ones get
        db.sql(
                        "UPDATE denial SET payer_name = 'Blue Cross Blue Shield of the Great Lakes Region' WHERE payer_id = 'P2'")
                .then()
                .block();
        db.sql(
                        "UPDATE remittance SET payer_name = 'Blue Cross Blue Shield of the Great Lakes Region' WHERE payer_id = 'P2'")
                .then()
                .block();
        browser.driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    @Test
    void theEscalatedTileOpensTheWorklistFilteredToEscalatedDenials() {
        browser.go("/dashboard");
        assertThat(browser.text(By.id("metric-escalated"))).isEqualTo("2");
        browser.follow(browser.find(By.id("tile-escalated")));
        assertThat(browser.path()).isEqualTo("/worklist?status=ESCALATED");
        assertThat(browser.driver.findElements(By.cssSelector("tr.denial-row"))).hasSize(2);

        // a payer's row opens the worklist filtered to that payer
        browser.go("/dashboard");
        browser.follow(browser.find(By.cssSelector("#table-payer a[href='/worklist?payer=P1']")));
        assertThat(browser.path()).isEqualTo("/worklist?payer=P1");
        assertThat(browser.driver.findElements(By.cssSelector("tr.denial-row"))).hasSize(2);
    }

    @Test
    void theDashboardInvoicesAndRejectionsFitA390PixelScreen() {
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        for (String page : List.of("/dashboard", "/invoices", "/rejections")) {
            browser.go(page);
            long viewport =
                    ((Number) js.executeScript("return document.documentElement.clientWidth"))
                            .longValue();
            long scroll =
                    ((Number) js.executeScript("return document.documentElement.scrollWidth"))
                            .longValue();
            String widest =
                    (String)
                            js.executeScript(
                                    """
                                    let w = null, max = 0;
                                    for (const e of document.querySelectorAll('body *')) {
                                      const r = e.getBoundingClientRect().right;
                                      if (r > max) { max = r; w = e; }
                                    }
                                    return w ? w.tagName + '#' + w.id + '.' + w.className + ' ' + max : '';""");
            assertThat(viewport).as(page + " viewport").isLessThanOrEqualTo(390);
            assertThat(scroll)
                    .as(page + " scroll width; widest: " + widest)
                    .isLessThanOrEqualTo(390);
            assertThat(scroll).as(page + " overflows its viewport").isLessThanOrEqualTo(viewport);
            assertThat(js.executeScript("return document.documentElement.lang")).isEqualTo("en");
        }
    }

    @Test
    void axeFindsNoSeriousOrCriticalViolationsOnTheDashboard() {
        browser.go("/dashboard");
        Results results = new AxeBuilder().analyze(browser.driver);
        List<Rule> bad =
                results.getViolations().stream()
                        .filter(
                                r ->
                                        "serious".equals(r.getImpact())
                                                || "critical".equals(r.getImpact()))
                        .toList();
        assertThat(bad)
                .as(
                        bad.stream()
                                .map(
                                        r ->
                                                r.getId()
                                                        + " ("
                                                        + r.getImpact()
                                                        + "): "
                                                        + r.getNodes().stream()
                                                                .map(
                                                                        n ->
                                                                                String.valueOf(
                                                                                        n
                                                                                                .getTarget()))
                                                                .limit(5)
                                                                .collect(Collectors.joining(", ")))
                                .collect(Collectors.joining("; ")))
                .isEmpty();
    }
}
