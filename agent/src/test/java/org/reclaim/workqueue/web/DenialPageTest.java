package org.reclaim.workqueue.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.Lifecycle;
import org.reclaim.remittance.AdjustmentText;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The denial page as a browser asks for it ({@code Accept: text/html}): decoded adjustments, the
 * other denials of the claim, only the actions the status allows, and HTML error pages (404 for a
 * missing or malformed id, 409 for an action on a denial that moved meanwhile) while API clients
 * keep their JSON problems.
 */
class DenialPageTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired Lifecycle lifecycle;

    @BeforeEach
    void reviewThenWaitPlaybooks() throws IOException {
        TestPlaybooks.forEveryCategory(triage, TestPlaybooks.REVIEW_WAIT_WRITE_OFF);
    }

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        TestPlaybooks.shipped(triage);
    }

    private List<UUID> awaitingReview() {
        Generated.upload(http, 40, 3, 0.4, triage.today().minusDays(20));
        orchestrator.runUntilIdle().block();
        List<UUID> ids =
                db.sql(
                                "SELECT d.id FROM denial d JOIN review r ON r.denial_id = d.id AND r.status = 'OPEN'"
                                        + " WHERE d.status = 'AWAITING_REVIEW' ORDER BY d.id")
                        .map(r -> r.get(0, UUID.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(ids).as("denials wait for review").hasSizeGreaterThan(2);
        return ids;
    }

    private String page(UUID id) {
        return http.get()
                .uri("/denials/{id}", id)
                .accept(MediaType.TEXT_HTML)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private UUID reviewOf(UUID denial) {
        return db.sql("SELECT id FROM review WHERE denial_id = :d AND status = 'OPEN'")
                .bind("d", denial)
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    @Test
    void aMissingOrMalformedIdIsAnHtml404WithAWayBackWhileTheApiKeepsItsJson() {
        String malformed =
                http.get()
                        .uri("/denials/not-a-denial")
                        .accept(MediaType.TEXT_HTML)
                        .exchange()
                        .expectStatus()
                        .isNotFound()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(malformed)
                .contains("id=\"problem\"", "not-a-denial", "is not a well-formed id")
                .contains("href=\"/worklist\"");
        UUID missing = UUID.randomUUID();
        assertThat(
                        http.get()
                                .uri("/denials/{id}", missing)
                                .accept(MediaType.TEXT_HTML)
                                .exchange()
                                .expectStatus()
                                .isNotFound()
                                .expectHeader()
                                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                                .expectBody(String.class)
                                .returnResult()
                                .getResponseBody())
                .contains("denial " + missing + " not found", "href=\"/worklist\"");
        // a client that does not ask for HTML gets the problem document, as before
        http.get()
                .uri("/denials/not-a-denial")
                .accept(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get()
                .uri("/denials/{id}", missing)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anApproveOfADenialEscalatedMeanwhileIsAnHtml409SayingSo() {
        UUID denial = awaitingReview().get(0);
        UUID review = reviewOf(denial);
        assertThat(page(denial)).contains("id=\"approve-here\"");
        // the deadline watcher's move, while the operator's page is open
        lifecycle
                .move(
                        denial,
                        DenialStatus.AWAITING_REVIEW,
                        DenialStatus.ESCALATED,
                        "system",
                        "the appeal deadline is 3 days away")
                .block();

        String now = page(denial);
        assertThat(now)
                .as("no Approve on an escalated denial")
                .doesNotContain("id=\"approve-here\"")
                .contains("id=\"action-retry\"");

        String conflict =
                http.post()
                        .uri("/reviews/{id}/approve", review)
                        .accept(MediaType.TEXT_HTML)
                        .body(
                                BodyInserters.fromFormData("back", "/denials/" + denial)
                                        .with("shownAt", "0"))
                        .exchange()
                        .expectStatus()
                        .isEqualTo(409)
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        // the shared 409 page (PageErrors) with the review's account: what happened, and ways back
        assertThat(conflict)
                .contains("this denial was escalated on ")
                .contains("; nothing to approve")
                .contains("href=\"/denials/" + denial + "\"")
                .contains("href=\"/reviews\"");
    }

    @Test
    void anActionFromAStalePageIsAnHtml409AndATerminalDenialOffersNoCloseOrWriteOff() {
        UUID denial = awaitingReview().get(0);
        assertThat(page(denial)).contains("id=\"action-close\"", "id=\"action-write-off\"");
        http.post()
                .uri("/api/v1/denials/" + denial + "/actions")
                .bodyValue(
                        Map.of(
                                "action",
                                "WRITE_OFF",
                                "operator",
                                "Sam",
                                "reason",
                                "below the cost of an appeal"))
                .exchange()
                .expectStatus()
                .isNoContent();

        // the page opened before the write-off still posts its Close
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("action", "CLOSE");
        form.part("reason", "paid by the patient");
        form.part("shownStatus", "AWAITING_REVIEW");
        String conflict =
                http.post()
                        .uri("/denials/{id}/actions", denial)
                        .accept(MediaType.TEXT_HTML)
                        .body(BodyInserters.fromMultipartData(form.build()))
                        .exchange()
                        .expectStatus()
                        .isEqualTo(409)
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(conflict)
                .contains("This denial was written off on ")
                .contains(
                        "by operator:admin (below the cost of an appeal); the action no longer applies")
                .contains("href=\"/denials/" + denial + "\"");

        String terminal = page(denial);
        assertThat(terminal)
                .doesNotContain("id=\"action-close\"")
                .doesNotContain("id=\"action-write-off\"")
                .doesNotContain("id=\"action-attach\"")
                .contains("id=\"no-actions\"");
        assertThat(terminal.indexOf("id=\"outcome\""))
                .as("the outcome comes first")
                .isLessThan(terminal.indexOf("id=\"denial-amount\""));
        assertThat(terminal).contains("Written off on " + triage.today());
    }

    @Test
    void adjustmentsAreDecodedWithTheirCarcTextAndTheClaimsOtherDenialsAreLinked() {
        awaitingReview();
        Map<String, Object> row =
                db.sql(
                                """
                        SELECT d.id, d.patient_control_number AS pcn, sl.adjustments FROM denial d
                        JOIN service_line sl ON sl.claim_payment_id = d.claim_payment_id
                        WHERE sl.adjustments <> '' AND (SELECT count(*) FROM denial o
                              WHERE o.patient_control_number = d.patient_control_number) > 1
                        ORDER BY d.id LIMIT 1""")
                        .fetch()
                        .one()
                        .block();
        assertThat(row).as("a claim with two denials and adjusted lines").isNotNull();
        UUID id = (UUID) row.get("id");
        String html = page(id);
        for (AdjustmentText.Entry a : AdjustmentText.decode((String) row.get("adjustments"))) {
            String text = triage.current().catalog().carc(a.carc()).description();
            assertThat(html)
                    .contains("CARC <strong>" + a.carc() + "</strong>")
                    .contains(org.springframework.web.util.HtmlUtils.htmlEscape(text))
                    .contains(triage.current().catalog().groups().get(a.group()));
        }
        assertThat(html).doesNotContainPattern("[A-Z]{2}:[0-9A-Z]{1,3}:[0-9.]+:[0-9.]*:[tf]");
        List<UUID> others =
                db.sql("SELECT id FROM denial WHERE patient_control_number = :p AND id <> :id")
                        .bind("p", row.get("pcn"))
                        .bind("id", id)
                        .map(r -> r.get(0, UUID.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(others).isNotEmpty();
        for (UUID o : others) assertThat(html).contains("href=\"/denials/" + o + "\"");
    }
}
