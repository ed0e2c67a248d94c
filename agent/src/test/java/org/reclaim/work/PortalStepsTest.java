package org.reclaim.work;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.claim.ClaimDocument;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The steps ask the payer's portal when the practice configured one for the payer: claim status
 * (CHECK_CLAIM_STATUS, instead of a 276), authorizations the records do not have
 * (LOOKUP_AUTHORIZATION), and the case of an appeal filed through it (AWAIT_RESPONSE, FOLLOW_UP).
 * WireMock is the portal.
 */
class PortalStepsTest extends ApiTest {

    static final String PAYER = "TSTCOMA1";

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired AgentClock clock;
    @Autowired ReclaimProperties props;

    WireMockServer portal;

    @BeforeEach
    void portalForOnePayer() {
        portal = new WireMockServer(wireMockConfig().dynamicPort());
        portal.start();
        http.put()
                .uri("/api/v1/connectors/payer-portals/" + PAYER)
                .bodyValue(
                        Map.of(
                                "baseUrl",
                                portal.baseUrl(),
                                "authHeaderName",
                                "X-Api-Key",
                                "authHeaderValue",
                                "portal-secret-5555"))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @AfterEach
    void stop() throws Exception {
        portal.stop();
        Files.deleteIfExists(
                props.dataDir()
                        .resolve("records")
                        .resolve("default")
                        .resolve("authorizations.csv"));
        TestPlaybooks.shipped(triage);
        org.reclaim.support.TestRecords.clear(props);
    }

    /**
     * {@code steps} for the category's denials of the payer with the portal; a review for every
     * other denial.
     */
    void playbooksForThePayer(String steps, String category) throws Exception {
        playbooks("  - step: REVIEW\n    review: ALWAYS\n", "none");
        TestPlaybooks.add(
                triage,
                category + "-portal.yml",
                "id: "
                        + category
                        + "-portal\nname: test\nhandles: "
                        + "{categories: ["
                        + category.toUpperCase().replace('-', '_')
                        + "], payers: ["
                        + PAYER
                        + "]}\nsteps:\n"
                        + steps);
    }

    /**
     * {@code steps} for the categories named (all when none), a review (nothing leaves the
     * building) for every other.
     */
    void playbooks(String steps, String... categories) throws Exception {
        TestPlaybooks.forEveryCategory(
                triage,
                category ->
                        List.of(categories).contains(category) || categories.length == 0
                                ? steps
                                : "  - step: REVIEW\n    review: ALWAYS\n");
    }

    @Test
    void claimStatusComesFromThePortalAndFallsBackTo276WhenThePortalCannotTell() throws Exception {
        playbooks(
                """
                  - step: CHECK_CLAIM_STATUS
                    channel: PAYER_DEFAULT
                    on: {PAID: paid, NOT_FOUND: unknown}
                  - step: ESCALATE
                  - id: paid
                    step: WRITE_OFF
                    review: NEVER
                  - id: unknown
                    step: REVIEW
                    review: ALWAYS
                """);
        Generated.upload(http, 120, 71, 0.5, triage.today().minusDays(10));
        List<String> claims =
                db.sql(
                                "SELECT DISTINCT payer_claim_number FROM denial WHERE payer_id = :p "
                                        + "AND payer_claim_number IS NOT NULL ORDER BY 1")
                        .bind("p", PAYER)
                        .map(r -> r.get(0, String.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(claims).hasSizeGreaterThanOrEqualTo(6);
        String paid = claims.get(0);
        String pending = claims.get(1);
        String unknownWord = claims.get(2);
        String refused = claims.get(3);
        stubStatus(paid, 200, "{\"status\": \"F1\", \"paidAmount\": 80.00}");
        stubStatus(pending, 200, "{\"status\": \"pending\"}");
        stubStatus(unknownWord, 200, "{\"status\": \"with the medical director\"}");
        stubStatus(refused, 401, "{}");
        // every other claim: 404, the payer does not know it

        orchestrator.runUntilIdle().block();

        assertThat(statusesOf(paid)).containsOnly("WRITTEN_OFF");
        assertThat(statusesOf(pending)).containsOnly("ESCALATED");
        for (String asked276 : List.of(unknownWord, refused)) {
            assertThat(statusesOf(asked276)).as(asked276).containsOnly("IN_PROGRESS");
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*) FROM submission s JOIN denial d ON d.id = s.denial_id WHERE s.kind = '276' "
                                            + "AND d.payer_claim_number = '"
                                            + asked276
                                            + "'"))
                    .as(asked276)
                    .isPositive();
        }
        for (String other : claims.subList(4, claims.size())) {
            assertThat(statusesOf(other)).as(other).containsOnly("AWAITING_REVIEW");
        }
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission s JOIN denial d ON d.id = s.denial_id WHERE s.kind = '276' "
                                        + "AND d.payer_id = '"
                                        + PAYER
                                        + "' AND d.payer_claim_number NOT IN ('"
                                        + unknownWord
                                        + "', '"
                                        + refused
                                        + "')"))
                .as("the portal answered: no 276")
                .isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial d WHERE d.payer_id <> '"
                                        + PAYER
                                        + "' AND NOT EXISTS (SELECT 1 "
                                        + "FROM submission s WHERE s.denial_id = d.id AND s.kind = '276')"))
                .as("payers without a portal are asked by 276")
                .isZero();
        assertThat(
                        db.sql(
                                        "SELECT s.detail FROM step_run s JOIN denial d ON d.id = s.denial_id WHERE s.step = "
                                                + "'CHECK_CLAIM_STATUS' AND d.payer_claim_number = :c")
                                .bind("c", paid)
                                .map(r -> r.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                .allMatch(d -> d.equals("the payer's portal says PAID (\"F1\")"));
        long asked =
                count(
                        db,
                        "SELECT count(*) FROM denial WHERE payer_id = '"
                                + PAYER
                                + "' AND payer_claim_number IS NOT NULL");
        portal.verify(
                (int) asked,
                getRequestedFor(urlPathMatching("/claims/.+/status"))
                        .withHeader("X-Api-Key", equalTo("portal-secret-5555")));
    }

    @Test
    void anAuthorizationTheRecordsLackIsLookedUpOnThePortal() throws Exception {
        playbooks(
                """
                  - step: LOOKUP_AUTHORIZATION
                    channel: PAYER_DEFAULT
                    on: {NOT_FOUND: none}
                  - step: REVIEW
                    review: ALWAYS
                  - id: none
                    step: ESCALATE
                """,
                "authorization");
        Generated.upload(http, 120, 68, 0.5, triage.today().minusDays(10));
        List<Map<String, Object>> denials =
                db.sql(
                                """
                        SELECT d.id, d.patient_control_number AS pcn, d.procedure, d.service_date::text AS dos,
                               cd.document
                        FROM denial d JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id
                        JOIN claim_document cd ON cd.submitted_claim_id = l.submitted_claim_id
                        WHERE d.category = 'AUTHORIZATION' AND d.payer_id = :p AND d.procedure IS NOT NULL
                        ORDER BY d.id""")
                        .bind("p", PAYER)
                        .fetch()
                        .all()
                        .collectList()
                        .block();
        assertThat(denials).hasSizeGreaterThanOrEqualTo(3);
        Map<String, Object> onFile = denials.get(0);
        Map<String, Object> onPortal = denials.get(1);
        Map<String, Object> notCovering = denials.get(2);
        Path records = props.dataDir().resolve("records").resolve("default");
        Files.createDirectories(records);
        Files.writeString(
                records.resolve("authorizations.csv"),
                "patientControlNumber,memberId,payerId,procedure,from,to,"
                        + "authorizationNumber\n"
                        + onFile.get("pcn")
                        + ","
                        + member(onFile)
                        + ","
                        + PAYER
                        + ","
                        + onFile.get("procedure")
                        + ",2000-01-01,,AUTH-ON-FILE-1\n");
        portal.stubFor(
                get(urlPathEqualTo("/authorizations"))
                        .atPriority(10)
                        .willReturn(aResponse().withStatus(404)));
        portal.stubFor(
                get(urlPathEqualTo("/authorizations"))
                        .atPriority(1)
                        .withQueryParam("memberId", equalTo(member(onPortal)))
                        .withQueryParam("procedure", equalTo((String) onPortal.get("procedure")))
                        .withQueryParam("serviceDate", equalTo((String) onPortal.get("dos")))
                        .willReturn(
                                json(
                                        "{\"authorizationNumber\": \"PA-777\", \"from\": \"2000-01-01\"}")));
        portal.stubFor(
                get(urlPathEqualTo("/authorizations"))
                        .atPriority(1)
                        .withQueryParam("memberId", equalTo(member(notCovering)))
                        .withQueryParam("procedure", equalTo((String) notCovering.get("procedure")))
                        .willReturn(
                                json(
                                        "{\"authorizationNumber\": \"PA-OLD\", \"from\": \"2000-01-01\", \"to\": \"2000-12-31\"}")));

        orchestrator.runUntilIdle().block();

        assertThat(status(onFile)).isEqualTo("AWAITING_REVIEW");
        assertThat(context(onFile).get("authorizationNumber")).isEqualTo("AUTH-ON-FILE-1");
        assertThat(context(onFile).get("authorizationSource")).isNull();
        portal.verify(
                0,
                getRequestedFor(urlPathEqualTo("/authorizations"))
                        .withQueryParam("memberId", equalTo(member(onFile)))
                        .withQueryParam("procedure", equalTo((String) onFile.get("procedure")))
                        .withQueryParam("serviceDate", equalTo((String) onFile.get("dos"))));
        assertThat(status(onPortal)).isEqualTo("AWAITING_REVIEW");
        assertThat(context(onPortal).authorization())
                .isEqualTo(new WorkContext.Authorization("PA-777", "portal"));
        assertThat(status(notCovering))
                .as("an authorization not covering the date is none")
                .isEqualTo("ESCALATED");
        for (Map<String, Object> d : denials.subList(3, denials.size())) {
            if (!member(d).equals(member(onPortal)) && !member(d).equals(member(onFile))) {
                assertThat(status(d)).isEqualTo("ESCALATED");
            }
        }
        long otherPayers =
                count(
                        db,
                        "SELECT count(*) FROM denial WHERE category = 'AUTHORIZATION' AND payer_id <> '"
                                + PAYER
                                + "'");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE category = 'AUTHORIZATION' AND payer_id <> '"
                                        + PAYER
                                        + "' AND status = 'ESCALATED'"))
                .isEqualTo(otherPayers);
        // the portal is asked exactly when the records have nothing
        long withoutRecords =
                count(
                        db,
                        "SELECT count(*) FROM step_run s JOIN denial d ON d.id = s.denial_id WHERE "
                                + "s.step = 'LOOKUP_AUTHORIZATION' AND d.payer_id = '"
                                + PAYER
                                + "' AND s.detail <> 'authorization on file'");
        assertThat(withoutRecords).isGreaterThanOrEqualTo(denials.size() - 1);
        portal.verify(
                (int) withoutRecords,
                getRequestedFor(urlPathEqualTo("/authorizations"))
                        .withHeader("X-Api-Key", equalTo("portal-secret-5555")));
    }

    @Test
    void anAuthorizationNumberADocumentStatesIsUsedOnlyWhenThePortalConfirmsIt() throws Exception {
        playbooks(
                """
                  - step: LOOKUP_AUTHORIZATION
                    channel: PAYER_DEFAULT
                    on: {NOT_FOUND: none}
                  - step: REVIEW
                    review: ALWAYS
                  - id: none
                    step: ESCALATE
                """,
                "authorization");
        Generated.upload(http, 120, 68, 0.5, triage.today().minusDays(10));
        List<Map<String, Object>> denials =
                db.sql(
                                """
                        SELECT d.id, d.patient_control_number AS pcn, d.procedure, d.service_date::text AS dos,
                               cd.document
                        FROM denial d JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id
                        JOIN claim_document cd ON cd.submitted_claim_id = l.submitted_claim_id
                        WHERE d.category = 'AUTHORIZATION' AND d.payer_id = :p AND d.procedure IS NOT NULL
                        ORDER BY d.id""")
                        .bind("p", PAYER)
                        .fetch()
                        .all()
                        .collectList()
                        .block();
        Map<String, Object> confirmed = denials.get(0);
        // of another claim: each claim has its own records folder
        Map<String, Object> unconfirmed =
                denials.stream()
                        .filter(d -> !d.get("pcn").equals(confirmed.get("pcn")))
                        .findFirst()
                        .orElseThrow();
        Path records = props.dataDir().resolve("records").resolve("default");
        Path a = Files.createDirectories(records.resolve((String) confirmed.get("pcn")));
        Path b = Files.createDirectories(records.resolve((String) unconfirmed.get("pcn")));
        try {
            Files.writeString(a.resolve("auth-letter.txt"), "Auth #: PA-777\n");
            Files.writeString(
                    b.resolve("referral.txt"),
                    "Prior authorization: PA-NOT-ON-FILE-1\nAuthorization valid 01/02/2026 - 03/04/2026\n");
            portal.stubFor(
                    get(urlPathEqualTo("/authorizations"))
                            .atPriority(10)
                            .willReturn(aResponse().withStatus(404)));
            portal.stubFor(
                    get(urlPathEqualTo("/authorizations"))
                            .atPriority(1)
                            .withQueryParam("memberId", equalTo(member(confirmed)))
                            .withQueryParam(
                                    "procedure", equalTo((String) confirmed.get("procedure")))
                            .willReturn(
                                    json(
                                            "{\"authorizationNumber\": \"PA-777\", \"from\": \"2000-01-01\"}")));

            orchestrator.runUntilIdle().block();

            assertThat(context(confirmed).authorization())
                    .isEqualTo(new WorkContext.Authorization("PA-777", "portal"));
            assertThat(lookup(confirmed))
                    .contains(
                            "it confirms the authorization the records state (auth-letter.txt, under \"Auth #\")");
            // the document's number alone is not used: nothing on file or on the portal confirms it
            assertThat(status(unconfirmed)).isEqualTo("ESCALATED");
            assertThat(context(unconfirmed).authorization()).isNull();
            assertThat(lookup(unconfirmed))
                    .contains(
                            "the authorization number the records state (referral.txt, under \"Prior"
                                    + " authorization\") is not confirmed by the authorizations file or"
                                    + " the payer's portal, so it is not used");
        } finally {
            for (Path dir : List.of(a, b)) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) Files.delete(p);
                }
                Files.delete(dir);
            }
        }
    }

    String lookup(Map<String, Object> denial) {
        return db.sql(
                        "SELECT detail FROM step_run WHERE denial_id = :d AND step = 'LOOKUP_AUTHORIZATION'")
                .bind("d", (UUID) denial.get("id"))
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    @Test
    void anAppealFiledThroughThePortalIsFollowedOnThePortalUntilItIsDecided() throws Exception {
        playbooksForThePayer(
                """
                  - step: DRAFT_APPEAL
                  - step: SUBMIT
                  - step: AWAIT_RESPONSE
                    wait: P30D
                    on: {UPHELD: upheld}
                  - step: FOLLOW_UP
                    attempts: 2
                    wait: P7D
                    on: {DONE: END, NO_RESPONSE: person, UPHELD: upheld}
                  - id: upheld
                    step: ROUTE_TO_PATIENT_BILLING
                  - id: person
                    step: ESCALATE
                """,
                "medical-necessity"); // the UPHELD branch ends apart from the others, routed to the
        // patient
        portal.stubFor(
                post(urlEqualTo("/appeals"))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "application/json")
                                        .withTransformers("response-template")
                                        .withBody(
                                                "{\"caseId\": \"CASE-{{jsonPath request.body '$.patientControlNumber'}}\"}")));
        portal.stubFor(
                get(urlPathMatching("/appeals/.+"))
                        .atPriority(10)
                        .willReturn(json("{\"status\": \"in review\"}")));
        Generated.upload(http, 120, 55, 0.5, triage.today().minusDays(10));
        List<String> pcns =
                db.sql(
                                "SELECT DISTINCT patient_control_number FROM denial WHERE category = 'MEDICAL_NECESSITY' "
                                        + "AND payer_id = :p ORDER BY 1")
                        .bind("p", PAYER)
                        .map(r -> r.get(0, String.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(pcns).hasSizeGreaterThanOrEqualTo(4);
        String upheld = pcns.get(0);
        String dismissed = pcns.get(1);
        String overturned = pcns.get(2);
        stubCase(
                upheld,
                "{\"status\": \"upheld\", \"reason\": \"criteria not met\", \"decidedOn\": \"2030-01-01\"}");
        stubCase(
                dismissed, "{\"status\": \"dismissed\", \"reason\": \"filed at the wrong level\"}");
        stubCase(overturned, "{\"status\": \"overturned\", \"paidAmount\": 120.00}");
        // an appeal goes only with an enclosure that answers the denial
        org.reclaim.support.TestRecords.noteForEveryDenial(props, db);

        Instant start = clock.instant();
        orchestrator.runUntilIdle().block();
        assertThat(statusesOfPcn(upheld)).containsOnly("AWAITING_PAYER");
        // the waits run in virtual time: the portal is asked weekly while AWAIT_RESPONSE waits 30
        // days
        while (true) {
            Instant next = orchestrator.nextDue().block();
            if (next.isAfter(start.plus(Duration.ofDays(40)))) break;
            clock.advanceTo(next.plusMillis(1));
            orchestrator.runUntilIdle().block();
        }

        assertThat(statusesOfPcn(upheld)).containsOnly("ROUTED_TO_PATIENT");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial_event e JOIN denial d ON d.id = e.denial_id WHERE "
                                        + "d.patient_control_number = '"
                                        + upheld
                                        + "' AND e.to_status = 'UPHELD' AND e.reason LIKE "
                                        + "'the payer''s portal says UPHELD for case CASE-"
                                        + upheld
                                        + ": criteria not met'"))
                .isPositive();
        // one appeal for the claim's lines denied for the same reason (it lists them all): one
        // case, which each of the lines follows, asked once by each at the first weekly look
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission s JOIN denial d ON d.id = s.denial_id"
                                        + " WHERE s.kind = 'appeal' AND d.patient_control_number = '"
                                        + upheld
                                        + "'"))
                .isEqualTo(1);
        portal.verify(appeals(upheld), getRequestedFor(urlEqualTo("/appeals/CASE-" + upheld)));

        assertThat(statusesOfPcn(dismissed)).containsOnly("ESCALATED");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial_event e JOIN denial d ON d.id = e.denial_id WHERE "
                                        + "d.patient_control_number = '"
                                        + dismissed
                                        + "' AND e.to_status = 'ESCALATED' AND e.reason LIKE "
                                        + "'%DISMISSED%filed at the wrong level; a person must act'"))
                .isPositive();

        // decided for the practice: the wait goes on for the remittance, the follow-up sees the
        // decision
        assertThat(statusesOfPcn(overturned)).containsOnly("AWAITING_PAYER");
        assertThat(
                        db.sql(
                                        "SELECT w.context FROM work_item w JOIN denial d ON d.id = w.denial_id WHERE "
                                                + "d.patient_control_number = :p")
                                .bind("p", overturned)
                                .map(r -> r.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                .allMatch(c -> "OVERTURNED".equals(WorkContext.decode(c).get("portal.decision")));

        for (String open : pcns.subList(3, pcns.size())) {
            assertThat(statusesOfPcn(open)).as(open).containsOnly("ESCALATED");
            // asked at days 7, 14, 21, 28 while waiting, then twice by the follow-up
            portal.verify(6 * appeals(open), getRequestedFor(urlEqualTo("/appeals/CASE-" + open)));
        }
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission s JOIN denial d ON d.id = s.denial_id WHERE "
                                        + "d.payer_id = '"
                                        + PAYER
                                        + "' AND d.category = 'MEDICAL_NECESSITY' AND s.kind = '276'"))
                .as("followed on the portal, not by 276")
                .isZero();
    }

    void stubStatus(String claim, int status, String body) {
        portal.stubFor(
                get(urlEqualTo("/claims/" + claim + "/status"))
                        .willReturn(
                                aResponse()
                                        .withStatus(status)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(body)));
    }

    void stubCase(String pcn, String body) {
        portal.stubFor(
                get(urlEqualTo("/appeals/CASE-" + pcn)).atPriority(1).willReturn(json(body)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static String member(Map<String, Object> denial) {
        return ClaimDocument.parse((String) denial.get("document")).subscriber().name().id();
    }

    List<String> statusesOf(String payerClaimNumber) {
        return db.sql("SELECT status FROM denial WHERE payer_claim_number = :c")
                .bind("c", payerClaimNumber)
                .map(r -> r.get(0, String.class))
                .all()
                .collectList()
                .block();
    }

    int appeals(String pcn) {
        return statusesOfPcn(pcn).size();
    }

    List<String> statusesOfPcn(String pcn) {
        return db.sql(
                        "SELECT status FROM denial WHERE patient_control_number = :c AND category = 'MEDICAL_NECESSITY'")
                .bind("c", pcn)
                .map(r -> r.get(0, String.class))
                .all()
                .collectList()
                .block();
    }

    String status(Map<String, Object> denial) {
        return db.sql("SELECT status FROM denial WHERE id = :id")
                .bind("id", (UUID) denial.get("id"))
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    WorkContext context(Map<String, Object> denial) {
        return WorkContext.decode(
                db.sql("SELECT context FROM work_item WHERE denial_id = :id")
                        .bind("id", (UUID) denial.get("id"))
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block());
    }
}
