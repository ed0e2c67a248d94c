package org.reclaim.denial.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
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
import org.springframework.http.MediaType;

/** The operator pages in headless Chromium, against the running service. */
class BrowserTest extends ApiTest {

    @LocalServerPort int port;
    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired org.reclaim.core.ReclaimProperties props;

    @BeforeEach
    void draftThenReviewPlaybooks() throws IOException {
        // every category: draft an appeal, then always wait for an operator
        TestPlaybooks.forEveryCategory(
                triage, "  - step: DRAFT_APPEAL\n" + TestPlaybooks.REVIEW_WAIT_WRITE_OFF);
    }

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        TestPlaybooks.shipped(triage);
        org.reclaim.support.TestRecords.clear(props);
    }

    @Test
    void anOperatorSignsInOpensADenialApprovesItsDraftedAppealAndSeesTheMoveInTheTimeline() {
        Generated.upload(http, 40, 3, 0.4, triage.today().minusDays(20));
        // an appeal is drafted only with an enclosure that answers the denial
        org.reclaim.support.TestRecords.noteForEveryDenial(props, db);
        orchestrator.runUntilIdle().block();
        String denialId =
                db.sql(
                                """
                        SELECT d.id FROM denial d JOIN artifact a ON a.denial_id = d.id AND a.kind = 'appeal-packet'
                        WHERE d.status = 'AWAITING_REVIEW' ORDER BY d.id LIMIT 1""")
                        .map(r -> r.get("id", UUID.class).toString())
                        .one()
                        .block();
        assertThat(denialId).as("a denial waits for review with a drafted appeal").isNotNull();

        try (Browser b = Browser.open(port)) {
            b.signIn("admin", IntegrationTest.ADMIN_PASSWORD);
            assertThat(b.path()).isEqualTo("/worklist");
            assertThat(b.driver.findElements(By.cssSelector("tr.denial-row"))).isNotEmpty();

            b.go("/worklist?status=AWAITING_REVIEW&sort=amount");
            WebElement row = b.find(By.cssSelector("tr.denial-row[data-id='" + denialId + "']"));
            b.follow(row.findElement(By.cssSelector("a.open-denial")));
            assertThat(b.path()).isEqualTo("/denials/" + denialId);
            assertThat(b.text(By.id("denial-status"))).isEqualTo("AWAITING_REVIEW");
            assertThat(b.text(By.id("letter"))).contains("Claim");
            assertThat(b.text(By.id("timeline")))
                    .contains("DRAFT_APPEAL")
                    .doesNotContain("operator:admin");

            b.go("/reviews");
            WebElement review =
                    b.find(By.cssSelector("tr.review-row[data-denial='" + denialId + "']"));
            b.follow(review.findElement(By.cssSelector("button.approve")));
            assertThat(b.path()).startsWith("/reviews?decided=approved");
            assertThat(
                            b.driver.findElements(
                                    By.cssSelector(
                                            "tr.review-row[data-denial='" + denialId + "']")))
                    .isEmpty();

            // the decision carries the time the operator had the queue open (cost to rework)
            assertThat(
                            db.sql(
                                            "SELECT seconds FROM operator_time WHERE denial_id = :d AND action = 'APPROVE'")
                                    .bind("d", UUID.fromString(denialId))
                                    .map(r -> r.get(0, Integer.class))
                                    .one()
                                    .block())
                    .isNotNull()
                    .isBetween(0, 600);
            b.go("/denials/" + denialId);
            assertThat(b.text(By.id("denial-status"))).isEqualTo("IN_PROGRESS");
            assertThat(b.text(By.id("timeline")))
                    .contains("AWAITING_REVIEW → IN_PROGRESS")
                    .contains("operator:admin");
            assertThat(b.text(By.id("audit"))).contains("operator:admin");

            // the agent goes on from the approval: the next step shows up in the timeline
            orchestrator.runUntilIdle().block();
            b.go("/denials/" + denialId);
            assertThat(b.text(By.id("timeline"))).contains("AWAIT_RESPONSE");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardShowsTheFiguresOfTheMetricsApiAndDrawsItsCharts() {
        Generated.upload(http, 120, 21, 0.3, triage.today().minusDays(40));
        // an appeal is drafted only with an enclosure that answers the denial
        org.reclaim.support.TestRecords.noteForEveryDenial(props, db);
        orchestrator.runUntilIdle().block();
        Map<String, Object> headline =
                (Map<String, Object>)
                        http.get()
                                .uri("/api/v1/metrics")
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody()
                                .get("headline");
        assertThat(headline).isNotEmpty();
        assertThat(headline.get("denialsWorked")).isNotEqualTo("0");

        try (Browser b = Browser.open(port)) {
            b.signIn("admin", IntegrationTest.ADMIN_PASSWORD);
            b.go("/dashboard");
            for (var e : headline.entrySet()) {
                assertThat(b.text(By.id("metric-" + e.getKey())))
                        .as(e.getKey())
                        .isEqualTo(String.valueOf(e.getValue()));
            }
            // ECharts drew into each chart's box (a canvas appears once the library ran on the
            // inlined data)
            for (String chart : List.of("chart-month", "chart-payer", "chart-category")) {
                assertThat(b.find(By.id(chart)).findElements(By.tagName("canvas")))
                        .as(chart)
                        .isNotEmpty();
            }
        }
    }

    @Test
    void aReviewerLimitedToOnePracticeCannotOpenAnotherPracticesDenial() {
        String slug = "b-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> practiceB =
                http.post()
                        .uri("/api/v1/practices")
                        .bodyValue(Map.of("name", "Practice B", "slug", slug))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        withKey((String) practiceB.get("apiKey"))
                .post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(TestData.sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(TestData.sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        String denialOfB =
                db.sql("SELECT id FROM denial WHERE practice_id = :p LIMIT 1")
                        .bind("p", UUID.fromString((String) practiceB.get("id")))
                        .map(r -> r.get("id", UUID.class).toString())
                        .one()
                        .block();
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                "ann.a",
                                "password",
                                "ann-password-123",
                                "role",
                                "REVIEWER",
                                "practices",
                                List.of("default")))
                .exchange()
                .expectStatus()
                .isCreated();

        try (Browser b = Browser.open(port)) {
            b.signIn("ann.a", "ann-password-123");
            assertThat(b.path()).isEqualTo("/worklist");
            // nothing here waits for a person yet (the agent has not run): every open denial
            b.go("/worklist?view=all");
            List<WebElement> rows = b.driver.findElements(By.cssSelector("tr.denial-row"));
            assertThat(rows)
                    .isNotEmpty()
                    .allSatisfy(
                            r -> assertThat(r.getText()).contains("default").doesNotContain(slug));
            b.go("/denials/" + denialOfB);
            assertThat(b.text(By.id("problem"))).isEqualTo("Not found");
            assertThat(b.driver.findElements(By.id("denial-status"))).isEmpty();
            // the artifact download and the API say the same
            asOperator("ann.a", "ann-password-123")
                    .get()
                    .uri("/api/v1/denials/{id}", denialOfB)
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
        // a wrong password shows the error on the form
        try (Browser b = Browser.open(port)) {
            b.signIn("ann.a", "not her password");
            assertThat(b.path()).startsWith("/login?error");
            assertThat(b.text(By.id("login-error"))).contains("Wrong user name or password");
        }
    }
}
