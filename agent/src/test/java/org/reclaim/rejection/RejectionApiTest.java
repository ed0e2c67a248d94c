package org.reclaim.rejection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.reclaim.x12.write.AcknowledgmentWriter;
import org.reclaim.x12.write.AcknowledgmentWriter.ClaimVerdict;
import org.reclaim.x12.write.ClaimWriter837P;
import org.reclaim.x12.write.Envelope;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Claims the practice sent itself and a 999 or 277CA rejected: open rejections of the submitted
 * claim they were sent as, found by set and group control number, one per claim however often the
 * answer arrives, resolved by an accepted resubmission, an 835 or an operator, and seen only by
 * their own practice.
 */
class RejectionApiTest extends ApiTest {

    /**
     * A generated batch: its 837 (one transaction set, ST02 0001), the 835s answering it, its
     * claims.
     */
    record Batch(String claims, byte[] remittances, List<ClaimDocument> documents) {

        /**
         * The 837 as sent in functional group {@code group} (GS06): its set keeps ST02 0001, as
         * every file of a sender that numbers each file's sets from 1.
         */
        byte[] inGroup(long group) {
            return claims.replaceAll("(GS\\*HC\\*(?:[^*~]*\\*){4})\\d+", "$1" + group)
                    .replaceAll("GE\\*(\\d+)\\*\\d+", "GE*$1*" + group)
                    .getBytes(StandardCharsets.ISO_8859_1);
        }

        String pcn(int claim) {
            return documents.get(claim).claim().patientControlNumber();
        }
    }

