package org.reclaim.work.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reclaim.support.TestData.count;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.common.Money;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.drafting.ClaimEdits;
import org.reclaim.drafting.ClaimFields;
import org.reclaim.rules.TriageConfigException;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.ClaimOnFile;
import org.reclaim.work.Orchestrator;
import org.reclaim.work.WorkContext;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.write.ClaimStatusInquiryWriter;
import org.reclaim.x12.write.ClaimStatusResponseWriter;
import org.reclaim.x12.write.Envelope;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Coding corrections from the rules file (config/coding-rules.yml) and the documents on file, and
 * no corrected claim that the payer already adjudicated: a CO-4 on a visit billed beside a minor
 * procedure, a duplicate (CO-18) that was a correction sent as a new original, a true duplicate.
 */
class CodingCorrectionsTest extends ApiTest {

    static final Path CONFIG = Path.of("target/test-triage/config");
    static final DateTimeFormatter D8 = DateTimeFormatter.BASIC_ISO_DATE;

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired ReclaimProperties props;
    @Autowired org.reclaim.review.OperatorActions operators;
    @Autowired org.reclaim.core.AgentClock clock;

    @BeforeEach
    void correctionsAreSentAtOnce() throws IOException {
        // a correction is drafted and sent at once; a true duplicate is closed by the step
        TestPlaybooks.forEveryCategory(
                triage,
                category ->
                        switch (category) {
                            case "coding", "bundling" ->
                                    "  - step: DRAFT_CORRECTED_CLAIM\n    correction: REPLACEMENT_CLAIM\n"
                                            + "  - step: SUBMIT\n    channel: CLEARINGHOUSE\n  - step: WRITE_OFF\n";
                            case "duplicate" ->
                                    "  - step: DRAFT_CORRECTED_CLAIM\n    correction: REPLACEMENT_CLAIM\n"
                                            + "    on: {PAID: END, NOT_FOUND: person}\n"
                                            + "  - step: SUBMIT\n    channel: CLEARINGHOUSE\n"
                                            + "  - step: AWAIT_RESPONSE\n    wait: P30D\n"
                                            + "  - id: write-off\n    step: WRITE_OFF\n    on: {DONE: END}\n"
                                            + "  - id: person\n    step: ESCALATE\n";
                            default -> "  - step: REVIEW\n    review: ALWAYS\n";
                        });
    }

    @AfterEach
    void shippedFilesAgain() throws IOException {
        Files.deleteIfExists(CONFIG.resolve("coding-rules.yml"));
        deleteRecords();
        TestPlaybooks.shipped(triage);
    }

