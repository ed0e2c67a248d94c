package org.reclaim.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reclaim.billing.Billing.at;
import static org.reclaim.billing.Billing.resolve;
import static org.reclaim.billing.Billing.rows;
import static org.reclaim.support.TestData.count;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Billing runs against the real database: lines are the billable events, once each, and issued
 * invoices stay put.
 */
class InvoiceServiceTest extends ApiTest {

    static final YearMonth JAN = YearMonth.of(2025, 1);
    static final YearMonth FEB = YearMonth.of(2025, 2);
    static final YearMonth MAR = YearMonth.of(2025, 3);

    @Autowired InvoiceService invoices;

    List<UUID> denials;

    @BeforeEach
    void denialsAndTheDefaultFee() {
        Billing.fee(db, "4.00");
        denials = Billing.denials(http, db, 40, 61);
        assertThat(denials).hasSizeGreaterThan(12);
    }

    Map<String, Object> invoice(YearMonth month) {
        List<Map<String, Object>> r =
                db.sql("SELECT * FROM invoice WHERE month = :m AND practice_id = :p")
                        .bind("m", month.atDay(1))
                        .bind("p", org.reclaim.practice.Practices.DEFAULT_ID)
                        .fetch()
                        .all()
                        .collectList()
                        .block();
        assertThat(r).as("invoices of %s", month).hasSizeLessThanOrEqualTo(1);
        return r.isEmpty() ? null : r.get(0);
    }

    List<UUID> billedEvents(Object invoiceId) {
        return db.sql(
                        "SELECT billable_event_id FROM invoice_line WHERE invoice_id = :i ORDER BY billable_event_id")
                .bind("i", invoiceId)
                .map(r -> r.get(0, UUID.class))
                .all()
                .collectList()
                .block();
    }

    static List<UUID> sorted(List<UUID> ids) {
        List<UUID> s = new ArrayList<>(ids);
        s.sort(null);
        return s;
    }

    @Test
    void eachBillableEventOfTheMonthBecomesOneLineWithItsClaimPayerAndFee() {
        List<UUID> jan = new ArrayList<>();
        jan.add(resolve(db, denials.get(0), "120.50", at("2025-01-01T00:00:00Z")));
        jan.add(resolve(db, denials.get(1), "80.00", at("2025-01-15T12:00:00Z")));
        Billing.fee(db, "5.50");
        jan.add(resolve(db, denials.get(2), "19.99", at("2025-01-31T23:59:59Z")));
        UUID feb = resolve(db, denials.get(3), "42.00", at("2025-02-01T00:00:00Z"));

        InvoiceService.RunResult result = invoices.run(JAN).block();

        assertThat(result.linesAdded()).isEqualTo(3);
        Map<String, Object> inv = invoice(JAN);
        assertThat(inv.get("status")).isEqualTo("DRAFT");
        assertThat(billedEvents(inv.get("id"))).isEqualTo(sorted(jan)).doesNotContain(feb);
        // each line carries its event's amounts and its denial's claim and payer
        List<Map<String, Object>> mismatched =
                rows(
                        db,
                        """
                SELECT l.id FROM invoice_line l JOIN billable_event e ON e.id = l.billable_event_id
                JOIN denial d ON d.id = e.denial_id
                WHERE l.denial_id <> e.denial_id OR l.recovered <> e.recovered OR l.fee <> e.fee
                   OR l.resolved_at <> e.at OR l.practice_id <> e.practice_id
                   OR l.patient_control_number IS DISTINCT FROM d.patient_control_number
                   OR l.payer_claim_number IS DISTINCT FROM d.payer_claim_number
                   OR l.payer_id IS DISTINCT FROM d.payer_id OR l.payer_name IS DISTINCT FROM d.payer_name""");
        assertThat(mismatched).isEmpty();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM invoice_line WHERE patient_control_number IS NULL"))
                .isZero();
        // totals: two events at the fee of 4.00, one at 5.50
        assertThat(inv.get("line_count")).isEqualTo(3);
        assertThat((BigDecimal) inv.get("total_fee")).isEqualByComparingTo("13.50");
        assertThat((BigDecimal) inv.get("total_recovered")).isEqualByComparingTo("220.49");
        assertThat(result.invoices())
                .singleElement()
                .satisfies(
                        b -> {
                            assertThat(b.invoiceId()).isEqualTo(inv.get("id"));
                            assertThat(b.totalFee()).isEqualByComparingTo("13.50");
                        });
    }

