package org.reclaim.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.DemoLike;
import org.reclaim.support.TestData;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;

/** The review queue an operator decides from, on demo-like data, through the API. */
class ReviewQueueTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired org.reclaim.core.ReclaimProperties props;

    @AfterEach
    void noRecordsLeft() throws java.io.IOException {
        DemoLike.cleanUp(props, triage);
    }

    void demoLike(int claims, long seed) {
        DemoLike.worked(http, orchestrator, triage, props, claims, seed);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> open() {
        Map<String, Object> page =
                http.get()
                        .uri("/api/v1/reviews?size=1000")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        return (List<Map<String, Object>>) page.get("content");
    }

    @Test
    void everyReviewSaysWhyAndADraftsReviewLinksItsDraft() {
        demoLike(150, 7);
        List<Map<String, Object>> reviews = open();
        assertThat(reviews).isNotEmpty();
        for (Map<String, Object> r : reviews) {
            String reason = (String) r.get("reason");
            assertThat(reason).as("review %s", r.get("id")).isNotBlank();
            assertThat(reason.strip()).as("review %s", r.get("id")).doesNotEndWith(":");
            assertThat(reason).doesNotContain(": ;").doesNotContain("validation: see");
        }
        // a review of a drafted corrected claim or appeal links the draft it decides (write-offs
        // have none)
        var drafts =
                db.sql(
                                "SELECT r.id, a.id AS artifact FROM review r JOIN work_item w ON w.denial_id = r.denial_id"
                                        + " JOIN artifact a ON a.denial_id = r.denial_id AND a.kind IN ('claim-837', 'appeal-packet')"
                                        + " WHERE r.status = 'OPEN'")
                        .map(
                                x ->
                                        Map.entry(
                                                x.get("id", java.util.UUID.class).toString(),
                                                x.get("artifact", java.util.UUID.class).toString()))
                        .all()
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                        .block();
        assertThat(drafts).isNotEmpty();
        for (Map<String, Object> r : reviews) {
            if (!drafts.containsKey((String) r.get("id"))) continue;
            assertThat(r.get("artifactId"))
                    .as("review %s: %s", r.get("id"), r.get("reason"))
                    .isEqualTo(drafts.get((String) r.get("id")));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> draft(Map<String, Object> review) {
        return (Map<String, Object>) review.get("draft");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theQueueShowsWhatApprovalDoesAndTheDraftInWordsNearestDeadlineFirst() {
        demoLike(150, 7);
        List<Map<String, Object>> reviews = open();
        assertThat(reviews).isNotEmpty();
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        java.time.LocalDate today = triage.today();
        String previous = null;
        boolean undated = false;
        for (Map<String, Object> r : reviews) {
            Map<String, Object> d = draft(r);
            String kind = (String) d.get("kind");
            kinds.merge(kind, 1, Integer::sum);
            String summary = (String) d.get("summary");
            String act = (String) d.get("act");
            switch (kind) {
                case "CORRECTED_CLAIM" -> {
                    assertThat(act).isEqualTo("Approve corrected claim");
                    // a corrected claim offered for approval changes something, said in words
                    assertThat(summary).as("review %s", r.get("id")).isNotBlank();
                    assertThat(summary)
                            .doesNotContain("no field changes recorded")
                            .doesNotContain("[")
                            .doesNotContain("(none)");
                    List<Map<String, Object>> fields = (List<Map<String, Object>>) d.get("fields");
                    assertThat(fields)
                            .extracting(f -> f.get("name"))
                            .contains("priorAuthorization", "line[1].modifiers");
                }
                case "APPEAL" -> {
                    assertThat(act).isEqualTo("Approve appeal");
                    assertThat(summary)
                            .as("the letter's opening")
                            .isNotBlank()
                            .hasSizeLessThan(420);
                }
                case "WRITE_OFF" -> {
                    assertThat(act)
                            .isEqualTo(
                                    "Approve write-off $"
                                            + String.format(
                                                    "%,.2f",
                                                    new java.math.BigDecimal(
                                                            r.get("amount").toString())));
                    assertThat(summary).startsWith("writes off $");
                }
                default -> assertThat(act).isEqualTo("Approve");
            }
            assertThat(r.get("payer")).as("review %s", r.get("id")).isNotNull();
            String deadline = (String) r.get("deadline");
            if (deadline == null) {
                undated = true;
                assertThat(r.get("daysLeft")).isNull();
            } else {
                assertThat(undated).as("undated reviews come last").isFalse();
                if (previous != null) assertThat(deadline).isGreaterThanOrEqualTo(previous);
                previous = deadline;
                assertThat(((Number) r.get("daysLeft")).longValue())
                        .isEqualTo(
                                java.time.temporal.ChronoUnit.DAYS.between(
                                        today, java.time.LocalDate.parse(deadline)));
            }
            assertThat(((Number) r.get("ageDays")).longValue()).isNotNegative();
        }
        System.out.println("review kinds: " + kinds);
        assertThat(kinds).containsKeys("CORRECTED_CLAIM", "APPEAL", "WRITE_OFF");
    }

    /** The first open review of the kind, as the API lists it. */
    Map<String, Object> first(String kind) {
        return open().stream()
                .filter(r -> kind.equals(draft(r).get("kind")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no open " + kind + " review"));
    }

    @Test
    void aStaleApproveAnswers409SayingTheDenialWasEscalatedOnTheApiAndThePage() {
        demoLike(150, 7);
        Map<String, Object> review = open().get(0);
        String denial = (String) review.get("denialId");
        // the deadline watcher escalated the denial meanwhile
        java.util.UUID id = java.util.UUID.fromString(denial);
        db.sql("UPDATE denial SET status = 'ESCALATED' WHERE id = :d").bind("d", id).then().block();
        db.sql(
                        "INSERT INTO denial_event (id, practice_id, denial_id, from_status, to_status, actor,"
                                + " reason, at) SELECT gen_random_uuid(), practice_id, id, 'AWAITING_REVIEW',"
                                + " 'ESCALATED', 'system', 'deadline near',"
                                + " timestamptz '2099-11-30 10:00:00+00' FROM denial WHERE id = :d")
                .bind("d", id)
                .then()
                .block();
        Map<String, Object> problem =
                http.post()
                        .uri("/api/v1/reviews/" + review.get("id") + "/approve")
                        .bodyValue(Map.of())
                        .exchange()
                        .expectStatus()
                        .isEqualTo(409)
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(problem.get("detail"))
                .isEqualTo("this denial was escalated on 2099-11-30; nothing to approve");
        assertThat(problem.get("denialStatus")).isEqualTo("ESCALATED");
        assertThat(problem.get("movedAt")).isEqualTo("2099-11-30T10:00:00Z");
        String page =
                http.post()
                        .uri("/reviews/" + review.get("id") + "/approve")
                        .header("Accept", "text/html")
                        .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                        .bodyValue("shownAt=")
                        .exchange()
                        .expectStatus()
                        .isEqualTo(409)
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        // the shared error page (PageErrors), as every page's errors: the way back to the queue,
        // the denial and the worklist
        assertThat(page)
                .contains("this denial was escalated on 2099-11-30; nothing to approve")
                .contains("id=\"problem-detail\"")
                .contains("href=\"/reviews\"")
                .contains("href=\"/denials/" + denial + "\"")
                .contains("id=\"back-to-worklist\"");
        // nothing was decided
        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM review WHERE status = 'OPEN' AND id = '"
                                        + review.get("id")
                                        + "'"))
                .isEqualTo(1);
    }

    @Test
    void theClaimsFieldsEditedInTheFormAreTheEditsApproved() {
        demoLike(150, 7);
        Map<String, Object> review = first("CORRECTED_CLAIM");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) draft(review).get("fields");
        String modifier =
                fields.stream()
                                .anyMatch(
                                        f ->
                                                f.get("name").equals("line[1].modifiers")
                                                        && f.get("value").equals("25"))
                        ? "59"
                        : "25";
        org.springframework.util.LinkedMultiValueMap<String, String> form =
                new org.springframework.util.LinkedMultiValueMap<>();
        for (Map<String, Object> f : fields) {
            String name = (String) f.get("name");
            String value = (String) f.get("value");
            form.add("was:" + name, value);
            // the operator sets line 1's modifier to 25; every other field is sent as it was
            form.add("field:" + name, name.equals("line[1].modifiers") ? modifier : value);
        }
        form.add("shownAt", "");
        http.post()
                .uri("/reviews/" + review.get("id") + "/approve")
                .body(org.springframework.web.reactive.function.BodyInserters.fromFormData(form))
                .exchange()
                .expectStatus()
                .is3xxRedirection();
        orchestrator.runUntilIdle().block();
        List<String> details =
                db.sql(
                                "SELECT detail FROM step_run WHERE denial_id = :d AND detail LIKE 'approved by an operator%'")
                        .bind("d", java.util.UUID.fromString((String) review.get("denialId")))
                        .map(x -> x.get("detail", String.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(details).hasSize(1);
        assertThat(details.get(0))
                .startsWith("approved by an operator with edits (line[1].modifiers: ")
                .contains("→ " + modifier + ")");
        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM artifact WHERE source LIKE 'operator-edit:%' AND denial_id = '"
                                        + review.get("denialId")
                                        + "'"))
                .isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBulkDecisionAnswersPerReview() {
        demoLike(150, 7);
        List<Map<String, Object>> reviews = open();
        assertThat(reviews).hasSizeGreaterThanOrEqualTo(3);
        String approve = (String) reviews.get(0).get("id");
        String alsoApprove = (String) reviews.get(1).get("id");
        String stale = (String) reviews.get(2).get("id");
        db.sql("UPDATE denial SET status = 'ESCALATED' WHERE id = :d")
                .bind("d", java.util.UUID.fromString((String) reviews.get(2).get("denialId")))
                .then()
                .block();
        String missing = java.util.UUID.randomUUID().toString();
        Map<String, Object> answer =
                http.post()
                        .uri("/api/v1/reviews/bulk")
                        .bodyValue(
                                Map.of(
                                        "decision",
                                        "approve",
                                        "ids",
                                        List.of(approve, stale, missing, alsoApprove)))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(answer.get("decided")).isEqualTo(2);
        assertThat(answer.get("failed")).isEqualTo(2);
        List<Map<String, Object>> results = (List<Map<String, Object>>) answer.get("results");
        assertThat(results)
                .extracting(r -> r.get("id") + " " + r.get("status") + " " + r.get("outcome"))
                .containsExactly(
                        approve + " 204 approved",
                        stale + " 409 conflict",
                        missing + " 404 not-found",
                        alsoApprove + " 204 approved");
        assertThat((String) results.get(1).get("detail")).endsWith("; nothing to approve");
        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM review WHERE status = 'APPROVED' AND decided_by = 'admin'"))
                .isEqualTo(2);
        // the same reviews again: decided already
        Map<String, Object> again =
                http.post()
                        .uri("/api/v1/reviews/bulk")
                        .bodyValue(
                                Map.of(
                                        "decision",
                                        "reject",
                                        "ids",
                                        List.of(approve),
                                        "reason",
                                        "x"))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(((List<Map<String, Object>>) again.get("results")).get(0).get("detail"))
                .isEqualTo("the review is already APPROVED");
        // bad requests name what is wrong, and decide nothing
        for (var bad :
                List.of(
                        Map.entry(
                                Map.<String, Object>of("decision", "reject", "ids", List.of(stale)),
                                "a bulk rejection needs a reason"),
                        Map.entry(
                                Map.<String, Object>of(
                                        "decision", "approve", "ids", List.of(stale, "nope")),
                                "ids[1] is not a review id: 'nope'"),
                        Map.entry(
                                Map.<String, Object>of("decision", "maybe", "ids", List.of(stale)),
                                "decision must be approve or reject"),
                        Map.entry(
                                Map.<String, Object>of("decision", "approve", "ids", List.of()),
                                "ids must list the reviews to decide"))) {
            http.post()
                    .uri("/api/v1/reviews/bulk")
                    .bodyValue(bad.getKey())
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo(bad.getValue());
        }
    }
}
