package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.Denials;
import org.reclaim.denial.Lifecycle;
import org.reclaim.partner.Submissions;
import org.reclaim.playbook.StepKind;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.transaction.ReactiveTransactionManager;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Issue 14, item 7: the payer upholds a denial (a later 835 denies the line again) while the step
 * of its work item is running on another instance. The 835 makes the item due now, for the
 * playbook's UPHELD branch; the running step then ends asking for its own next time (a wait of 30
 * days). The wake-up must survive the step's end. Driven by a latch, no sleeps: the step is held
 * while the 835 is uploaded, then let go.
 */
class UpheldWakeTest extends ApiTest {

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

    /** An AWAIT_RESPONSE that, the first time, waits for the test, then asks to run in 30 days. */
    static final class HeldWait implements StepExecutor {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public StepKind kind() {
            return StepKind.AWAIT_RESPONSE;
        }

        @Override
        public Mono<StepResult> run(Step step) {
            runs.incrementAndGet();
            return Mono.fromCallable(
                            () -> {
                                started.countDown();
                                if (!release.await(60, TimeUnit.SECONDS))
                                    throw new IllegalStateException("the test never let go");
                                return StepResult.waitUntil(
                                        step.now().plus(Duration.ofDays(30)),
                                        "still waiting for the payer");
                            })
                    .subscribeOn(Schedulers.boundedElastic());
        }
    }

    final HeldWait held = new HeldWait();

    @AfterEach
    void letGo() throws Exception {
        held.release.countDown();
        TestPlaybooks.shipped(triage);
    }

