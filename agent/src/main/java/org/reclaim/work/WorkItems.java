package org.reclaim.work;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.Times;
import org.reclaim.denial.DenialStatus;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The work items in PostgreSQL: created for triaged denials, claimed with leases, advanced per
 * step.
 */
@Component
public class WorkItems {

    /**
     * The first key of the two-key advisory lock taken while claiming a denial of a claim: "claim".
     */
    private static final int CLAIM_LOCKS = 0x636c6169;

    private final DatabaseClient db;
    private final PlaybookVersions versions;

    /** The claim's transaction: its two statements share the claim locks the first takes. */
    private final TransactionalOperator tx;

    WorkItems(DatabaseClient db, PlaybookVersions versions) {
        this.db = db;
        this.versions = versions;
        this.tx =
                TransactionalOperator.create(
                        new R2dbcTransactionManager(db.getConnectionFactory()));
    }

    /**
     * A work item for every triaged denial with a playbook that has steps and no item yet, once the
     * answers of the file it came in are applied: until then it may turn out to be the payer's
     * answer to work already done (Resolutions closes those), not new work. Each is pinned to the
     * version of its playbook in force (stored first), and keys its steps by id.
     */
    Mono<Long> enqueueTriaged(Instant now) {
        return versions.current().flatMap(v -> enqueueTriaged(now, v));
    }

    private Mono<Long> enqueueTriaged(Instant now, Map<String, String> versions) {
        return db.sql(
                        """
                        INSERT INTO work_item (denial_id, practice_id, payer_id, playbook, step_index, attempt, state,
                                               next_run_at, context, updated_at, playbook_version, step_keys)
                        SELECT d.id, d.practice_id, d.payer_id, d.playbook, 0, 0, 'READY', :now, '', :now, v.version, 'id'
                        FROM denial d
                        JOIN unnest(:ids, :versions) AS v (playbook, version) ON v.playbook = d.playbook
                        WHERE d.status ="""
                                + DenialStatus.sql(DenialStatus.TRIAGED)
                                + """
 AND d.playbook IS NOT NULL
                          AND NOT EXISTS (SELECT 1 FROM work_item w WHERE w.denial_id = d.id)
                          AND NOT EXISTS (SELECT 1 FROM remittance r JOIN x12_file f ON f.id = r.file_id
                                          WHERE r.id = d.remittance_id AND f.answered_at IS NULL)
                        ON CONFLICT (denial_id) DO NOTHING""")
                .bind("now", Times.utc(now))
                .bind("ids", versions.keySet().toArray(String[]::new))
                .bind("versions", versions.values().toArray(String[]::new))
                .fetch()
                .rowsUpdated();
    }

    /**
     * Makes the READY items of {@code denials} due now (ones due later are woken, none put off).
     */
    Mono<Long> wake(List<UUID> denials, Instant now) {
        return db.sql(
                        """
                        UPDATE work_item SET next_run_at = :now, updated_at = :now
                        WHERE denial_id = ANY(:d) AND state = 'READY' AND next_run_at > :now""")
                .bind("d", denials.toArray(new UUID[0]))
                .bind("now", Times.utc(now))
                .fetch()
                .rowsUpdated();
    }

    /**
     * Makes the READY item of {@code denial} due now: the payer's answer (the denial upheld) is for
     * its playbook to act on. When its step is running (leased), the wake-up is kept with the
     * claim's lease token, so that the step's end ({@link #advance}) does not put it off to the
     * step's own next time. Emits the rows changed (0 or 1).
     */
    public Mono<Long> wakeNow(UUID denial, Instant now) {
        return db.sql(
                        """
                        UPDATE work_item SET next_run_at = :now, updated_at = :now,
                               woken_during = CASE WHEN lease_until > clock_timestamp() THEN lease_token
                                                   ELSE woken_during END
                        WHERE denial_id = :id AND state = 'READY'""")
                .bind("now", Times.utc(now))
                .bind("id", denial)
                .fetch()
                .rowsUpdated();
    }

    /**
     * Claims up to {@code n} due items for {@code owner}: rows other instances hold are skipped,
     * not waited for, and a lease that ran out (its holder died) is taken over. Due is the business
     * clock's {@code now}; a lease is real time, {@code lease} from the database's clock ({@code
     * clock_timestamp()}), so every instance reads it the same and a virtual clock's jump does not
     * end it. Each claim gives the item a new lease token: the fence of every write the step makes.
     */
    Flux<WorkItem> claim(String owner, int n, Instant now, Duration lease) {
        return claim(owner, n, Integer.MAX_VALUE, now, lease);
    }

    /** A lease's length in seconds, as {@code make_interval} takes it. */
    static double seconds(Duration lease) {
        if (lease == null || lease.isNegative() || lease.isZero())
            throw new IllegalArgumentException(
                    "reclaim.agent.lease must be positive, not " + lease);
        return lease.toMillis() / 1000.0;
    }

