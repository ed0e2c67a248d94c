package org.reclaim.billing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.billing.Billing.at;
import static org.reclaim.billing.Billing.resolve;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.billing.Billing;
import org.reclaim.billing.InvoiceService;
import org.reclaim.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The {@code /invoices} pages: invoices by month with status and totals, one invoice's lines, the
 * CSV link.
 */
class InvoicePagesTest extends ApiTest {

    @Autowired InvoiceService invoices;

    List<UUID> denials;

    @BeforeEach
    void denials() {
        Billing.fee(db, "4.00");
        denials = Billing.denials(http, db, 30, 63);
    }

    String page(String uri) {
        return http.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    UUID invoice(String month) {
        return db.sql("SELECT id FROM invoice WHERE month = :m")
                .bind("m", java.time.LocalDate.parse(month + "-01"))
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    @Test
    void theListShowsEachInvoiceWithStatusTotalsALinkToItsLinesAndItsCsv() {
        resolve(db, denials.get(0), "1200.00", at("2025-01-03T00:00:00Z"));
        resolve(db, denials.get(1), "30.00", at("2025-01-04T00:00:00Z"));
        resolve(db, denials.get(2), "5.00", at("2025-02-04T00:00:00Z"));
        invoices.run(java.time.YearMonth.of(2025, 1))
                .then(invoices.run(java.time.YearMonth.of(2025, 2)))
                .block();
        UUID jan = invoice("2025-01");
        UUID feb = invoice("2025-02");
        invoices.issue(jan).block();

        String html = page("/invoices");

        assertThat(html)
                .contains(
                        "id=\"invoices-table\"",
                        "id=\"invoice-" + jan + "\"",
                        "id=\"invoice-" + feb + "\"")
                .contains(
                        "href=\"/invoices/" + jan + "\"",
                        "href=\"/api/v1/invoices/" + jan + "/csv\"")
                .contains(
                        "DEFAULT-00001",
                        "$1,230.00",
                        "$8.00",
                        "$5.00",
                        "$4.00",
                        ">ISSUED<",
                        ">DRAFT<");
        assertThat(html.indexOf("invoice-" + feb))
                .as("newest month first")
                .isLessThan(html.indexOf("invoice-" + jan));
        assertThat(page("/invoices?status=DRAFT"))
                .contains("invoice-" + feb)
                .doesNotContain("invoice-" + jan);
    }

    @Test
    void anAdminBillsIssuesAndMarksPaidFromThePagesAndAReviewerCannot() {
        resolve(db, denials.get(0), "70.00", at("2025-03-03T00:00:00Z"));
        http.post()
                .uri("/invoices/run")
                .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                .body(
                        org.springframework.web.reactive.function.BodyInserters.fromFormData(
                                "month", "2025-03"))
                .exchange()
                .expectStatus()
                .is3xxRedirection();
        UUID mar = invoice("2025-03");
        assertThat(page("/invoices/" + mar))
                .contains("id=\"issue-invoice\"")
                .doesNotContain("id=\"mark-paid\"");
        String user = "rev-" + UUID.randomUUID().toString().substring(0, 6);
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        java.util.Map.of(
                                "username",
                                user,
                                "password",
                                "reviewer-pass-1",
                                "role",
                                "REVIEWER"))
                .exchange()
                .expectStatus()
                .isCreated();
        asOperator(user, "reviewer-pass-1")
                .post()
                .uri("/invoices/{id}/issue", mar)
                .exchange()
                .expectStatus()
                .isForbidden();
        http.post().uri("/invoices/{id}/issue", mar).exchange().expectStatus().is3xxRedirection();
        assertThat(page("/invoices/" + mar)).contains(">ISSUED<").contains("id=\"mark-paid\"");
        http.post().uri("/invoices/{id}/paid", mar).exchange().expectStatus().is3xxRedirection();
        assertThat(page("/invoices/" + mar)).contains(">PAID<").doesNotContain("id=\"mark-paid\"");
    }

    @Test
    void anInvoicesPageListsItsLines() {
        resolve(db, denials.get(0), "99.95", at("2025-01-03T00:00:00Z"));
        invoices.run(java.time.YearMonth.of(2025, 1)).block();
        UUID jan = invoice("2025-01");
        UUID line =
                db.sql("SELECT id FROM invoice_line").map(r -> r.get(0, UUID.class)).one().block();
        String pcn =
                db.sql("SELECT patient_control_number FROM denial WHERE id = :id")
                        .bind("id", denials.get(0))
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block();

        String html = page("/invoices/" + jan);

        assertThat(html)
                .contains(
                        "id=\"invoice-lines\"", "id=\"line-" + line + "\"", pcn, "$99.95", "$4.00")
                .contains("id=\"csv-link\"", "href=\"/api/v1/invoices/" + jan + "/csv\"")
                .contains("id=\"invoice-status\"", ">DRAFT<", "id=\"invoice-total-fee\"");
        http.get().uri("/invoices/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();
    }

    @Test
    void noInvoicesYet() {
        assertThat(page("/invoices"))
                .contains("id=\"no-invoices\"")
                .doesNotContain("id=\"invoices-table\"");
    }
}