    @Test
    void anUpheldAnswerArrivingWhileTheStepRunsIsNotPutOffByTheStepsEnd() throws Exception {
        TestPlaybooks.forEveryCategory(
                triage,
                "  - step: AWAIT_RESPONSE\n    wait: P30D\n    on: {UPHELD: person}\n"
                        + "  - id: person\n    step: ESCALATE\n");
        LocalDate today = triage.today();
        upload(remit("WAKETRACE1", today.minusDays(20)));
        UUID denial =
                db.sql("SELECT id FROM denial WHERE patient_control_number = 'WAKE-1'")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        items.enqueueTriaged(clock.instant()).block();
        // the appeal is with the payer (sent: a submission row, as SUBMIT leaves one)
        db.sql(
                        """
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, status, created_at, sent_at)
                        SELECT gen_random_uuid(), practice_id, id, 'test-' || id, 'clearinghouse', '837', 'SENT', now(), now()
                        FROM denial WHERE id = :d""")
                .bind("d", denial)
                .then()
                .block();
        for (DenialStatus[] m :
                new DenialStatus[][] {
                    {DenialStatus.TRIAGED, DenialStatus.IN_PROGRESS},
                    {DenialStatus.IN_PROGRESS, DenialStatus.SUBMITTED},
                    {DenialStatus.SUBMITTED, DenialStatus.AWAITING_PAYER}
                }) lifecycle.move(denial, m[0], m[1], "agent:SUBMIT", "appeal sent").block();

        // another instance runs the item's AWAIT_RESPONSE (a portal asked, say) and is held there
        CompletableFuture<Integer> pass = other().runOnce().toFuture();
        assertThat(held.started.await(60, TimeUnit.SECONDS)).as("the step started").isTrue();

        // meanwhile the payer's 835 denies the line again: upheld, and the item is woken
        upload(remit("WAKETRACE2", today.minusDays(2)));
        assertThat(status(denial)).isEqualTo("UPHELD");

        held.release.countDown();
        pass.get(60, TimeUnit.SECONDS);
        assertThat(held.runs.get()).isEqualTo(1);

        assertThat(
                        db.sql(
                                        "SELECT count(*) FROM work_item WHERE denial_id = :d AND state = 'READY'"
                                                + " AND next_run_at <= :now")
                                .bind("d", denial)
                                .bind("now", org.reclaim.core.Times.utc(clock.instant()))
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .as("the item is due now, not in the 30 days the held step asked for")
                .isEqualTo(1);
        orchestrator.runUntilIdle().block();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE step = 'AWAIT_RESPONSE' AND outcome = 'UPHELD'"
                                        + " AND denial_id = '"
                                        + denial
                                        + "'"))
                .as("the playbook's UPHELD branch was taken at once")
                .isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM step_run WHERE step = 'ESCALATE'")).isEqualTo(1);
    }

    /**
     * Issue 14 (races): an answer (here an 835 denying the line again by another code, nothing
     * sent: not upheld, an answer for the waiting step) that arrives while the waiting step is
     * running wakes it as soon as the run ends, not when the step's own 30-day timer fires.
     */
    @Test
    void anAnswerArrivingWhileTheWaitingStepRunsWakesItWhenTheRunEnds() throws Exception {
        TestPlaybooks.forEveryCategory(triage, "  - step: AWAIT_RESPONSE\n    wait: P30D\n");
        LocalDate today = triage.today();
        upload(remit("WAKETRACE3", today.minusDays(20), "97"));
        // the real AWAIT_RESPONSE runs once: a wait on the payer's answer, 30 days
        orchestrator.runUntilIdle().block();
        UUID denial =
                db.sql("SELECT id FROM denial WHERE patient_control_number = 'WAKE-1'")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        assertThat(dueNow(denial)).as("asleep for 30 days").isZero();
        long runs = count(db, "SELECT count(*) FROM step_run WHERE denial_id = '" + denial + "'");

        // its timer comes (a portal is asked, say) on another instance, held there
        db.sql("UPDATE work_item SET next_run_at = :now WHERE denial_id = :d")
                .bind("now", org.reclaim.core.Times.utc(clock.instant()))
                .bind("d", denial)
                .then()
                .block();
        CompletableFuture<Integer> pass = other().runOnce().toFuture();
        assertThat(held.started.await(60, TimeUnit.SECONDS)).as("the step started").isTrue();

        // meanwhile the payer's answer about the claim arrives
        upload(remit("WAKETRACE4", today.minusDays(2), "16"));

        held.release.countDown();
        pass.get(60, TimeUnit.SECONDS);
        assertThat(held.runs.get()).isEqualTo(1);
        assertThat(dueNow(denial))
                .as("due now, not in the 30 days the held step asked for")
                .isEqualTo(1);
        orchestrator.runOnce().block();
        assertThat(count(db, "SELECT count(*) FROM step_run WHERE denial_id = '" + denial + "'"))
                .as("the waiting step ran again at once (the held run, then this one)")
                .isEqualTo(runs + 2);
    }

    private long dueNow(UUID denial) {
        return db.sql(
                        "SELECT count(*) FROM work_item WHERE denial_id = :d AND state = 'READY'"
                                + " AND next_run_at <= :now")
                .bind("d", denial)
                .bind("now", org.reclaim.core.Times.utc(clock.instant()))
                .map(r -> r.get(0, Long.class))
                .one()
                .block();
    }

    /** Another agent instance whose only step is the held AWAIT_RESPONSE. */
    private Orchestrator other() {
        AgentProperties p =
                new AgentProperties(
                        false,
                        agent.pollInterval(),
                        Duration.ofMinutes(5),
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

    /** An 835 (synthetic values) for claim WAKE-1 whose one line is denied CO-50 and paid 0. */
    private static String remit(String trace, LocalDate day) {
        return remit(trace, day, "50");
    }

    /** As above, the line denied CO-{@code carc}. */
    private static String remit(String trace, LocalDate day, String carc) {
        String date = day.format(DateTimeFormatter.BASIC_ISO_DATE);
        String body =
                "ST*835*0001~BPR*I*0*C*CHK************"
                        + date
                        + "~TRN*1*"
                        + trace
                        + "*1999999999~DTM*405*"
                        + date
                        + "~N1*PR*SYNTHETIC PAYER~N1*PE*SYNTHETIC CLINIC*XX*1999999999~LX*1~"
                        + "CLP*WAKE-1*4*100*0**12*WAKE-1-PAYER~NM1*QC*1*SYNTHETIC*PATIENT****MI*SYNWAKE1~"
                        + "SVC*HC:99213*100*0**1~DTM*472*"
                        + day.minusDays(10).format(DateTimeFormatter.BASIC_ISO_DATE)
                        + "~CAS*CO*"
                        + carc
                        + "*100~";
        int segments = body.split("~").length + 1;
        return "ISA*00*          *00*          *ZZ*SYNPAYER       *ZZ*SYNCLINIC      *261001*1200*^*00501*000000001*0*T*:~"
                + "GS*HP*SYNPAYER*SYNCLINIC*"
                + date
                + "*1200*1*X*005010X221A1~"
                + body
                + "SE*"
                + segments
                + "*0001~GE*1*1~IEA*1*000000001~";
    }

    private void upload(String x12) {
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(x12.getBytes(StandardCharsets.US_ASCII))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private String status(UUID id) {
        return db.sql("SELECT status FROM denial WHERE id = :d")
                .bind("d", id)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }
}
