package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reclaim.common.Money;
import org.reclaim.core.AgentClock;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.reclaim.x12.write.ClaimStatusInquiryWriter;
import org.reclaim.x12.write.ClaimStatusResponseWriter;
import org.reclaim.x12.write.EligibilityInquiryWriter;
import org.reclaim.x12.write.EligibilityResponseWriter;
import org.reclaim.x12.write.Envelope;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Answers wake the work: a stored 271, 277 or 835 makes the items waiting on it due at once (the
 * service clock not moved), so the waiting step reads it in the next pass; an answer about another
 * claim wakes nothing.
 */
class AnswerWakesTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired AgentClock clock;
    @Autowired TriageService triage;

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        TestPlaybooks.shipped(triage);
    }

    @Test
    void aWaitingEligibilityInquiryReadsIts271AsSoonAsItIsStored() throws IOException {
        TestPlaybooks.forEveryCategory(triage, "  - step: VERIFY_ELIGIBILITY\n    wait: P2D\n");
        Map<String, ClaimDocument> claims = uploadBatch(12, 31);
        orchestrator.runUntilIdle().block();
        Waiting w = someWaiting("270");

        ClaimDocument doc = claims.get(w.pcn());
        store(
                EligibilityResponseWriter.write(
                        EligibilityInquiryWriter.EligibilityInquiry.of(
                                doc, w.trace(), doc.lines().get(0).serviceFrom()),
                        EligibilityResponseWriter.Coverage.active(
                                "SYNTHETIC PLAN", LocalDate.of(2025, 1, 1), null),
                        envelope()));

        assertThat(nextRunAt(w.denial()))
                .as("due now, not in two days")
                .isBeforeOrEqualTo(clock.instant());
        assertThat(dueNow())
                .as("the other inquiries still wait for their own answers")
                .containsExactly(w.denial());
        // the service clock not moved: what is due now (the denials of a claim take turns)
        orchestrator.runUntilIdle().block();
        assertThat(lastStep(w.denial())).isEqualTo("271: coverage active");
    }

    @Test
    void aWaitingClaimStatusInquiryReadsIts277AsSoonAsItIsStored() throws IOException {
        TestPlaybooks.forEveryCategory(
                triage,
                "  - step: CHECK_CLAIM_STATUS\n    channel: CLEARINGHOUSE\n    wait: P7D\n");
        Map<String, ClaimDocument> claims = uploadBatch(12, 32);
        orchestrator.runUntilIdle().block();
        Waiting w = someWaiting("276");

        store(
                ClaimStatusResponseWriter.write(
                        ClaimStatusInquiryWriter.StatusInquiry.of(claims.get(w.pcn()), null),
                        new ClaimStatusResponseWriter.StatusAnswer(
                                "F2",
                                "65",
                                null,
                                LocalDate.of(2026, 10, 1),
                                null,
                                Money.ZERO,
                                LocalDate.of(2026, 10, 1)),
                        envelope()));

        assertThat(nextRunAt(w.denial()))
                .as("due now, not in a week")
                .isBeforeOrEqualTo(clock.instant());
        // the service clock not moved: what is due now (the denials of a claim take turns)
        orchestrator.runUntilIdle().block();
        assertThat(lastStep(w.denial())).isEqualTo("277 says F2:65");
    }

    @Test
    void an835AboutTheClaimWakesItsAwaitResponseAndOnlyItsOwn() throws IOException {
        TestPlaybooks.forEveryCategory(triage, "  - step: AWAIT_RESPONSE\n    wait: P30D\n");
        store(remit("WAKETRACE1", claim("WAKE-1", "CO*97*100"), claim("WAKE-2", "CO*97*100")));
        orchestrator.runUntilIdle().block();
        UUID one = denialOf("WAKE-1");
        UUID two = denialOf("WAKE-2");
        Instant arrived = clock.instant();
        assertThat(nextRunAt(one)).as("asleep for 30 days").isAfter(arrived.plusSeconds(86_400));

        // the payer's answer about WAKE-1 only: the line denied again, by another code
        store(remit("WAKETRACE2", claim("WAKE-1", "CO*16*100")));

        assertThat(nextRunAt(one)).as("woken by its answer").isBeforeOrEqualTo(clock.instant());
        assertThat(nextRunAt(two))
                .as("an answer about another claim wakes nothing")
                .isAfter(arrived.plusSeconds(86_400));
        long before = stepRuns(one);
        orchestrator.runOnce().block();
        assertThat(stepRuns(one)).as("its step ran at once").isEqualTo(before + 1);
    }

    // ---- helpers ----

    record Waiting(UUID denial, String pcn, String trace) {}

    /** The first denial (by id) whose VERIFY_ELIGIBILITY or CHECK_CLAIM_STATUS sent its inquiry. */
    private Waiting someWaiting(String type) {
        List<Map<String, Object>> rows =
                db.sql(
                                """
                        SELECT w.denial_id, w.context, w.step_index, d.patient_control_number FROM work_item w
                        JOIN denial d ON d.id = w.denial_id WHERE w.state = 'READY' ORDER BY w.denial_id""")
                        .fetch()
                        .all()
                        .collectList()
                        .block();
        assertThat(rows).isNotEmpty();
        for (Map<String, Object> r : rows) {
            WorkContext c = WorkContext.decode((String) r.get("context"));
            // the steps keep their inquiries by step id
            for (WorkContext.StepState st : c.steps().values()) {
                WorkContext.Inquiry q = st.inquiry(type);
                if (q != null && q.sent() != null)
                    return new Waiting(
                            (UUID) r.get("denial_id"),
                            (String) r.get("patient_control_number"),
                            q.trace());
            }
        }
        throw new AssertionError("no " + type + " was sent");
    }

    private Map<String, ClaimDocument> uploadBatch(int n, long seed) throws IOException {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(n)
                        .withSeed(seed)
                        .withDenialRate(0.5)
                        .withBaseDate(triage.today().minusDays(20)),
                c,
                r);
        store(c.toByteArray());
        store(r.toByteArray());
        Map<String, ClaimDocument> byPcn = new HashMap<>();
        X12Files.read(
                new ByteArrayInputStream(c.toByteArray()),
                new X12Handler() {
                    @Override
                    public void claimDocument(ClaimDocument d) {
                        byPcn.put(d.claim().patientControlNumber(), d);
                    }
                });
        return byPcn;
    }

    private long control = 7000;

    private Envelope envelope() {
        long n = ++control;
        return new Envelope(
                "ZZ",
                "SYNPAYER",
                "ZZ",
                "RECLAIM",
                "SYNPAYER",
                "RECLAIM",
                Envelope.Usage.TEST,
                n,
                n,
                n,
                LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private void store(String x12) {
        store(x12.getBytes(StandardCharsets.US_ASCII));
    }

    private void store(byte[] x12) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(x12)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private Instant nextRunAt(UUID denial) {
        return db.sql("SELECT next_run_at FROM work_item WHERE denial_id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, OffsetDateTime.class).toInstant())
                .one()
                .block();
    }

    private List<UUID> dueNow() {
        return db.sql(
                        "SELECT denial_id FROM work_item WHERE state = 'READY' AND next_run_at <= :now")
                .bind("now", org.reclaim.core.Times.utc(clock.instant()))
                .map(r -> r.get(0, UUID.class))
                .all()
                .collectList()
                .block();
    }

    private String lastStep(UUID denial) {
        return db.sql(
                        "SELECT detail FROM step_run WHERE denial_id = :d ORDER BY started_at DESC, id DESC LIMIT 1")
                .bind("d", denial)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    private long stepRuns(UUID denial) {
        return db.sql("SELECT count(*) FROM step_run WHERE denial_id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, Long.class))
                .one()
                .block();
    }

    private UUID denialOf(String pcn) {
        return db.sql("SELECT id FROM denial WHERE patient_control_number = :p")
                .bind("p", pcn)
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    /** One CLP loop of one line of $100, paid nothing, adjusted by {@code cas}. */
    private static String claim(String pcn, String cas) {
        return "CLP*"
                + pcn
                + "*1*100*0**12*"
                + pcn
                + "-PAYER~NM1*QC*1*SYNTHETIC*PATIENT****MI*SYN"
                + pcn
                + "~SVC*HC:99213*100*0**1~DTM*472*20260915~CAS*"
                + cas
                + "~";
    }

    private static String remit(String trace, String... claims) {
        String body =
                "ST*835*0001~BPR*I*0*C*CHK************20261001~TRN*1*"
                        + trace
                        + "*1999999999~DTM*405*20261001~N1*PR*SYNTHETIC PAYER~"
                        + "N1*PE*SYNTHETIC CLINIC*XX*1999999999~LX*1~"
                        + String.join("", claims);
        int segments = body.split("~").length + 1;
        return "ISA*00*          *00*          *ZZ*SYNPAYER       *ZZ*SYNCLINIC      *261001*1200*^*00501*000000001*0*T*:~"
                + "GS*HP*SYNPAYER*SYNCLINIC*20261001*1200*1*X*005010X221A1~"
                + body
                + "SE*"
                + segments
                + "*0001~GE*1*1~IEA*1*000000001~";
    }
}
