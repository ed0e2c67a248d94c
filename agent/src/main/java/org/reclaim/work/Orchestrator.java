package org.reclaim.work;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.connector.ConnectorException;
import org.reclaim.core.Ids;
import org.reclaim.core.Texts;
import org.reclaim.core.Times;
import org.reclaim.denial.DenialId;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.Denials;
import org.reclaim.denial.Lifecycle;
import org.reclaim.partner.Submissions;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.triage.TriageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the playbooks. Each pass claims due work items (leases, so any number of instances share one
 * database), runs one step of each with bounded concurrency per payer, and records the step's end —
 * the lifecycle move, the step log, the next step or timer — in one transaction that also checks
 * the lease is still held. An instance that dies mid-step loses nothing: its lease runs out and the
 * step runs again, repeating no side effect (they carry idempotency keys).
 */
@Service
public class Orchestrator {

    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
    private static final int MAX_FAILED_ATTEMPTS = 3;

    private final WorkItems items;
    private final PlaybookVersions versions;
    private final Submissions submissions;
    private final Lifecycle lifecycle;
    private final Denials denials;
    private final TriageService triage;
    private final DatabaseClient db;
    private final Clock clock;
    private final AgentProperties props;
    private final TransactionalOperator tx;
    private final Map<StepKind, StepExecutor> executors = new EnumMap<>(StepKind.class);
    private final String owner;
    private final java.util.concurrent.atomic.AtomicInteger inFlight =
            new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight =
            new java.util.concurrent.atomic.AtomicInteger();

    public Orchestrator(
            WorkItems items,
            Lifecycle lifecycle,
            Denials denials,
            TriageService triage,
            DatabaseClient db,
            Clock clock,
            AgentProperties props,
            ReactiveTransactionManager txm,
            List<StepExecutor> executors,
            Submissions submissions,
            PlaybookVersions versions) {
        this.versions = versions;
        this.items = items;
        this.submissions = submissions;
        this.lifecycle = lifecycle;
        this.denials = denials;
        this.triage = triage;
        this.db = db;
        this.clock = clock;
        this.props = props;
        this.tx = TransactionalOperator.create(txm);
        for (StepExecutor e : executors) this.executors.put(e.kind(), e);
        this.owner =
                ManagementFactory.getRuntimeMXBean().getName()
                        + ":"
                        + UUID.randomUUID().toString().substring(0, 8);
    }

    public String owner() {
        return owner;
    }

    /** One pass: enqueue, watch deadlines, run one step of each due item. Returns the steps run. */
    public Mono<Integer> runOnce() {
        Instant now = clock.instant();
        return items.enqueueTriaged(now)
                .then(relayPending(now))
                .then(escalateNearDeadlines(now))
                // the claimed rows are read in full before any step runs, so the claim's connection
                // is
                // free again; steps then run with one global bound. A step takes a connection only
                // for
                // each of its queries and its closing transaction, never while it waits on an
                // outside
                // party (RemoteCalls): the pool bounds database work, not the denials in flight
                .then(
                        items.claim(owner, props.batch(), props.perPayer(), now, props.lease())
                                .collectList())
                .flatMapMany(Flux::fromIterable)
                .flatMap(
                        w ->
                                Mono.defer(
                                                () -> {
                                                    maxInFlight.accumulateAndGet(
                                                            inFlight.incrementAndGet(), Math::max);
                                                    return renewing(w, run(w, now));
                                                })
                                        // one item's fault is that item's: counted on it, the
                                        // other items of the pass go on
                                        .onErrorResume(e -> failed(w, e, now))
                                        .doFinally(x -> inFlight.decrementAndGet())
                                        .thenReturn(1),
                        props.concurrency())
                .count()
                .map(Long::intValue)
                // a step that just moved its next run past the deadline is escalated in this pass,
                // not at the next due time, which may come after the deadline
                .flatMap(n -> escalateNearDeadlines(clock.instant()).thenReturn(n));
    }