    /**
     * The order due items are taken in: by due time, then by claim and line, the denial's id last.
     * Deterministic for the same data (ids are random), so the denials of a claim take their turns
     * in line order and a seeded demo run decides the same way every time.
     */
    private static final String DUE_ORDER =
            "w.next_run_at, d.patient_control_number, d.line NULLS FIRST, w.denial_id";

    /**
     * The due items, by the business clock's {@code now}, of claims none of whose lines is running:
     * one step at a time per claim, so that what one line's step does (a corrected claim sent) is
     * there when the next acts. {@code k} numbers a payer's items, {@code in_claim} a claim's.
     * {@code %2$s} narrows the claims read.
     */
    private static final String DUE =
            """
            due AS (
                SELECT w.denial_id, d.claim_payment_id, d.patient_control_number AS pcn, d.line, w.next_run_at AS at,
                       row_number() OVER (PARTITION BY w.payer_id ORDER BY %1$s) AS k,
                       row_number() OVER (PARTITION BY d.claim_payment_id ORDER BY %1$s) AS in_claim
                FROM work_item w JOIN denial d ON d.id = w.denial_id
                WHERE w.state = 'READY' AND w.next_run_at <= :now %2$s
                  AND (w.lease_until IS NULL OR w.lease_until <= clock_timestamp())
                  AND NOT EXISTS (SELECT 1 FROM work_item o JOIN denial od ON od.id = o.denial_id
                                  WHERE od.claim_payment_id = d.claim_payment_id
                                    AND o.denial_id <> w.denial_id AND o.lease_until > clock_timestamp()))""";

    /**
     * As above, taking at most {@code perPayer} items of any one payer.
     *
     * <p>Two statements in one transaction. The first takes a lock per claim of the candidates
     * (held until the transaction ends; a claim another instance is claiming right now is left to
     * it). The second reads again, with a snapshot taken after those locks, and claims only within
     * the locked claims. In one statement the snapshot would predate the lock: a sibling line that
     * another instance claimed and committed between the two (its lock released again) would still
     * look unleased, and both lines of one claim would run at once (ClaimLockRaceTest).
     */
    Flux<WorkItem> claim(String owner, int n, int perPayer, Instant now, Duration lease) {
        double secs = seconds(lease);
        Flux<WorkItem> claimed =
                db.sql(
                                ("WITH "
                                                + DUE
                                                + """
                                ,
                                cand AS MATERIALIZED (
                                    SELECT claim_payment_id FROM due WHERE k <= :perPayer AND in_claim = 1
                                    ORDER BY at, pcn, line NULLS FIRST, denial_id)
                                -- in due order, until n are locked: claims others hold are passed over
                                SELECT claim_payment_id FROM cand
                                WHERE pg_try_advisory_xact_lock(:claimLocks, hashtext(CAST(claim_payment_id AS text)))
                                LIMIT :n""")
                                        .formatted(DUE_ORDER, ""))
                        .bind("now", Times.utc(now))
                        .bind("n", n)
                        .bind("perPayer", perPayer)
                        .bind("claimLocks", CLAIM_LOCKS)
                        .map(r -> r.get(0, UUID.class))
                        .all()
                        .collectList()
                        .flatMapMany(
                                locked ->
                                        locked.isEmpty()
                                                ? Flux.empty()
                                                : claimWithin(
                                                        locked, owner, n, perPayer, now, secs));
        return tx.transactional(claimed);
    }

