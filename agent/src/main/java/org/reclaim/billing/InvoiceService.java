package org.reclaim.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.reclaim.core.Ids;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Monthly invoices of the fee per resolved denial: every {@code billable_event} (one per denial
 * resolved paid or partly paid after Reclaim acted, V3) becomes exactly one invoice line, and
 * nothing else does.
 *
 * <p><b>Which invoice an event goes on.</b> Months are calendar months in UTC. An event belongs to
 * the invoice of the month it happened in, as long as that invoice is a DRAFT. Once a month's
 * invoice is ISSUED (or PAID) it never changes, so an event of that month not yet on it (a late
 * one) goes on the <em>next draft</em>: {@code run(M)} takes the month's own events not yet
 * invoiced, plus every event not yet invoiced of an earlier month whose invoice is already issued
 * or paid. Events of an earlier month whose invoice is still a draft (or was never made) wait for
 * that month's run. If M's own invoice is already issued, {@code run(M)} changes nothing, and M's
 * events go to the next month's draft.
 *
 * <p><b>Idempotent and safe to run at once.</b> Running again only adds the events not yet invoiced
 * and recomputes the draft's totals. A run works practice by practice, each in one transaction
 * holding a per-practice advisory lock (issuing takes it too), so two runs of the same practice
 * take turns; the unique {@code invoice_line.billable_event_id} makes billing one event twice
 * impossible whatever the code does, and a trigger keeps issued invoices as they were issued.
 */
@Service
public class InvoiceService {

    /**
     * The first key of the two-key advisory lock: "invoices"; the second is the practice's hash.
     */
    private static final int LOCK_CLASS = 0x1A7_0006;

    /**
     * Events not yet on any invoice that {@code run(:start month)} takes (see the class comment).
     */
    private static final String TAKEN_BY_RUN =
            """
            e.practice_id = :practice AND e.at < :end
            AND NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billable_event_id = e.id)
            AND (e.at >= :start
                 OR EXISTS (SELECT 1 FROM invoice own WHERE own.practice_id = e.practice_id
                            AND own.month = date_trunc('month', e.at AT TIME ZONE 'UTC')::date
                            AND own.status <> 'DRAFT'))""";

    private final DatabaseClient db;
    private final Clock clock;
    private final TransactionalOperator tx;

    private final java.util.List<InvoiceIssuedListener> issuedListeners;

    InvoiceService(
            DatabaseClient db,
            Clock clock,
            ReactiveTransactionManager txm,
            java.util.List<InvoiceIssuedListener> issuedListeners) {
        this.issuedListeners = java.util.List.copyOf(issuedListeners);
        this.db = db;
        this.clock = clock;
        this.tx = TransactionalOperator.create(txm);
    }

    /** What a run did for one practice. {@code invoice} is null when it had nothing to bill. */
    public record Billed(
            UUID practiceId,
            UUID invoiceId,
            InvoiceStatus status,
            int linesAdded,
            int lines,
            BigDecimal totalFee) {}

    /** What a run did: the month, the lines it added in all, and each practice's invoice. */
    public record RunResult(String month, int linesAdded, List<Billed> invoices) {

        static RunResult of(YearMonth month, List<Billed> invoices) {
            return new RunResult(
                    month.toString(),
                    invoices.stream().mapToInt(Billed::linesAdded).sum(),
                    invoices);
        }
    }