    /**
     * The outbox relay: PENDING submissions older than the lease are sent again with their kept
     * bytes, and the steps that wrote them are made due now, so that each records what became of
     * its submission (or sends again itself what the relay cannot: a portal request, a packet).
     */
    Mono<Void> relayPending(Instant now) {
        return submissions
                .relay(now.minus(props.lease()))
                // a claim the gate sends belongs to no denial: there is no step to wake
                .mapNotNull(Submissions.Pending::denialId)
                .distinct()
                .collectList()
                .flatMap(denials -> denials.isEmpty() ? Mono.empty() : items.wake(denials, now))
                .then();
    }

    /** Passes until nothing is due now. */
    public Mono<Integer> runUntilIdle() {
        return runOnce().expand(n -> n > 0 ? runOnce() : Mono.empty()).reduce(0, Integer::sum);
    }

    /** The most steps this instance ever ran at once (bounded by {@code concurrency}). */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /**
     * When the agent next has something to do: the earliest due work item, or the day a deadline
     * comes within {@code escalate-days-before-deadline} (when {@link #escalateNearDeadlines} acts
     * on it), if that is earlier. A clock that jumps from one due time to the next (the demo's)
     * must not jump past a deadline watch.
     */
    public Mono<Instant> nextDue() {
        int days = props.escalateDaysBeforeDeadline();
        LocalDate limit = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(days);
        Mono<Instant> watch =
                db.sql(
                                "SELECT min(d.deadline) AS d FROM denial d WHERE "
                                        + WATCHED
                                        + " AND d.deadline > :limit")
                        .bind("limit", limit)
                        .map(r -> java.util.Optional.ofNullable(r.get("d", LocalDate.class)))
                        .one()
                        .map(
                                d ->
                                        d.map(
                                                        x ->
                                                                x.minusDays(days)
                                                                        .atStartOfDay(
                                                                                ZoneOffset.UTC)
                                                                        .toInstant())
                                                .orElse(Instant.MAX));
        return Mono.zip(items.nextDue(), watch, (a, b) -> a.isBefore(b) ? a : b);
    }

    /** The denials the deadline watch looks at: open, with a deadline, worked by a playbook. */
    private static final String WATCHED =
            "d.status IN ("
                    + DenialStatus.sql(
                            DenialStatus.TRIAGED,
                            DenialStatus.IN_PROGRESS,
                            DenialStatus.AWAITING_REVIEW,
                            DenialStatus.UPHELD,
                            DenialStatus.NEXT_LEVEL)
                    + """
            )
              AND d.deadline IS NOT NULL AND d.playbook IS NOT NULL AND d.playbook <> 'no-action'""";

    /**
     * Nothing passes its deadline silently: a denial the agent has not yet submitted anything for
     * is escalated when its deadline is this close (or already past) and the agent will not act on
     * it before the deadline's day — it waits for a person (a review) or for a timer set past that
     * day. A denial whose next step is due before then (one that just arrived, or one whose draft
     * goes out next) is left to the agent, which acts within seconds.
     */
    Mono<Long> escalateNearDeadlines(Instant now) {
        LocalDate limit =
                LocalDate.ofInstant(now, ZoneOffset.UTC)
                        .plusDays(props.escalateDaysBeforeDeadline());
        return db.sql(
                        "SELECT d.id, d.status, d.deadline FROM denial d WHERE "
                                + WATCHED
                                + """
                          AND d.deadline <= :limit
                          AND NOT EXISTS (SELECT 1 FROM work_item w WHERE w.denial_id = d.id
                                          AND w.lease_until > clock_timestamp())
                          -- a submission PENDING or SENDING may have reached the partner: the relay
                          -- resolves it first
                          AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.denial_id = d.id
                                          AND s.status IN ('PENDING', 'SENDING'))
                          AND NOT EXISTS (SELECT 1 FROM work_item w WHERE w.denial_id = d.id
                                          AND w.state = 'READY'
                                          AND ((d.deadline >= :today
                                                AND w.next_run_at < d.deadline::timestamp AT TIME ZONE 'UTC')
                                               -- upheld: the playbook's next move (the next level,
                                               -- which has a deadline of its own) is due now
                                               OR (d.status = 'UPHELD' AND w.next_run_at <= :now)))""")
                .bind("limit", limit)
                .bind("today", LocalDate.ofInstant(now, ZoneOffset.UTC))
                .bind("now", Times.utc(now))
                .map(
                        r ->
                                new Object[] {
                                    r.get("id", UUID.class),
                                    DenialStatus.valueOf(r.get("status", String.class)),
                                    r.get("deadline", LocalDate.class)
                                })
                .all()
                .concatMap(
                        o ->
                                tx.transactional(
                                                lifecycle
                                                        .move(
                                                                (UUID) o[0],
                                                                (DenialStatus) o[1],
                                                                DenialStatus.ESCALATED,
                                                                "agent:DEADLINE_WATCH",
                                                                "deadline "
                                                                        + o[2]
                                                                        + " is near or past and nothing was submitted:"
                                                                        + " file what the denial needs (the appeal or"
                                                                        + " the corrected claim) by hand before it"
                                                                        + " passes, or write the denial off with the"
                                                                        + " reason")
                                                        .then(items.stop((UUID) o[0], now)))
                                        .onErrorResume(e -> Mono.just(0L)))
                .count();
    }