    @Test
    void aVisitNoteStatingASeparateEmGetsModifier25OnTheVisitLine() throws IOException {
        note(
                "CODE0001",
                "visit-note.txt",
                "Chief complaint: uncontrolled hypertension, follow-up of diabetes.\n"
                        + "Assessment: The E/M service today was SIGNIFICANT AND SEPARATELY\n"
                        + "identifiable from the nail debridement performed at the same visit.\n");
        upload(claim837("CODE0001", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(remit835("CODE0001", "1", "PCN-A1", "45", deniedLine1("4")));
        orchestrator.runUntilIdle().block();

        ClaimDocument sent = onlySentClaim("CODE0001");
        Map<String, String> f = ClaimEdits.fields(sent);
        assertThat(f.get(ClaimFields.line(1, "modifiers"))).isEqualTo("25");
        assertThat(f.get(ClaimFields.line(2, "modifiers"))).isEmpty();
        assertThat(f.get(ClaimFields.FREQUENCY_CODE)).isEqualTo("7");
        assertThat(sent.claim().payerClaimNumber()).isEqualTo("PCN-A1");

        WorkContext c = context("CODE0001");
        assertThat(c.get("draft.rules")).isEqualTo("em-25-minor-procedure");
        assertThat(c.get("draft.documents")).isEqualTo("visit-note.txt");
        assertThat(c.get("draft.changes")).isEqualTo("line[1].modifiers: (none) → 25");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE detail LIKE '%em-25-minor-procedure%visit-note.txt%'"))
                .as("the step log names the rule and the note")
                .isEqualTo(1);
    }

    @Test
    void aVisitBundledIntoASameDayInjectionAsNotPaidSeparatelyGetsModifier25() throws IOException {
        // CO-234 (not paid separately) on a visit billed with a drug administration: the injection
        // rule (NCCI Policy Manual, Chapter XI, §B) answers it, the minor-procedure rule does not
        note(
                "CODE0006",
                "visit-note.txt",
                "Assessment: acute bronchitis evaluated and treated; the E/M was significant and"
                        + " separately identifiable from the injection given.\n");
        upload(claim837("CODE0006", "1", null, line("99213", "", "135"), line("96372", "", "45")));
        upload(
                remit835(
                        "CODE0006",
                        "1",
                        "PCN-A6",
                        "45",
                        deniedLine1("234").replace("HC:11721", "HC:96372")));
        orchestrator.runUntilIdle().block();

        ClaimDocument sent = onlySentClaim("CODE0006");
        assertThat(ClaimEdits.fields(sent).get(ClaimFields.line(1, "modifiers"))).isEqualTo("25");
        assertThat(context("CODE0006").get("draft.rules"))
                .isEqualTo("em-25-injection-or-immunization");
    }

    @Test
    void anOperatorsEditGoesOutAndBothVersionsOfTheDraftAreKept() throws IOException {
        TestPlaybooks.forEveryCategory(
                triage,
                category ->
                        category.equals("coding")
                                ? "  - step: DRAFT_CORRECTED_CLAIM\n    correction: REPLACEMENT_CLAIM\n"
                                        + "  - step: REVIEW\n    review: ALWAYS\n"
                                        + "  - step: SUBMIT\n    channel: CLEARINGHOUSE\n  - step: WRITE_OFF\n"
                                : "  - step: REVIEW\n    review: ALWAYS\n");
        note(
                "CODE0007",
                "visit-note.txt",
                "Assessment: the E/M was significant and separately identifiable from the nail"
                        + " debridement.\n");
        upload(claim837("CODE0007", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(remit835("CODE0007", "1", "PCN-A7", "45", deniedLine1("4")));
        orchestrator.runUntilIdle().block();

        // the operator is shown what the draft changes and why
        var review =
                operators.reviews(org.reclaim.tenancy.PracticeScope.ALL, "OPEN").block().stream()
                        .filter(r -> r.patientControlNumber().equals("CODE0007"))
                        .findFirst()
                        .orElseThrow();
        assertThat(review.reason())
                .contains(
                        "line[1].modifiers: (none) → 25",
                        "em-25-minor-procedure",
                        "visit-note.txt");
        operators
                .decide(
                        org.reclaim.tenancy.PracticeScope.ALL,
                        review.id(),
                        true,
                        "Ana Reviewer",
                        "right foot",
                        Map.of("line[2].modifiers", "RT"))
                .block();
        orchestrator.runUntilIdle().block();

        ClaimDocument sent = onlySentClaim("CODE0007");
        Map<String, String> f = ClaimEdits.fields(sent);
        assertThat(f.get(ClaimFields.line(1, "modifiers"))).isEqualTo("25");
        assertThat(f.get(ClaimFields.line(2, "modifiers"))).isEqualTo("RT");
        List<String> sources =
                db.sql("SELECT source FROM artifact WHERE kind = 'claim-837' ORDER BY created_at")
                        .map(r -> r.get(0, String.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(sources).hasSize(2);
        String first =
                db.sql(
                                "SELECT id::text FROM artifact WHERE kind = 'claim-837' ORDER BY created_at LIMIT 1")
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block();
        assertThat(sources.get(1)).isEqualTo("operator-edit:" + first);
        assertThat(context("CODE0007").get("draft.changes"))
                .isEqualTo(
                        "line[1].modifiers: (none) → 25; operator: line[2].modifiers: (none) → RT");
    }

    @Test
    void withoutTheStatementNothingIsResentAndAPersonIsToldWhy() throws IOException {
        note(
                "CODE0002",
                "visit-note.txt",
                "Patient seen for nail debridement. No separately identifiable E/M was performed.\n");
        upload(claim837("CODE0002", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(remit835("CODE0002", "1", "PCN-A2", "45", deniedLine1("4")));
        orchestrator.runUntilIdle().block();

        assertThat(count(db, "SELECT count(*) FROM submission")).isZero();
        assertThat(status("CODE0002")).isEqualTo("ESCALATED");
        assertThat(lastReason("CODE0002"))
                .startsWith("nothing on file supports a change: ")
                .contains("visit-note.txt");
    }

    @Test
    void anEmptyChangeSetIsEscalatedNotSent() throws IOException {
        // a diagnosis the payer finds inconsistent with the procedure: no rule, nothing on file
        upload(claim837("CODE0003", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(remit835("CODE0003", "1", "PCN-A3", "45", deniedLine1("11")));
        orchestrator.runUntilIdle().block();

        assertThat(count(db, "SELECT count(*) FROM submission")).isZero();
        assertThat(count(db, "SELECT count(*) FROM artifact WHERE kind = 'claim-837'")).isZero();
        assertThat(status("CODE0003")).isEqualTo("ESCALATED");
        assertThat(lastReason("CODE0003")).startsWith("nothing on file supports a change: ");
    }

    @Test
    void withTheShippedPlaybookNothingOnFileIsAWriteOffProposalWithTheReasonNotAnEscalation()
            throws IOException {
        // the shipped coding playbook names a target for the empty change set: a write-off that
        // a coder confirms, the reason in its review; nothing is sent
        TestPlaybooks.shipped(triage);
        upload(claim837("CODE0009", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(remit835("CODE0009", "1", "PCN-A9", "45", deniedLine1("11")));
        orchestrator.runUntilIdle().block();

        assertThat(count(db, "SELECT count(*) FROM submission")).isZero();
        assertThat(count(db, "SELECT count(*) FROM artifact WHERE kind = 'claim-837'")).isZero();
        assertThat(status("CODE0009")).isEqualTo("AWAITING_REVIEW");
        assertThat(
                        db.sql(
                                        """
                                        SELECT v.reason FROM review v JOIN denial d ON d.id = v.denial_id
                                        WHERE d.patient_control_number = 'CODE0009' AND v.status = 'OPEN'""")
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .startsWith("proposed write-off, nothing on file supports a change: ");
    }

    @Test
    void aLineIsNotWrittenOffWhileTheCorrectedClaimOfAnotherLineOfItsClaimIsWithThePayer()
            throws IOException {
        // line 1's corrected claim (modifier 25) replaces the whole claim: the payer's answer to it
        // decides line 2 too, so line 2's write-off waits for that answer
        TestPlaybooks.forEveryCategory(
                triage,
                category ->
                        switch (category) {
                            case "coding" ->
                                    "  - step: DRAFT_CORRECTED_CLAIM\n    correction: REPLACEMENT_CLAIM\n"
                                            + "  - step: SUBMIT\n    channel: CLEARINGHOUSE\n"
                                            + "  - step: AWAIT_RESPONSE\n    wait: P30D\n";
                            // line 2 waits for an operator first, so that line 1 is sent before it
                            // comes to its write-off whatever order the items are claimed in
                            case "bundling" ->
                                    "  - step: REVIEW\n    review: ALWAYS\n  - step: WRITE_OFF\n";
                            default -> "  - step: REVIEW\n    review: ALWAYS\n";
                        });
        note(
                "CODE0010",
                "visit-note.txt",
                "Assessment: the E/M was significant and separately identifiable from the nail"
                        + " debridement.\n");
        upload(claim837("CODE0010", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(
                remit835(
                        "CODE0010",
                        "1",
                        "PCN-A10",
                        "0",
                        """
                        SVC*HC:99213*135*0**1~
                        DTM*472*@DOS@~
                        CAS*CO*4*135~
                        SVC*HC:11721*45*0**1~
                        DTM*472*@DOS@~
                        CAS*CO*97*45~
                        """));
        orchestrator.runUntilIdle().block();
        operators
                .decide(
                        org.reclaim.tenancy.PracticeScope.ALL,
                        operators
                                .reviews(org.reclaim.tenancy.PracticeScope.ALL, "OPEN")
                                .block()
                                .stream()
                                .filter(r -> r.patientControlNumber().equals("CODE0010"))
                                .findFirst()
                                .orElseThrow()
                                .id(),
                        true,
                        "Ana Reviewer",
                        "write it off",
                        Map.of())
                .block();
        orchestrator.runUntilIdle().block();

        assertThat(
                        ClaimEdits.fields(onlySentClaim("CODE0010"))
                                .get(ClaimFields.line(1, "modifiers")))
                .isEqualTo("25");
        assertThat(lineStatus("CODE0010", 2)).isNotEqualTo("WRITTEN_OFF");
        assertThat(
                        db.sql(
                                        """
                                        SELECT s.detail FROM step_run s JOIN denial d ON d.id = s.denial_id
                                        WHERE d.patient_control_number = 'CODE0010' AND d.line = 2
                                        ORDER BY s.started_at DESC LIMIT 1""")
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .contains("the write-off waits: the corrected claim of line 1 is with the payer");
    }

    @Test
    void aWriteOffWhoseSiblingsCorrectedClaimIsHeldInReviewGoesToReviewNamingThatDraft()
            throws IOException {
        // line 1's corrected claim (modifier 25) is drafted and held for an operator: nothing is
        // with the payer. Line 2's proposed write-off does not wait silently on it as if it were
        // sent: it goes to review at once, naming line 1's draft; approved, it still waits for the
        // payer's answer once line 1 was sent
        TestPlaybooks.forEveryCategory(
                triage,
                category ->
                        switch (category) {
                            case "coding" ->
                                    "  - step: DRAFT_CORRECTED_CLAIM\n    correction: REPLACEMENT_CLAIM\n"
                                            + "  - step: REVIEW\n    review: ALWAYS\n"
                                            + "  - step: SUBMIT\n    channel: CLEARINGHOUSE\n"
                                            + "  - step: AWAIT_RESPONSE\n    wait: P30D\n";
                            // line 2 waits for an operator first, so that line 1 is drafted before
                            // it comes to its write-off whatever order the items are claimed in
                            case "bundling" ->
                                    "  - step: REVIEW\n    review: ALWAYS\n"
                                            + "  - step: WRITE_OFF\n    review: ALWAYS\n";
                            default -> "  - step: REVIEW\n    review: ALWAYS\n";
                        });
        note(
                "CODE0011",
                "visit-note.txt",
                "Assessment: the E/M was significant and separately identifiable from the nail"
                        + " debridement.\n");
        upload(claim837("CODE0011", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(
                remit835(
                        "CODE0011",
                        "1",
                        "PCN-A11",
                        "0",
                        """
                        SVC*HC:99213*135*0**1~
                        DTM*472*@DOS@~
                        CAS*CO*4*135~
                        SVC*HC:11721*45*0**1~
                        DTM*472*@DOS@~
                        CAS*CO*97*45~
                        """));
        orchestrator.runUntilIdle().block();
        assertThat(lineStatus("CODE0011", 1)).isEqualTo("AWAITING_REVIEW");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM artifact a JOIN denial d ON d.id = a.denial_id"
                                        + " WHERE d.patient_control_number = 'CODE0011' AND d.line = 1"
                                        + " AND a.kind = 'claim-837'"))
                .as("line 1's corrected claim is drafted and held in review")
                .isEqualTo(1);
        // first, the moment between line 1's drafting and its review (as the running service can
        // meet it): line 2's write-off looks again in a minute, not in a week
        setLineStatus("CODE0011", 1, "IN_PROGRESS");
        approveOpenReview("CODE0011", 2);
        orchestrator.runUntilIdle().block();
        assertThat(lastStepDetail("CODE0011", 2))
                .contains("the corrected claim of line 1 is drafted, not yet sent or in review");
        assertThat(lineStatus("CODE0011", 2)).isEqualTo("IN_PROGRESS");
        setLineStatus("CODE0011", 1, "AWAITING_REVIEW");
        clock.advanceBy(WriteOffStep.SIBLING_DRAFT_WAIT.plusSeconds(30));
        orchestrator.runUntilIdle().block();

        assertThat(lineStatus("CODE0011", 2))
                .as("line 2's write-off waits for a person, not silently for a payer")
                .isEqualTo("AWAITING_REVIEW");
        assertThat(openReviewReason("CODE0011", 2))
                .contains("the playbook asks for a review at WRITE_OFF")
                .contains("the corrected claim of line 1 waits for an operator's review");
        assertThat(lastStepDetail("CODE0011", 2)).doesNotContain("is with the payer");
        assertThat(count(db, "SELECT count(*) FROM submission")).isZero();

        // line 1 approved and sent, line 2's write-off approved: it waits for the payer's answer
        approveOpenReview("CODE0011", 1);
        approveOpenReview("CODE0011", 2);
        orchestrator.runUntilIdle().block();
        // line 2 may have come to its turn before line 1's send: it looked again a minute later
        clock.advanceBy(WriteOffStep.SIBLING_DRAFT_WAIT.plusSeconds(30));
        orchestrator.runUntilIdle().block();
        assertThat(
                        ClaimEdits.fields(onlySentClaim("CODE0011"))
                                .get(ClaimFields.line(1, "modifiers")))
                .isEqualTo("25");
        assertThat(lineStatus("CODE0011", 2)).isNotEqualTo("WRITTEN_OFF");
        assertThat(lastStepDetail("CODE0011", 2))
                .contains("the write-off waits: the corrected claim of line 1 is with the payer");
    }

    private void setLineStatus(String pcn, int line, String status) {
        db.sql("UPDATE denial SET status = :s WHERE patient_control_number = :p AND line = :l")
                .bind("s", status)
                .bind("p", pcn)
                .bind("l", line)
                .then()
                .block();
    }

    private void approveOpenReview(String pcn, int line) {
        UUID review =
                db.sql(
                                """
                                SELECT v.id FROM review v JOIN denial d ON d.id = v.denial_id
                                WHERE d.patient_control_number = :p AND d.line = :l AND v.status = 'OPEN'""")
                        .bind("p", pcn)
                        .bind("l", line)
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        assertThat(review).as("an open review of line " + line).isNotNull();
        operators
                .decide(
                        org.reclaim.tenancy.PracticeScope.ALL,
                        review,
                        true,
                        "Ana Reviewer",
                        "approved",
                        Map.of())
                .block();
    }

    private String openReviewReason(String pcn, int line) {
        return db.sql(
                        """
                        SELECT v.reason FROM review v JOIN denial d ON d.id = v.denial_id
                        WHERE d.patient_control_number = :p AND d.line = :l AND v.status = 'OPEN'""")
                .bind("p", pcn)
                .bind("l", line)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    private String lastStepDetail(String pcn, int line) {
        return db.sql(
                        """
                        SELECT s.detail FROM step_run s JOIN denial d ON d.id = s.denial_id
                        WHERE d.patient_control_number = :p AND d.line = :l
                        ORDER BY s.started_at DESC LIMIT 1""")
                .bind("p", pcn)
                .bind("l", line)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    private String lineStatus(String pcn, int line) {
        return db.sql(
                        "SELECT status FROM denial WHERE patient_control_number = :p AND line = :l"
                                + " ORDER BY id DESC LIMIT 1")
                .bind("p", pcn)
                .bind("l", line)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    @Test
    void aBrokenRulesFileIsRefusedWithItsLineAndTheRulesInForceStay() throws IOException {
        int before = triage.current().codingRules().size();
        assertThat(before).isPositive();
        Files.createDirectories(CONFIG);
        Files.writeString(
                CONFIG.resolve("coding-rules.yml"),
                "rules:\n  - id: em-25\n    source: \"CMS\"\n    modifier: \"25\n    procedures: [99213]\n");
        assertThatThrownBy(() -> triage.reload().block())
                .isInstanceOf(TriageConfigException.class)
                .hasMessageContaining("coding-rules.yml:")
                .satisfies(e -> assertThat(((TriageConfigException) e).line()).isBetween(4, 6));
        assertThat(triage.current().codingRules()).hasSize(before);
    }

    @Test
    void aCorrectionSentAsANewClaimAndDeniedAsADuplicateGoesAgainAsAReplacement()
            throws IOException {
        // the original, paid; then the correction (modifier 25 added) sent as a new original,
        // denied as a duplicate of it
        upload(
                claim837("CODE0004", "1", null, line("99213", "", "135"), line("11721", "", "45")),
                38);
        upload(remit835("CODE0004", "1", "PAID-0004", "180", paidInFull("")), 30);
        upload(
                claim837(
                        "CODE0004", "1", null, line("99213", "25", "135"), line("11721", "", "45")),
                20);
        upload(remit835("CODE0004", "4", "DUPL-0004", "0", claimLevel("18")), 10);
        orchestrator.runUntilIdle().block();

        ClaimDocument sent = onlySentClaim("CODE0004");
        assertThat(sent.claim().frequency()).isEqualTo("7");
        assertThat(sent.claim().payerClaimNumber()).isEqualTo("PAID-0004");
        assertThat(sent.lines().get(0).modifiers()).containsExactly("25");
        assertThat(context("CODE0004").get("draft.changes"))
                .isEqualTo("line[1].modifiers: (none) → 25");
    }

    @Test
    void aTrueDuplicateIsClosedWithNoSubmission() throws IOException {
        upload(
                claim837(
                        "CODE0005", "1", null, line("99213", "25", "135"), line("11721", "", "45")),
                38);
        upload(remit835("CODE0005", "1", "PAID-0005", "180", paidInFull(":25")), 30);
        upload(
                claim837(
                        "CODE0005", "1", null, line("99213", "25", "135"), line("11721", "", "45")),
                20);
        upload(remit835("CODE0005", "4", "DUPL-0005", "0", claimLevel("18")), 10);
        orchestrator.runUntilIdle().block();

        assertThat(count(db, "SELECT count(*) FROM submission")).isZero();
        assertThat(status("CODE0005")).isEqualTo("CLOSED");
        assertThat(lastReason("CODE0005"))
                .contains("true duplicate")
                .contains("PAID-0005")
                .contains("nothing is written off");
        assertThat(context("CODE0005").get("draft.evidence")).contains("PAID-0005");
    }

    @Test
    void aDuplicateResubmittedUnderANewAccountNumberIsMatchedByPatientDateAndProcedure()
            throws IOException {
        // paid under account CODE0006; the same service billed again as CODE0106
        upload(
                claim837(
                        "CODE0006", "1", null, line("99213", "25", "135"), line("11721", "", "45")),
                38);
        upload(remit835("CODE0006", "1", "PAID-0006", "180", paidInFull(":25")), 30);
        upload(
                claim837(
                        "CODE0106", "1", null, line("99213", "25", "135"), line("11721", "", "45")),
                20);
        upload(remit835("CODE0106", "4", "DUPL-0106", "0", claimLevel("18")), 10);
        orchestrator.runUntilIdle().block();

        assertThat(count(db, "SELECT count(*) FROM submission")).isZero();
        assertThat(status("CODE0106")).isEqualTo("CLOSED");
        assertThat(lastReason("CODE0106")).contains("true duplicate").contains("PAID-0006");
    }

    @Test
    void aDuplicateWhoseOriginalIsNotOnFileIsClosedWhenThePayers277ShowsTheOriginalPaid()
            throws IOException {
        TestPlaybooks.shipped(triage);
        upload(claim837("CODE0011", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(remit835("CODE0011", "4", "DUPL-0011", "0", claimLevel("18")));
        orchestrator.runUntilIdle().block();
        assertThat(count(db, "SELECT count(*) FROM submission WHERE kind = '276'"))
                .as("no paid claim on file: the payer is asked")
                .isEqualTo(1);

        // the payer's 277 about the denied claim: denied as a duplicate, and the claim it
        // duplicates, paid
        LocalDate paidOn = today().minusDays(20);
        store277(
                "CODE0011",
                "DUPL-0011",
                new ClaimStatusResponseWriter.StatusAnswer(
                        "F2", "54", null, today(), "DUPL-0011", Money.ZERO, today()),
                new ClaimStatusResponseWriter.StatusAnswer(
                        "F1", "65", null, paidOn, "ORIG-0011", new Money(15_000), paidOn));
        orchestrator.runUntilIdle().block();

        assertThat(status("CODE0011")).isEqualTo("CLOSED");
        assertThat(lastReason("CODE0011"))
                .contains("true duplicate")
                .contains("ORIG-0011")
                .contains(paidOn.toString())
                .contains("$150.00");
        assertThat(context("CODE0011").get("draft.evidence")).contains("ORIG-0011");
        assertThat(count(db, "SELECT count(*) FROM submission WHERE kind <> '276'"))
                .as("nothing but the inquiry is sent")
                .isZero();
    }

    @Test
    void aDuplicateWhoseOriginalThePayerDoesNotFindGoesToAPersonToldWhatToCheck()
            throws IOException {
        TestPlaybooks.shipped(triage);
        upload(claim837("CODE0012", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(remit835("CODE0012", "4", "DUPL-0012", "0", claimLevel("18")));
        orchestrator.runUntilIdle().block();

        // the payer's 277 finds only the denied claim
        store277(
                "CODE0012",
                "DUPL-0012",
                new ClaimStatusResponseWriter.StatusAnswer(
                        "F2", "54", null, today(), "DUPL-0012", Money.ZERO, today()));
        orchestrator.runUntilIdle().block();

        assertThat(status("CODE0012")).isEqualTo("ESCALATED");
        assertThat(lastReason("CODE0012"))
                .contains("no original found")
                .contains("practice-management system")
                .contains("ask the payer to reprocess");
    }

    @Test
    void aProviderEnrollmentDenialGoesToAPersonToldWhichProviderToEnrollWithWhichPayer()
            throws IOException {
        TestPlaybooks.shipped(triage);
        upload(claim837("CODE0013", "1", null, line("99213", "", "135"), line("11721", "", "45")));
        upload(remit835("CODE0013", "1", "PCN-A13", "45", deniedLine1("170")));
        orchestrator.runUntilIdle().block();

        assertThat(status("CODE0013")).isEqualTo("ESCALATED");
        String deadline =
                db.sql("SELECT deadline FROM denial WHERE patient_control_number = 'CODE0013'")
                        .map(r -> String.valueOf(r.get(0, LocalDate.class)))
                        .one()
                        .block();
        assertThat(lastReason("CODE0013"))
                .contains("enroll or certify the rendering provider, NPI 1990000121")
                .contains("taxonomy 207Q00000X")
                .contains("with payer TSTCOMB2")
                .contains("service date " + today().minusDays(40))
                .contains("sent by " + deadline);
    }

    // ------------------------------------------------------------------ helpers

    /** The payer's 277 answering the 276 the agent sent about {@code pcn}. */
    private void store277(
            String pcn,
            String payerClaimNumber,
            ClaimStatusResponseWriter.StatusAnswer... answers) {
        ClaimDocument claim =
                ClaimDocument.parse(
                        db.sql(
                                        """
                                        SELECT cd.document FROM claim_document cd
                                        JOIN submitted_claim s ON s.id = cd.submitted_claim_id
                                        WHERE s.patient_control_number = :p""")
                                .bind("p", pcn)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block());
        long n = 7000 + SEQ++;
        byte[] x12 =
                ClaimStatusResponseWriter.write(
                        ClaimStatusInquiryWriter.StatusInquiry.of(claim, payerClaimNumber),
                        List.of(answers),
                        new Envelope(
                                "ZZ",
                                "TESTPAYERS",
                                "ZZ",
                                "RECLAIMSYNTH",
                                "TESTPAYERS",
                                "RECLAIMSYNTH",
                                Envelope.Usage.TEST,
                                n,
                                n,
                                n,
                                LocalDateTime.of(today(), java.time.LocalTime.NOON)));
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(x12)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private String status(String pcn) {
        return db.sql(
                        "SELECT status FROM denial WHERE patient_control_number = :p ORDER BY id DESC LIMIT 1")
                .bind("p", pcn)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    private String lastReason(String pcn) {
        return db.sql(
                        """
                        SELECT e.reason FROM denial_event e JOIN denial d ON d.id = e.denial_id
                        WHERE d.patient_control_number = :p ORDER BY e.at DESC, e.id DESC LIMIT 1""")
                .bind("p", pcn)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    private WorkContext context(String pcn) {
        return WorkContext.decode(
                db.sql(
                                """
                                SELECT w.context FROM work_item w JOIN denial d ON d.id = w.denial_id
                                WHERE d.patient_control_number = :p""")
                        .bind("p", pcn)
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block());
    }

    private ClaimDocument onlySentClaim(String pcn) {
        List<ClaimDocument> sent =
                db.sql(
                                """
                                SELECT a.content FROM submission s JOIN artifact a ON a.id = s.artifact_id
                                WHERE a.kind = 'claim-837'""")
                        .map(r -> ClaimOnFile.find(r.get(0, byte[].class), pcn))
                        .all()
                        .collectList()
                        .block();
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    private void note(String pcn, String name, String text) throws IOException {
        Path dir = props.dataDir().resolve("records").resolve("default").resolve(pcn);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private void deleteRecords() throws IOException {
        Path dir = props.dataDir().resolve("records").resolve("default");
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (p.getFileName().toString().startsWith("CODE000")
                        || p.getParent().getFileName().toString().startsWith("CODE000"))
                    Files.delete(p);
            }
        }
    }

    private void post(String x12) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(x12.getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** A file dated {@code daysAgo} days before today (submission or payment date). */
    private void upload(String x12, int daysAgo) {
        post(x12.replace("@DATE@", D8.format(today().minusDays(daysAgo))));
    }

    /** A claim file submitted 35 days ago, or a remittance paid 5 days ago. */
    private void upload(String x12) {
        upload(x12, x12.contains("ST*837") ? 35 : 5);
    }

    private LocalDate today() {
        return triage.today();
    }

    record Line(String procedure, String modifiers, String charge) {}

    static Line line(String procedure, String modifiers, String charge) {
        return new Line(procedure, modifiers, charge);
    }

    private String claim837(String pcn, String frequency, String f8, Line... lines) {
        String dos = D8.format(today().minusDays(40));
        long total = 0;
        StringBuilder sv = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            Line l = lines[i];
            total += Long.parseLong(l.charge());
            sv.append("LX*").append(i + 1).append("~\n");
            sv.append("SV1*HC:")
                    .append(l.procedure())
                    .append(l.modifiers().isEmpty() ? "" : ":" + l.modifiers().replace(",", ":"))
                    .append('*')
                    .append(l.charge())
                    .append("*UN*1***1~\n");
            sv.append("DTP*472*D8*").append(dos).append("~\n");
        }
        String body =
                """
                BHT*0019*00*B@PCN@*@DATE@*1057*CH~
                NM1*41*2*RECLAIM SYNTHETIC SUBMITTER*****46*RECLAIMSYNTH~
                PER*IC*TEST BILLING CONTACT*TE*5555550100~
                NM1*40*2*TEST CLEARINGHOUSE*****46*TESTCLEARHOUSE~
                HL*1**20*1~
                PRV*BI*PXC*207Q00000X~
                NM1*85*2*TEST FAMILY MEDICINE GROUP*****XX*1990000105~
                N3*100 SYNTHETIC WAY~
                N4*TESTVILLE*OH*432150001~
                REF*EI*990000201~
                HL*2*1*22*0~
                SBR*P*18*GRP750923******CI~
                NM1*IL*1*TESTPATIENT*FINLEY****MI*TST371272069~
                N3*9 PLACEHOLDER PLACE~
                N4*TESTVILLE*OH*43215~
                DMG*D8*19571026*M~
                NM1*PR*2*TEST COMMERCIAL HEALTH PLAN B*****PI*TSTCOMB2~
                CLM*@PCN@*@TOTAL@***11:B:@FREQ@*Y*A*Y*Y~
                """
                        + (f8 == null ? "" : "REF*F8*" + f8 + "~\n")
                        + """
                        HI*ABK:L600*ABF:I10~
                        NM1*82*1*SAMPLEPHYSICIAN*JORDAN****XX*1990000121~
                        PRV*PE*PXC*207Q00000X~
                        """
                        + sv;
        int segments = body.split("~").length - 1 + 2;
        return ("ISA*00*          *00*          *ZZ*RECLAIMSYNTH   *ZZ*TESTCLEARHOUSE *250120*1057*^*00501*1452468@N@*0*T*:~\n"
                        + "GS*HC*RECLAIMSYNTH*TESTCLEARHOUSE*@DATE@*1057*1452468@N@*X*005010X222A1~\n"
                        + "ST*837*0001*005010X222A1~\n"
                        + body
                        + "SE*"
                        + segments
                        + "*0001~\nGE*1*1452468@N@~\nIEA*1*1452468@N@~\n")
                .replace("@PCN@", pcn)
                .replace("@TOTAL@", String.valueOf(total))
                .replace("@FREQ@", frequency)
                .replace("@N@", String.valueOf(10 + (SEQ++ % 89)));
    }

    private static int SEQ = 0;

    /** Service lines of the remittance, for a 99213 (135) and an 11721 (45) billed together. */
    static String deniedLine1(String carc) {
        return """
               SVC*HC:99213*135*0**1~
               DTM*472*@DOS@~
               CAS*CO*@CARC@*135~
               SVC*HC:11721*45*45**1~
               DTM*472*@DOS@~
               """
                .replace("@CARC@", carc);
    }

    static String paidInFull(String visitModifiers) {
        return """
               SVC*HC:99213@MODS@*135*135**1~
               DTM*472*@DOS@~
               SVC*HC:11721*45*45**1~
               DTM*472*@DOS@~
               """
                .replace("@MODS@", visitModifiers);
    }

    static String claimLevel(String carc) {
        return "CAS*OA*" + carc + "*180~\n";
    }

    private String remit835(
            String pcn, String status, String payerClaimNumber, String paid, String lines) {
        String dos = D8.format(today().minusDays(40));
        String body =
                """
                BPR*H*@PAID@*C*NON************@PAY@~
                TRN*1*3647@N@*1990000104~
                DTM*405*@PAY@~
                N1*PR*TEST COMMERCIAL HEALTH PLAN B*XV*TSTCOMB2~
                N3*1 TEST PAYER PLAZA~
                N4*TESTVILLE*OH*43215~
                REF*2U*TSTCOMB2~
                PER*BL*TEST EDI SUPPORT*TE*5555550199~
                N1*PE*TEST FAMILY MEDICINE GROUP*XX*1990000105~
                N3*100 SYNTHETIC WAY~
                N4*TESTVILLE*OH*432150001~
                REF*TJ*990000201~
                LX*1~
                CLP*@PCN@*@STATUS@*180*@PAID@**CI*@PCLM@*11*1~
                NM1*QC*1*TESTPATIENT*FINLEY****MI*TST371272069~
                NM1*82*1*SAMPLEPHYSICIAN*JORDAN****XX*1990000121~
                DTM*050*@PAY@~
                """
                        + lines;
        int segments = body.split("~").length - 1 + 2;
        return ("ISA*00*          *00*          *ZZ*TESTPAYERS     *ZZ*RECLAIMSYNTH   *250325*1057*^*00501*6771988@N@*0*T*:~\n"
                        + "GS*HP*TESTPAYERS*RECLAIMSYNTH*@PAY@*1057*6771988@N@*X*005010X221A1~\n"
                        + "ST*835*0001~\n"
                        + body
                        + "SE*"
                        + segments
                        + "*0001~\nGE*1*6771988@N@~\nIEA*1*6771988@N@~\n")
                .replace("@PCN@", pcn)
                .replace("@STATUS@", status)
                .replace("@PAID@", paid)
                .replace("@PCLM@", payerClaimNumber)
                .replace("@DOS@", dos)
                .replace("@PAY@", "@DATE@")
                .replace("@N@", String.valueOf(10 + (SEQ++ % 89)));
    }
}
