package org.reclaim.work;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.ApiTest;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.reclaim.x12.write.EligibilityInquiryWriter.EligibilityInquiry;
import org.reclaim.x12.write.EligibilityResponseWriter;
import org.reclaim.x12.write.Envelope;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Eligibility discovery with the facts of the practice's documents: a claim the payer could not
 * process for missing subscriber data (CO-16 MA27) gets a 270 by name and date of birth with the
 * member id a records document states (under whatever label it uses, in text or PDF), and with the
 * 271 confirming it a corrected claim carrying that member id; a records member id the 271 does not
 * confirm is never used. WireMock is the clearinghouse; the 271 is written here.
 */
class EligibilityDiscoveryTest extends ApiTest {

    static final String RECORDS_ID = "W9RECORDS17";

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired AgentClock clock;
    @Autowired ReclaimProperties props;

    WireMockServer clearinghouse;
    Path folder;

    @BeforeEach
    void clearinghouse() {
        clearinghouse = new WireMockServer(wireMockConfig().dynamicPort());
        clearinghouse.start();
        clearinghouse.stubFor(
                post(urlEqualTo("/files"))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("{\"id\": \"F-1\", \"status\": \"accepted\"}")));
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(
                        Map.of(
                                "baseUrl",
                                clearinghouse.baseUrl(),
                                "authHeaderName",
                                "Authorization",
                                "authHeaderValue",
                                "Bearer ch-secret-1234"))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @AfterEach
    void stop() throws IOException {
        clearinghouse.stop();
        db.sql("DELETE FROM connector_setting WHERE kind = 'clearinghouse-rest'").then().block();
        if (folder != null && Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(folder);
        }
    }

    @Test
    void aRecordsTextStatingTheMemberIdGetsA270AndWithAConfirming271ACorrectedClaim()
            throws IOException {
        ClaimDocument claim = claimOnFile();
        records(claim, "insurance-card.txt", text("Subscriber #: " + RECORDS_ID));
        UUID denial = deny(claim, "MA27");
        orchestrator.runUntilIdle().block();

        String inquiry = only("270");
        assertThat(inquiry)
                .as("asked by name, date of birth and the records' member id")
                .contains("*MI*" + RECORDS_ID + "~", "DMG*D8*")
                .doesNotContain("*MI*" + claim.subscriber().name().id() + "~");
        assertThat(detail(denial, "VERIFY_ELIGIBILITY"))
                .contains("insurance-card.txt, under \"Subscriber #\"");

        answer(claim, inquiry, RECORDS_ID, true);
        clock.advanceBy(Duration.ofDays(3));
        orchestrator.runUntilIdle().block();

        assertThat(detail(denial, "VERIFY_ELIGIBILITY")).contains("is confirmed by it");
        // the corrected claim, sent as this payer takes corrections
        assertThat(status(denial)).as(steps(denial)).isEqualTo("AWAITING_PAYER");
        String corrected = correctedClaim(denial);
        assertThat(corrected).contains("NM1*IL*1*" + claim.subscriber().name().last());
        assertThat(corrected).contains("*MI*" + RECORDS_ID + "~");
    }

    @Test
    void aRecordsPdfUnderAnotherLabelAndAnUnprocessableClaimGoOutAsANewOriginalWithTheId()
            throws IOException {
        ClaimDocument claim = claimOnFile();
        records(claim, "eligibility-printout.pdf", pdf("Plan: Synthetic", "ID No. " + RECORDS_ID));
        UUID denial = deny(claim, "MA130", "MA27");
        orchestrator.runUntilIdle().block();

        String inquiry = only("270");
        assertThat(inquiry).contains("*MI*" + RECORDS_ID + "~");
        answer(claim, inquiry, RECORDS_ID, true);
        clock.advanceBy(Duration.ofDays(3));
        orchestrator.runUntilIdle().block();

        String corrected = only("837");
        assertThat(corrected).contains("*MI*" + RECORDS_ID + "~");
        // a new original (CLM05-3 = 1), never a replacement of a claim the payer never processed
        assertThat(corrected)
                .containsPattern("CLM\\*[^~]*\\*\\d\\d:B:1\\*")
                .doesNotContain("REF*F8");
    }

    @Test
    void aPatientThePayerCannotIdentifyIsAskedForByNameAndDateOfBirthAndGetsThe271sMemberId() {
        ClaimDocument claim = claimOnFile();
        UUID denial = denyWith(claim, "31");
        orchestrator.runUntilIdle().block();

        String inquiry = only("270");
        assertThat(inquiry)
                .as("no member id at all: the payer searches by name and date of birth")
                .contains("NM1*IL*1*" + claim.subscriber().name().last(), "DMG*D8*")
                .doesNotContain("*MI*");
        answer(claim, inquiry, "W9PAYER0042", true);
        clock.advanceBy(Duration.ofDays(3));
        orchestrator.runUntilIdle().block();

        assertThat(correctedClaim(denial)).as(steps(denial)).contains("*MI*W9PAYER0042~");
    }

