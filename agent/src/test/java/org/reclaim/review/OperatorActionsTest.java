package org.reclaim.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;

/** What operators do when the agent cannot go on alone, and what they may not do. */
class OperatorActionsTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired org.reclaim.core.ReclaimProperties props;
    @Autowired OperatorActions operators;

    @org.junit.jupiter.api.AfterEach
    void noCodingSupportLeft() {
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
    }

    @Test
    void withoutTheOriginalClaimNothingIsInventedUntilAnOperatorAttachesIt() {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(200)
                        .withSeed(66)
                        .withDenialRate(0.4)
                        .withBaseDate(triage.today().minusDays(10)),
                c,
                r);
        // only the remittance: no 837 on file for any claim
        http.post()
                .uri("/api/v1/remittances")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(r.toByteArray())
                .exchange()
                .expectStatus()
                .isCreated();
        List<UUID> coding =
                db.sql("SELECT id FROM denial WHERE playbook = 'coding' ORDER BY id LIMIT 2")
                        .map(x -> x.get(0, UUID.class))
                        .all()
                        .collectList()
                        .block();
        org.reclaim.support.TestCoding.supportEveryCodingDenial(db, props.dataDir(), triage);
        orchestrator.runUntilIdle().block();
        UUID denial = coding.get(0);
        var review = review(denial);
        assertThat(review.reason()).contains("original claim");
        assertThat(count(db, "SELECT count(*) FROM artifact WHERE denial_id = '" + denial + "'"))
                .isZero();

        // an edit name that would corrupt the work context is refused
        http.post()
                .uri("/api/v1/reviews/" + review.id() + "/approve")
                .bodyValue(Map.of("operator", "Ana", "edits", Map.of("x=y\nz", "1")))
                .exchange()
                .expectStatus()
                .isBadRequest();

        http.post()
                .uri("/api/v1/denials/" + denial + "/actions")
                .bodyValue(
                        Map.of(
                                "action",
                                "ATTACH",
                                "operator",
                                "Ana",
                                "kind",
                                "original-claim",
                                "fileName",
                                "claims.837",
                                "contentBase64",
                                Base64.getEncoder().encodeToString(c.toByteArray())))
                .exchange()
                .expectStatus()
                .isNoContent();
        http.post()
                .uri("/api/v1/reviews/" + review.id() + "/approve")
                .bodyValue(Map.of("operator", "Ana"))
                .exchange()
                .expectStatus()
                .isNoContent();
        orchestrator.runUntilIdle().block();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM artifact WHERE kind = 'claim-837' AND denial_id = '"
                                        + denial
                                        + "'"))
                .isEqualTo(1);
        assertThat(review(denial).reason())
                .doesNotContain("original claim"); // the coding review of the draft

        // a review whose denial was closed meanwhile cannot be approved: a conflict, not a server
        // error
        UUID other = coding.get(1);
        var otherReview = review(other);
        http.post()
                .uri("/api/v1/denials/" + other + "/actions")
                .bodyValue(
                        Map.of(
                                "action",
                                "CLOSE",
                                "operator",
                                "Sam",
                                "reason",
                                "settled with the payer by phone"))
                .exchange()
                .expectStatus()
                .isNoContent();
        http.post()
                .uri("/api/v1/reviews/" + otherReview.id() + "/approve")
                .bodyValue(Map.of("operator", "Ana"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        assertThat(
                        db.sql("SELECT status FROM denial WHERE id = :id")
                                .bind("id", other)
                                .map(x -> x.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo("CLOSED");
        assertThat(operators.reviews(org.reclaim.tenancy.PracticeScope.ALL, "OPEN").block())
                .noneMatch(v -> v.denialId().equals(other));
    }

    OperatorActions.ReviewView review(UUID denial) {
        return operators.reviews(org.reclaim.tenancy.PracticeScope.ALL, "OPEN").block().stream()
                .filter(v -> v.denialId().equals(denial))
                .findFirst()
                .orElseThrow();
    }
}