    @Test
    void aMonthWithoutEventsMakesNoInvoice() {
        resolve(db, denials.get(0), "10.00", at("2025-02-10T00:00:00Z"));

        assertThat(invoices.run(JAN).block().invoices()).isEmpty();

        assertThat(count(db, "SELECT count(*) FROM invoice")).isZero();
    }

    @Test
    void runningAgainAddsOnlyNewEventsAndRecomputesTheTotals() {
        resolve(db, denials.get(0), "100.00", at("2025-01-05T00:00:00Z"));
        resolve(db, denials.get(1), "50.00", at("2025-01-06T00:00:00Z"));
        invoices.run(JAN).block();
        Object id = invoice(JAN).get("id");

        assertThat(invoices.run(JAN).block().linesAdded()).isZero();
        assertThat(invoices.run(JAN).block().linesAdded()).isZero();
        assertThat(count(db, "SELECT count(*) FROM invoice_line")).isEqualTo(2);

        UUID later = resolve(db, denials.get(2), "30.00", at("2025-01-20T00:00:00Z"));
        assertThat(invoices.run(JAN).block().linesAdded()).isEqualTo(1);

        Map<String, Object> inv = invoice(JAN);
        assertThat(inv.get("id")).as("the same draft").isEqualTo(id);
        assertThat(billedEvents(id)).contains(later).hasSize(3).doesNotHaveDuplicates();
        assertThat(inv.get("line_count")).isEqualTo(3);
        assertThat((BigDecimal) inv.get("total_recovered")).isEqualByComparingTo("180.00");
        assertThat((BigDecimal) inv.get("total_fee")).isEqualByComparingTo("12.00");
        assertThat(count(db, "SELECT count(*) FROM invoice")).isEqualTo(1);
    }

    @Test
    void anIssuedInvoiceNeverChangesAndLateEventsGoToTheNextDraft() {
        resolve(db, denials.get(0), "100.00", at("2025-01-05T00:00:00Z"));
        invoices.run(JAN).block();
        UUID jan = (UUID) invoice(JAN).get("id");
        assertThat(invoices.issue(jan).block()).isEqualTo(InvoiceStatus.ISSUED);
        Map<String, Object> issued = invoice(JAN);

        UUID late = resolve(db, denials.get(1), "60.00", at("2025-01-28T00:00:00Z"));
        UUID feb = resolve(db, denials.get(2), "70.00", at("2025-02-03T00:00:00Z"));
        InvoiceService.RunResult again = invoices.run(JAN).block();

        assertThat(again.linesAdded()).isZero();
        assertThat(invoice(JAN)).isEqualTo(issued);
        assertThat(billedEvents(jan)).hasSize(1).doesNotContain(late);

        assertThat(invoices.run(FEB).block().linesAdded()).isEqualTo(2);
        Map<String, Object> next = invoice(FEB);
        assertThat(next.get("status")).isEqualTo("DRAFT");
        assertThat(billedEvents(next.get("id"))).isEqualTo(sorted(List.of(late, feb)));
        assertThat((BigDecimal) next.get("total_recovered")).isEqualByComparingTo("130.00");
        assertThat(invoice(JAN)).isEqualTo(issued);

        // paid stays frozen too
        invoices.markPaid(jan).block();
        resolve(db, denials.get(3), "5.00", at("2025-01-30T00:00:00Z"));
        invoices.run(JAN).block();
        assertThat(billedEvents(jan)).hasSize(1);
        assertThat(invoices.run(FEB).block().linesAdded()).isEqualTo(1);
    }

    @Test
    void aMonthWhoseOwnInvoiceIsIssuedBillsItsLaterEventsOnTheFollowingMonth() {
        resolve(db, denials.get(0), "10.00", at("2025-02-02T00:00:00Z"));
        invoices.run(FEB).block();
        invoices.issue((UUID) invoice(FEB).get("id")).block();
        UUID late = resolve(db, denials.get(1), "20.00", at("2025-02-27T00:00:00Z"));
        // an earlier month's draft does not take it: only a later one does
        resolve(db, denials.get(2), "30.00", at("2025-01-10T00:00:00Z"));
        invoices.run(JAN).block();
        assertThat(billedEvents(invoice(JAN).get("id"))).hasSize(1).doesNotContain(late);

        invoices.run(MAR).block();

        assertThat(billedEvents(invoice(MAR).get("id"))).containsExactly(late);
    }

