package org.reclaim.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;

/** The review queue an operator decides from, on demo-like data, through the API. */
class ReviewQueueTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired org.reclaim.core.ReclaimProperties props;

    @AfterEach
    void noRecordsLeft() throws java.io.IOException {
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
        java.nio.file.Path records = props.dataDir().resolve("records");
        if (java.nio.file.Files.isDirectory(records)) {
            try (var walk = java.nio.file.Files.walk(records)) {
                for (var f : walk.sorted(java.util.Comparator.reverseOrder()).toList())
                    if (!f.equals(records)) java.nio.file.Files.delete(f);
            }
        }
    }

    /** Claims and remittances as the demo makes them (a recent backlog, 30% denied), worked. */
    void demoLike(int claims, long seed) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withSubmissionDays(45)
                        .withBaseDate(triage.today().minusDays(65 + 45))
                        .withDenialRate(0.3)
                        .withReversalRate(0.0)
                        .withClaims(claims)
                        .withSeed(seed),
                c,
                r);
        // the judging payer plants the causes of its denials in the records folder, as in the demo
        var payer =
                new org.reclaim.sandbox.SimulatedPayer(
                        props.dataDir(),
                        org.reclaim.practice.Practices.DEFAULT_SLUG,
                        seed,
                        c.toByteArray(),
                        r.toByteArray());
        for (var p :
                List.of(
                        Map.entry("/api/v1/claims", c.toByteArray()),
                        Map.entry("/api/v1/claims", payer.originalAcknowledgments()),
                        Map.entry("/api/v1/remittances", r.toByteArray()))) {
            if (p.getValue().length == 0) continue;
            http.post()
                    .uri(p.getKey())
                    .header("Content-Type", "application/edi-x12")
                    .bodyValue(p.getValue())
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
        orchestrator.runUntilIdle().block();
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
}
