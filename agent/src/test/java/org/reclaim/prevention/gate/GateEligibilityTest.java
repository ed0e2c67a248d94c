package org.reclaim.prevention.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.prevention.Claims837.claim;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.prevention.Claims837;
import org.reclaim.support.ApiTest;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.write.EligibilityInquiryWriter;
import org.reclaim.x12.write.EligibilityResponseWriter;
import org.reclaim.x12.write.Envelope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.MediaType;

/**
 * Eligibility up front in the gate: a member without a 271 on file within 30 days gets one 270 and
 * the claim waits HELD; the 271 that answers it scrubs the claim again (active: sent once, with the
 * member id the 271 names applied and shown; inactive: held with the reason). A 271 on file within
 * 30 days sends no 270.
 */
class GateEligibilityTest extends ApiTest {

    private static final MediaType X12 = MediaType.parseMediaType("application/edi-x12");
    private static final String SETTING = "gate-eligibility-test";
    private static final AtomicLong CONTROL = new AtomicLong(8100);

    @Autowired TriageService triage;
    @Autowired ConfigurableEnvironment env;

    @BeforeEach
    void on() {
        env.getPropertySources()
                .addFirst(
                        new MapPropertySource(
                                SETTING,
                                Map.of(
                                        "reclaim.prevention.eligibility-up-front-for.default",
                                        "on")));
    }

