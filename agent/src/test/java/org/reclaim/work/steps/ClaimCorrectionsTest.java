package org.reclaim.work.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.drafting.ClaimEdits;
import org.reclaim.drafting.ClaimFields;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.ClaimOnFile;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.synth.DenialReason;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A claim with several denied lines: each denial's corrected claim carries the corrections sent
 * before it for the same claim (a payer keeps only the latest replacement), and no two are drafted
 * from the same version of the claim.
 */
class ClaimCorrectionsTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired AgentClock clock;
    @Autowired org.reclaim.core.ReclaimProperties props;

    @BeforeEach
    void bundlingIsCorrectedAndSentEverythingElseWaitsForAPerson() throws IOException {
        // a bundled line gets modifier 59 (the offline drafter's correction), sent at once as a
        // replacement
        TestPlaybooks.forEveryCategory(
                triage,
                category ->
                        category.equals("bundling")
                                ? "  - step: DRAFT_CORRECTED_CLAIM\n    correction: REPLACEMENT_CLAIM\n"
                                        + "  - step: SUBMIT\n    channel: CLEARINGHOUSE\n  - step: WRITE_OFF\n"
                                : "  - step: REVIEW\n    review: ALWAYS\n");
    }

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
        TestPlaybooks.shipped(triage);
    }

    @Test
    void eachCorrectionOfAClaimCarriesTheOnesSentBeforeIt() {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(60)
                        .withSeed(23)
                        .withDenialRate(0.9)
                        .withLinesPerClaim(3, 4)
                        .withReversalRate(0)
                        .withDenialReasons(List.of(DenialReason.line("CO", "97", 1, "M15")))
                        .withBaseDate(triage.today().minusDays(20)),
                c,
                r);
        for (byte[] body : new byte[][] {c.toByteArray(), r.toByteArray()}) {
            http.post()
                    .uri("/api/v1/claims")
                    .header("Content-Type", "application/edi-x12")
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
        // the notes show each bundled line distinct, and a (test-only) rule adds 59 on them
        org.reclaim.support.TestCoding.supportEveryDenial(
                db, props.dataDir(), triage, "BUNDLING", "59");
        // denials that wait for another's correction look again after ClaimCorrections.WAIT
        for (int round = 0; round < 12; round++) {
            orchestrator.runUntilIdle().block();
            clock.advanceBy(ClaimCorrections.WAIT.plus(Duration.ofMinutes(1)));
        }

        // the claims with two or more bundled lines, and the corrected claims sent for each, in
        // order
        Map<UUID, List<Integer>> deniedLines = new LinkedHashMap<>();
        db.sql(
                        """
                        SELECT claim_payment_id, line FROM denial
                        WHERE category = 'BUNDLING' AND claim_payment_id IN (
                            SELECT claim_payment_id FROM denial WHERE category = 'BUNDLING'
                            GROUP BY claim_payment_id HAVING count(*) >= 2)
                        ORDER BY claim_payment_id, line""")
                .map(
                        x ->
                                Map.entry(
                                        x.get("claim_payment_id", UUID.class),
                                        x.get("line", Integer.class)))
                .all()
                .doOnNext(
                        e ->
                                deniedLines
                                        .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                        .add(e.getValue()))
                .blockLast();
        assertThat(deniedLines)
                .as("claims with several bundled lines in the batch")
                .hasSizeGreaterThanOrEqualTo(3);

        for (Map.Entry<UUID, List<Integer>> claim : deniedLines.entrySet()) {
            List<ClaimDocument> sent =
                    db.sql(
                                    """
                            SELECT a.content, d.patient_control_number FROM submission s
                            JOIN denial d ON d.id = s.denial_id JOIN artifact a ON a.id = s.artifact_id
                            WHERE d.claim_payment_id = :claim AND s.status = 'SENT' AND a.kind = 'claim-837'
                            ORDER BY s.sent_at, s.id""")
                            .bind("claim", claim.getKey())
                            .map(
                                    x ->
                                            ClaimOnFile.find(
                                                    x.get("content", byte[].class),
                                                    x.get("patient_control_number", String.class)))
                            .all()
                            .collectList()
                            .block();
            assertThat(sent)
                    .as("one corrected claim per denied line of claim " + claim.getKey())
                    .hasSize(claim.getValue().size());
            for (int i = 0; i < sent.size(); i++) {
                Map<String, String> fields = ClaimEdits.fields(sent.get(i));
                long with59 =
                        claim.getValue().stream()
                                .filter(
                                        line ->
                                                modifiers(
                                                                fields.get(
                                                                        ClaimFields.line(
                                                                                line, "modifiers")))
                                                        .contains("59"))
                                .count();
                assertThat(with59)
                        .as(
                                "correction %d of claim %s carries every correction sent before it",
                                i + 1, claim.getKey())
                        .isEqualTo(i + 1);
                assertThat(fields.get(ClaimFields.FREQUENCY_CODE)).isEqualTo("7");
            }
        }
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE detail LIKE 'another denial of this claim has a%'"))
                .as("a denial met another's correction on its way, and waited")
                .isPositive();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE detail LIKE '%on top of the corrected claim sent before%'"))
                .isPositive();
    }

    private static List<String> modifiers(String joined) {
        return joined == null ? List.of() : List.of(joined.split(","));
    }
}
