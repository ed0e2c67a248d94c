package org.reclaim.billing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.billing.Billing.at;
import static org.reclaim.billing.Billing.resolve;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.billing.Billing;
import org.reclaim.billing.InvoiceService;
import org.reclaim.practice.Practices;
import org.reclaim.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /api/v1/invoices}: runs, lists, one invoice with its lines, CSV, transitions, other
 * practices.
 */
class InvoiceApiTest extends ApiTest {

    @Autowired InvoiceService invoices;

    List<UUID> denials;

    @BeforeEach
    void denials() {
        Billing.fee(db, "4.00");
        denials = Billing.denials(http, db, 30, 62);
    }

    Map<String, Object> run(WebTestClient client, String month) {
        return client.post()
                .uri("/api/v1/invoices/run")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("month", month))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    Map<String, Object> get(String uri) {
        return http.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    UUID invoiceOf(String month) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> content =
                (List<Map<String, Object>>) get("/api/v1/invoices?month=" + month).get("content");
        assertThat(content).hasSize(1);
        return UUID.fromString((String) content.get(0).get("id"));
    }

    @org.springframework.beans.factory.annotation.Autowired org.reclaim.security.PracticeKeys keys;

    /** A client calling with one of the practice's API keys. */
    WebTestClient as(UUID practice) {
        return withKey(keys.create(practice, "test", "test").block().apiKey());
    }

    @Test
    @SuppressWarnings("unchecked")
    void runThenReadTheInvoiceWithItsLines() {
        resolve(db, denials.get(0), "100.00", at("2025-01-03T00:00:00Z"));
        resolve(db, denials.get(1), "25.50", at("2025-01-04T00:00:00Z"));

        Map<String, Object> result = run(http, "2025-01");

        assertThat(result.get("month")).isEqualTo("2025-01");
        assertThat(result.get("linesAdded")).isEqualTo(2);
        UUID id = invoiceOf("2025-01");
        Map<String, Object> invoice = get("/api/v1/invoices/" + id);
        assertThat(invoice)
                .containsEntry("month", "2025-01")
                .containsEntry("status", "DRAFT")
                .containsEntry("lineCount", 2)
                .containsEntry("practiceId", Practices.DEFAULT_ID.toString());
        assertThat(invoice.get("number")).isNull();
        assertThat(new BigDecimal(invoice.get("totalFee").toString())).isEqualByComparingTo("8.00");
        assertThat(new BigDecimal(invoice.get("totalRecovered").toString()))
                .isEqualByComparingTo("125.50");
        List<Map<String, Object>> lines = (List<Map<String, Object>>) invoice.get("lines");
        assertThat(lines)
                .extracting(l -> l.get("denialId"))
                .containsExactly(denials.get(0).toString(), denials.get(1).toString());
        String pcn =
                db.sql("SELECT patient_control_number FROM denial WHERE id = :id")
                        .bind("id", denials.get(0))
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block();
        assertThat(lines.get(0))
                .containsEntry("patientControlNumber", pcn)
                .containsKeys(
                        "payerClaimNumber",
                        "payerId",
                        "payerName",
                        "resolvedAt",
                        "recovered",
                        "fee",
                        "billableEventId");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsArePagedAndFilteredByMonthAndStatus() {
        for (int m = 1; m <= 3; m++) {
            resolve(db, denials.get(m), "10.00", at("2025-0" + m + "-10T00:00:00Z"));
            run(http, "2025-0" + m);
        }
        http.post()
                .uri("/api/v1/invoices/{id}/issue", invoiceOf("2025-02"))
                .exchange()
                .expectStatus()
                .isOk();

        Map<String, Object> page = get("/api/v1/invoices?size=2");
        assertThat(page)
                .containsEntry("page", 0)
                .containsEntry("size", 2)
                .containsEntry("totalElements", 3);
        assertThat((List<Map<String, Object>>) page.get("content"))
                .extracting(i -> i.get("month"))
                .containsExactly("2025-03", "2025-02");
        assertThat((List<Map<String, Object>>) get("/api/v1/invoices?size=2&page=1").get("content"))
                .extracting(i -> i.get("month"))
                .containsExactly("2025-01");
        assertThat((List<Map<String, Object>>) get("/api/v1/invoices?status=ISSUED").get("content"))
                .extracting(i -> i.get("month"))
                .containsExactly("2025-02");
        assertThat(
                        (List<Map<String, Object>>)
                                get("/api/v1/invoices?status=DRAFT&month=2025-03").get("content"))
                .hasSize(1);
        assertThat(get("/api/v1/invoices?status=PAID")).containsEntry("totalElements", 0);
        http.get()
                .uri("/api/v1/invoices?status=SENT")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/invoices?month=2025-13").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/v1/invoices?size=1001").exchange().expectStatus().isBadRequest();
    }

