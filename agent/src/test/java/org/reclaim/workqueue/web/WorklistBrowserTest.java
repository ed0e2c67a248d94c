package org.reclaim.workqueue.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The worklist in headless Chromium: a saved view, a search by claim number, and an escalation
 * assigned to the operator and found under "Mine". One browser for the class, signed in once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorklistBrowserTest extends ApiTest {

    @LocalServerPort int port;
    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;

    private Browser b;

    @BeforeAll
    void openTheBrowser() {
        b = Browser.open(port);
        b.signIn("admin", IntegrationTest.ADMIN_PASSWORD);
    }

    @AfterAll
    void closeTheBrowser() {
        if (b != null) b.close();
    }

    /** Every denial waits for an operator's review (a rejection escalates it). */
    @BeforeEach
    void denialsAwaitingReview() throws IOException {
        TestPlaybooks.forEveryCategory(triage, TestPlaybooks.REVIEW_WAIT_WRITE_OFF);
        Generated.upload(http, 24, 11, 0.5, triage.today().minusDays(20));
        orchestrator.runUntilIdle().block();
    }

    @AfterEach
    void shipped() throws IOException {
        TestPlaybooks.shipped(triage);
    }

    private List<WebElement> rows() {
        return b.driver.findElements(By.cssSelector("tr.denial-row"));
    }

    @Test
    void aSearchByClaimNumberFindsTheClaim() {
        String pcn =
                db.sql(
                                "SELECT patient_control_number FROM denial WHERE status = 'AWAITING_REVIEW' ORDER BY patient_control_number DESC LIMIT 1")
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block();
        b.go("/worklist");
        assertThat(rows()).hasSizeGreaterThan(1);
        b.find(By.id("filter-q")).sendKeys(pcn);
        b.follow(b.find(By.id("apply-filter")));
        assertThat(b.path()).contains("q=" + pcn);
        assertThat(rows())
                .isNotEmpty()
                .allSatisfy(
                        r ->
                                assertThat(r.findElement(By.cssSelector("a.open-denial")).getText())
                                        .contains(pcn));
        // the amounts are dollars, the priority is explained
        WebElement row = rows().get(0);
        assertThat(row.findElement(By.cssSelector("td[data-label='Amount']")).getText())
                .startsWith("$");
        assertThat(row.findElement(By.cssSelector(".priority")).getDomAttribute("title"))
                .contains("expected recovery");
        assertThat(row.findElement(By.cssSelector("span.status")).getDomAttribute("class"))
                .contains("owner-operator");
    }

    @Test
    void aSavedViewIsSavedAppliedAndDeleted() {
        b.go("/worklist?view=all&status=AWAITING_REVIEW&sort=amount");
        b.find(By.id("view-name")).sendKeys("Big reviews");
        b.follow(b.find(By.id("save-view")));
        assertThat(b.path()).contains("saved=");

        b.go("/worklist?view=all");
        WebElement link = b.find(By.cssSelector("#saved-views a[data-view='Big reviews']"));
        b.follow(link);
        assertThat(b.path()).contains("status=AWAITING_REVIEW").contains("sort=amount");
        assertThat(rows())
                .isNotEmpty()
                .allSatisfy(
                        r ->
                                assertThat(r.getDomAttribute("data-status"))
                                        .isEqualTo("AWAITING_REVIEW"));
        assertThat(b.find(By.id("export-csv")).getDomAttribute("href"))
                .contains("/api/v1/worklist.csv?")
                .contains("status=AWAITING_REVIEW");

        b.follow(b.find(By.cssSelector("#saved-views button.delete-view")));
        assertThat(b.driver.findElements(By.cssSelector("#saved-views a[data-view]"))).isEmpty();
    }

    @Test
    void anEscalationIsAssignedToMeAndAppearsUnderMine() {
        UUID denial =
                db.sql(
                                "SELECT id FROM denial WHERE status = 'AWAITING_REVIEW' ORDER BY patient_control_number LIMIT 1")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        UUID review =
                db.sql("SELECT id FROM review WHERE denial_id = :d AND status = 'OPEN'")
                        .bind("d", denial)
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        http.post()
                .uri("/api/v1/reviews/" + review + "/reject")
                .bodyValue(Map.of("reason", "not what the chart says"))
                .exchange()
                .expectStatus()
                .isNoContent();
        orchestrator.runUntilIdle().block();

        b.go("/worklist");
        By mine = By.cssSelector("tr.denial-row[data-id='" + denial + "']");
        WebElement row = b.find(mine);
        assertThat(row.getDomAttribute("data-status")).isEqualTo("ESCALATED");
        assertThat(row.findElement(By.cssSelector(".todo-what")).getText()).isNotBlank();
        b.follow(row.findElement(By.cssSelector("button.assign-me")));
        assertThat(b.find(mine).findElement(By.cssSelector(".assignee-name")).getText())
                .isEqualTo("admin");

        b.follow(b.find(By.id("link-mine")));
        assertThat(b.path()).contains("assignee=me");
        assertThat(rows())
                .extracting(r -> r.getDomAttribute("data-id"))
                .containsExactly(denial.toString());

        // noted from its page: the note and the assignment are on the timeline, by the operator
        b.go("/denials/" + denial);
        b.find(By.id("note-text")).sendKeys("called the payer: a retro authorization is pending");
        b.follow(b.find(By.id("add-note")));
        assertThat(b.path()).startsWith("/denials/" + denial);
        assertThat(
                        b.driver.findElements(By.cssSelector("#timeline li.entry.note")).stream()
                                .map(WebElement::getText)
                                .toList())
                .hasSize(2)
                .anySatisfy(t -> assertThat(t).contains("assigned to admin"))
                .anySatisfy(
                        t ->
                                assertThat(t)
                                        .contains(
                                                "called the payer: a retro authorization is pending")
                                        .contains("by operator:admin"));
    }
}