    /** The claim itself, within claims this transaction holds the lock of. */
    private Flux<WorkItem> claimWithin(
            List<UUID> locked, String owner, int n, int perPayer, Instant now, double lease) {
        return db.sql(
                        ("WITH "
                                        + DUE
                                        + """
                        ,
                        c AS (
                            SELECT w.denial_id FROM work_item w JOIN due ON due.denial_id = w.denial_id
                            WHERE due.k <= :perPayer AND due.in_claim = 1
                              -- checked again on the row itself: once locked, PostgreSQL re-reads it, so an
                              -- item another instance just claimed is not taken twice
                              AND w.state = 'READY' AND w.next_run_at <= :now
                              AND (w.lease_until IS NULL OR w.lease_until <= clock_timestamp())
                            ORDER BY w.next_run_at, due.pcn, due.line NULLS FIRST, w.denial_id
                            LIMIT :n
                            FOR UPDATE OF w SKIP LOCKED),
                        w AS (
                            UPDATE work_item w SET lease_owner = :owner, lease_token = w.lease_token + 1,
                                   lease_until = clock_timestamp() + make_interval(secs => :lease)
                            FROM c WHERE w.denial_id = c.denial_id
                            RETURNING w.*)
                        SELECT w.denial_id, w.practice_id, w.payer_id, w.playbook, w.step_index, w.attempt, w.context, w.lease_token,
                               w.playbook_version, w.step_keys, w.next_run_at, d.status, d.category, d.patient_control_number, d.payer_claim_number,
                               d.line, d.procedure, d.group_code, d.carc, d.rarcs, d.amount, d.service_date, d.deadline,
                               d.payer_type, d.appeal_level, d.claim_payment_id, l.submitted_claim_id, p.slug,
                               array_remove(ARRAY[d.payer_id, r.trace_originator], NULL) AS payer_ids
                        FROM w
                        JOIN denial d ON d.id = w.denial_id
                        JOIN practice p ON p.id = w.practice_id
                        LEFT JOIN remittance r ON r.id = d.remittance_id
                        LEFT JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id""")
                                .formatted(DUE_ORDER, "AND d.claim_payment_id = ANY(:locked)"))
                .bind("now", Times.utc(now))
                .bind("n", n)
                .bind("perPayer", perPayer)
                .bind("owner", owner)
                .bind("locked", locked.toArray(new UUID[0]))
                .bind("lease", lease)
                .map(WorkItems::item)
                .all();
    }

    private static WorkItem item(Readable r) {
        String[] rarcs = r.get("rarcs", String[].class);
        return new WorkItem(
                r.get("denial_id", UUID.class),
                r.get("practice_id", UUID.class),
                r.get("payer_id", String.class),
                r.get("playbook", String.class),
                r.get("step_index", Integer.class),
                r.get("attempt", Integer.class),
                WorkContext.decode(r.get("context", String.class)),
                r.get("next_run_at", OffsetDateTime.class).toInstant(),
                DenialStatus.valueOf(r.get("status", String.class)),
                r.get("category", String.class),
                r.get("patient_control_number", String.class),
                r.get("payer_claim_number", String.class),
                r.get("line", Integer.class),
                r.get("procedure", String.class),
                r.get("group_code", String.class),
                r.get("carc", String.class),
                rarcs == null ? List.of() : Arrays.asList(rarcs),
                r.get("amount", BigDecimal.class),
                r.get("service_date", LocalDate.class),
                r.get("deadline", LocalDate.class),
                r.get("payer_type", String.class),
                r.get("appeal_level", Integer.class),
                r.get("claim_payment_id", UUID.class),
                r.get("submitted_claim_id", UUID.class),
                r.get("slug", String.class),
                List.of(r.get("payer_ids", String[].class)),
                r.get("playbook_version", String.class),
                "index".equals(r.get("step_keys", String.class)),
                r.get("lease_token", Long.class));
    }

    /**
     * Moves the item on and gives up the lease; fails (and so rolls the caller's transaction back)
     * when the lease is no longer this owner's: another holds it, it was claimed again since
     * ({@code token}), or it ran out by the database's clock. An item woken while this claim's step
     * ran ({@link #wakeNow}) and left READY is due at {@code now}, not at {@code nextRunAt}.
     */
    Mono<Void> advance(
            UUID denial,
            String owner,
            long token,
            int stepIndex,
            int attempt,
            String state,
            Instant nextRunAt,
            WorkContext context,
            Instant now) {
        return db.sql(
                        """
                        UPDATE work_item SET step_index = :step, attempt = :attempt, state = :state,
                               next_run_at = CASE WHEN :state = 'READY' AND woken_during = :token
                                                  THEN least(:next, :now) ELSE :next END,
                               context = :context, lease_owner = NULL, lease_until = NULL, updated_at = :now,
                               failures = 0, last_failure = NULL
                        WHERE denial_id = :id AND lease_owner = :owner AND lease_token = :token
                          AND lease_until > clock_timestamp()""")
                .bind("step", stepIndex)
                .bind("attempt", attempt)
                .bind("state", state)
                .bind("next", Times.utc(nextRunAt))
                .bind("context", context.encode())
                .bind("now", Times.utc(now))
                .bind("id", denial)
                .bind("owner", owner)
                .bind("token", token)
                .fetch()
                .rowsUpdated()
                .flatMap(
                        n ->
                                n == 1
                                        ? Mono.<Void>empty()
                                        : Mono.error(new LeaseLostException(denial, owner)));
    }