    static Batch batch(int claims, long seed) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults().withClaims(claims).withSeed(seed).withDenialRate(0),
                c,
                r);
        List<ClaimDocument> documents = new ArrayList<>();
        try {
            X12Files.read(
                    new ByteArrayInputStream(c.toByteArray()),
                    new X12Handler() {
                        @Override
                        public void claimDocument(ClaimDocument d) {
                            documents.add(d);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Batch(c.toString(StandardCharsets.ISO_8859_1), r.toByteArray(), documents);
    }

    static Envelope envelope(long control) {
        return new Envelope(
                "ZZ",
                "TESTPAYER",
                "ZZ",
                "RECLAIM",
                "TESTPAYER",
                "RECLAIM",
                Envelope.Usage.TEST,
                control,
                control,
                control,
                LocalDateTime.now());
    }

    /** A 999 (sent in interchange {@code control}) answering set 0001 of group {@code group}. */
    static byte[] setAnswer(long control, long group, boolean accepted) {
        List<AcknowledgmentWriter.SegmentError> errors =
                accepted
                        ? List.of()
                        : List.of(
                                new AcknowledgmentWriter.SegmentError(
                                        "CLM", 3, "2300", "8", 1, "7"));
        return AcknowledgmentWriter.write999(
                new AcknowledgmentWriter.ReceivedGroup(
                        "HC",
                        group,
                        "005010X222A1",
                        List.of(new AcknowledgmentWriter.SetAnswer("837", "0001", errors))),
                envelope(control));
    }

    /** The claim sent again alone, as set 0001 of group {@code group}. */
    static byte[] sentAgain(ClaimDocument claim, long group) {
        return ClaimWriter837P.write(claim, envelope(group).withControlNumbers(group, group, 1));
    }

    /** A 277CA (sent in interchange {@code control}) rejecting the claim as invalid (A7:21). */
    static byte[] claimRejected(long control, ClaimDocument claim) {
        return AcknowledgmentWriter.write277CA(
                new AcknowledgmentWriter.ClaimAcknowledgment(
                        claim.payer().name(),
                        claim.receiver(),
                        claim.billingProvider().party().name(),
                        "BATCH" + control,
                        LocalDate.now(),
                        List.of(ClaimVerdict.rejected(claim, "A7", "21", null))),
                envelope(control));
    }

    @Test
    @SuppressWarnings("unchecked")
    void setAndClaimRejectionsOfClaimsThePracticeSentAreOpenRejectionsOfThoseClaimsOnly() {
        Batch first = batch(2, 101);
        Batch second = batch(2, 102);
        upload(http, first.inGroup(11), 201);
        upload(http, second.inGroup(12), 201);
        byte[] setRejected = setAnswer(501, 12, false);
        upload(http, setRejected, 201);
        upload(http, claimRejected(502, first.documents().get(0)), 201);

        List<Map<String, Object>> open = rejections(http, "?status=open");
        assertThat(open).hasSize(3);
        Map<String, Object> byClaim = rejection(open, claimId(first.pcn(0), "11"));
        assertThat(byClaim.get("status")).isEqualTo("OPEN");
        assertThat(byClaim.get("patientControlNumber")).isEqualTo(first.pcn(0));
        assertThat(byClaim.get("resolution")).isNull();
        assertThat(answers(byClaim))
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.get("type")).isEqualTo("277CA");
                            assertThat(a.get("code")).isEqualTo("A7");
                            assertThat(a.get("status")).isEqualTo("21");
                            assertThat((List<String>) a.get("reasons")).isNotEmpty();
                            assertThat(a.get("date")).isEqualTo(LocalDate.now().toString());
                        });
        for (int i = 0; i < 2; i++) {
            // every claim of the set the 999 rejected, in group 12 — not the other file's set 0001
            Map<String, Object> bySet = rejection(open, claimId(second.pcn(i), "12"));
            assertThat(answers(bySet))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.get("type")).isEqualTo("999");
                                assertThat(a.get("code")).isEqualTo("R");
                            });
        }
        assertThat(open)
                .noneMatch(r -> r.get("claimId").equals(claimId(first.pcn(1), "11").toString()));

        // the claim view shows the set answer on its own set only
        List<Map<String, Object>> acks =
                (List<Map<String, Object>>)
                        http.get()
                                .uri("/api/v1/claims/{id}", claimId(first.pcn(1), "11"))
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody()
                                .get("acknowledgments");
        assertThat(acks).noneMatch(a -> "999".equals(a.get("type")));

        // the same 999 again, and again in another interchange: still one rejection per claim
        upload(http, setRejected, 200);
        upload(http, setAnswer(503, 12, false), 201);
        open = rejections(http, "?status=open");
        assertThat(open).hasSize(3);
        assertThat(answers(rejection(open, claimId(second.pcn(0), "12")))).hasSize(2);
        Map<String, Object> one =
                http.get()
                        .uri("/api/v1/rejections/{id}", claimId(second.pcn(0), "12"))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(one.get("claimId")).isEqualTo(claimId(second.pcn(0), "12").toString());
        assertThat(answers(one)).hasSize(2);
    }

    @Test
    void aSetAnswerStoredBeforeItsClaimsIsNotAboutThem() {
        Batch batch = batch(1, 103);
        upload(http, setAnswer(511, 13, false), 201);
        upload(http, batch.inGroup(13), 201);

        assertThat(rejections(http, "")).isEmpty();
    }

    @Test
    void aLaterResubmissionResolvesTheRejectionWhenAcceptedAndTakesItsPlaceWhenRejectedAgain() {
        Batch batch = batch(2, 104);
        upload(http, batch.inGroup(21), 201);
        upload(http, claimRejected(521, batch.documents().get(0)), 201);
        upload(http, claimRejected(522, batch.documents().get(1)), 201);
        UUID accepted = claimId(batch.pcn(0), "21");
        UUID rejectedAgain = claimId(batch.pcn(1), "21");

        // each sent again alone, also as set 0001, in groups 22 and 23: open until answered
        upload(http, sentAgain(batch.documents().get(0), 22), 201);
        upload(http, sentAgain(batch.documents().get(1), 23), 201);
        assertThat(rejections(http, "?status=open"))
                .extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder(accepted.toString(), rejectedAgain.toString());
        upload(http, setAnswer(524, 22, true), 201);
        upload(http, setAnswer(525, 23, false), 201);

        List<Map<String, Object>> resolved = rejections(http, "?status=resolved");
        assertThat(resolution(rejection(resolved, accepted)))
                .containsEntry("reason", "RESUBMITTED")
                .containsEntry("resubmittedClaimId", claimId(batch.pcn(0), "22").toString());
        assertThat(resolution(rejection(resolved, rejectedAgain)))
                .containsEntry("reason", "SUPERSEDED")
                .containsEntry("resubmittedClaimId", claimId(batch.pcn(1), "23").toString());
        assertThat(rejections(http, "?status=open"))
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.get("id"))
                                        .isEqualTo(claimId(batch.pcn(1), "23").toString()));
    }

    @Test
    void aGroupRejectedWithoutItsSetsRejectsEveryClaimInItUntilAnEightThirtyFiveAdjudicatesThem() {
        Batch batch = batch(3, 105);
        upload(http, batch.inGroup(31), 201);
        // AK9*R and no AK2 loop: the 999 names only the functional group (AK102)
        upload(
                http,
                TestData.sampleText("imsweb/x12_999_accepted.txt")
                        .replace("AK1*HC*17456*", "AK1*HC*31*")
                        .replace(
                                "AK2*837*0001*005010X223A2~\nIK5*A~\nAK9*A*1*1*1~\nSE*6*",
                                "AK9*R*1*1*0*5~\nSE*4*")
                        .getBytes(StandardCharsets.ISO_8859_1),
                201);
        assertThat(rejections(http, "?status=open"))
                .hasSize(3)
                .allSatisfy(
                        r ->
                                assertThat(answers(r))
                                        .singleElement()
                                        .satisfies(
                                                a -> {
                                                    assertThat(a.get("type")).isEqualTo("999");
                                                    assertThat(a.get("code")).isEqualTo("R");
                                                }));

        upload(http, batch.remittances(), 201);

        assertThat(rejections(http, "?status=open")).isEmpty();
        assertThat(rejections(http, "?status=resolved"))
                .hasSize(3)
                .allSatisfy(r -> assertThat(resolution(r).get("reason")).isEqualTo("ADJUDICATED"));
    }

    @Test
    void anOperatorClosesAnOpenRejectionWithAReason() {
        Batch batch = batch(1, 106);
        upload(http, batch.inGroup(41), 201);
        upload(http, claimRejected(541, batch.documents().get(0)), 201);
        UUID id = claimId(batch.pcn(0), "41");

        close(withKey(IntegrationTest.DEFAULT_PRACTICE_KEY), id, Map.of("reason", "fixed by phone"))
                .isForbidden();
        close(http, id, Map.of()).isBadRequest();
        Map<String, Object> closed =
                close(http, id, Map.of("reason", "fixed by phone"))
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();

        assertThat(closed.get("status")).isEqualTo("RESOLVED");
        assertThat(resolution(closed))
                .containsEntry("reason", "CLOSED")
                .containsEntry("closedBy", "admin")
                .containsEntry("note", "fixed by phone");
        close(http, id, Map.of("reason", "again")).isEqualTo(409);
    }

    @Test
    void aPracticeSeesOnlyItsOwnRejections() {
        Map<String, Object> practice =
                http.post()
                        .uri("/api/v1/practices")
                        .bodyValue(
                                Map.of(
                                        "name",
                                        "North Clinic",
                                        "slug",
                                        "r-" + UUID.randomUUID().toString().substring(0, 8)))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        WebTestClient north = withKey((String) practice.get("apiKey"));
        WebTestClient home = withKey(IntegrationTest.DEFAULT_PRACTICE_KEY);
        Batch ours = batch(1, 107);
        Batch theirs = batch(1, 108);
        upload(home, ours.inGroup(51), 201);
        upload(home, claimRejected(551, ours.documents().get(0)), 201);
        upload(north, theirs.inGroup(52), 201);
        upload(north, claimRejected(552, theirs.documents().get(0)), 201);
        UUID theirId = claimId(theirs.pcn(0), "52");

        assertThat(rejections(home, ""))
                .singleElement()
                .satisfies(r -> assertThat(r.get("patientControlNumber")).isEqualTo(ours.pcn(0)));
        assertThat(rejections(north, ""))
                .singleElement()
                .satisfies(r -> assertThat(r.get("id")).isEqualTo(theirId.toString()));
        home.get().uri("/api/v1/rejections/{id}", theirId).exchange().expectStatus().isNotFound();
        assertThat(rejections(http, "")).hasSize(2);
    }

    private void upload(WebTestClient client, byte[] file, int status) {
        client.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(file)
                .exchange()
                .expectStatus()
                .isEqualTo(status);
    }

    /**
     * The submitted claim with this patient control number that was sent in functional group {@code
     * group}.
     */
    private UUID claimId(String pcn, String group) {
        return db.sql(
                        """
                        SELECT sc.id FROM submitted_claim sc JOIN claim_submission cs ON cs.id = sc.submission_id
                        WHERE sc.patient_control_number = :pcn AND cs.group_control_number = :group""")
                .bind("pcn", pcn)
                .bind("group", group)
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rejections(WebTestClient client, String query) {
        Map<String, Object> page =
                client.get()
                        .uri("/api/v1/rejections" + query)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(page).containsKeys("page", "size", "totalElements");
        return (List<Map<String, Object>>) page.get("content");
    }

    private static Map<String, Object> rejection(List<Map<String, Object>> list, UUID claimId) {
        return list.stream()
                .filter(r -> r.get("claimId").equals(claimId.toString()))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no rejection of claim " + claimId + " in " + list));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> answers(Map<String, Object> rejection) {
        return (List<Map<String, Object>>) rejection.get("answers");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolution(Map<String, Object> rejection) {
        return (Map<String, Object>) rejection.get("resolution");
    }

    private static StatusAssertions close(WebTestClient client, UUID id, Map<String, String> body) {
        return client.post()
                .uri("/api/v1/rejections/{id}/close", id)
                .bodyValue(body)
                .exchange()
                .expectStatus();
    }
}
