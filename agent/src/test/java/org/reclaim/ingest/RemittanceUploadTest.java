package org.reclaim.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;
import static org.reclaim.support.TestData.sample;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestData;
import org.springframework.http.MediaType;

class RemittanceUploadTest extends ApiTest {

    static final MediaType X12 = MediaType.parseMediaType("application/edi-x12");

    Map<String, Object> upload(byte[] body, int expectedStatus) {
        return http.post()
                .uri("/api/v1/remittances")
                .contentType(X12)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(expectedStatus)
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @Test
    @SuppressWarnings("unchecked")
    void deniedLinesInsideAPaidClaimAreSurfaced() {
        upload(sample("tigershark/5010-835-example-2.txt"), 201);

        Map<String, Object> page =
                http.get()
                        .uri("/api/v1/denials?carc=16")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        List<Map<String, Object>> denials = (List<Map<String, Object>>) page.get("content");
        assertThat(page.get("totalElements")).isEqualTo(5);
        assertThat(denials)
                .allSatisfy(
                        d -> {
                            assertThat(d.get("patientControlNumber")).isEqualTo("EDI DENIED");
                            assertThat(d.get("group")).isEqualTo("CO");
                            assertThat(d.get("line")).isNotNull();
                            assertThat(d.get("rarcs")).isEqualTo(List.of("N142"));
                            assertThat(d.get("status")).isEqualTo("TRIAGED");
                        });
        assertThat(denials)
                .extracting(d -> ((Number) d.get("amount")).doubleValue())
                .containsExactlyInAnyOrder(9.2, 57.94, 47.0, 18.02, 75.0);
        // the paid claim's CO-45 is a contractual reduction: kept as an adjustment, not a denial
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM service_line WHERE adjustments = 'CO:45:1983.00::f'"))
                .isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM denial")).isEqualTo(5);

        Object id = denials.get(0).get("id");
        http.get()
                .uri("/api/v1/denials/{id}", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.adjustments.length()")
                .isEqualTo(1)
                .jsonPath("$.adjustments[0].group")
                .isEqualTo("CO")
                .jsonPath("$.adjustments[0].carc")
                .isEqualTo("16")
                .jsonPath("$.adjustments[0].workable")
                .isEqualTo(true)
                .jsonPath("$.adjustments[0].line")
                .isEqualTo(denials.get(0).get("line"));
    }

    /**
     * A line denial (CO-197 with LQ remark N54, beside a contractual CO-45) in a claim whose MOA
     * carries N362, and a claim-level denial (CO-16 with MOA remark MA130). Everything balances.
     */
    static final String REMARKS =
            """
            ISA*00*          *00*          *ZZ*ACMEPAYER      *ZZ*SYNCLINIC      *240105*1200*^*00501*000000001*0*T*:~
            GS*HP*ACMEPAYER*SYNCLINIC*20240105*1200*1*X*005010X221A1~
            ST*835*0001~
            BPR*I*150*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20240105~
            TRN*1*EFT0001*1512345678~
            DTM*405*20240104~
            N1*PR*ACME HEALTH PLAN*XV*ACME01~
            N1*PE*SYNTHETIC CLINIC*XX*1999999984~
            LX*1~
            CLP*PCN001*1*300*150*0*12*CN001*11*1~
            NM1*QC*1*DOE*JANE~
            MOA***N362~
            SVC*HC:99213*100*100**1~
            DTM*472*20231215~
            SVC*HC:97110:GP*200*50**1~
            DTM*472*20231215~
            CAS*CO*45*50~
            CAS*CO*197*100~
            LQ*HE*N54~
            CLP*PCN003*4*120*0**12*CN003*11*1~
            CAS*CO*16*120~
            NM1*QC*1*POE*PAT~
            MOA***MA130~
            DTM*232*20231201~
            SE*23*0001~
            GE*1*1~
            IEA*1*000000001~
            """;

    @Test
    @SuppressWarnings("unchecked")
    void anAdjustmentNamesItsClaimAndCarriesTheRemarksOfItsOwnLevel() {
        upload(REMARKS.getBytes(StandardCharsets.US_ASCII), 201);
        List<Map<String, Object>> denials =
                (List<Map<String, Object>>)
                        http.get()
                                .uri("/api/v1/denials")
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody()
                                .get("content");
        assertThat(denials).hasSize(2);

        Map<String, Object> line =
                denials.stream()
                        .filter(d -> "PCN001".equals(d.get("patientControlNumber")))
                        .findFirst()
                        .orElseThrow();
        // the line's own LQ remark, not the claim's MOA
        assertThat((List<Map<String, Object>>) line.get("adjustments"))
                .hasSize(2)
                .allSatisfy(
                        a ->
                                assertThat(a)
                                        .containsEntry("patientControlNumber", "PCN001")
                                        .containsEntry("payerClaimNumber", "CN001")
                                        .containsEntry("line", 2)
                                        .containsEntry("rarcs", List.of("N54")));

        Map<String, Object> claimLevel =
                denials.stream()
                        .filter(d -> "PCN003".equals(d.get("patientControlNumber")))
                        .findFirst()
                        .orElseThrow();
        Map<String, Object> one =
                http.get()
                        .uri("/api/v1/denials/{id}", claimLevel.get("id"))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat((List<Map<String, Object>>) one.get("adjustments"))
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a)
                                    .containsEntry("patientControlNumber", "PCN003")
                                    .containsEntry("payerClaimNumber", "CN003")
                                    .containsEntry("group", "CO")
                                    .containsEntry("carc", "16")
                                    .containsEntry("rarcs", List.of("MA130"))
                                    .containsEntry("category", "CLAIM_DATA")
                                    .containsEntry("workable", true);
                            assertThat(a.get("line")).isNull();
                        });
    }

    @Test
    void theSameFileTwiceIsStoredOnceAndNamesTheExistingRows() {
        Map<String, Object> first = upload(sample("tigershark/5010-835-example-2.txt"), 201);
        Map<String, Object> second = upload(sample("tigershark/5010-835-example-2.txt"), 200);
        assertThat(second.get("created")).isEqualTo(false);
        assertThat(second.get("fileId")).isEqualTo(first.get("fileId"));
        assertThat(second.toString())
                .contains(((List<?>) first.get("remittances")).get(0).toString());
        assertThat(count(db, "SELECT count(*) FROM remittance")).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTransactionAlreadyStoredIsSkippedEvenInADifferentFile() {
        String original = TestData.sampleText("tigershark/5010-835-example-2.txt");
        Map<String, Object> first = upload(original.getBytes(StandardCharsets.ISO_8859_1), 201);
        // the same payment re-sent in a new interchange (other control number, other line breaks)
        String resent = original.replace("000004592", "000009999").replace("~\n", "~\r\n");
        Map<String, Object> second = upload(resent.getBytes(StandardCharsets.ISO_8859_1), 200);
        List<Map<String, Object>> dups = (List<Map<String, Object>>) second.get("duplicates");
        assertThat(dups)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.get("kind")).isEqualTo("payment");
                            assertThat(d.get("existingId"))
                                    .isEqualTo(((List<?>) first.get("remittances")).get(0));
                        });
        assertThat(count(db, "SELECT count(*) FROM denial")).isEqualTo(5);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFileWithOldAndNewTransactionsStoresOnlyTheNewOnes() {
        upload(sample("tigershark/5010-835-example-2.txt"), 201);
        String both =
                TestData.sampleText("tigershark/5010-835-example-2.txt")
                        + TestData.sampleText("edi835parser/emedny_sample.txt");
        Map<String, Object> second = upload(both.getBytes(StandardCharsets.ISO_8859_1), 201);
        assertThat(second.get("newTransactions")).isEqualTo(1);
        assertThat((List<Map<String, Object>>) second.get("duplicates"))
                .singleElement()
                .satisfies(d -> assertThat(d.get("transaction")).isEqualTo(1));
        assertThat(count(db, "SELECT count(*) FROM remittance")).isEqualTo(2);
        // the denials of the skipped transaction are not stored twice
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE patient_control_number = 'EDI DENIED'"))
                .isEqualTo(5);
        assertThat(count(db, "SELECT count(*) FROM claim_payment")).isEqualTo(2 + 3);
    }

    /**
     * chaos mutate found it (issue 14): a NUL byte in a trace number made the duplicate lookup bind
     * a text PostgreSQL cannot hold, a 500. The key is the one stored (NUL dropped, as the rows'
     * copy drops it), so the file is stored and its second upload is known.
     */
    @Test
    void aNulByteInTheTraceNumberIsStoredNotA500() {
        java.io.ByteArrayOutputStream c = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream r = new java.io.ByteArrayOutputStream();
        org.reclaim.x12.synth.Generator.write(
                org.reclaim.x12.synth.GeneratorOptions.defaults().withClaims(3).withSeed(5), c, r);
        String text = r.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).contains("TRN*1*");
        byte[] damaged = text.replace("TRN*1*", "TRN*1*7\0").getBytes(StandardCharsets.ISO_8859_1);
        upload(damaged, 201);
        upload(damaged, 200);
        assertThat(count(db, "SELECT count(*) FROM remittance")).isPositive();
    }

    @Test
    void notX12IsRejectedWith400AndNothingIsStored() {
        http.post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("hello, this is not X12")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .exists()
                .jsonPath("$.detail")
                .exists()
                // located (issue 14): where reading gave up, the first byte
                .jsonPath("$.offset")
                .isEqualTo(0);
        assertThat(count(db, "SELECT count(*) FROM x12_file")).isZero();
    }

    @Test
    void aTruncatedFileIsRejectedWith422WithItsPositionAndNothingIsStored() {
        String whole = TestData.sampleText("tigershark/5010-835-example-2.txt");
        String truncated = whole.substring(0, whole.indexOf("SE*52"));
        http.post()
                .uri("/api/v1/remittances")
                .contentType(X12)
                .bodyValue(truncated.getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .exists()
                .jsonPath("$.segment")
                .isNumber()
                .jsonPath("$.offset")
                .isNumber();
        assertThat(count(db, "SELECT count(*) FROM x12_file")).isZero();
        assertThat(count(db, "SELECT count(*) FROM claim_payment")).isZero();
    }

    @Test
    void aGroupNeverClosedByGeIsRejectedWith422AtItsGsAndNothingIsStored() {
        // the interchange still closes (IEA); an unreadable amount read before it must not take the
        // position
        String noGe =
                REMARKS.replace("GE*1*1~\n", "")
                        .replace("CLP*PCN003*4*120*0", "CLP*PCN003*4*12O*0");
        http.post()
                .uri("/api/v1/remittances")
                .contentType(X12)
                .bodyValue(noGe.getBytes(StandardCharsets.US_ASCII))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Incomplete X12 file")
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).startsWith("GS at segment 2 ").contains("no GE"))
                .jsonPath("$.segment")
                .isEqualTo(2)
                .jsonPath("$.offset")
                .isEqualTo(REMARKS.indexOf("GS*"));
        assertThat(count(db, "SELECT count(*) FROM x12_file")).isZero();
        assertThat(count(db, "SELECT count(*) FROM remittance")).isZero();
        assertThat(count(db, "SELECT count(*) FROM claim_payment")).isZero();
        assertThat(count(db, "SELECT count(*) FROM denial")).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRemittanceShowsBalancingPerLevelAndProviderAdjustments() {
        Map<String, Object> stored =
                upload(sample("stupidedi/X221A1_dollars-and-data-sent-together.edi"), 201);
        Object id = ((List<?>) stored.get("remittances")).get(0);
        Map<String, Object> r =
                http.get()
                        .uri("/api/v1/remittances/{id}", id)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        Map<String, Object> balanced = (Map<String, Object>) r.get("balanced");
        assertThat(balanced)
                .containsEntry("payment", true)
                .containsEntry("claims", true)
                .containsEntry("lines", true);
        assertThat((List<?>) r.get("providerAdjustments")).isNotEmpty();
        assertThat((List<?>) r.get("claims")).hasSize(2);
    }

    @Test
    void anUnbalancedRemittanceIsStoredAndReportedNotFixed() {
        Map<String, Object> stored = upload(sample("era835parser/example_1.835"), 201);
        Object id = ((List<?>) stored.get("remittances")).get(0);
        http.get()
                .uri("/api/v1/remittances/{id}", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.balanced.payment")
                .isEqualTo(false)
                .jsonPath("$.amount")
                .isEqualTo(15096.46);
    }

    @Test
    void unknownIdsAre404ProblemsAndBadPagingIs400() {
        http.get()
                .uri("/api/v1/denials/00000000-0000-7000-8000-00000000abcd")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get()
                .uri("/api/v1/remittances/00000000-0000-7000-8000-00000000abcd")
                .exchange()
                .expectStatus()
                .isNotFound();
        http.get()
                .uri("/api/v1/claims/00000000-0000-7000-8000-00000000abcd")
                .exchange()
                .expectStatus()
                .isNotFound();
        http.get()
                .uri("/api/v1/denials?size=1001")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/denials?from=yesterday").exchange().expectStatus().isBadRequest();
    }

    @Test
    @SuppressWarnings("unchecked")
    void denialsAreFilteredAndPaged() {
        upload(sample("tigershark/5010-835-example-2.txt"), 201);
        upload(sample("edi835parser/emedny_sample.txt"), 201);
        long all =
                ((Number)
                                http.get()
                                        .uri("/api/v1/denials")
                                        .exchange()
                                        .expectBody(JSON)
                                        .returnResult()
                                        .getResponseBody()
                                        .get("totalElements"))
                        .longValue();
        assertThat(all).isEqualTo(count(db, "SELECT count(*) FROM denial")).isGreaterThan(5);

        Map<String, Object> page =
                http.get()
                        .uri("/api/v1/denials?size=2&page=1")
                        .exchange()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat((List<?>) page.get("content")).hasSize(2);
        assertThat(page).containsEntry("page", 1).containsEntry("size", 2);

        assertThat(total("/api/v1/denials?payer=1123456789")).isEqualTo(5);
        assertThat(total("/api/v1/denials?from=2011-09-30&to=2011-09-30")).isEqualTo(5);
        assertThat(total("/api/v1/denials?dosFrom=2011-09-08&dosTo=2011-09-08")).isEqualTo(4);
        assertThat(total("/api/v1/denials?group=PR")).isZero();
        assertThat(total("/api/v1/denials?status=TRIAGED")).isEqualTo(all);
        assertThat(total("/api/v1/denials?category=CLAIM_DATA")).isPositive();
    }

    private long total(String uri) {
        return ((Number)
                        http.get()
                                .uri(uri)
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody()
                                .get("totalElements"))
                .longValue();
    }
}