    @Test
    void issuingNumbersThePracticesInvoicesInOrder() {
        resolve(db, denials.get(0), "10.00", at("2025-01-02T00:00:00Z"));
        resolve(db, denials.get(1), "10.00", at("2025-02-02T00:00:00Z"));
        invoices.run(JAN).then(invoices.run(FEB)).block();

        invoices.issue((UUID) invoice(FEB).get("id")).block();
        invoices.issue((UUID) invoice(JAN).get("id")).block();

        assertThat(invoice(FEB).get("number")).isEqualTo("DEFAULT-00001");
        assertThat(invoice(JAN).get("number")).isEqualTo("DEFAULT-00002");
        assertThat(invoice(JAN).get("issued_at")).isNotNull();
    }

    @Test
    void transitionsGoDraftIssuedPaidOnly() {
        resolve(db, denials.get(0), "10.00", at("2025-01-02T00:00:00Z"));
        invoices.run(JAN).block();
        UUID id = (UUID) invoice(JAN).get("id");

        assertThatThrownBy(() -> invoices.markPaid(id).block())
                .isInstanceOf(InvoiceStateException.class);
        assertThat(invoices.issue(id).block()).isEqualTo(InvoiceStatus.ISSUED);
        assertThatThrownBy(() -> invoices.issue(id).block())
                .isInstanceOf(InvoiceStateException.class);
        assertThat(invoices.markPaid(id).block()).isEqualTo(InvoiceStatus.PAID);
        assertThatThrownBy(() -> invoices.markPaid(id).block())
                .isInstanceOf(InvoiceStateException.class);
        assertThatThrownBy(() -> invoices.issue(id).block())
                .isInstanceOf(InvoiceStateException.class);
        assertThat(invoice(JAN).get("status")).isEqualTo("PAID");
        assertThat(invoice(JAN).get("paid_at")).isNotNull();
        assertThat(invoices.issue(UUID.randomUUID()).blockOptional()).isEmpty();
    }

