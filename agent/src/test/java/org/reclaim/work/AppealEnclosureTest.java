package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * No appeal is sent without an enclosure that answers the denial: an appeal with nothing from the
 * claim's records is not drafted, the denial goes to a person with the reason.
 */
class AppealEnclosureTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired ReclaimProperties props;

    @BeforeEach
    void appealThenSubmit() throws IOException {
        // no GATHER_RECORDS: the draft itself must find the enclosure
        TestPlaybooks.forEveryCategory(
                triage, "  - step: DRAFT_APPEAL\n  - step: SUBMIT\n    channel: FAX\n");
    }

    @AfterEach
    void shipped() throws IOException {
        TestPlaybooks.shipped(triage);
        org.reclaim.support.TestRecords.clear(props);
    }

    @Test
    void anAppealWithNoEnclosureThatAnswersTheDenialIsNotSentAndAPersonIsToldWhy() {
        Generated.upload(http, 40, 13, 0.4, triage.today().minusDays(20));
        UUID denial = TestData.loneDenial(db, "medical-necessity");
        assertThat(denial).isNotNull();

        orchestrator.runUntilIdle().block();

        assertThat(count(db, "SELECT count(*) FROM submission WHERE denial_id = '" + denial + "'"))
                .isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM artifact WHERE kind = 'appeal-packet' AND denial_id = '"
                                        + denial
                                        + "'"))
                .isZero();
        assertThat(
                        db.sql(
                                        "SELECT status || '|' || (SELECT reason FROM denial_event e WHERE e.denial_id = d.id "
                                                + "AND e.to_status = 'ESCALATED') FROM denial d WHERE id = :d")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .startsWith("ESCALATED|no appeal is sent without an enclosure that answers")
                .contains("records folder has no document");
    }

    @Test
    void theAppealsDrafterIsGivenTheTextOfTheClaimsRecordsButNotOfAScan() {
        Generated.upload(http, 40, 13, 0.4, triage.today().minusDays(20));
        UUID denial = TestData.loneDenial(db, "medical-necessity");
        assertThat(denial).isNotNull();
        String pcn =
                db.sql("SELECT patient_control_number FROM denial WHERE id = :d")
                        .bind("d", denial)
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block();
        org.reclaim.support.TestRecords.note(
                props,
                pcn,
                "visit-note.txt",
                "Synthetic visit note: six weeks of physical therapy failed; imaging was needed.");
        org.reclaim.support.TestRecords.note(props, pcn, "scan.pdf", "%PDF-1.4\u0000binary");

        orchestrator.runUntilIdle().block();

        String detail =
                db.sql(
                                "SELECT detail FROM step_run WHERE denial_id = :d AND step ="
                                        + " 'DRAFT_APPEAL' ORDER BY started_at LIMIT 1")
                        .bind("d", denial)
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block();
        assertThat(detail)
                .startsWith("appeal drafted")
                .contains("records read for the draft: visit-note.txt")
                .doesNotContain("read for the draft: scan.pdf", ", scan.pdf");
    }
}