    @Test
    void aLateAnswerToTheFirstInquiryCountsAfterTheInquiryWasSentAgain() {
        // the payer answers a day late: the 270 has gone again meanwhile, and the 271 to the first
        // one is the answer all the same
        ClaimDocument claim = claimOnFile();
        UUID denial = denyWith(claim, "31");
        orchestrator.runUntilIdle().block();
        String first = only("270");
        clock.advanceBy(Duration.ofDays(2)); // past the playbook's wait: asked again
        orchestrator.runUntilIdle().block();
        assertThat(sent("270")).as(steps(denial)).hasSize(2);

        answer(claim, first, "W9LATE0001", true);
        clock.advanceBy(Duration.ofHours(1));
        orchestrator.runUntilIdle().block();

        assertThat(correctedClaim(denial)).as(steps(denial)).contains("*MI*W9LATE0001~");
    }

    @Test
    void aRecordsMemberIdThe271DoesNotConfirmIsNotUsed() throws IOException {
        ClaimDocument claim = claimOnFile();
        records(claim, "intake.txt", text("Member ID: " + RECORDS_ID));
        UUID denial = deny(claim, "MA27");
        orchestrator.runUntilIdle().block();

        answer(claim, only("270"), RECORDS_ID, false);
        clock.advanceBy(Duration.ofDays(3));
        orchestrator.runUntilIdle().block();

        assertThat(detail(denial, "VERIFY_ELIGIBILITY"))
                .contains("is not confirmed, so it is not used");
        assertThat(sent("837")).as("no corrected claim with an unconfirmed member id").isEmpty();
        assertThat(
                        db.sql("SELECT count(*) FROM artifact WHERE denial_id = :d")
                                .bind("d", denial)
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isZero();
        assertThat(context(denial)).doesNotContain("eligibleMemberId\"");
        assertThat(status(denial)).isEqualTo("ESCALATED");
    }

    @Test
    void anUnreadablePdfIsNamedInTheStepAndTheOtherDocumentsAreStillUsed() throws IOException {
        ClaimDocument claim = claimOnFile();
        records(
                claim,
                "scan-broken.pdf",
                "%PDF-1.4 garbage, not a PDF at all".getBytes(StandardCharsets.ISO_8859_1));
        records(claim, "intake.txt", text("Member # " + RECORDS_ID));
        UUID denial = deny(claim, "MA27");
        orchestrator.runUntilIdle().block();

        assertThat(only("270")).contains("*MI*" + RECORDS_ID + "~");
        assertThat(detail(denial, "VERIFY_ELIGIBILITY"))
                .contains("scan-broken.pdf: not a readable PDF");
    }

    // ---- the claim, the records, the denial and the 271 ----

    ClaimDocument claimOnFile() {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(1)
                        .withSeed(113)
                        .withDenialRate(0.0)
                        .withBaseDate(triage.today().minusDays(20)),
                c,
                new ByteArrayOutputStream());
        upload(c.toByteArray());
        return ClaimDocument.parse(
                db.sql("SELECT document FROM claim_document LIMIT 1")
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block());
    }

    void records(ClaimDocument claim, String name, byte[] content) throws IOException {
        folder =
                props.dataDir()
                        .resolve("records")
                        .resolve("default")
                        .resolve(claim.claim().patientControlNumber());
        Files.createDirectories(folder);
        Files.write(folder.resolve(name), content);
    }

