package org.reclaim.work.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.synth.DenialReason;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A claim is one question to the payer at a time: while one denial's submission awaits the payer's
 * answer, another denial of the same claim is not sent (that answer may pay its line too), unless
 * its own deadline is near.
 */
class SiblingAnswerTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired AgentClock clock;
    @Autowired org.reclaim.core.ReclaimProperties props;

    @BeforeEach
    void bundlingIsCorrectedSentAndAwaited() throws IOException {
        TestPlaybooks.forEveryCategory(
                triage,
                category ->
                        switch (category) {
                            case "bundling" ->
                                    "  - step: DRAFT_CORRECTED_CLAIM\n    correction: REPLACEMENT_CLAIM\n"
                                            + "  - step: SUBMIT\n    channel: CLEARINGHOUSE\n"
                                            + "  - step: AWAIT_RESPONSE\n    wait: P30D\n"
                                            + "  - step: WRITE_OFF\n";
                            case "medical-necessity" ->
                                    "  - step: DRAFT_APPEAL\n"
                                            + "  - step: SUBMIT\n    channel: FAX\n"
                                            + "  - step: AWAIT_RESPONSE\n    wait: P30D\n"
                                            + "  - step: WRITE_OFF\n";
                            default -> "  - step: REVIEW\n    review: ALWAYS\n";
                        });
    }

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
        org.reclaim.support.TestRecords.clear(props);
        TestPlaybooks.shipped(triage);
    }

    @Test
    void aDenialWaitsForTheAnswerToItsSiblingsSubmission() {
        org.reclaim.support.Generated.upload(
                http,
                GeneratorOptions.defaults()
                        .withClaims(40)
                        .withSeed(23)
                        .withDenialRate(0.9)
                        .withLinesPerClaim(3, 4)
                        .withReversalRate(0)
                        .withDenialReasons(List.of(DenialReason.line("CO", "97", 1, "M15")))
                        .withBaseDate(triage.today().minusDays(20)));
        // the notes show each bundled line distinct, and a (test-only) rule adds 59 on them
        org.reclaim.support.TestCoding.supportEveryDenial(
                db, props.dataDir(), triage, "BUNDLING", "59");
        for (int round = 0; round < 8; round++) {
            orchestrator.runUntilIdle().block();
            clock.advanceBy(ClaimCorrections.WAIT.plus(Duration.ofMinutes(1)));
        }

        long claimsWithSeveral =
                count(
                        db,
                        "SELECT count(*) FROM (SELECT claim_payment_id FROM denial WHERE category ="
                                + " 'BUNDLING' GROUP BY claim_payment_id HAVING count(*) >= 2) t");
        assertThat(claimsWithSeveral).as("claims with several bundled lines").isGreaterThan(3);
        assertThat(
                        count(
                                db,
                                """
                                SELECT count(*) FROM (SELECT d.claim_payment_id FROM submission s
                                JOIN denial d ON d.id = s.denial_id WHERE s.status = 'SENT'
                                GROUP BY d.claim_payment_id HAVING count(*) > 1) t"""))
                .as("no claim has two submissions out before the payer answered the first")
                .isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE detail LIKE 'another denial of"
                                        + " this claim was sent to the payer%'"))
                .as("denials met a sibling's submission awaiting its answer, and waited")
                .isPositive();

        // the payer never answers: after the first's wait ends (written off), the next one goes
        clock.advanceBy(Duration.ofDays(31));
        for (int round = 0; round < 4; round++) {
            orchestrator.runUntilIdle().block();
            clock.advanceBy(SubmitStep.SIBLING_WAIT.plus(Duration.ofMinutes(1)));
        }
        assertThat(
                        count(
                                db,
                                """
                                SELECT count(*) FROM (SELECT d.claim_payment_id FROM submission s
                                JOIN denial d ON d.id = s.denial_id WHERE s.status = 'SENT'
                                GROUP BY d.claim_payment_id HAVING count(*) >= 2) t"""))
                .as("the sibling was sent once the first one's answer was no longer awaited")
                .isPositive();
    }

    @Test
    void linesOfOneClaimDeniedForOneReasonAreAppealedOnceAtATime() {
        // the payer decides one question once: one appeal out per claim and reason at a time
        org.reclaim.support.Generated.upload(
                http,
                GeneratorOptions.defaults()
                        .withClaims(30)
                        .withSeed(29)
                        .withDenialRate(0.9)
                        .withLinesPerClaim(3, 4)
                        .withReversalRate(0)
                        .withDenialReasons(List.of(DenialReason.line("CO", "50", 1, "N115")))
                        .withBaseDate(triage.today().minusDays(20)));
        // the notes argue the need, so that every line's appeal has its enclosure
        org.reclaim.support.TestRecords.noteForEveryDenial(props, db);
        orchestrator.runUntilIdle().block();

        assertThat(count(db, "SELECT count(*) FROM submission WHERE kind = 'appeal'"))
                .as("appeals sent")
                .isPositive();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM (SELECT claim_payment_id FROM denial WHERE"
                                        + " carc = '50' GROUP BY claim_payment_id HAVING count(*) >= 2) t"))
                .as("claims with several lines denied CO-50")
                .isGreaterThan(2);
        assertThat(
                        count(
                                db,
                                """
                                SELECT count(*) FROM (SELECT d.claim_payment_id FROM submission s
                                JOIN denial d ON d.id = s.denial_id WHERE s.kind = 'appeal'
                                GROUP BY d.claim_payment_id, d.carc HAVING count(*) > 1) t"""))
                .as("no claim has two appeals out for one reason before the payer answered")
                .isZero();
        // the first appeal lists the claim's other lines denied for the reason; they go with it
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE step = 'DRAFT_APPEAL' AND detail"
                                        + " LIKE '%other line(s) of the claim denied for the same reason: line%'"))
                .isPositive();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE step = 'SUBMIT' AND detail LIKE"
                                        + " 'appealed with the appeal sent for line %'"))
                .as("covered lines are marked appealed, nothing more sent")
                .isPositive();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE carc = '50' AND status IN"
                                        + " ('SUBMITTED', 'AWAITING_PAYER')"))
                .as("every line of a claim with an appeal out awaits the payer")
                .isEqualTo(
                        count(
                                db,
                                "SELECT count(*) FROM denial d WHERE carc = '50' AND EXISTS (SELECT 1"
                                        + " FROM submission s JOIN denial o ON o.id = s.denial_id WHERE"
                                        + " o.claim_payment_id = d.claim_payment_id AND s.kind = 'appeal')"));
    }
}