    /** The month the service clock is in (UTC). */
    public YearMonth currentMonth() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * Bills {@code month} for every practice the caller may see ({@link PracticeScope#current()})
     * that has events to bill or a draft for that month.
     */
    public Mono<RunResult> run(YearMonth month) {
        LocalDate start = month.atDay(1);
        return PracticeScope.current()
                .flatMap(
                        scope -> {
                            // row-level security already limits both to the scope; the explicit
                            // filter says so
                            String only = scope.all() ? "" : " AND practice_id = ANY(:scope)";
                            var practices =
                                    db.sql(
                                                    "SELECT practice_id FROM billable_event e WHERE e.at < :end"
                                                            + " AND NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billable_event_id = e.id)"
                                                            + only
                                                            + " UNION SELECT practice_id FROM invoice WHERE month = :start AND status = 'DRAFT'"
                                                            + only)
                                            .bind("end", utc(month.plusMonths(1)))
                                            .bind("start", start);
                            if (!scope.all())
                                practices =
                                        practices.bind(
                                                "scope", scope.practices().toArray(UUID[]::new));
                            return practices
                                    .map(r -> r.get("practice_id", UUID.class))
                                    .all()
                                    .sort()
                                    .concatMap(p -> tx.transactional(bill(p, month)))
                                    .filter(b -> b.invoiceId() != null)
                                    .collectList()
                                    .map(l -> RunResult.of(month, l));
                        });
    }

    /**
     * What the schedule runs: every month from the oldest one with an event not yet invoiced to the
     * current month, oldest first (so an event whose month was issued lands on the next draft).
     */
    public Flux<RunResult> runDue() {
        YearMonth now = currentMonth();
        return db.sql(
                        """
                        SELECT min(date_trunc('month', e.at AT TIME ZONE 'UTC'))::date AS oldest FROM billable_event e
                        WHERE NOT EXISTS (SELECT 1 FROM invoice_line l WHERE l.billable_event_id = e.id)""")
                .map(r -> java.util.Optional.ofNullable(r.get("oldest", LocalDate.class)))
                .one()
                .flatMapMany(
                        oldest -> {
                            if (oldest.isEmpty()) return Flux.empty();
                            YearMonth from = YearMonth.from(oldest.get());
                            if (from.isAfter(now)) return Flux.empty();
                            return Flux.<YearMonth, YearMonth>generate(
                                            () -> from,
                                            (m, sink) -> {
                                                sink.next(m);
                                                if (!m.isBefore(now)) sink.complete();
                                                return m.plusMonths(1);
                                            })
                                    .concatMap(this::run);
                        });
    }

    /** One practice's month, inside the caller's transaction. */
    private Mono<Billed> bill(UUID practice, YearMonth month) {
        LocalDate start = month.atDay(1);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Mono<Integer> waiting =
                db.sql("SELECT count(*) AS n FROM billable_event e WHERE " + TAKEN_BY_RUN)
                        .bind("practice", practice)
                        .bind("start", utc(month))
                        .bind("end", utc(month.plusMonths(1)))
                        .map(r -> r.get("n", Long.class).intValue())
                        .one();
        Mono<Void> draft =
                db.sql(
                                """
                        INSERT INTO invoice (id, practice_id, month, status, created_at, updated_at)
                        VALUES (:id, :practice, :month, 'DRAFT', :now, :now)
                        ON CONFLICT (practice_id, month) DO NOTHING""")
                        .bind("id", Ids.next())
                        .bind("practice", practice)
                        .bind("month", start)
                        .bind("now", now)
                        .then();
        Mono<Object[]> invoice =
                db.sql(
                                "SELECT id, status FROM invoice WHERE practice_id = :practice AND month = :month FOR UPDATE")
                        .bind("practice", practice)
                        .bind("month", start)
                        .map(
                                r ->
                                        new Object[] {
                                            r.get("id", UUID.class),
                                            InvoiceStatus.valueOf(r.get("status", String.class))
                                        })
                        .one();
        Billed nothing = new Billed(practice, null, null, 0, 0, BigDecimal.ZERO);
        return lock(practice)
                .then(waiting)
                .flatMap(
                        n ->
                                (n > 0 ? draft : Mono.<Void>empty())
                                        .then(invoice)
                                        .flatMap(
                                                i -> {
                                                    UUID id = (UUID) i[0];
                                                    InvoiceStatus status = (InvoiceStatus) i[1];
                                                    if (status != InvoiceStatus.DRAFT) {
                                                        // frozen: these events go to a later
                                                        // month's draft
                                                        return totals(id)
                                                                .map(
                                                                        t ->
                                                                                new Billed(
                                                                                        practice,
                                                                                        id, status,
                                                                                        0,
                                                                                        t.lines(),
                                                                                        t.fee()));
                                                    }
                                                    return addLines(practice, id, month)
                                                            .flatMap(
                                                                    added ->
                                                                            db.sql(
                                                                                            """
                                    UPDATE invoice i SET line_count = s.n, total_recovered = s.recovered,
                                           total_fee = s.fee, updated_at = :now
                                    FROM (SELECT count(*) AS n, coalesce(sum(recovered), 0) AS recovered,
                                                 coalesce(sum(fee), 0) AS fee
                                          FROM invoice_line WHERE invoice_id = :id) s
                                    WHERE i.id = :id""")
                                                                                    .bind("id", id)
                                                                                    .bind(
                                                                                            "now",
                                                                                            now)
                                                                                    .then()
                                                                                    .then(
                                                                                            totals(
                                                                                                    id))
                                                                                    .map(
                                                                                            t ->
                                                                                                    new Billed(
                                                                                                            practice,
                                                                                                            id,
                                                                                                            status,
                                                                                                            added,
                                                                                                            t
                                                                                                                    .lines(),
                                                                                                            t
                                                                                                                    .fee())));
                                                })
                                        .defaultIfEmpty(nothing));
    }

    private Mono<Integer> addLines(UUID practice, UUID invoice, YearMonth month) {
        return db.sql(
                        """
                        INSERT INTO invoice_line (id, practice_id, invoice_id, billable_event_id, denial_id,
                               patient_control_number, payer_claim_number, payer_id, payer_name, resolved_at,
                               recovered, fee)
                        SELECT gen_random_uuid(), e.practice_id, :invoice, e.id, e.denial_id, d.patient_control_number,
                               d.payer_claim_number, d.payer_id, d.payer_name, e.at, e.recovered, e.fee
                        FROM billable_event e LEFT JOIN denial d ON d.id = e.denial_id
                        WHERE"""
                                + " "
                                + TAKEN_BY_RUN)
                .bind("invoice", invoice)
                .bind("practice", practice)
                .bind("start", utc(month))
                .bind("end", utc(month.plusMonths(1)))
                .fetch()
                .rowsUpdated()
                .map(Long::intValue);
    }

    private record Totals(int lines, BigDecimal fee) {}

    private Mono<Totals> totals(UUID invoice) {
        return db.sql("SELECT line_count, total_fee FROM invoice WHERE id = :id")
                .bind("id", invoice)
                .map(
                        r ->
                                new Totals(
                                        r.get("line_count", Integer.class),
                                        r.get("total_fee", BigDecimal.class)))
                .one();
    }

    /**
     * DRAFT → ISSUED: the invoice is frozen and gets the practice's next number. Empty when the
     * caller cannot see such an invoice; {@link InvoiceStateException} when it is not a draft.
     */
    public Mono<InvoiceStatus> issue(UUID invoice) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return tx.transactional(
                visiblePractice(invoice)
                        .flatMap(
                                practice ->
                                        lock(practice)
                                                .then(lockedStatus(invoice))
                                                .flatMap(
                                                        status -> {
                                                            if (!status.canMoveTo(
                                                                    InvoiceStatus.ISSUED)) {
                                                                return Mono.error(
                                                                        new InvoiceStateException(
                                                                                invoice,
                                                                                status,
                                                                                InvoiceStatus
                                                                                        .ISSUED));
                                                            }
                                                            return db.sql(
                                                                            """
                                    WITH n AS (SELECT coalesce(max(sequence), 0) + 1 AS seq FROM invoice
                                               WHERE practice_id = :practice)
                                    UPDATE invoice SET status = 'ISSUED', sequence = n.seq,
                                           number = upper(p.slug) || '-' || lpad(n.seq::text, 5, '0'),
                                           issued_at = :now, updated_at = :now
                                    FROM n, practice p
                                    WHERE invoice.id = :id AND p.id = invoice.practice_id
                                    RETURNING invoice.number, invoice.month, invoice.line_count,
                                              invoice.total_recovered, invoice.total_fee""")
                                                                    .bind("practice", practice)
                                                                    .bind("id", invoice)
                                                                    .bind("now", now)
                                                                    .map(
                                                                            r ->
                                                                                    new InvoiceIssued(
                                                                                            invoice,
                                                                                            practice,
                                                                                            r.get(
                                                                                                    "number",
                                                                                                    String
                                                                                                            .class),
                                                                                            YearMonth
                                                                                                    .from(
                                                                                                            r
                                                                                                                    .get(
                                                                                                                            "month",
                                                                                                                            java
                                                                                                                                    .time
                                                                                                                                    .LocalDate
                                                                                                                                    .class)),
                                                                                            r.get(
                                                                                                    "line_count",
                                                                                                    Integer
                                                                                                            .class),
                                                                                            r.get(
                                                                                                    "total_recovered",
                                                                                                    BigDecimal
                                                                                                            .class),
                                                                                            r.get(
                                                                                                    "total_fee",
                                                                                                    BigDecimal
                                                                                                            .class),
                                                                                            now
                                                                                                    .toInstant()))
                                                                    .one()
                                                                    .flatMap(this::tellIssued)
                                                                    .thenReturn(
                                                                            InvoiceStatus.ISSUED);
                                                        })));
    }

    private Mono<Void> tellIssued(InvoiceIssued e) {
        return reactor.core.publisher.Flux.fromIterable(issuedListeners)
                .concatMap(l -> l.issued(e))
                .then();
    }

    /**
     * ISSUED → PAID. Empty when the caller cannot see such an invoice; {@link
     * InvoiceStateException} otherwise refused.
     */
    public Mono<InvoiceStatus> markPaid(UUID invoice) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return tx.transactional(
                visiblePractice(invoice)
                        .flatMap(
                                practice ->
                                        lockedStatus(invoice)
                                                .flatMap(
                                                        status -> {
                                                            if (!status.canMoveTo(
                                                                    InvoiceStatus.PAID)) {
                                                                return Mono.error(
                                                                        new InvoiceStateException(
                                                                                invoice,
                                                                                status,
                                                                                InvoiceStatus
                                                                                        .PAID));
                                                            }
                                                            return db.sql(
                                                                            "UPDATE invoice SET status = 'PAID', paid_at = :now, updated_at = :now WHERE id = :id")
                                                                    .bind("id", invoice)
                                                                    .bind("now", now)
                                                                    .fetch()
                                                                    .rowsUpdated()
                                                                    .thenReturn(InvoiceStatus.PAID);
                                                        })));
    }

    /**
     * The invoice's practice if the caller's scope (and so row-level security) lets it see the
     * invoice.
     */
    private Mono<UUID> visiblePractice(UUID invoice) {
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                db.sql("SELECT practice_id FROM invoice WHERE id = :id")
                                        .bind("id", invoice)
                                        .map(r -> r.get("practice_id", UUID.class))
                                        .one()
                                        .filter(scope::allows));
    }

    private Mono<InvoiceStatus> lockedStatus(UUID invoice) {
        return db.sql("SELECT status FROM invoice WHERE id = :id FOR UPDATE")
                .bind("id", invoice)
                .map(r -> InvoiceStatus.valueOf(r.get("status", String.class)))
                .one();
    }

    /** Billing a practice and issuing its invoices take turns (held until the transaction ends). */
    private Mono<Void> lock(UUID practice) {
        return db.sql("SELECT pg_advisory_xact_lock(:cls, hashtext(:practice))")
                .bind("cls", LOCK_CLASS)
                .bind("practice", practice.toString())
                .map(r -> 1)
                .one()
                .then();
    }

    private static OffsetDateTime utc(YearMonth month) {
        return month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