    static byte[] text(String line) {
        return ("SYNTHETIC CLINIC - PATIENT INSURANCE\n" + line + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pdf(String... lines) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                cs.setLeading(14);
                cs.newLineAtOffset(72, 720);
                for (String l : lines) {
                    cs.showText(l);
                    cs.newLine();
                }
                cs.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A claim-level CO-16 with these remarks (MOA) for the whole charge; its denial. */
    UUID deny(ClaimDocument claim, String... rarcs) {
        return denyWith(claim, "16", rarcs);
    }

    /** A claim-level CO-{@code carc} with these remarks (MOA) for the whole charge; its denial. */
    UUID denyWith(ClaimDocument claim, String carc, String... rarcs) {
        String pcn = claim.claim().patientControlNumber();
        String charge = claim.claim().charge().toBigDecimal().toPlainString();
        String date = triage.today().toString().replace("-", "");
        ClaimDocument.Name payer = claim.payer().name();
        ClaimDocument.Name s = claim.subscriber().name();
        String body =
                "ST*835*0001~BPR*I*0*C*NON************"
                        + date
                        + "~TRN*1*DISC"
                        + pcn
                        + "*1999999999~DTM*405*"
                        + date
                        + "~N1*PR*"
                        + payer.last()
                        + "*XV*"
                        + payer.id()
                        + "~N1*PE*SYNTHETIC CLINIC*XX*1999999999~LX*1~CLP*"
                        + pcn
                        + "*4*"
                        + charge
                        + "*0**12*"
                        + pcn
                        + "PAYER~CAS*CO*"
                        + carc
                        + "*"
                        + charge
                        + "~NM1*QC*1*"
                        + s.last()
                        + "*"
                        + s.first()
                        + "****MI*"
                        + s.id()
                        + "~"
                        + (rarcs.length == 0 ? "" : "MOA***" + String.join("*", rarcs) + "~");
        int segments = body.split("~").length + 1;
        upload(
                ("ISA*00*          *00*          *ZZ*SYNPAYER       *ZZ*SYNCLINIC      *261001*1200*^*00501*000000001*0*T*:~"
                                + "GS*HP*SYNPAYER*SYNCLINIC*"
                                + date
                                + "*1200*1*X*005010X221A1~"
                                + body
                                + "SE*"
                                + segments
                                + "*0001~GE*1*1~IEA*1*000000001~")
                        .getBytes(StandardCharsets.ISO_8859_1));
        return db.sql("SELECT id FROM denial WHERE patient_control_number = :p")
                .bind("p", pcn)
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    /** The payer's 271 to the inquiry: active coverage under {@code memberId}, or not found. */
    void answer(ClaimDocument claim, String inquiry, String memberId, boolean found) {
        Matcher trn = Pattern.compile("TRN\\*1\\*([^*~]+)\\*([^*~]+)").matcher(inquiry);
        assertThat(trn.find()).isTrue();
        ClaimDocument.Name s = claim.subscriber().name();
        EligibilityInquiry q =
                new EligibilityInquiry(
                        claim.payer().name(),
                        claim.billingProvider().party().name(),
                        new ClaimDocument.Name(
                                s.entityType(), s.last(), s.first(), null, null, "MI", memberId),
                        claim.subscriber().birthDate(),
                        null,
                        trn.group(1),
                        trn.group(2),
                        null,
                        List.of());
        upload(
                EligibilityResponseWriter.write(
                        q,
                        found
                                ? EligibilityResponseWriter.Coverage.active(
                                        "SYNTHETIC PLAN", LocalDate.of(2025, 1, 1), null)
                                : EligibilityResponseWriter.Coverage.notFound(),
                        new Envelope(
                                "ZZ",
                                "TESTPAYER",
                                "ZZ",
                                "RECLAIM",
                                "TESTPAYER",
                                "RECLAIM",
                                Envelope.Usage.TEST,
                                91,
                                91,
                                91,
                                LocalDateTime.now())));
    }

    void upload(byte[] x12) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(x12)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    List<String> sent(String type) {
        return clearinghouse
                .findAll(
                        postRequestedFor(urlEqualTo("/files"))
                                .withHeader("X-File-Type", equalTo(type)))
                .stream()
                .map(r -> new String(r.getBody(), StandardCharsets.ISO_8859_1))
                .toList();
    }

    String only(String type) {
        List<String> files = sent(type);
        assertThat(files).as(type + " files sent").hasSize(1);
        return files.get(0);
    }

    String detail(UUID denial, String step) {
        return String.join(
                "\n",
                db.sql(
                                "SELECT coalesce(outcome, '') || '|' || coalesce(detail, '') FROM step_run"
                                        + " WHERE denial_id = :d AND step = :s ORDER BY started_at")
                        .bind("d", denial)
                        .bind("s", step)
                        .map(r -> r.get(0, String.class))
                        .all()
                        .collectList()
                        .block());
    }

    String correctedClaim(UUID denial) {
        return db.sql(
                        "SELECT content FROM artifact WHERE denial_id = :d AND kind = 'claim-837'"
                                + " ORDER BY created_at DESC LIMIT 1")
                .bind("d", denial)
                .map(r -> new String(r.get(0, byte[].class), StandardCharsets.ISO_8859_1))
                .one()
                .block();
    }

    /** The denial's step log, for a failing assertion's description. */
    String steps(UUID denial) {
        return String.join(
                "\n",
                db.sql(
                                "SELECT step || ' ' || outcome || ': ' || detail FROM step_run"
                                        + " WHERE denial_id = :d ORDER BY started_at")
                        .bind("d", denial)
                        .map(r -> r.get(0, String.class))
                        .all()
                        .collectList()
                        .block());
    }

    String context(UUID denial) {
        return db.sql("SELECT context FROM work_item WHERE denial_id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    String status(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :id")
                .bind("id", denial)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }
}