    @AfterEach
    void off() {
        env.getPropertySources().remove(SETTING);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> submit(Claims837.Claim c) {
        Map<String, Object> body =
                http.post()
                        .uri("/api/v1/claims/submit")
                        .contentType(X12)
                        .bodyValue(Claims837.file(c).getBytes(StandardCharsets.ISO_8859_1))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        return ((List<Map<String, Object>>) body.get("claims")).get(0);
    }

    private Map<String, Object> held(String id) {
        return http.get()
                .uri("/api/v1/claims/held/" + id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    private long submissions(String keyLike) {
        return db.sql("SELECT count(*) FROM submission WHERE idempotency_key LIKE :k")
                .bind("k", keyLike)
                .map(r -> r.get(0, Long.class))
                .one()
                .block();
    }

    private ClaimDocument document(String id) {
        return ClaimDocument.parse(
                db.sql("SELECT document FROM held_claim WHERE id = :id")
                        .bind("id", UUID.fromString(id))
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block());
    }

    /** A 271 from the payer for the claim, echoing {@code trace}, stored like any upload. */
    private void answer(ClaimDocument doc, String trace, EligibilityResponseWriter.Coverage c) {
        long n = CONTROL.incrementAndGet();
        LocalDate dos = doc.lines().get(0).serviceFrom();
        byte[] x12 =
                EligibilityResponseWriter.write(
                        EligibilityInquiryWriter.EligibilityInquiry.of(doc, trace, dos),
                        c,
                        new Envelope(
                                "ZZ",
                                "TESTPAYER",
                                "ZZ",
                                "RECLAIM",
                                "TESTPAYER",
                                "RECLAIM",
                                Envelope.Usage.TEST,
                                n,
                                n,
                                n,
                                LocalDateTime.now()));
        http.post()
                .uri("/api/v1/claims")
                .contentType(X12)
                .bodyValue(x12)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    @SuppressWarnings("unchecked")
    private static List<String> rules(Map<String, Object> claim) {
        return ((List<Map<String, Object>>) claim.get("findings"))
                .stream().map(f -> (String) f.get("rule")).toList();
    }

    private String awaiting(String pcn) {
        Map<String, Object> c =
                submit(claim(pcn).line("99213", "", 1, triage.today().minusDays(3)));
        assertThat(c.get("outcome")).isEqualTo("held");
        assertThat(rules(c)).containsExactly(GateEligibility.AWAITING_RULE);
        String id = (String) c.get("id");
        assertThat(held(id).get("reason")).isEqualTo("awaiting eligibility");
        assertThat(submissions("gate-270:" + id + ":%")).isEqualTo(1);
        assertThat(submissions("gate:" + id)).isZero();
        return id;
    }

    @Test
    void aClaimWithoutA271WaitsForItsAnswerAndIsSentOnceWhenCoverageIsActive() {
        String id = awaiting("ELIG-ACTIVE");
        // the same claim again: what became of it, no second 270
        Map<String, Object> again =
                submit(claim("ELIG-ACTIVE").line("99213", "", 1, triage.today().minusDays(3)));
        assertThat(again.get("duplicate")).isEqualTo(true);
        assertThat(submissions("gate-270:%")).isEqualTo(1);

        ClaimDocument doc = document(id);
        EligibilityResponseWriter.Coverage active =
                EligibilityResponseWriter.Coverage.active(
                        "TEST PLAN", triage.today().minusYears(1), null);
        answer(doc, GateEligibility.trace(UUID.fromString(id)), active);
        Map<String, Object> sent = held(id);
        assertThat(sent.get("status")).isEqualTo("SENT");
        assertThat(sent.get("verdict")).isEqualTo("CLEAN");
        assertThat(rules(sent)).isEmpty();
        assertThat(submissions("gate:" + id)).isEqualTo(1);
        // the 271 told twice sends nothing again
        answer(doc, GateEligibility.trace(UUID.fromString(id)), active);
        assertThat(submissions("gate:" + id)).isEqualTo(1);
        assertThat(submissions("gate-270:%")).isEqualTo(1);
    }

    @Test
    void aClaimFixedWhileAwaitingItsAnswerStillAwaitsIt() {
        String id = awaiting("ELIG-FIXED");
        http.post()
                .uri("/api/v1/claims/held/" + id + "/fix")
                .bodyValue(Map.of("edits", Map.of("referral", "REF12345")))
                .exchange()
                .expectStatus()
                .isOk();
        Map<String, Object> c = held(id);
        assertThat(c.get("status")).isEqualTo("HELD");
        assertThat(c.get("verdict")).isEqualTo("HOLD");
        assertThat(rules(c)).containsExactly(GateEligibility.AWAITING_RULE);
        answer(
                document(id),
                GateEligibility.trace(UUID.fromString(id)),
                EligibilityResponseWriter.Coverage.active(
                        "TEST PLAN", triage.today().minusYears(1), null));
        assertThat(held(id).get("status")).isEqualTo("SENT");
        assertThat(submissions("gate:" + id)).isEqualTo(1);
    }

    @Test
    void inactiveCoverageHoldsTheClaimWithTheReason() {
        String id = awaiting("ELIG-INACTIVE");
        answer(
                document(id),
                GateEligibility.trace(UUID.fromString(id)),
                EligibilityResponseWriter.Coverage.inactive(
                        "TEST PLAN", triage.today().minusYears(2), triage.today().minusMonths(1)));
        Map<String, Object> c = held(id);
        assertThat(c.get("status")).isEqualTo("HELD");
        assertThat(c.get("verdict")).isEqualTo("HOLD");
        assertThat(rules(c)).containsExactly(GateEligibility.INACTIVE_RULE);
        assertThat(c.get("reason")).isEqualTo("no active coverage (271)");
        assertThat(submissions("gate:" + id)).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMemberIdThe271NamesIsAppliedAndShownBeforeTheClaimIsSent() {
        String id = awaiting("ELIG-MEMBER");
        answer(
                document(id),
                GateEligibility.trace(UUID.fromString(id)),
                new EligibilityResponseWriter.Coverage(
                        true,
                        "TEST PLAN",
                        triage.today().minusYears(1),
                        null,
                        "TSTNEW55501",
                        null));
        Map<String, Object> c = held(id);
        assertThat(c.get("status")).isEqualTo("SENT");
        assertThat(document(id).subscriber().name().id()).isEqualTo("TSTNEW55501");
        List<Map<String, Object>> fixes = (List<Map<String, Object>>) c.get("fixes");
        assertThat(fixes).hasSize(1);
        assertThat(fixes.get(0).get("field")).isEqualTo("subscriber.memberId");
        assertThat(fixes.get(0).get("by")).isEqualTo("gate (271)");
        // the member id is not repeated in the record of the fix
        assertThat(fixes.get(0).toString()).doesNotContain("TSTNEW55501");
        String sentFile =
                db.sql("SELECT payload FROM submission WHERE idempotency_key = :k")
                        .bind("k", "gate:" + id)
                        .map(r -> new String(r.get(0, byte[].class), StandardCharsets.ISO_8859_1))
                        .one()
                        .block();
        assertThat(sentFile).contains("MI*TSTNEW55501").doesNotContain("TST371272069");
    }

    @Test
    void aMemberWithA271OnFileWithin30DaysGetsNo270() {
        // a 271 for the member arrives first (the trace is no claim's)
        String first = awaiting("ELIG-FIRST");
        answer(
                document(first),
                "OTHERTRACE1",
                EligibilityResponseWriter.Coverage.active(
                        "TEST PLAN", triage.today().minusYears(1), null));
        Map<String, Object> c =
                submit(claim("ELIG-ONFILE").line("99214", "", 1, triage.today().minusDays(2)));
        assertThat(c.get("outcome")).isEqualTo("sent");
        assertThat(rules(c)).isEmpty();
        assertThat(submissions("gate-270:" + c.get("id") + ":%")).isZero();
        assertThat(submissions("gate-270:%")).isEqualTo(1);
    }
}