    /**
     * Runs {@code work} of a claimed item while renewing its lease, every third of a lease, from
     * the database's clock: a step may take longer than a lease (a partner's retries and rate-limit
     * waits, a model's) and still be this instance's. The lease goes with the step's Reactor
     * context, so a send checks it is still held ({@link Submissions.Lease}). A renewal that finds
     * the lease lost stops renewing; the step's end is then refused ({@link
     * WorkItems.LeaseLostException}).
     */
    private Mono<Void> renewing(WorkItem item, Mono<Void> work) {
        Duration every = props.lease().dividedBy(3);
        return Mono.defer(
                () -> {
                    reactor.core.Disposable heartbeat =
                            Flux.interval(every, every)
                                    .concatMap(
                                            i ->
                                                    items.renew(
                                                                    item.denialId(),
                                                                    owner,
                                                                    item.leaseToken(),
                                                                    props.lease())
                                                            .onErrorReturn(true))
                                    .takeUntil(held -> !held)
                                    .subscribe(
                                            held -> {
                                                if (!held)
                                                    log.info(
                                                            "the lease on {} was lost while its step ran",
                                                            item.denialId());
                                            });
                    return work.contextWrite(
                                    c ->
                                            c.put(
                                                    Submissions.Lease.class,
                                                    new Submissions.Lease(
                                                            item.denialId(),
                                                            owner,
                                                            item.leaseToken())))
                            .doFinally(x -> heartbeat.dispose());
                });
    }

    private Mono<Void> run(WorkItem item, Instant now) {
        if (item.status().terminal() || item.status() == DenialStatus.ESCALATED) {
            return items.stop(item.denialId(), now).then();
        }
        // the version the item started with, whatever was loaded since; what its steps kept under
        // their index (stored before steps had ids) is read by their ids from here on
        return versions.of(item)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(
                        p ->
                                p.isEmpty()
                                        ? escalate(
                                                item,
                                                item.status(),
                                                now,
                                                "playbook '"
                                                        + item.playbook()
                                                        + "' is no longer loaded")
                                        : run(
                                                item.withContext(item.context().keyedBy(p.get())),
                                                p.get(),
                                                now));
    }

