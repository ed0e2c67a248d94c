package org.reclaim.workqueue.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The worklist as a workqueue through the API: several statuses, search, CSV export, saved views,
 * assignment, and escalations handed back to the agent from a chosen step or closed.
 */
class WorklistApiTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;

    /** Every denial waits for an operator's review; a rejection hands it to a person. */
    @BeforeEach
    void reviewedPlaybooks() throws IOException {
        TestPlaybooks.forEveryCategory(triage, TestPlaybooks.REVIEW_WAIT_WRITE_OFF);
        Generated.upload(http, 30, 7, 0.5, triage.today().minusDays(20));
        orchestrator.runUntilIdle().block();
    }

    @AfterEach
    void shipped() throws IOException {
        TestPlaybooks.shipped(triage);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> content(WebTestClient client, String uri) {
        return (List<Map<String, Object>>)
                client.get()
                        .uri(uri)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody()
                        .get("content");
    }

    private String badRequest(String uri) {
        return (String)
                http.get()
                        .uri(uri)
                        .exchange()
                        .expectStatus()
                        .isBadRequest()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody()
                        .get("detail");
    }

    private UUID awaitingReview() {
        return db.sql(
                        "SELECT id FROM denial WHERE status = 'AWAITING_REVIEW' ORDER BY patient_control_number, id LIMIT 1")
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    /** Rejects the denial's open review and lets the agent run: its playbook escalates it. */
    private UUID escalated() {
        UUID denial = awaitingReview();
        assertThat(denial).as("a denial waits for review").isNotNull();
        UUID review =
                db.sql("SELECT id FROM review WHERE denial_id = :d AND status = 'OPEN'")
                        .bind("d", denial)
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        http.post()
                .uri("/api/v1/reviews/" + review + "/reject")
                .bodyValue(Map.of("reason", "the records say otherwise"))
                .exchange()
                .expectStatus()
                .isNoContent();
        orchestrator.runUntilIdle().block();
        assertThat(status(denial)).isEqualTo("ESCALATED");
        return denial;
    }

    private String status(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :id")
                .bind("id", denial)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    @Test
    void severalStatusesAtOnceAndABadStatusIsNamed() {
        UUID escalated = escalated();
        List<Map<String, Object>> both =
                content(http, "/api/v1/worklist?status=AWAITING_REVIEW&status=ESCALATED&size=1000");
        long expected =
                TestData.count(
                        db,
                        "SELECT count(*) FROM denial WHERE status IN ('AWAITING_REVIEW', 'ESCALATED')");
        assertThat(both).hasSize((int) expected);
        assertThat(both)
                .extracting(r -> r.get("status"))
                .contains("AWAITING_REVIEW", "ESCALATED")
                .allMatch(s -> s.equals("AWAITING_REVIEW") || s.equals("ESCALATED"));
        assertThat(content(http, "/api/v1/denials?status=ESCALATED"))
                .extracting(r -> r.get("id"))
                .containsExactly(escalated.toString());
        assertThat(badRequest("/api/v1/worklist?status=ESCALATED&status=LOST"))
                .contains("status must be one of")
                .contains("LOST");
    }

    @Test
    void searchFindsAClaimByItsNumberItsPayerClaimNumberItsPatientAndItsDateOfService() {
        Map<String, Object> target =
                db.sql(
                                """
                        SELECT d.id, d.patient_control_number, d.payer_claim_number, d.service_date,
                               coalesce(sc.patient_last_name, sc.subscriber_last_name) AS last_name,
                               coalesce(sc.patient_first_name, sc.subscriber_first_name) AS first_name
                        FROM denial d JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id
                        JOIN submitted_claim sc ON sc.id = l.submitted_claim_id
                        WHERE d.payer_claim_number IS NOT NULL AND d.service_date IS NOT NULL
                        ORDER BY d.patient_control_number LIMIT 1""")
                        .fetch()
                        .one()
                        .block();
        assertThat(target).as("a linked denial with a payer claim number").isNotNull();
        String id = target.get("id").toString();
        String payerClaim = (String) target.get("payer_claim_number");

        // the payer filter matches payers, not claims: that is what q= is for
        assertThat(content(http, "/api/v1/worklist?payer=" + payerClaim)).isEmpty();
        for (String list : List.of("/api/v1/worklist", "/api/v1/denials")) {
            assertThat(content(http, list + "?q=" + payerClaim))
                    .extracting(r -> r.get("id"))
                    .contains(id)
                    .allMatch(
                            x ->
                                    TestData.count(
                                                    db,
                                                    "SELECT count(*) FROM denial WHERE id = '"
                                                            + x
                                                            + "' AND payer_claim_number ILIKE '%"
                                                            + payerClaim
                                                            + "%'")
                                            == 1);
            assertThat(content(http, list + "?q=" + target.get("patient_control_number")))
                    .extracting(r -> r.get("id"))
                    .contains(id)
                    .allMatch(
                            x ->
                                    TestData.count(
                                                    db,
                                                    "SELECT count(*) FROM denial WHERE id = '"
                                                            + x
                                                            + "' AND patient_control_number ILIKE '%"
                                                            + target.get("patient_control_number")
                                                            + "%'")
                                            == 1);
        }
        // the patient's name in either order, any case
        String first = (String) target.get("first_name");
        String last = (String) target.get("last_name");
        assertThat(content(http, "/api/v1/worklist?size=1000&q=" + last.toLowerCase()))
                .extracting(r -> r.get("id"))
                .contains(id);
        assertThat(
                        content(
                                http,
                                "/api/v1/denials?size=1000&q="
                                        + (first + " " + last).toUpperCase()))
                .extracting(r -> r.get("id"))
                .contains(id);
        assertThat(content(http, "/api/v1/worklist?q=no-such-claim-anywhere")).isEmpty();
        // a date of service, on its own or with the search
        List<Map<String, Object>> onTheDay =
                content(http, "/api/v1/denials?size=1000&dos=" + target.get("service_date"));
        assertThat(onTheDay).extracting(r -> r.get("id")).contains(id);
        assertThat(onTheDay)
                .allMatch(
                        r ->
                                String.valueOf(r.get("serviceDate"))
                                        .equals(target.get("service_date").toString()));
        assertThat(badRequest("/api/v1/denials?dos=2025-13-01")).isNotBlank();
    }

    @Test
    void theCsvExportIsTheFilteredListWithFormulasNeutralised() {
        UUID denial = awaitingReview();
        // a payer whose name a spreadsheet would run as a formula
        db.sql("UPDATE denial SET payer_name = '=HYPERLINK(\"http://x\",\"y\")' WHERE id = :id")
                .bind("id", denial)
                .fetch()
                .rowsUpdated()
                .block();
        for (String uri :
                List.of(
                        "/api/v1/worklist.csv?status=AWAITING_REVIEW",
                        "/api/v1/worklist?status=AWAITING_REVIEW")) {
            String csv =
                    http.get()
                            .uri(uri)
                            .accept(MediaType.parseMediaType("text/csv"))
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectHeader()
                            .contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody();
            List<String> lines = List.of(csv.split("\r\n"));
            assertThat(lines.get(0)).startsWith("id,practice_id,claim,payer_claim_number,line");
            long rows =
                    TestData.count(
                            db, "SELECT count(*) FROM denial WHERE status = 'AWAITING_REVIEW'");
            assertThat(lines).hasSize((int) rows + 1);
            String row =
                    lines.stream()
                            .filter(l -> l.startsWith(denial.toString()))
                            .findFirst()
                            .orElseThrow();
            assertThat(row).contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",");
            assertThat(row).contains(",AWAITING_REVIEW,OPERATOR,");
        }
        // JSON stays the default
        http.get()
                .uri("/api/v1/worklist")
                .exchange()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
    }

    @Test
    void savedViewsBelongToTheirOperator() {
        createOperator("vic.v");
        WebTestClient vic = asOperator("vic.v", "vic-password-123");
        Map<String, Object> saved =
                http.post()
                        .uri("/api/v1/views")
                        .bodyValue(
                                Map.of(
                                        "name",
                                        "My escalations",
                                        "query",
                                        "?status=ESCALATED&assignee=me&q="))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(saved).containsEntry("query", "status=ESCALATED&assignee=me");
        // saving under the same name replaces it
        http.post()
                .uri("/api/v1/views")
                .bodyValue(Map.of("name", "My escalations", "query", "status=ESCALATED"))
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(content(http, "/api/v1/views"))
                .singleElement()
                .satisfies(v -> assertThat(v).containsEntry("query", "status=ESCALATED"));
        // another operator neither sees nor deletes it
        assertThat(content(vic, "/api/v1/views")).isEmpty();
        vic.delete().uri("/api/v1/views/" + saved.get("id")).exchange().expectStatus().isNotFound();
        // a practice key has no views
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .get()
                .uri("/api/v1/views")
                .exchange()
                .expectStatus()
                .isForbidden();
        // only worklist filters, and a name
        String detail =
                (String)
                        http.post()
                                .uri("/api/v1/views")
                                .bodyValue(
                                        Map.of("name", "x", "query", "status=ESCALATED&drop=table"))
                                .exchange()
                                .expectStatus()
                                .isBadRequest()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody()
                                .get("detail");
        assertThat(detail).startsWith("query: 'drop' is not a worklist filter");
        http.post()
                .uri("/api/v1/views")
                .bodyValue(Map.of("name", " ", "query", "status=ESCALATED"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.delete()
                .uri("/api/v1/views/" + saved.get("id"))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(content(http, "/api/v1/views")).isEmpty();
    }

    private void createOperator(String name) {
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                name,
                                "password",
                                name.substring(0, 3) + "-password-123",
                                "role",
                                "REVIEWER",
                                "practices",
                                List.of("default")))
                .exchange()
                .expectStatus()
                .value(s -> assertThat(s).isIn(201, 409));
    }

    @Test
    void anEscalationSaysWhatToDoAndIsAssignedToAnOperatorWhoFindsItUnderMine() {
        UUID denial = escalated();
        Map<String, Object> view =
                http.get()
                        .uri("/api/v1/denials/" + denial)
                        .exchange()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> escalation = (Map<String, Object>) view.get("escalation");
        assertThat(escalation).isNotNull();
        assertThat((String) escalation.get("reason"))
                .contains("asks for a person")
                .contains("after REVIEW");
        assertThat((String) escalation.get("todo")).contains("decide by hand").contains("hand");
        assertThat(escalation.get("by")).isEqualTo("agent:ESCALATE");

        createOperator("ann.w");
        WebTestClient ann = asOperator("ann.w", "ann-password-123");
        ann.put()
                .uri("/api/v1/denials/" + denial + "/assignee")
                .bodyValue(Map.of("assignee", "me"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .value(b -> assertThat(b).containsEntry("assignee", "ann.w"));
        assertThat(content(ann, "/api/v1/worklist?assignee=me"))
                .extracting(r -> r.get("id"))
                .containsExactly(denial.toString());
        assertThat(content(http, "/api/v1/worklist?assignee=me")).isEmpty();
        assertThat(content(http, "/api/v1/denials?assignee=ann.w"))
                .extracting(r -> r.get("id"))
                .containsExactly(denial.toString());
        // nobody who cannot see the practice, nobody who does not exist; practice keys do not
        // assign
        http.put()
                .uri("/api/v1/denials/" + denial + "/assignee")
                .bodyValue(Map.of("assignee", "nobody.here"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .put()
                .uri("/api/v1/denials/" + denial + "/assignee")
                .bodyValue(Map.of("assignee", "ann.w"))
                .exchange()
                .expectStatus()
                .isForbidden();
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .get()
                .uri("/api/v1/worklist?assignee=me")
                .exchange()
                .expectStatus()
                .isBadRequest();
        // cleared
        http.put()
                .uri("/api/v1/denials/" + denial + "/assignee")
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(content(ann, "/api/v1/worklist?assignee=me")).isEmpty();
        // each change of hands is on the timeline, by whoever made it; a refused one is not
        assertThat(content(http, "/api/v1/denials/" + denial + "/timeline"))
                .filteredOn(e -> "note".equals(e.get("kind")))
                .extracting(e -> e.get("actor") + ": " + e.get("detail"))
                .containsExactly(
                        "operator:ann.w: assigned to ann.w",
                        "operator:admin: assignment cleared (was ann.w)");
    }

    @Test
    void anEscalationIsHandedBackToTheAgentFromAChosenStep() {
        UUID denial = escalated();
        // from a step the playbook does not have: named, and nothing changes
        String detail =
                (String)
                        http.post()
                                .uri("/api/v1/denials/" + denial + "/actions")
                                .bodyValue(Map.of("action", "RETRY", "step", "nowhere"))
                                .exchange()
                                .expectStatus()
                                .isBadRequest()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody()
                                .get("detail");
        assertThat(detail)
                .startsWith("step: playbook ")
                .contains("no step 'nowhere'")
                .contains("review");
        assertThat(status(denial)).isEqualTo("ESCALATED");

        // from its review step: the agent asks for a review again instead of escalating again
        http.post()
                .uri("/api/v1/denials/" + denial + "/actions")
                .bodyValue(Map.of("action", "RETRY", "step", "review", "reason", "records found"))
                .exchange()
                .expectStatus()
                .isNoContent();
        orchestrator.runUntilIdle().block();
        assertThat(status(denial)).isEqualTo("AWAITING_REVIEW");
        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM review WHERE status = 'OPEN' AND denial_id = '"
                                        + denial
                                        + "'"))
                .isEqualTo(1);
    }

    @Test
    void anEscalationIsClosedWithAReason() {
        UUID denial = escalated();
        http.post()
                .uri("/api/v1/denials/" + denial + "/actions")
                .bodyValue(Map.of("action", "CLOSE"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.post()
                .uri("/api/v1/denials/" + denial + "/actions")
                .bodyValue(Map.of("action", "CLOSE", "reason", "patient paid at the desk"))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(status(denial)).isEqualTo("CLOSED");
        assertThat(
                        db.sql(
                                        "SELECT reason FROM denial_event WHERE denial_id = :d AND to_status = 'CLOSED'")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo("patient paid at the desk");
        assertThat(content(http, "/api/v1/worklist?status=ESCALATED"))
                .extracting(r -> r.get("id"))
                .doesNotContain(denial.toString());
    }

    /** The owner colours of the worklist's status chips reach WCAG AA contrast (4.5:1). */
    @Test
    void statusColoursHaveAaContrast() throws IOException {
        String css = Files.readString(Path.of("src/main/resources/static/css/reclaim.css"));
        Matcher m =
                Pattern.compile(
                                "\\.status\\.(owner-[a-z]+) \\{ background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6});")
                        .matcher(css);
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(contrast(m.group(2), m.group(3))).as(m.group(1)).isGreaterThanOrEqualTo(4.5);
        }
        assertThat(found).isEqualTo(4);
    }

    /** WCAG 2.x contrast ratio of two sRGB colours (its definition of relative luminance). */
    private static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            c[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