    @Test
    void aRunNeedsAMonthThatHasBegun() {
        http.post()
                .uri("/api/v1/invoices/run")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("month", "Jan"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post()
                .uri("/api/v1/invoices/run")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.post()
                .uri("/api/v1/invoices/run")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("month", invoices.currentMonth().plusMonths(1).toString()))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void transitionsAreDraftIssuedPaidAndAnythingElseIsAConflict() {
        resolve(db, denials.get(0), "10.00", at("2025-01-03T00:00:00Z"));
        run(http, "2025-01");
        UUID id = invoiceOf("2025-01");

        http.post()
                .uri("/api/v1/invoices/{id}/paid", id)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("DRAFT"));
        http.post()
                .uri("/api/v1/invoices/{id}/issue", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ISSUED")
                .jsonPath("$.number")
                .isEqualTo("DEFAULT-00001")
                .jsonPath("$.issuedAt")
                .isNotEmpty();
        http.post().uri("/api/v1/invoices/{id}/issue", id).exchange().expectStatus().isEqualTo(409);
        http.post()
                .uri("/api/v1/invoices/{id}/paid", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("PAID")
                .jsonPath("$.paidAt")
                .isNotEmpty();
        http.post().uri("/api/v1/invoices/{id}/paid", id).exchange().expectStatus().isEqualTo(409);
        http.post().uri("/api/v1/invoices/{id}/issue", id).exchange().expectStatus().isEqualTo(409);
        http.post()
                .uri("/api/v1/invoices/{id}/issue", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void anIssuedInvoiceReadsTheSameAfterNewEventsWhichGoToTheNextDraft() {
        resolve(db, denials.get(0), "10.00", at("2025-01-03T00:00:00Z"));
        run(http, "2025-01");
        UUID jan = invoiceOf("2025-01");
        http.post().uri("/api/v1/invoices/{id}/issue", jan).exchange().expectStatus().isOk();
        Map<String, Object> issued = get("/api/v1/invoices/" + jan);
        String csv = csv(jan);

        resolve(db, denials.get(1), "20.00", at("2025-01-30T00:00:00Z"));
        run(http, "2025-01");
        run(http, "2025-02");

        assertThat(get("/api/v1/invoices/" + jan)).isEqualTo(issued);
        assertThat(csv(jan)).isEqualTo(csv);
        assertThat(get("/api/v1/invoices/" + invoiceOf("2025-02")))
                .containsEntry("lineCount", 1)
                .containsEntry("status", "DRAFT");
    }

    String csv(UUID id) {
        return http.get()
                .uri("/api/v1/invoices/{id}/csv", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void csvHasOneRowPerLineAndATotalRowProperlyQuoted() {
        UUID tricky = denials.get(0);
        db.sql("UPDATE denial SET payer_name = :n WHERE id = :id")
                .bind("n", "Blue \"Sky\", Health\n=Plan")
                .bind("id", tricky)
                .then()
                .block();
        List<UUID> billed = List.of(tricky, denials.get(1), denials.get(2));
        String[] recovered = {"100.10", "20.00", "0.45"};
        for (int i = 0; i < billed.size(); i++) {
            resolve(db, billed.get(i), recovered[i], at("2025-01-0" + (i + 3) + "T00:00:00Z"));
        }
        run(http, "2025-01");
        UUID id = invoiceOf("2025-01");

        var response =
                http.get()
                        .uri("/api/v1/invoices/{id}/csv", id)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .contentTypeCompatibleWith(new MediaType("text", "csv"))
                        .expectHeader()
                        .value(
                                "Content-Disposition",
                                d ->
                                        assertThat(d)
                                                .contains("attachment")
                                                .contains("invoice-draft-2025-01.csv"))
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();

        List<List<String>> rows = parse(response);
        assertThat(rows.get(0))
                .containsExactly(
                        "invoice",
                        "month",
                        "status",
                        "patient_control_number",
                        "payer_claim_number",
                        "payer_id",
                        "payer_name",
                        "resolved_on",
                        "recovered",
                        "fee");
        assertThat(rows).hasSize(1 + billed.size() + 1);
        for (int i = 0; i < billed.size(); i++) {
            Map<String, Object> d =
                    db.sql(
                                    "SELECT patient_control_number, payer_claim_number, payer_id, payer_name "
                                            + "FROM denial WHERE id = :id")
                            .bind("id", billed.get(i))
                            .fetch()
                            .one()
                            .block();
            assertThat(rows.get(1 + i))
                    .containsExactly(
                            "DRAFT",
                            "2025-01",
                            "DRAFT",
                            (String) d.get("patient_control_number"),
                            (String) d.get("payer_claim_number"),
                            (String) d.get("payer_id"),
                            (String) d.get("payer_name"),
                            "2025-01-0" + (i + 3),
                            recovered[i],
                            "4.00");
        }
        assertThat(rows.get(1).get(6)).isEqualTo("Blue \"Sky\", Health\n=Plan");
        assertThat(rows.get(rows.size() - 1))
                .containsExactly(
                        "DRAFT", "2025-01", "DRAFT", "TOTAL", "", "", "", "", "120.55", "12.00");
    }

    /** RFC 4180, read independently of the writer. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field).as("the file ends with CRLF").isEmpty();
        assertThat(row).isEmpty();
        return rows;
    }

    @Test
    @SuppressWarnings("unchecked")
    void anotherPracticesInvoiceIsNotFound() {
        resolve(db, denials.get(0), "10.00", at("2025-01-03T00:00:00Z"));
        Billing.resolveForOther(db, "50.00", "6.00", at("2025-01-04T00:00:00Z"));
        WebTestClient mine = as(Practices.DEFAULT_ID);
        WebTestClient theirs = as(Billing.OTHER);

        // billing is run by admins; one limited to the other practice bills only that one
        String user = "billing-" + UUID.randomUUID().toString().substring(0, 6);
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                user,
                                "password",
                                "billing-password-1",
                                "role",
                                "ADMIN",
                                "practices",
                                List.of(Billing.OTHER.toString())))
                .exchange()
                .expectStatus()
                .isCreated();
        WebTestClient otherAdmin = asOperator(user, "billing-password-1");
        Map<String, Object> ran = run(otherAdmin, "2025-01");
        assertThat((List<Map<String, Object>>) ran.get("invoices"))
                .extracting(i -> i.get("practiceId"))
                .containsExactly(Billing.OTHER.toString());
        theirs.post()
                .uri("/api/v1/invoices/run")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("month", "2025-01"))
                .exchange()
                .expectStatus()
                .isForbidden();
        run(http, "2025-01");
        List<Map<String, Object>> all =
                (List<Map<String, Object>>) get("/api/v1/invoices").get("content");
        assertThat(all).hasSize(2);
        UUID mineId =
                all.stream()
                        .filter(i -> i.get("practiceId").equals(Practices.DEFAULT_ID.toString()))
                        .map(i -> UUID.fromString((String) i.get("id")))
                        .findFirst()
                        .orElseThrow();

        theirs.get()
                .uri("/api/v1/invoices/{id}", mineId)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        theirs.get()
                .uri("/api/v1/invoices/{id}/csv", mineId)
                .exchange()
                .expectStatus()
                .isNotFound();
        theirs.post()
                .uri("/api/v1/invoices/{id}/issue", mineId)
                .exchange()
                .expectStatus()
                .isForbidden();
        otherAdmin
                .post()
                .uri("/api/v1/invoices/{id}/issue", mineId)
                .exchange()
                .expectStatus()
                .isNotFound();
        theirs.get()
                .uri("/api/v1/invoices")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.totalElements")
                .isEqualTo(1)
                .jsonPath("$.content[0].practiceId")
                .isEqualTo(Billing.OTHER.toString());
        mine.get().uri("/api/v1/invoices/{id}", mineId).exchange().expectStatus().isOk();
        assertThat(get("/api/v1/invoices/" + mineId)).containsEntry("status", "DRAFT");
    }
}