    private Mono<Void> run(WorkItem item, Playbook playbook, Instant now) {
        if (item.stepIndex() >= playbook.steps().size()) {
            return escalate(
                    item,
                    item.status(),
                    now,
                    "the playbook '"
                            + playbook.id()
                            + "' ended and the payer has not resolved the denial: ask the payer"
                            + " for the claim's status (a 276 or its portal), then file the next"
                            + " level of appeal, or write the denial off with the reason");
        }
        Playbook.Step step = playbook.steps().get(item.stepIndex());
        DenialStatus status = item.status();
        Mono<DenialStatus> started = Mono.just(status);
        if (status == DenialStatus.TRIAGED || status == DenialStatus.NEXT_LEVEL) {
            started =
                    tx.transactional(
                                    lifecycle.move(
                                            item.denialId(),
                                            status,
                                            DenialStatus.IN_PROGRESS,
                                            "agent:" + step.kind(),
                                            status == DenialStatus.TRIAGED
                                                    ? "playbook " + playbook.id() + " started"
                                                    : "appeal level "
                                                            + item.appealLevel()
                                                            + " started"))
                            .thenReturn(DenialStatus.IN_PROGRESS);
        }
        StepExecutor executor = executors.get(step.kind());
        return started.flatMap(
                        current -> {
                            Mono<StepResult> result =
                                    executor == null
                                            ? Mono.just(
                                                    StepResult.outcome(
                                                                    Playbook.Outcome.FAILED,
                                                                    "no implementation of "
                                                                            + step.kind())
                                                            .moving(
                                                                    DenialStatus.ESCALATED,
                                                                    "step "
                                                                            + step.kind()
                                                                            + " has no implementation yet"))
                                            : Mono.defer(
                                                            () ->
                                                                    executor.run(
                                                                            new StepExecutor.Step(
                                                                                    item.withStatus(
                                                                                            current),
                                                                                    playbook,
                                                                                    step,
                                                                                    now)))
                                                    .onErrorResume(
                                                            org.reclaim.connector.ConnectorException
                                                                    .class,
                                                            e ->
                                                                    e.retryableLater()
                                                                            ? Mono.just(
                                                                                    outage(
                                                                                            e,
                                                                                            now,
                                                                                            watchDay(
                                                                                                    item)))
                                                                            : needsPerson(item, e))
                                                    .onErrorResume(
                                                            e ->
                                                                    !(e
                                                                            instanceof
                                                                            Submissions.LeaseLost),
                                                            e -> {
                                                                log.warn(
                                                                        "step {} of {} failed: {}",
                                                                        step.kind(),
                                                                        item.denialId(),
                                                                        e.toString());
                                                                return Mono.just(
                                                                        StepResult.outcome(
                                                                                Playbook.Outcome
                                                                                        .FAILED,
                                                                                "failed: "
                                                                                        + e.getClass()
                                                                                                .getSimpleName()));
                                                            });
                            return result.flatMap(
                                    r ->
                                            record(item, playbook, step, current, r, now)
                                                    .onErrorResume(
                                                            org.reclaim.denial
                                                                    .IllegalTransitionException
                                                                    .class,
                                                            e ->
                                                                    afterUpheld(
                                                                            item, playbook, step, r,
                                                                            e, now)));
                        })
                .onErrorResume(
                        e ->
                                e instanceof WorkItems.LeaseLostException
                                        || e instanceof Submissions.LeaseLost,
                        e -> {
                            // another holds the item now, or will: it runs the step again
                            log.info("{}", e.getMessage());
                            return Mono.empty();
                        })
                .onErrorResume(
                        org.reclaim.denial.IllegalTransitionException.class,
                        e -> {
                            // someone else (an operator, a payment, the deadline watch) moved the
                            // denial meanwhile, or the
                            // playbook asks for a move the lifecycle refuses: never loop on it — a
                            // person looks
                            log.info("step result dropped: {}", e.getMessage());
                            return lifecycle
                                    .status(item.denialId())
                                    .flatMap(
                                            now2 ->
                                                    now2.terminal()
                                                                    || now2
                                                                            == DenialStatus
                                                                                    .ESCALATED
                                                            ? tx.transactional(
                                                                    items.advance(
                                                                            item.denialId(),
                                                                            owner,
                                                                            item.leaseToken(),
                                                                            item.stepIndex(),
                                                                            0,
                                                                            "DONE",
                                                                            now,
                                                                            item.context(),
                                                                            now))
                                                            : escalate(
                                                                    item,
                                                                    now2,
                                                                    now,
                                                                    "the playbook's step "
                                                                            + step.kind()
                                                                            + " could not be recorded: "
                                                                            + e.getMessage()))
                                    .onErrorResume(x -> Mono.empty());
                        });
    }