    @Test
    void twoRunsAtOnceBillEveryEventExactlyOnce() {
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(
                    resolve(
                            db,
                            denials.get(i),
                            "10.00",
                            at("2025-01-01T00:00:00Z").plusSeconds(3600L * 24 * i)));
        }
        for (int round = 0; round < 3; round++) {
            List<InvoiceService.RunResult> results =
                    Flux.range(0, 2)
                            .flatMap(
                                    i -> invoices.run(JAN).subscribeOn(Schedulers.boundedElastic()))
                            .collectList()
                            .block();
            assertThat(results).hasSize(2);
            assertThat(results.stream().mapToInt(InvoiceService.RunResult::linesAdded).sum())
                    .isEqualTo(round == 0 ? events.size() : 0);
        }
        assertThat(billedEvents(invoice(JAN).get("id"))).isEqualTo(sorted(events));
        assertThat(invoice(JAN).get("line_count")).isEqualTo(events.size());
    }

    @Test
    void runsOfTwoLaterMonthsAtOnceTakeALateEventOnce() {
        resolve(db, denials.get(0), "10.00", at("2025-01-02T00:00:00Z"));
        invoices.run(JAN).block();
        invoices.issue((UUID) invoice(JAN).get("id")).block();
        List<UUID> late = new ArrayList<>();
        for (int i = 1; i <= 8; i++)
            late.add(resolve(db, denials.get(i), "10.00", at("2025-01-20T00:00:00Z")));
        resolve(db, denials.get(9), "10.00", at("2025-02-20T00:00:00Z"));
        resolve(db, denials.get(10), "10.00", at("2025-03-20T00:00:00Z"));

        Mono.zip(
                        invoices.run(FEB).subscribeOn(Schedulers.boundedElastic()),
                        invoices.run(MAR).subscribeOn(Schedulers.boundedElastic()))
                .block();

        List<UUID> onFebOrMar = new ArrayList<>(billedEvents(invoice(FEB).get("id")));
        onFebOrMar.addAll(billedEvents(invoice(MAR).get("id")));
        assertThat(onFebOrMar).doesNotHaveDuplicates().containsAll(late).hasSize(late.size() + 2);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM billable_event e WHERE NOT EXISTS "
                                        + "(SELECT 1 FROM invoice_line l WHERE l.billable_event_id = e.id)"))
                .isZero();
    }

    @Test
    void theDatabaseRefusesASecondLineForAnEventAndAnyChangeToAnIssuedInvoice() {
        UUID event = resolve(db, denials.get(0), "10.00", at("2025-01-02T00:00:00Z"));
        resolve(db, denials.get(1), "10.00", at("2025-02-02T00:00:00Z"));
        invoices.run(JAN).then(invoices.run(FEB)).block();
        UUID jan = (UUID) invoice(JAN).get("id");
        UUID feb = (UUID) invoice(FEB).get("id");
        String copy =
                """
                INSERT INTO invoice_line (id, practice_id, invoice_id, billable_event_id, denial_id, resolved_at, recovered, fee)
                SELECT gen_random_uuid(), practice_id, :to, billable_event_id, denial_id, resolved_at, recovered, fee
                FROM invoice_line WHERE billable_event_id = :event""";

        assertThatThrownBy(() -> db.sql(copy).bind("to", feb).bind("event", event).then().block())
                .hasMessageContaining("invoice_line_billable_event_id_key");

        invoices.issue(jan).block();
        assertThatThrownBy(
                        () ->
                                db.sql("UPDATE invoice SET total_fee = 0 WHERE id = :id")
                                        .bind("id", jan)
                                        .then()
                                        .block())
                .hasMessageContaining("not allowed");
        assertThatThrownBy(
                        () ->
                                db.sql("UPDATE invoice SET status = 'DRAFT' WHERE id = :id")
                                        .bind("id", jan)
                                        .then()
                                        .block())
                .hasMessageContaining("not allowed");
        assertThatThrownBy(
                        () ->
                                db.sql("UPDATE invoice_line SET fee = 0 WHERE invoice_id = :id")
                                        .bind("id", jan)
                                        .then()
                                        .block())
                .hasMessageContaining("never edited");
        UUID third = resolve(db, denials.get(2), "10.00", at("2025-01-03T00:00:00Z"));
        assertThatThrownBy(
                        () ->
                                db.sql(
                                                """
                        INSERT INTO invoice_line (id, practice_id, invoice_id, billable_event_id, denial_id, resolved_at, recovered, fee)
                        SELECT gen_random_uuid(), practice_id, :jan, id, denial_id, at, recovered, fee FROM billable_event WHERE id = :e""")
                                        .bind("jan", jan)
                                        .bind("e", third)
                                        .then()
                                        .block())
                .hasMessageContaining("not a draft");
        assertThat(billedEvents(jan)).containsExactly(event);
    }

    @Test
    void aRunSeesOnlyThePracticesOfItsScope() {
        resolve(db, denials.get(0), "10.00", at("2025-01-02T00:00:00Z"));
        Billing.resolveForOther(db, "99.00", "7.00", at("2025-01-03T00:00:00Z"));

        InvoiceService.RunResult mine =
                PracticeScope.of(org.reclaim.practice.Practices.DEFAULT_ID)
                        .run(invoices.run(JAN))
                        .block();

        assertThat(mine.invoices())
                .extracting(InvoiceService.Billed::practiceId)
                .containsExactly(org.reclaim.practice.Practices.DEFAULT_ID);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM invoice WHERE practice_id = '"
                                        + Billing.OTHER
                                        + "'"))
                .isZero();
        // row-level security: the other practice's scope sees its own invoice only
        invoices.run(JAN).block();
        long seenByOther =
                PracticeScope.of(Billing.OTHER)
                        .run(
                                db.sql("SELECT count(*) FROM invoice")
                                        .map(r -> r.get(0, Long.class))
                                        .one())
                        .block();
        long linesSeenByOther =
                PracticeScope.of(Billing.OTHER)
                        .run(
                                db.sql("SELECT count(*) FROM invoice_line")
                                        .map(r -> r.get(0, Long.class))
                                        .one())
                        .block();
        assertThat(count(db, "SELECT count(*) FROM invoice")).isEqualTo(2);
        assertThat(seenByOther).isEqualTo(1);
        assertThat(linesSeenByOther).isEqualTo(1);
    }

    @Test
    void theScheduledRunBillsEveryMonthFromTheOldestUnbilledEventOnward() {
        resolve(db, denials.get(0), "10.00", at("2025-01-02T00:00:00Z"));
        invoices.run(JAN).block();
        invoices.issue((UUID) invoice(JAN).get("id")).block();
        UUID late = resolve(db, denials.get(1), "10.00", at("2025-01-25T00:00:00Z"));
        UUID mar = resolve(db, denials.get(2), "10.00", at("2025-03-25T00:00:00Z"));

        invoices.runDue().blockLast();

        assertThat(billedEvents(invoice(FEB).get("id"))).containsExactly(late);
        assertThat(billedEvents(invoice(MAR).get("id"))).containsExactly(mar);
        assertThat(count(db, "SELECT count(*) FROM invoice")).isEqualTo(3);
        invoices.runDue().blockLast();
        assertThat(count(db, "SELECT count(*) FROM invoice_line")).isEqualTo(3);
    }
}
