package org.reclaim.prevention.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.prevention.Claims837.claim;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.prevention.Claims837;
import org.reclaim.support.ApiTest;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The duplicates rule: the same claim (patient, payer, date of service, procedures, charge) already
 * sent and paid is a HOLD naming the original and its payment; sent and not answered is a WARN; a
 * replacement of it, or a claim on another day, is not a duplicate.
 */
class DuplicateClaimsTest extends ApiTest {

    private static final MediaType X12 = MediaType.parseMediaType("application/edi-x12");
    private static final DateTimeFormatter D8 = DateTimeFormatter.BASIC_ISO_DATE;

    @Autowired TriageService triage;

    private void upload(String body) {
        http.post()
                .uri("/api/v1/claims")
                .contentType(X12)
                .bodyValue(body.getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** An 835 paying claim {@code pcn} (one 99213 line of $100) in full. */
    private static String paid(String pcn, LocalDate dos, LocalDate on) {
        String body =
                "BPR*I*100*C*ACH************"
                        + D8.format(on)
                        + "~\nTRN*1*DUPTRACE1*1990000104~\nDTM*405*"
                        + D8.format(on)
                        + "~\nN1*PR*TEST COMMERCIAL HEALTH PLAN B*XV*TSTCOMB2~\n"
                        + "N3*1 TEST PAYER PLAZA~\nN4*TESTVILLE*OH*43215~\n"
                        + "N1*PE*TEST FAMILY MEDICINE GROUP*XX*1990000105~\n"
                        + "LX*1~\nCLP*"
                        + pcn
                        + "*1*100*100**CI*PAYERCN777*11*1~\n"
                        + "NM1*QC*1*TESTPATIENT*FINLEY****MI*TST371272069~\n"
                        + "SVC*HC:99213*100*100**1~\nDTM*472*"
                        + D8.format(dos)
                        + "~\n";
        int segments = body.split("~").length - 1 + 2;
        return "ISA*00*          *00*          *ZZ*TESTPAYERS     *ZZ*RECLAIMSYNTH   *250120*1057*^*00501*000000901*0*T*:~\n"
                + "GS*HP*TESTPAYERS*RECLAIMSYNTH*20250120*1057*901*X*005010X221A1~\n"
                + "ST*835*0901~\n"
                + body
                + "SE*"
                + segments
                + "*0901~\nGE*1*901~\nIEA*1*000000901~\n";
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> scrub(Claims837.Claim... claims) {
        Map<String, Object> body =
                http.post()
                        .uri("/api/v1/claims/scrub")
                        .contentType(X12)
                        .bodyValue(Claims837.file(claims).getBytes(StandardCharsets.ISO_8859_1))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        return (List<Map<String, Object>>) body.get("claims");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> duplicates(Map<String, Object> claim) {
        return ((List<Map<String, Object>>) claim.get("findings"))
                .stream().filter(f -> "history.duplicate".equals(f.get("rule"))).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSameClaimSentAndPaidIsHeldWithTheOriginalAndItsPayment() {
        LocalDate dos = triage.today().minusDays(20);
        upload(Claims837.file(claim("DUP-ORIG").line("99213", "", 1, dos)));
        upload(paid("DUP-ORIG", dos, triage.today().minusDays(5)));

        List<Map<String, Object>> out =
                scrub(
                        claim("DUP-AGAIN").line("99213", "", 1, dos),
                        // its replacement, and the same service on another day
                        claim("DUP-REPL").frequency("7", "PAYERCN777").line("99213", "", 1, dos),
                        claim("DUP-OTHERDAY").line("99213", "", 1, dos.minusDays(1)),
                        // the claim on file itself (same number, same file date: a backtest)
                        claim("DUP-ORIG").line("99213", "", 1, dos));
        Map<String, Object> again = out.get(0);
        assertThat(again.get("verdict")).isEqualTo("HOLD");
        List<Map<String, Object>> found = duplicates(again);
        assertThat(found).hasSize(1);
        Map<String, Object> f = found.get(0);
        assertThat(f.get("severity")).isEqualTo("error");
        assertThat(f.get("carc")).isEqualTo("18");
        Map<String, Object> evidence = (Map<String, Object>) f.get("evidence");
        assertThat(evidence.get("originalPatientControlNumber")).isEqualTo("DUP-ORIG");
        assertThat(evidence.get("originalPayerClaimNumber")).isEqualTo("PAYERCN777");
        assertThat(evidence.get("originalPaid").toString()).isIn("100.00", "100.0", "100");
        assertThat((String) f.get("message")).contains("DUP-ORIG").contains("$100.00");
        assertThat(duplicates(out.get(1))).isEmpty();
        assertThat(duplicates(out.get(2))).isEmpty();
        assertThat(duplicates(out.get(3))).isEmpty();
    }

    @Test
    void theSameClaimSentAndNotAnsweredIsAWarning() {
        LocalDate dos = triage.today().minusDays(12);
        upload(Claims837.file(claim("DUP-FLIGHT").line("99214", "", 1, dos)));

        List<Map<String, Object>> out =
                scrub(
                        claim("DUP-FLIGHT2").line("99214", "", 1, dos),
                        // another procedure is another claim
                        claim("DUP-OTHERCODE").line("99213", "", 1, dos));
        assertThat(out.get(0).get("verdict")).isEqualTo("WARN");
        List<Map<String, Object>> found = duplicates(out.get(0));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("severity")).isEqualTo("warning");
        assertThat((String) found.get(0).get("message")).contains("DUP-FLIGHT");
        assertThat(duplicates(out.get(1))).isEmpty();
        assertThat(out.get(1).get("verdict")).isEqualTo("CLEAN");
    }
}
