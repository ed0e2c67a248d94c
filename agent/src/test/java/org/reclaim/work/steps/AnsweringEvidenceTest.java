package org.reclaim.work.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.synth.DenialReason;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The shipped medical-necessity playbooks appeal only with a record that argues the need: a note on
 * file that does not (a visit note, a note that says the service was not medically necessary) is no
 * enclosure, and the denial is proposed for write-off with the reason instead of appealed.
 */
class AnsweringEvidenceTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired ReclaimProperties props;

    private Path records;

    @BeforeEach
    void shippedPlaybooks() throws IOException {
        TestPlaybooks.shipped(triage);
        records = props.dataDir().resolve("records").resolve("default");
    }

    @AfterEach
    void noRecordsLeft() throws IOException {
        TestPlaybooks.shipped(triage);
        if (Files.isDirectory(records)) {
            try (var files = Files.walk(records)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .filter(p -> !p.equals(records))
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void onlyANoteThatArguesTheNeedIsEnclosed() throws IOException {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(12)
                        .withSeed(31)
                        .withDenialRate(1.0)
                        .withLinesPerClaim(1, 1)
                        .withReversalRate(0)
                        .withDenialReasons(List.of(DenialReason.line("CO", "50", 1, "N115")))
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
        List<String> pcns =
                db.sql(
                                "SELECT patient_control_number FROM denial WHERE category ="
                                        + " 'MEDICAL_NECESSITY' ORDER BY 1")
                        .map(x -> x.get(0, String.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(pcns).hasSizeGreaterThanOrEqualTo(4);
        String arguing = pcns.get(0);
        String denying = pcns.get(1);
        String silent = pcns.get(2);
        note(arguing, "Assessment: six weeks of physical therapy; conservative treatment failed.");
        note(denying, "Plan: imaging now, although it is not medically necessary at this stage.");
        note(silent, "Patient seen. Service performed as ordered.");
        // a document that cannot be read is named, and does not stop the others from answering
        Files.write(
                records.resolve(arguing).resolve("scan.pdf"),
                "%PDF-1.4 not really a PDF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        orchestrator.runUntilIdle().block();

        assertThat(detail(arguing, "GATHER_RECORDS"))
                .contains("1 of 2 document(s) answer the denial: clinical-note.txt")
                .contains("could not read scan.pdf: not a readable PDF");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM artifact a JOIN denial d ON d.id = a.denial_id"
                                        + " WHERE a.kind LIKE 'appeal%' AND d.patient_control_number = '"
                                        + arguing
                                        + "'"))
                .as("the arguing note's denial is appealed")
                .isPositive();
        for (String pcn : List.of(denying, silent)) {
            assertThat(detail(pcn, "GATHER_RECORDS"))
                    .contains("none states what answers the denial");
            assertThat(status(pcn)).isEqualTo("AWAITING_REVIEW");
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*) FROM artifact a JOIN denial d ON d.id ="
                                            + " a.denial_id WHERE a.kind LIKE 'appeal%' AND"
                                            + " d.patient_control_number = '"
                                            + pcn
                                            + "'"))
                    .as("no appeal is drafted for " + pcn)
                    .isZero();
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*) FROM review v JOIN denial d ON d.id ="
                                            + " v.denial_id WHERE d.patient_control_number = '"
                                            + pcn
                                            + "' AND v.status = 'OPEN'"))
                    .as("a write-off is proposed to a person")
                    .isEqualTo(1);
        }
    }

    private void note(String pcn, String text) throws IOException {
        Path folder = records.resolve(pcn);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("clinical-note.txt"), "SIMULATED note. " + text + "\n");
    }

    private String detail(String pcn, String kind) {
        return db.sql(
                        "SELECT r.detail FROM step_run r JOIN denial d ON d.id = r.denial_id WHERE"
                                + " d.patient_control_number = :pcn AND r.step = :kind ORDER BY"
                                + " r.started_at DESC LIMIT 1")
                .bind("pcn", pcn)
                .bind("kind", kind)
                .map(x -> x.get(0, String.class))
                .one()
                .block();
    }

    private String status(String pcn) {
        return db.sql("SELECT status FROM denial WHERE patient_control_number = :pcn")
                .bind("pcn", pcn)
                .map(x -> x.get(0, String.class))
                .one()
                .block();
    }
}