    /**
     * The step's move was refused because the payer upheld the denial while the step ran (an 835
     * came in): the payer's answer wins, and the step's end is recorded without its move, so the
     * playbook goes on to its next step, which takes the UPHELD branch, instead of a person being
     * sent a refused transition. Any other refused move is passed on.
     */
    private Mono<Void> afterUpheld(
            WorkItem item,
            Playbook playbook,
            Playbook.Step step,
            StepResult r,
            Throwable refused,
            Instant now) {
        if (r.moveTo() == null || r.moveTo() == DenialStatus.UPHELD) return Mono.error(refused);
        return lifecycle
                .status(item.denialId())
                .flatMap(
                        s ->
                                s == DenialStatus.UPHELD
                                        ? record(item, playbook, step, s, r.moving(null, null), now)
                                        : Mono.error(refused));
    }

    private Mono<Void> record(
            WorkItem item,
            Playbook playbook,
            Playbook.Step step,
            DenialStatus current,
            StepResult r,
            Instant now) {
        WorkContext context;
        try {
            context = item.context().with(r.context());
        } catch (IllegalArgumentException e) {
            // a step that writes a key the context does not know, or a value that does not fit it:
            // a fault
            log.warn(
                    "step {} of {} wrote a context it cannot keep: {}",
                    step.kind(),
                    item.denialId(),
                    e.getMessage());
            r =
                    StepResult.outcome(
                            Playbook.Outcome.FAILED,
                            "failed: it wrote a context that cannot be kept ("
                                    + e.getMessage()
                                    + ")");
            context = item.context();
        }
        if (r.refusal() != null
                && r.refusal().partner() != StepResult.Partner.PARTNER
                && step.on().containsKey(Playbook.Outcome.REJECTED)) {
            // the partner rejected what the step sent (not our credentials) and the playbook names
            // what to do then: its REJECTED branch, not a person. A branch that ends with a person
            // (ESCALATE) gives the partner's reason
            context = context.with(Map.of("escalate.reason", r.refusal().sentence()));
            r = r.branching(Playbook.Outcome.REJECTED);
        }
        if (r.refusal() != null) {
            log.info("step {} of {}: {}", step.kind(), item.denialId(), r.refusal().sentence());
        }
        Mono<Void> work = stepLog(item, step, r, now);
        DenialStatus after = current;
        if (r.nextLevel() != null) {
            work =
                    work.then(
                            denials.nextAppealLevel(
                                    DenialId.of(item.denialId()),
                                    r.nextLevel().level(),
                                    r.nextLevel().deadline()));
        }
        if (r.moveTo() != null && r.moveTo() != current) {
            work =
                    work.then(
                            lifecycle.move(
                                    item.denialId(),
                                    current,
                                    r.moveTo(),
                                    "agent:" + step.kind(),
                                    r.reason() == null ? r.detail() : r.reason()));
            after = r.moveTo();
        }
        if (r.review() != null) {
            if (after != DenialStatus.AWAITING_REVIEW) {
                work =
                        work.then(
                                lifecycle.move(
                                        item.denialId(),
                                        after,
                                        DenialStatus.AWAITING_REVIEW,
                                        "agent:" + step.kind(),
                                        r.review()));
            }
            work =
                    work.then(
                                    openReview(
                                            item,
                                            r.review(),
                                            step.id(),
                                            reviewed(context, step.id()),
                                            now))
                            .then(
                                    items.advance(
                                            item.denialId(),
                                            owner,
                                            item.leaseToken(),
                                            item.stepIndex(),
                                            item.attempt(),
                                            "WAITING_REVIEW",
                                            now,
                                            context,
                                            now));
            return tx.transactional(work);
        }
        if (r.rerunAt() != null) {
            return tx.transactional(
                    work.then(
                            items.advance(
                                    item.denialId(),
                                    owner,
                                    item.leaseToken(),
                                    item.stepIndex(),
                                    // a wait is not a failure: the step's retry budget is kept
                                    item.attempt(),
                                    "READY",
                                    r.rerunAt(),
                                    context,
                                    now)));
        }
        if (after.terminal() || after == DenialStatus.ESCALATED) {
            return tx.transactional(
                    work.then(
                            items.advance(
                                    item.denialId(),
                                    owner,
                                    item.leaseToken(),
                                    item.stepIndex(),
                                    0,
                                    "DONE",
                                    now,
                                    context,
                                    now)));
        }
        Playbook.Outcome outcome = r.outcome() == null ? Playbook.Outcome.DONE : r.outcome();
        String target = step.on().get(outcome);
        if (outcome == Playbook.Outcome.FAILED && target == null) {
            if (item.attempt() + 1 < MAX_FAILED_ATTEMPTS) {
                Instant retry = now.plus(Duration.ofHours(1L << item.attempt()));
                return tx.transactional(
                        work.then(
                                items.advance(
                                        item.denialId(),
                                        owner,
                                        item.leaseToken(),
                                        item.stepIndex(),
                                        item.attempt() + 1,
                                        "READY",
                                        retry,
                                        context,
                                        now)));
            }
            DenialStatus from = after;
            return tx.transactional(
                    work.then(
                                    lifecycle.move(
                                            item.denialId(),
                                            from,
                                            DenialStatus.ESCALATED,
                                            "agent:" + step.kind(),
                                            "step "
                                                    + step.kind()
                                                    + " failed "
                                                    + MAX_FAILED_ATTEMPTS
                                                    + " times"))
                            .then(
                                    items.advance(
                                            item.denialId(),
                                            owner,
                                            item.leaseToken(),
                                            item.stepIndex(),
                                            0,
                                            "DONE",
                                            now,
                                            context,
                                            now)));
        }
        int next;
        if (target == null) {
            next = item.stepIndex() + 1;
        } else if (Playbook.END.equals(target)) {
            next = playbook.steps().size();
        } else {
            next = indexOf(playbook, target);
        }
        if (next >= playbook.steps().size()) {
            // the playbook is over but the payer has not settled the denial: watch for the answer,
            // then a person looks (nothing is left open silently)
            next = playbook.steps().size();
            return tx.transactional(
                    work.then(
                            items.advance(
                                    item.denialId(),
                                    owner,
                                    item.leaseToken(),
                                    next,
                                    0,
                                    "READY",
                                    now.plus(props.watchAfterPlaybook()),
                                    context,
                                    now)));
        }
        return tx.transactional(
                work.then(
                        items.advance(
                                item.denialId(),
                                owner,
                                item.leaseToken(),
                                next,
                                0,
                                "READY",
                                now,
                                context,
                                now)));
    }

