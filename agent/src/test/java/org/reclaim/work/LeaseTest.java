package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.Denials;
import org.reclaim.denial.Lifecycle;
import org.reclaim.partner.Submissions;
import org.reclaim.playbook.StepKind;
import org.reclaim.review.OperatorActions;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.ReactiveTransactionManager;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Leases and fencing (issue 14, items 5 and 7): a second agent instance whose one step blocks on a
 * latch while the test does what happens meanwhile in real life — the business clock jumps, the
 * lease runs out, an operator retries — then lets the step go on. No sleeps: the test waits on the
 * latch and on what the database shows.
 */
class LeaseTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired WorkItems items;
    @Autowired AgentClock clock;
    @Autowired TriageService triage;
    @Autowired Lifecycle lifecycle;
    @Autowired Denials denials;
    @Autowired AgentProperties agent;
    @Autowired ReactiveTransactionManager txm;
    @Autowired Submissions submissions;
    @Autowired PlaybookVersions versions;
    @Autowired OperatorActions operators;

    /**
     * A WRITE_OFF step whose first {@code holding} runs each wait for the test (run n: {@code
     * started[n-1]}, {@code release[n-1]}) and then end with {@code then}; later runs end at once.
     */
    static final class HeldStep implements StepExecutor {
        final CountDownLatch[] started = {new CountDownLatch(1), new CountDownLatch(1)};
        final CountDownLatch[] release = {new CountDownLatch(1), new CountDownLatch(1)};
        final AtomicInteger runs = new AtomicInteger();
        volatile int holding = 1;
        volatile Function<Step, Mono<StepResult>> then = null;

        @Override
        public StepKind kind() {
            return StepKind.WRITE_OFF;
        }

        @Override
        public Mono<StepResult> run(Step step) {
            int n = runs.incrementAndGet();
            if (n > holding) return Mono.just(StepResult.done("run " + n));
            return Mono.fromCallable(
                            () -> {
                                started[n - 1].countDown();
                                if (!release[n - 1].await(60, TimeUnit.SECONDS))
                                    throw new IllegalStateException("the test never let go");
                                return step;
                            })
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(
                            s ->
                                    then == null
                                            ? Mono.just(StepResult.done("run " + n))
                                            : then.apply(s));
        }

        void letGo() {
            for (CountDownLatch l : release) l.countDown();
        }
    }

    HeldStep held;
    UUID denial;

    @BeforeEach
    void oneDenialToWork() throws Exception {
        TestPlaybooks.forEveryCategory(triage, "  - step: WRITE_OFF\n");
        Generated.upload(http, 30, 77, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        denial =
                db.sql("SELECT denial_id FROM work_item ORDER BY denial_id LIMIT 1")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        db.sql(
                        "UPDATE work_item SET next_run_at = next_run_at + interval '1 day' WHERE denial_id <> :d")
                .bind("d", denial)
                .then()
                .block();
        held = new HeldStep();
    }

    @AfterEach
    void letGo() throws Exception {
        held.letGo();
        TestPlaybooks.shipped(triage);
    }

    /** Another instance of the agent with the held step and a lease of {@code lease}. */
    Orchestrator instance(Duration lease) {
        AgentProperties p =
                new AgentProperties(
                        false,
                        agent.pollInterval(),
                        lease,
                        agent.batch(),
                        agent.concurrency(),
                        agent.perPayer(),
                        agent.escalateDaysBeforeDeadline(),
                        agent.watchAfterPlaybook(),
                        agent.portalPoll(),
                        agent.maxFailures());
        return new Orchestrator(
                items,
                lifecycle,
                denials,
                triage,
                db,
                clock,
                p,
                txm,
                List.of(held),
                submissions,
                versions);
    }

    /** Starts a pass of {@code instance} and waits until its step is held. */
    CompletableFuture<Integer> heldPass(Orchestrator instance) throws InterruptedException {
        return heldPass(instance, 1);
    }

    /** Starts a pass of {@code instance} and waits until run {@code n} of the step is held. */
    CompletableFuture<Integer> heldPass(Orchestrator instance, int n) throws InterruptedException {
        CompletableFuture<Integer> pass = instance.runOnce().toFuture();
        assertThat(held.started[n - 1].await(60, TimeUnit.SECONDS)).as("the step started").isTrue();
        return pass;
    }

    @Test
    void aRunningStepKeepsItsLeasePastTheLeasesLengthAndTheBusinessClocksJump() throws Exception {
        Orchestrator other = instance(Duration.ofSeconds(3));
        CompletableFuture<Integer> pass = heldPass(other);
        double first = leaseSecondsFromEpoch();
        // days pass on the business clock (the demo's, the tests'): a lease is real time
        clock.advanceBy(Duration.ofDays(2));
        // and more than the lease's length passes in real time: the step renews it while it runs
        waitUntil(
                "SELECT count(*) FROM work_item WHERE lease_until > to_timestamp("
                        + (first + 2)
                        + ") AND clock_timestamp() > to_timestamp("
                        + (first + 0.5)
                        + ")");

        orchestrator.runUntilIdle().block();

        assertThat(status(denial)).as("nobody else ran the step").isEqualTo("IN_PROGRESS");
        held.release[0].countDown();
        pass.get(60, TimeUnit.SECONDS);
        assertThat(held.runs.get()).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM step_run WHERE detail = 'run 1'")).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM step_run WHERE denial_id = '" + denial + "'"))
                .isEqualTo(1);
    }

    @Test
    void aStepWhoseLeaseRanOutRecordsNothing() throws Exception {
        CompletableFuture<Integer> pass = heldPass(instance(Duration.ofMinutes(5)));
        leaseRunsOut();

        held.release[0].countDown();
        pass.get(60, TimeUnit.SECONDS);

        assertThat(count(db, "SELECT count(*) FROM step_run"))
                .as("the end of a step whose lease ran out is not recorded")
                .isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM work_item WHERE state = 'READY' AND step_index = 0"
                                        + " AND denial_id = '"
                                        + denial
                                        + "'"))
                .isEqualTo(1);
    }

    @Test
    void aStepWhoseLeaseRanOutCallsNoPartner() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        held.then =
                s ->
                        submissions
                                .send(
                                        s.item().practiceId(),
                                        s.item().denialId(),
                                        s.key("lease-test"),
                                        "fax",
                                        "packet",
                                        null,
                                        "",
                                        () -> "receipt " + calls.incrementAndGet())
                                .map(StepResult::done);
        CompletableFuture<Integer> pass = heldPass(instance(Duration.ofMinutes(5)));
        leaseRunsOut();

        held.release[0].countDown();
        pass.get(60, TimeUnit.SECONDS);

        assertThat(calls.get()).as("the partner was not called").isZero();
        assertThat(
                        db.sql("SELECT status FROM submission WHERE denial_id = :d")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .as("written, never sending: the relay or the next holder sends it")
                .isEqualTo("PENDING");
        assertThat(count(db, "SELECT count(*) FROM step_run")).isZero();
    }

    @Test
    void aStepRunningWhenAnOperatorRetriesRecordsNothingOverTheRetriedRun() throws Exception {
        held.holding = 2;
        Orchestrator other = instance(Duration.ofMinutes(5));
        CompletableFuture<Integer> pass = heldPass(other);
        // meanwhile a person escalates the denial and retries it: the lease is cleared
        lifecycle
                .move(
                        denial,
                        DenialStatus.IN_PROGRESS,
                        DenialStatus.ESCALATED,
                        "operator:Sam Admin",
                        "looking")
                .block();
        operators
                .act(
                        PracticeScope.ALL,
                        denial,
                        OperatorActions.Action.RETRY,
                        "Sam Admin",
                        "again",
                        null,
                        null,
                        null)
                .block();
        // the same instance's next pass takes the item again; while that run is under way the
        // first ends
        CompletableFuture<Integer> again = heldPass(other, 2);
        held.release[0].countDown();
        pass.get(60, TimeUnit.SECONDS);
        held.release[1].countDown();
        again.get(60, TimeUnit.SECONDS);

        assertThat(
                        db.sql("SELECT detail FROM step_run WHERE denial_id = :d")
                                .bind("d", denial)
                                .map(r -> r.get(0, String.class))
                                .all()
                                .collectList()
                                .block())
                .as("the run from before the retry records nothing; the retried run is recorded")
                .containsExactly("run 2");
    }

    @Test
    void aStepWhoseMoveComesAfterThePayerUpheldTheDenialGoesOnToTheUpheldBranch() throws Exception {
        TestPlaybooks.forEveryCategory(
                triage, "  - step: WRITE_OFF\n  - step: AWAIT_RESPONSE\n    wait: P30D\n");
        // an item keeps the playbook version it started with: start it again on this one
        db.sql("DELETE FROM work_item").then().block();
        items.enqueueTriaged(clock.instant()).block();
        db.sql(
                        "UPDATE work_item SET next_run_at = next_run_at + interval '1 day' WHERE denial_id <> :d")
                .bind("d", denial)
                .then()
                .block();
        // the appeal is with the payer; the step follows it up and moves the denial on
        for (DenialStatus[] m :
                new DenialStatus[][] {
                    {DenialStatus.TRIAGED, DenialStatus.IN_PROGRESS},
                    {DenialStatus.IN_PROGRESS, DenialStatus.SUBMITTED}
                }) lifecycle.move(denial, m[0], m[1], "agent:SUBMIT", "appeal sent").block();
        held.then =
                s ->
                        Mono.just(
                                StepResult.done("followed up")
                                        .moving(DenialStatus.AWAITING_PAYER, "asked"));
        CompletableFuture<Integer> pass = heldPass(instance(Duration.ofMinutes(5)));
        // meanwhile the 835 upholds the denial
        lifecycle
                .move(denial, DenialStatus.SUBMITTED, DenialStatus.UPHELD, "payer:835", "upheld")
                .block();

        held.release[0].countDown();
        pass.get(60, TimeUnit.SECONDS);
        orchestrator.runUntilIdle().block();

        assertThat(status(denial))
                .as("the playbook's UPHELD branch, not an escalation")
                .isEqualTo("UPHELD");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE step = 'AWAIT_RESPONSE' AND outcome = 'UPHELD'"
                                        + " AND denial_id = '"
                                        + denial
                                        + "'"))
                .isEqualTo(1);
    }

    private void leaseRunsOut() {
        db.sql(
                        "UPDATE work_item SET lease_until = clock_timestamp() - interval '1 second'"
                                + " WHERE denial_id = :d")
                .bind("d", denial)
                .then()
                .block();
    }

    private double leaseSecondsFromEpoch() {
        return db.sql(
                        "SELECT CAST(extract(epoch FROM lease_until) AS double precision) FROM work_item"
                                + " WHERE denial_id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, Double.class))
                .one()
                .block();
    }

    private void waitUntil(String countQuery) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(db, countQuery) == 0) {
            assertThat(System.nanoTime()).as(countQuery).isLessThan(end);
            Thread.sleep(100);
        }
    }

    private String status(UUID id) {
        return db.sql("SELECT status FROM denial WHERE id = :d")
                .bind("d", id)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }
}
