package org.reclaim.underpayment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Paid lines allowed below the contracted rate are listed as underpaid, measured against a fee
 * schedule the test puts in the config overlay. The 835s are written here, by hand, with synthetic
 * values, for the fictitious TEST COMMERCIAL HEALTH PLAN A of config/payers.yml.
 */
class UnderpaymentApiTest extends ApiTest {

    private static final Path FEES = Path.of("target/test-triage/config/fee-schedules.csv");

    @Autowired TriageService triage;
    @Autowired UnderpaymentFacts facts;

    @BeforeEach
    void contractedRates() throws IOException {
        fees(
                """
                payer,procedure,modifier,rate,from,to
                # plan A, by its id and by its TRN03
                TSTCOMA1,99213,,80.00,,
                1990000103,99214,,120.00,,
                TSTCOMA1,97110,GP,30.00,,
                TSTCOMA1,97110,,25.00,,
                """);
    }

    @AfterEach
    void shippedRates() throws IOException {
        Files.deleteIfExists(FEES);
        triage.reload().block();
    }

    @Test
    void aLineAllowedBelowRateTimesUnitsIsListedWithWhatItIsShort() {
        upload(
                IntegrationTest.DEFAULT_PRACTICE_KEY,
                remit(
                        "UPTRACE1",
                        claim(
                                "UP-1",
                                1138,
                                354,
                                line("99213", 150, 70, "70", "CO*45*80"),
                                line("99214", 200, 120, "120", "CO*45*80"),
                                line("99215", 250, 100, "100", "CO*45*150"),
                                line("97110:GP", 144, 64, 3, null, "CO*45*64~CAS*PR*2*16"),
                                line("99213", 150, 0, "0", "CO*97*150"),
                                line("99214", 244, 0, "119.99", "CO*45*124.01~CAS*PR*1*119.99"))));

        Map<String, Object> body = list(withKey(IntegrationTest.DEFAULT_PRACTICE_KEY), "");
        List<Map<String, Object>> content = content(body);
        assertThat(content).extracting(u -> u.get("line")).containsExactly(1, 4);

        Map<String, Object> reported = content.get(0);
        assertThat(reported.get("patientControlNumber")).isEqualTo("UP-1");
        assertThat(reported.get("procedure")).isEqualTo("99213");
        assertThat(money(reported, "allowed")).isEqualByComparingTo("70.00");
        assertThat(reported.get("allowedFrom")).isEqualTo("AMT*B6");
        assertThat(money(reported, "expected")).isEqualByComparingTo("80.00");
        assertThat(money(reported, "underpaid")).isEqualByComparingTo("10.00");
        assertThat(((Map<?, ?>) reported.get("payer")).get("id")).isEqualTo("TSTCOMA1");
        assertThat((String) ((Map<?, ?>) reported.get("feeSchedule")).get("source"))
                .endsWith("fee-schedules.csv:3");

        // no AMT*B6: allowed is the charge less CO-45 (the coinsurance is the patient's share of
        // it); three
        // units at the GP rate, which is more specific than the rate for any modifier
        Map<String, Object> derived = content.get(1);
        assertThat(derived.get("modifiers")).isEqualTo(List.of("GP"));
        assertThat(money(derived, "allowed")).isEqualByComparingTo("80.00");
        assertThat((String) derived.get("allowedFrom")).contains("no AMT*B6");
        assertThat(money(derived, "expected")).isEqualByComparingTo("90.00");
        assertThat(money(derived, "underpaid")).isEqualByComparingTo("10.00");
        assertThat(((Map<?, ?>) derived.get("feeSchedule")).get("modifier")).isEqualTo("GP");

        // line 2 is at the rate, line 6 a cent short (the tolerance), line 5 is a denial, worked as
        // one;
        // line 3 has no contracted rate: not judged, counted as unknown
        assertThat(body.get("totalElements")).isEqualTo(2);
        assertThat(money(body, "underpaidTotal")).isEqualByComparingTo("20.00");
        assertThat(body.get("linesWithoutRate")).isEqualTo(1);

        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .get()
                .uri("/api/v1/underpayments/{id}", reported.get("id"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.underpaid")
                .isEqualTo(10.0);
    }

    @Test
    void anEditedFeeScheduleJudgesTheStoredLinesAgainOnReload() throws IOException {
        upload(
                IntegrationTest.DEFAULT_PRACTICE_KEY,
                remit(
                        "UPTRACE2",
                        claim("UP-2", 200, 120, line("99214", 200, 120, "120", "CO*45*80"))));
        assertThat(content(list(http, ""))).isEmpty();

        fees("payer,procedure,rate\nTSTCOMA1,99214,125.00\n");

        List<Map<String, Object>> content = content(list(http, ""));
        assertThat(content)
                .singleElement()
                .satisfies(u -> assertThat(money(u, "underpaid")).isEqualByComparingTo("5.00"));
        assertThat(content(list(http, "?procedure=99213"))).isEmpty();
        assertThat(content(list(http, "?payer=TSTCOMA1&from=2026-10-01&to=2026-10-01"))).hasSize(1);
        assertThat(content(list(http, "?from=2026-10-02"))).isEmpty();
    }

    @Test
    void aClaimALaterRemittanceTakesBackLeavesTheList() {
        upload(
                IntegrationTest.DEFAULT_PRACTICE_KEY,
                remit(
                        "UPTRACE5",
                        claim("UP-5", 150, 70, line("99213", 150, 70, "70", "CO*45*80"))));
        facts.settle().block(); // the list reads the stored judgement from here on
        assertThat(content(list(http, "")))
                .extracting(u -> u.get("patientControlNumber"))
                .containsExactly("UP-5");

        // the payer takes the claim back (CLP02 22) and pays it again, now at the contracted rate
        upload(
                IntegrationTest.DEFAULT_PRACTICE_KEY,
                remit(
                        "UPTRACE6",
                        claim("UP-5", -150, -70, line("99213", -150, -70, "-70", "CO*45*-80"))
                                        .replace("CLP*UP-5*1*", "CLP*UP-5*22*")
                                + claim(
                                        "UP-5",
                                        150,
                                        80,
                                        line("99213", 150, 80, "80", "CO*45*70"))));

        Map<String, Object> body = list(http, "");
        assertThat(content(body)).isEmpty();
        assertThat(body.get("totalElements")).isEqualTo(0);
        assertThat(money(body, "underpaidTotal")).isEqualByComparingTo("0");
    }

    @Test
    void aPracticeSeesOnlyItsOwnUnderpayments() {
        Map<String, Object> other =
                http.post()
                        .uri("/api/v1/practices")
                        .bodyValue(
                                Map.of(
                                        "name",
                                        "Underpaid Elsewhere",
                                        "slug",
                                        "up-" + System.nanoTime() % 1_000_000))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        String otherKey = (String) other.get("apiKey");
        upload(
                IntegrationTest.DEFAULT_PRACTICE_KEY,
                remit(
                        "UPTRACE3",
                        claim("UP-3", 150, 70, line("99213", 150, 70, "70", "CO*45*80"))));
        upload(
                otherKey,
                remit(
                        "UPTRACE4",
                        claim("UP-4", 150, 60, line("99213", 150, 60, "60", "CO*45*90"))));

        List<Map<String, Object>> mine =
                content(list(withKey(IntegrationTest.DEFAULT_PRACTICE_KEY), ""));
        List<Map<String, Object>> theirs = content(list(withKey(otherKey), ""));
        assertThat(mine).extracting(u -> u.get("patientControlNumber")).containsExactly("UP-3");
        assertThat(theirs).extracting(u -> u.get("patientControlNumber")).containsExactly("UP-4");
        assertThat(content(list(http, ""))).as("an operator of every practice").hasSize(2);

        withKey(otherKey)
                .get()
                .uri("/api/v1/underpayments/{id}", mine.get(0).get("id"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    // ---- the 835s, written by hand ----

    private static String line(String procedure, int charge, int paid, String allowed, String cas) {
        return line(procedure, charge, paid, 1, allowed, cas);
    }

    /** {@code allowed}: AMT*B6, or null for none; {@code cas}: what follows the first "CAS*". */
    private static String line(
            String procedure, int charge, int paid, int units, String allowed, String cas) {
        return "SVC*HC:"
                + procedure
                + "*"
                + charge
                + "*"
                + paid
                + "**"
                + units
                + "~DTM*472*20260915~"
                + (cas == null ? "" : "CAS*" + cas + "~")
                + (allowed == null ? "" : "AMT*B6*" + allowed + "~");
    }

    private static String claim(String pcn, int charge, int paid, String... lines) {
        return "CLP*"
                + pcn
                + "*1*"
                + charge
                + "*"
                + paid
                + "**12*"
                + pcn
                + "-PAYER~"
                + "NM1*QC*1*SYNTHETIC*PATIENT****MI*SYN"
                + pcn
                + "~"
                + String.join("", lines);
    }

    /** Paid by the fictitious plan A on 2026-10-01, named by its payers.yml id in N1*PR. */
    private static String remit(String trace, String claim) {
        String body =
                "ST*835*0001~BPR*I*0*C*CHK************20261001~TRN*1*"
                        + trace
                        + "*1990000103~"
                        + "DTM*405*20261001~N1*PR*TEST COMMERCIAL HEALTH PLAN A*XV*TSTCOMA1~"
                        + "N1*PE*SYNTHETIC CLINIC*XX*1999999999~LX*1~"
                        + claim;
        int segments = body.split("~").length + 1;
        return "ISA*00*          *00*          *ZZ*SYNPAYER       *ZZ*SYNCLINIC      *261001*1200*^*00501*000000001*0*T*:~"
                + "GS*HP*SYNPAYER*SYNCLINIC*20261001*1200*1*X*005010X221A1~"
                + body
                + "SE*"
                + segments
                + "*0001~"
                + "GE*1*1~IEA*1*000000001~";
    }

    // ---- helpers ----

    private void fees(String csv) throws IOException {
        Files.createDirectories(FEES.getParent());
        Files.writeString(FEES, csv);
        triage.reload().block();
    }

    private void upload(String key, String x12) {
        withKey(key)
                .post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(x12.getBytes(StandardCharsets.US_ASCII))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private static Map<String, Object> list(WebTestClient client, String query) {
        return client.get()
                .uri("/api/v1/underpayments" + query)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> content(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("content");
    }

    private static BigDecimal money(Map<String, Object> m, String key) {
        return new BigDecimal(String.valueOf(m.get(key)));
    }
}
