package org.reclaim.payeranswer;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.reclaim.denial.DenialId;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.Denials;
import org.reclaim.denial.Lifecycle;
import org.reclaim.ingest.StoredFile;
import org.reclaim.ingest.StoredFileListener;
import org.reclaim.triage.TriageService;
import org.reclaim.work.WorkItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The payer's answer in a later 835. A claim payment from the same payer for the same claim as an
 * open denial (see {@link #ANSWERS}), in a remittance stored after the denial's, answers it: the
 * net change in payment on the denied line (or claim) is what was recovered. All of it →
 * RESOLVED_PAID, part → RESOLVED_PARTIAL, nothing and the line denied again → UPHELD. A denial
 * resolved as paid after Reclaim sent the payer a corrected claim, appeal or reopening it took,
 * before the answer arrived ({@link #ACTED_BEFORE}), makes exactly one billable event at the
 * practice's fee. The new denial the answer itself carries on the same line is not worked again: it
 * is closed as part of the denial it answers. A line the answer denies for the first time is new
 * work.
 */
@Component
// before AnswerWakes: what an answer moves is committed before the waiting items are woken
@org.springframework.core.annotation.Order(org.reclaim.work.AnswerWakes.ORDER - 1)
class Resolutions implements StoredFileListener {

    private static final Logger log = LoggerFactory.getLogger(Resolutions.class);

    /**
     * File %1$s was stored before file %2$s. An answer comes after what it answers: a file applied
     * again later (after a failure) must not answer denials that newer files brought.
     */
    private static final String STORED_BEFORE =
            """
            (SELECT (f1.received_at, f1.id) < (f2.received_at, f2.id) FROM x12_file f1, x12_file f2
             WHERE f1.id = %1$s AND f2.id = %2$s)""";

    private static final String NOT_STARTED =
            DenialStatus.sql(DenialStatus.NEW, DenialStatus.TRIAGED);

    /**
     * The identifiers config/payers.yml lists for each payer, bound as {@code :aliasIds} and {@code
     * :aliasPayers} (see {@link #bindAliases}): a CTE that {@link #SAME_PAYER} reads.
     */
    static final String PAYER_ALIAS =
            """
            WITH payer_alias (identifier, payer) AS (
                SELECT * FROM unnest(CAST(:aliasIds AS text[]), CAST(:aliasPayers AS text[])))
            """;

    /**
     * Who remittance %1$s is from: each of its identifiers (N1*PR, else TRN03, in payer_id; TRN03
     * in trace_originator) as the configured payer it names, else as itself.
     */
    static final String PAYER_KEYS =
            """
            ARRAY(SELECT coalesce((SELECT 'payer:' || a.payer FROM payer_alias a WHERE a.identifier = i LIMIT 1), 'id:' || i)
                  FROM unnest(ARRAY[%1$s.payer_id, %1$s.trace_originator]) AS i WHERE i <> '')""";

    /**
     * Remittances %1$s and %2$s come from the same payer: an identifier in common (or naming the
     * same configured payer); by name only when neither carries an identifier.
     */
    private static final String SAME_PAYER =
            "(("
                    + PAYER_KEYS
                    + " && "
                    + PAYER_KEYS.replace("%1$s", "%2$s")
                    + ") OR (cardinality("
                    + PAYER_KEYS
                    + ") = 0 AND cardinality("
                    + PAYER_KEYS.replace("%1$s", "%2$s")
                    + ") = 0 AND upper(%1$s.payer_name) = upper(%2$s.payer_name)))";

    /**
     * Claim payment %2$s adjudicates the claim denial %1$s was on: the same payer claim number
     * (CLP07), or the one it replaces (REF*F8, or the reversal it corrects).
     */
    private static final String SAME_CLAIM_NUMBER =
            """
            (%1$s.payer_claim_number <> ''
             AND (%1$s.payer_claim_number IN (%2$s.payer_claim_number, %2$s.original_payer_claim_number)
                  OR EXISTS (SELECT 1 FROM reversal v WHERE v.correction_claim_id = %2$s.id
                                                       AND v.original_payer_claim_number = %1$s.payer_claim_number)))""";

    /** Claim payment %2$s has a line with the date of service and procedure of line denial %1$s. */
    private static final String SAME_SERVICE =
            """
            (%1$s.line IS NOT NULL AND EXISTS (
                 SELECT 1 FROM service_line sl WHERE sl.claim_payment_id = %2$s.id AND sl.procedure = %1$s.procedure
                   AND coalesce(sl.service_from, %2$s.service_from) = %1$s.service_date))""";

    /** Line denials {@code e} and {@code d} are of the same service: date and procedure. */
    private static final String SAME_LINE =
            """
            (e.line IS NOT NULL AND d.line IS NOT NULL AND e.procedure = d.procedure
             AND e.service_date = d.service_date)""";

    /**
     * Submission %1$s is an action the payer of file %2$s took before the file arrived: a corrected
     * claim, appeal or reopening it accepted (SENT), sent before. Not one still PENDING or REFUSED,
     * not a 276/270 inquiry, not a rebill (a new claim to another payer).
     */
    static final String ACTED_BEFORE =
            """
            (%1$s.status = 'SENT' AND %1$s.kind IN ('837', 'appeal', 'reopening')
             AND %1$s.sent_at < (SELECT af.arrived_at FROM x12_file af WHERE af.id = %2$s)
             AND NOT EXISTS (SELECT 1 FROM artifact sa WHERE sa.id = %1$s.artifact_id AND sa.source = 'rebill'))""";

    /**
     * The denials of file {@code :file} that answer work already done: the same line (or claim
     * level) of the same claim at the same payer was denied before, and the agent acted on that
     * claim before the file arrived.
     */
    private static final String CLOSING =
            PAYER_ALIAS
                    + """
                    SELECT d.id, d.status FROM denial d JOIN remittance r ON r.id = d.remittance_id
                    JOIN claim_payment dc ON dc.id = d.claim_payment_id
                    WHERE r.file_id = :file AND d.status IN (%1$s)
                      AND EXISTS (SELECT 1 FROM denial e JOIN remittance er ON er.id = e.remittance_id
                                  WHERE e.practice_id = d.practice_id
                                    AND e.patient_control_number = d.patient_control_number
                                    AND %2$s
                                    AND ((%3$s AND e.line IS NOT DISTINCT FROM d.line) OR %4$s)
                                    AND %5$s)
                      AND EXISTS (SELECT 1 FROM denial e JOIN remittance er ON er.id = e.remittance_id
                                  JOIN submission s ON s.denial_id = e.id
                                  WHERE e.practice_id = d.practice_id
                                    AND e.patient_control_number = d.patient_control_number
                                    AND %2$s
                                    AND (%3$s OR %4$s)
                                    AND %6$s)"""
                            .formatted(
                                    NOT_STARTED,
                                    SAME_PAYER.formatted("er", "r"),
                                    SAME_CLAIM_NUMBER.formatted("e", "dc"),
                                    SAME_LINE,
                                    STORED_BEFORE.formatted("er.file_id", ":file"),
                                    ACTED_BEFORE.formatted("s", ":file"));

    /**
     * The open denials the claim payments of file {@code :file} answer: the same payer, the same
     * patient control number, and the same claim (its payer claim number, or the one the payment
     * replaces) or, for a line, the same service (date and procedure). Never by patient control
     * number alone: a secondary payer's payment for the same claim answers none of the primary's
     * denials. On a line, the payment's line of the same service, else the one at the same index.
     */
    private static final String ANSWERS =
            PAYER_ALIAS
                    + """
                    -- the candidates first, by the indexed patient control number alone: the costly
                    -- tests below then run on these pairs only, whatever the planner's statistics
                    -- say (a bulk-loaded table not yet analyzed must not turn this into a scan of
                    -- every denial for every claim payment)
                    , pairs AS MATERIALIZED (
                        SELECT later.id AS later_id, d.id AS denial_id
                        FROM remittance r
                        JOIN claim_payment later ON later.remittance_id = r.id AND later.status <> '22'
                        JOIN denial d ON d.practice_id = later.practice_id
                                     AND d.patient_control_number = later.patient_control_number
                                     AND d.claim_payment_id <> later.id
                                     AND d.status NOT IN (%2$s)
                        WHERE r.file_id = :file)
                    SELECT DISTINCT ON (d.id)
                           d.id, d.status, d.amount, d.practice_id, later.id AS later_id,
                           coalesce(ll.line_index, d.line) AS later_line,
                           CASE WHEN d.line IS NULL
                                THEN later.paid - orig.paid
                                     - COALESCE((SELECT sum(l2.paid - l1.paid) FROM service_line l1
                                                 JOIN service_line l2 ON l2.claim_payment_id = later.id
                                                                     AND l2.line_index = l1.line_index
                                                 WHERE l1.claim_payment_id = orig.id), 0)
                                ELSE COALESCE(ll.paid, 0) - COALESCE(ol.paid, 0) END AS recovered,
                           EXISTS (SELECT 1 FROM denial again WHERE again.claim_payment_id = later.id
                                   AND again.line IS NOT DISTINCT FROM coalesce(ll.line_index, d.line)) AS denied_again,
                           EXISTS (SELECT 1 FROM submission s WHERE s.denial_id = d.id AND %1$s) AS acted,
                           p.fee_per_resolved AS fee
                    FROM pairs
                    JOIN claim_payment later ON later.id = pairs.later_id
                    JOIN remittance r ON r.id = later.remittance_id
                    JOIN denial d ON d.id = pairs.denial_id
                                 AND (%3$s OR %4$s)
                                 -- answered by a claim of this file already (the file applied again)
                                 AND NOT EXISTS (SELECT 1 FROM claim_payment ab JOIN remittance abr ON abr.id = ab.remittance_id
                                                 WHERE ab.id = d.answered_by AND abr.file_id = r.file_id)
                    JOIN claim_payment orig ON orig.id = d.claim_payment_id
                    JOIN remittance dr ON dr.id = d.remittance_id AND %5$s AND %6$s
                    JOIN practice p ON p.id = d.practice_id
                    LEFT JOIN service_line ol ON ol.claim_payment_id = orig.id AND ol.line_index = d.line
                    LEFT JOIN LATERAL (
                        SELECT l.line_index, l.paid FROM service_line l
                        WHERE d.line IS NOT NULL AND l.claim_payment_id = later.id
                          AND (l.line_index = d.line
                               OR (l.procedure = d.procedure AND coalesce(l.service_from, later.service_from) = d.service_date))
                        ORDER BY (l.procedure IS NOT DISTINCT FROM d.procedure
                                  AND coalesce(l.service_from, later.service_from) IS NOT DISTINCT FROM d.service_date) DESC,
                                 l.line_index = d.line DESC
                        LIMIT 1) ll ON true
                    ORDER BY d.id, later.claim_index DESC"""
                            .formatted(
                                    ACTED_BEFORE.formatted("s", "r.file_id"),
                                    DenialStatus.terminalSql(),
                                    SAME_CLAIM_NUMBER.formatted("d", "later"),
                                    SAME_SERVICE.formatted("d", "later"),
                                    STORED_BEFORE.formatted("dr.file_id", "r.file_id"),
                                    SAME_PAYER.formatted("dr", "r"));

    private final DatabaseClient db;
    private final Lifecycle lifecycle;
    private final Denials denials;
    private final WorkItems items;
    private final Clock clock;
    private final TransactionalOperator tx;
    private final List<DenialResolvedListener> resolvedListeners;
    private final TriageService triage;

    Resolutions(
            DatabaseClient db,
            Lifecycle lifecycle,
            Denials denials,
            WorkItems items,
            Clock clock,
            ReactiveTransactionManager txm,
            List<DenialResolvedListener> resolvedListeners,
            TriageService triage) {
        this.triage = triage;
        this.db = db;
        this.lifecycle = lifecycle;
        this.denials = denials;
        this.items = items;
        this.clock = clock;
        this.tx = TransactionalOperator.create(txm);
        this.resolvedListeners = List.copyOf(resolvedListeners);
    }

    record Answer(
            UUID denial,
            DenialStatus status,
            BigDecimal amount,
            UUID later,
            Integer laterLine,
            BigDecimal recovered,
            boolean deniedAgain,
            boolean acted,
            BigDecimal fee,
            UUID practice) {}

    @Override
    public Mono<Void> stored(StoredFile file) {
        if (file.remittances().isEmpty()) return Mono.empty();
        return closeAnswersToWorkDone(file).then(answers(file));
    }

    /**
     * Applies each item in a transaction of its own, going on past a failure (another item of the
     * file may still apply), and fails at the end when any failed, so that the file is applied
     * again later. Applying an item again changes nothing once it has applied: every move starts
     * from the status it expects and every answer is marked.
     */
    static <T> Mono<Void> each(
            Flux<T> items, Function<T, Mono<Void>> apply, TransactionalOperator tx, String what) {
        return items.concatMap(
                        item ->
                                tx.transactional(apply.apply(item))
                                        .thenReturn(0)
                                        .onErrorResume(
                                                e -> {
                                                    log.info(
                                                            "{} not applied: {}",
                                                            what,
                                                            e.getMessage());
                                                    return Mono.just(1);
                                                }))
                .reduce(0, Integer::sum)
                .flatMap(
                        failed ->
                                failed == 0
                                        ? Mono.<Void>empty()
                                        : Mono.error(
                                                new IllegalStateException(
                                                        failed + " " + what + "(s) not applied")));
    }

    /**
     * A denial in this file is the payer's answer to work already done, not new work, when the
     * agent acted on the claim (a correction or appeal was sent for any denial of it) and the same
     * line (or the claim level) was denied before: it is closed. A line denied for the first time
     * is new work.
     */
    private Mono<Void> closeAnswersToWorkDone(StoredFile file) {
        Instant now = clock.instant();
        Flux<Object[]> closing =
                bindAliases(db.sql(CLOSING))
                        .bind("file", file.fileId())
                        .map(
                                r ->
                                        new Object[] {
                                            r.get("id", UUID.class),
                                            DenialStatus.valueOf(r.get("status", String.class))
                                        })
                        .all();
        return each(
                closing,
                o -> {
                    UUID id = (UUID) o[0];
                    DenialStatus s = (DenialStatus) o[1];
                    String why = "the payer's answer to work already done on this claim";
                    Mono<Void> moves =
                            s == DenialStatus.NEW
                                    ? lifecycle
                                            .move(id, s, DenialStatus.TRIAGED, "payer:835", why)
                                            .then(
                                                    lifecycle.move(
                                                            id,
                                                            DenialStatus.TRIAGED,
                                                            DenialStatus.CLOSED,
                                                            "payer:835",
                                                            why))
                                    : lifecycle.move(id, s, DenialStatus.CLOSED, "payer:835", why);
                    return moves.then(items.stop(id, now)).then();
                },
                tx,
                "closing of an answer to work done");
    }

    /**
     * What a later claim payment recovered for a denial: on a line, the change in that line's
     * payment; at claim level, the change in the claim's payment less what lines present both times
     * changed (a line's money is its own denial's, never the claim level's).
     */
    private Mono<Void> answers(StoredFile file) {
        Flux<Answer> answers =
                bindAliases(db.sql(ANSWERS))
                        .bind("file", file.fileId())
                        .map(
                                r ->
                                        new Answer(
                                                r.get("id", UUID.class),
                                                DenialStatus.valueOf(r.get("status", String.class)),
                                                r.get("amount", BigDecimal.class),
                                                r.get("later_id", UUID.class),
                                                r.get("later_line", Integer.class),
                                                r.get("recovered", BigDecimal.class),
                                                Boolean.TRUE.equals(
                                                        r.get("denied_again", Boolean.class)),
                                                Boolean.TRUE.equals(r.get("acted", Boolean.class)),
                                                r.get("fee", BigDecimal.class),
                                                r.get("practice_id", UUID.class)))
                        .all();
        return each(answers, this::apply, tx, "payer's answer");
    }

    private DatabaseClient.GenericExecuteSpec bindAliases(DatabaseClient.GenericExecuteSpec sql) {
        return bindAliases(sql, triage);
    }

    /** Binds config/payers.yml's identifiers as the query's payer_alias ({@link #PAYER_ALIAS}). */
    static DatabaseClient.GenericExecuteSpec bindAliases(
            DatabaseClient.GenericExecuteSpec sql, TriageService triage) {
        Map<String, String> aliases = triage.current().payerIdentifiers();
        List<String> ids = new ArrayList<>(aliases.keySet());
        List<String> payers = new ArrayList<>(aliases.values());
        return sql.bind("aliasIds", ids.toArray(String[]::new))
                .bind("aliasPayers", payers.toArray(String[]::new));
    }

    private Mono<Void> apply(Answer a) {
        Instant now = clock.instant();
        BigDecimal recovered = a.recovered() == null ? BigDecimal.ZERO : a.recovered();
        Mono<Void> mark =
                denials.answeredBy(DenialId.of(a.denial()), a.later())
                        // the denial the answer carries on the same line (or claim level) is this
                        // one's, not new work
                        .then(
                                db.sql(
                                                """
                        SELECT id, status FROM denial WHERE claim_payment_id = :later AND status IN ("""
                                                        + NOT_STARTED
                                                        +
"""
)
                          AND line IS NOT DISTINCT FROM :line""")
                                        .bind("later", a.later())
                                        .bind(
                                                "line",
                                                a.laterLine() == null
                                                        ? Parameters.in(R2dbcType.INTEGER)
                                                        : a.laterLine())
                                        .map(
                                                r ->
                                                        new Object[] {
                                                            r.get("id", UUID.class),
                                                            DenialStatus.valueOf(
                                                                    r.get("status", String.class))
                                                        })
                                        .all()
                                        .concatMap(
                                                o ->
                                                        lifecycle
                                                                .move(
                                                                        (UUID) o[0],
                                                                        (DenialStatus) o[1],
                                                                        (DenialStatus) o[1]
                                                                                        == DenialStatus
                                                                                                .NEW
                                                                                ? DenialStatus
                                                                                        .TRIAGED
                                                                                : DenialStatus
                                                                                        .CLOSED,
                                                                        "payer:835",
                                                                        "the payer's answer to denial "
                                                                                + a.denial())
                                                                .then(
                                                                        (DenialStatus) o[1]
                                                                                        == DenialStatus
                                                                                                .NEW
                                                                                ? lifecycle.move(
                                                                                        (UUID) o[0],
                                                                                        DenialStatus
                                                                                                .TRIAGED,
                                                                                        DenialStatus
                                                                                                .CLOSED,
                                                                                        "payer:835",
                                                                                        "the payer's answer to denial "
                                                                                                + a
                                                                                                        .denial())
                                                                                : Mono.empty())
                                                                .then(items.stop((UUID) o[0], now)))
                                        .then());
        if (recovered.signum() > 0) {
            BigDecimal kept = recovered.min(a.amount());
            DenialStatus to =
                    recovered.compareTo(a.amount()) >= 0
                            ? DenialStatus.RESOLVED_PAID
                            : DenialStatus.RESOLVED_PARTIAL;
            DenialResolved resolved =
                    new DenialResolved(a.denial(), a.practice(), kept, a.fee(), a.acted(), now);
            Mono<Void> bill =
                    Flux.fromIterable(resolvedListeners)
                            .concatMap(l -> l.resolved(resolved))
                            .then();
            return mark.then(denials.recovered(DenialId.of(a.denial()), kept))
                    .then(
                            lifecycle.move(
                                    a.denial(),
                                    a.status(),
                                    to,
                                    "payer:835",
                                    "paid "
                                            + kept
                                            + " of "
                                            + a.amount()
                                            + " on a later remittance"))
                    .then(bill)
                    .then(items.stop(a.denial(), now))
                    .then();
        }
        if (a.deniedAgain()
                && (a.status() == DenialStatus.AWAITING_PAYER
                        || a.status() == DenialStatus.SUBMITTED)) {
            return mark.then(
                            lifecycle.move(
                                    a.denial(),
                                    a.status(),
                                    DenialStatus.UPHELD,
                                    "payer:835",
                                    "denied again on a later remittance"))
                    // the playbook decides what an upheld denial gets: wake its step now
                    // (a step running now keeps the wake-up: its end does not put it off)
                    .then(items.wakeNow(a.denial(), now))
                    .then();
        }
        return mark;
    }
}