    private static int indexOf(Playbook p, String id) {
        int i = p.indexOf(id);
        if (i < 0) throw new IllegalStateException("playbook " + p.id() + " has no step " + id);
        return i;
    }

    private Mono<Void> escalate(WorkItem item, DenialStatus from, Instant now, String why) {
        Mono<Void> move =
                from.canMoveTo(DenialStatus.ESCALATED)
                        ? lifecycle.move(
                                item.denialId(), from, DenialStatus.ESCALATED, "agent:WATCH", why)
                        : Mono.empty();
        return tx.transactional(
                        move.then(
                                items.advance(
                                        item.denialId(),
                                        owner,
                                        item.leaseToken(),
                                        item.stepIndex(),
                                        0,
                                        "DONE",
                                        now,
                                        item.context(),
                                        now)))
                .onErrorResume(WorkItems.LeaseLostException.class, e -> Mono.empty());
    }

    /**
     * An outside party gave no answer (down, timed out, throttled, its breaker open): the step
     * waits and is tried again, with the same idempotency keys. When the partner (or our own
     * breaker, bulkhead or rate limiter) named the moment a call makes sense again, the step waits
     * until exactly then; otherwise an hour. Never longer than {@link #LONGEST_WAIT}, and never
     * past {@code watch} (the day the deadline watch looks at the denial), so the step runs once
     * more before a person is asked. An outage is not the step's failure: it spends none of the
     * step's retries, so a partner down for some hours does not send every denial in flight to a
     * person.
     */
    static StepResult outage(ConnectorException e, Instant now, Instant watch) {
        Instant asked = e.retryAfter().filter(t -> t.isAfter(now)).orElse(null);
        Instant at = asked != null ? asked : now.plus(OUTAGE_RETRY);
        if (at.isAfter(now.plus(LONGEST_WAIT))) at = now.plus(LONGEST_WAIT);
        if (watch != null && watch.isAfter(now) && at.isAfter(watch)) at = watch;
        return StepResult.waitUntil(
                at,
                (switch (e.kind()) {
                            // our breaker, bulkhead or rate limiter: no request went out
                            case CIRCUIT_OPEN, BULKHEAD_FULL, RATE_LIMITED ->
                                    "not sent, held back by our own limits (";
                            default ->
                                    asked == null
                                            ? "the partner called gave no answer ("
                                            : "the partner asked to wait (";
                        })
                        + e.kind()
                        + ", "
                        + e.attempts()
                        + (e.attempts() == 1 ? " attempt" : " attempts")
                        + "); tried again at "
                        + at
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    /**
     * A partner call that will fail the same way however often it is made: the partner refused our
     * credentials (NOT_AUTHORIZED) or answered what the contract does not allow (PROTOCOL), or the
     * connector's host is one the host policy refuses (HOST_REFUSED, nothing sent). The denial goes
     * to a person at once with the reason, and the submission the call carried is closed with it,
     * so neither the step nor the outbox relay sends it again every lease period.
     */
    private Mono<StepResult> needsPerson(WorkItem item, ConnectorException e) {
        boolean credentials = e.kind() == ConnectorException.Kind.NOT_AUTHORIZED;
        boolean host = e.kind() == ConnectorException.Kind.HOST_REFUSED;
        String reason =
                Texts.storable(
                        e.getMessage()
                                + "; trying again will not help: a person must fix the connector"
                                + (credentials
                                        ? "'s credentials"
                                        : host
                                                ? "'s URL or the hosts an admin allows"
                                                : " or the partner's answer"));
        log.warn("step of {} needs a person: {}", item.denialId(), e.kind());
        String what =
                host
                        ? "the connector's host is refused, nothing was sent: "
                        : "the partner's answer cannot be read: ";
        StepResult r =
                credentials
                        ? StepResult.refused(
                                StepResult.Partner.PARTNER, "agent's credentials", reason)
                        : StepResult.outcome(Playbook.Outcome.FAILED, what + reason)
                                .moving(DenialStatus.ESCALATED, what + reason);
        return submissions.close(item.denialId(), reason).thenReturn(r);
    }

    /** The longest a step waits on a partner's word before it tries again. */
    static final Duration LONGEST_WAIT = Duration.ofHours(24);

    /**
     * When the deadline watch first looks at this denial ({@code escalate-days-before-deadline}
     * before its deadline), or its deadline's day when that is already past; null without a
     * deadline.
     */
    private Instant watchDay(WorkItem item) {
        if (item.deadline() == null) return null;
        Instant watch =
                item.deadline()
                        .minusDays(props.escalateDaysBeforeDeadline())
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
        return watch.isAfter(clock.instant())
                ? watch
                : item.deadline().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static final Duration OUTAGE_RETRY = Duration.ofHours(1);

    /**
     * The item's step threw, or its end could not be recorded (its transaction rolled back): the
     * fault is counted on the item, which runs again a lease later; the {@code max-failures}th in a
     * row sends the denial to a person with the fault. Never fails: the pass goes on.
     */
    private Mono<Void> failed(WorkItem item, Throwable e, Instant now) {
        String fault = Texts.storable(describe(e));
        log.warn("step {} of {} could not be worked: {}", item.stepIndex(), item.denialId(), fault);
        return items.failed(
                        item.denialId(),
                        owner,
                        item.leaseToken(),
                        fault,
                        now.plus(props.lease()),
                        now)
                .flatMap(n -> n >= props.maxFailures() ? giveUp(item, n, fault, now) : Mono.empty())
                .onErrorResume(
                        x -> {
                            // the database itself is failing: the lease runs out and the item is
                            // tried again then
                            log.warn(
                                    "the fault of {} could not be counted: {}",
                                    item.denialId(),
                                    x.toString());
                            return Mono.empty();
                        });
    }

    private Mono<Void> giveUp(WorkItem item, int failures, String fault, Instant now) {
        return versions.of(item)
                .onErrorResume(e -> Mono.empty())
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(p -> giveUp(item, p.orElse(null), failures, fault, now));
    }

    private Mono<Void> giveUp(
            WorkItem item, Playbook playbook, int failures, String fault, Instant now) {
        String step =
                playbook != null && item.stepIndex() < playbook.steps().size()
                        ? "step " + playbook.steps().get(item.stepIndex()).kind()
                        : "step " + (item.stepIndex() + 1);
        String why =
                "the agent could not work "
                        + step
                        + ": "
                        + failures
                        + " faults in a row, the last: "
                        + fault;
        return tx.transactional(
                lifecycle
                        .status(item.denialId())
                        .flatMap(
                                s -> {
                                    if (s.terminal() || s == DenialStatus.ESCALATED)
                                        return items.stop(item.denialId(), now).then();
                                    if (!s.canMoveTo(DenialStatus.ESCALATED)) {
                                        log.error(
                                                "{} cannot be escalated from {}; it is tried again",
                                                item.denialId(),
                                                s);
                                        return Mono.<Void>empty();
                                    }
                                    return lifecycle
                                            .move(
                                                    item.denialId(),
                                                    s,
                                                    DenialStatus.ESCALATED,
                                                    "agent:FAULT",
                                                    why)
                                            .then(items.stop(item.denialId(), now))
                                            .then();
                                }));
    }

    /**
     * A fault as an operator reads it: the kind and message of its first cause (a wrapper's message
     * repeats the statement, not what went wrong), one line, bounded.
     */
    static String describe(Throwable fault) {
        Throwable e = fault;
        for (int i = 0; i < 10 && e.getCause() != null && e.getCause() != e; i++) e = e.getCause();
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().strip();
        String text = (e.getClass().getSimpleName() + message).replaceAll("\\s+", " ");
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }

    private Mono<Void> stepLog(WorkItem item, Playbook.Step step, StepResult r, Instant now) {
        String outcome =
                r.refusal() != null
                        ? "REFUSED"
                        : r.review() != null
                                ? "REVIEW"
                                : r.rerunAt() != null
                                        ? "WAITING"
                                        : r.outcome() == null ? "DONE" : r.outcome().name();
        return db.sql(
                        """
                        INSERT INTO step_run (id, practice_id, denial_id, step_index, step, outcome, detail, tokens_in,
                                              tokens_out, started_at, ended_at)
                        VALUES (:id, :practice, :denial, :index, :step, :outcome, :detail, :in, :out, :start, :end)""")
                .bind("id", Ids.next())
                .bind("practice", item.practiceId())
                .bind("denial", item.denialId())
                .bind("index", item.stepIndex())
                .bind("step", step.kind().name())
                .bind("outcome", outcome)
                .bind("detail", r.detail() == null ? "" : Texts.storable(r.detail()))
                .bind("in", r.tokensIn())
                .bind("out", r.tokensOut())
                .bind("start", Times.utc(now))
                .bind("end", Times.utc(clock.instant()))
                .then();
    }

    /**
     * The draft a review decides: the step's own artifact, or else the draft waiting to be sent
     * (the corrected claim or the appeal packet a REVIEW step holds back).
     */
    private static UUID reviewed(WorkContext context, String stepId) {
        UUID own = context.step(stepId).artifact();
        if (own != null) return own;
        String pending = context.get("pending.submit");
        String key =
                "claim".equals(pending)
                        ? "claimArtifact"
                        : "appeal".equals(pending) ? "appealArtifact" : null;
        String id = key == null ? null : context.get(key);
        return id == null || id.isEmpty() ? null : UUID.fromString(id);
    }

    private Mono<Void> openReview(
            WorkItem item, String reason, String stepId, UUID artifactId, Instant now) {
        var spec =
                db.sql(
                                """
                        INSERT INTO review (id, practice_id, denial_id, step_index, step_id, reason, artifact_id, status, created_at)
                        VALUES (:id, :practice, :denial, :index, :stepId, :reason, :artifact, 'OPEN', :now)""")
                        .bind("id", Ids.next())
                        .bind("practice", item.practiceId())
                        .bind("denial", item.denialId())
                        .bind("index", item.stepIndex())
                        .bind("stepId", stepId)
                        .bind("reason", Texts.storable(reason))
                        .bind("now", Times.utc(now));
        spec =
                artifactId == null
                        ? spec.bindNull("artifact", UUID.class)
                        : spec.bind("artifact", artifactId);
        return spec.then();
    }
}