    /**
     * Sets keys of the context of the denial's work item ({@link WorkContext#with}), when the item
     * is in {@code state} (any state: null). The row is read locked and written back in the
     * caller's transaction, so nothing written meanwhile is lost. Emits the rows changed (0 or 1).
     */
    public Mono<Long> amend(UUID denial, String state, Map<String, String> changes) {
        var select =
                db.sql(
                                "SELECT context FROM work_item WHERE denial_id = :id"
                                        + (state == null ? "" : " AND state = :state")
                                        + " FOR UPDATE")
                        .bind("id", denial);
        return (state == null ? select : select.bind("state", state))
                .map(r -> WorkContext.decode(r.get("context", String.class)))
                .one()
                .flatMap(
                        c ->
                                db.sql(
                                                "UPDATE work_item SET context = :context WHERE denial_id = :id")
                                        .bind("context", c.with(changes).encode())
                                        .bind("id", denial)
                                        .fetch()
                                        .rowsUpdated())
                .defaultIfEmpty(0L);
    }

    /**
     * Counts a fault of the item's step (the step threw, or its end could not be recorded), keeps
     * it as the item's last, gives up the lease and sets the item to run again at {@code retryAt}.
     * Emits the faults in a row now counted; empty when the lease is no longer this owner's.
     */
    Mono<Integer> failed(
            UUID denial, String owner, long token, String fault, Instant retryAt, Instant now) {
        return db.sql(
                        """
                        UPDATE work_item SET failures = failures + 1, last_failure = :fault, lease_owner = NULL,
                               lease_until = NULL, next_run_at = :next, updated_at = :now
                        WHERE denial_id = :id AND lease_owner = :owner AND lease_token = :token
                          AND state = 'READY'
                        RETURNING failures""")
                .bind("fault", fault)
                .bind("next", Times.utc(retryAt))
                .bind("now", Times.utc(now))
                .bind("id", denial)
                .bind("owner", owner)
                .bind("token", token)
                .map(r -> r.get("failures", Integer.class))
                .one();
    }

    /**
     * Renews a running step's lease: {@code lease} from the database's clock again, when it is
     * still this owner's, of this claim ({@code token}) and not run out. Emits whether it was.
     */
    Mono<Boolean> renew(UUID denial, String owner, long token, Duration lease) {
        return db.sql(
                        """
                        UPDATE work_item SET lease_until = clock_timestamp() + make_interval(secs => :lease)
                        WHERE denial_id = :id AND lease_owner = :owner AND lease_token = :token
                          AND lease_until > clock_timestamp()""")
                .bind("lease", seconds(lease))
                .bind("id", denial)
                .bind("owner", owner)
                .bind("token", token)
                .fetch()
                .rowsUpdated()
                .map(n -> n == 1);
    }

    public Mono<Long> stop(UUID denial, Instant at) {
        return db.sql(
                        "UPDATE work_item SET state = 'DONE', lease_owner = NULL, lease_until = NULL, updated_at = :at "
                                + "WHERE denial_id = :id")
                .bind("at", Times.utc(at))
                .bind("id", denial)
                .fetch()
                .rowsUpdated();
    }

    /** The earliest timer of any ready item, to advance an accelerated clock to. */
    Mono<Instant> nextDue() {
        return db.sql("SELECT min(next_run_at) AS t FROM work_item WHERE state = 'READY'")
                .map(
                        r -> {
                            OffsetDateTime t = r.get("t", OffsetDateTime.class);
                            return t == null ? Instant.MAX : t.toInstant();
                        })
                .one();
    }

    static final class LeaseLostException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLostException(UUID denial, String owner) {
            super("the lease on " + denial + " is no longer " + owner + "'s", null, false, false);
        }
    }

    /**
     * The sibling whose appeal, awaiting the payer's answer, lists {@code id}'s line too (its work
     * item's {@code appeal.covers} names {@code id}): its line (0: the claim) and work context (the
     * appeal's submission key, its portal case); or empty.
     */
    public Mono<java.util.Map.Entry<Integer, WorkContext>> coveringAppeal(
            UUID id, UUID claimPayment) {
        return db.sql(
                        "SELECT d.line, w.context FROM denial d JOIN work_item w ON w.denial_id = d.id"
                                + " WHERE d.claim_payment_id = :claim AND d.id <> :id AND d.status IN ("
                                + org.reclaim.denial.DenialStatus.sql(
                                        org.reclaim.denial.DenialStatus.SUBMITTED,
                                        org.reclaim.denial.DenialStatus.AWAITING_PAYER)
                                + ") AND strpos(w.context, CAST(:id AS text)) > 0 ORDER BY d.id")
                .bind("claim", claimPayment)
                .bind("id", id)
                .map(
                        r ->
                                java.util.Map.entry(
                                        r.get("line", Integer.class) == null
                                                ? 0
                                                : r.get("line", Integer.class),
                                        WorkContext.decode(r.get("context", String.class))))
                .all()
                .filter(
                        e -> {
                            String covers = e.getValue().get("appeal.covers");
                            return covers != null
                                    && java.util.List.of(covers.split(",")).contains(id.toString())
                                    && e.getValue().get("submission.key") != null;
                        })
                .next();
    }
}
