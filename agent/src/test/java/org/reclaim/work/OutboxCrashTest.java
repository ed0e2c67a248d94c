package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.claim.ClaimDocument;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every side effect the agent builds itself (a rebill's 837, a 276 or 270 inquiry) keeps its bytes
 * with its idempotency key: a worker that dies after the partner took the file and before the step
 * was recorded leaves a step that, run again, sends exactly the same file under the same key, so
 * the partner sees one file and no "key used again for different content".
 */
class OutboxCrashTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired WorkItems items;
    @Autowired AgentClock clock;
    @Autowired TriageService triage;
    @Autowired List<StepExecutor> executors;
    @Autowired ReclaimProperties props;

    @BeforeEach
    void emptyOutbox() throws IOException {
        // control numbers start again with each throw-away database: files of earlier runs must go
        Path outboxRoot = props.dataDir().resolve("outbox");
        if (Files.exists(outboxRoot)) {
            try (Stream<Path> walk = Files.walk(outboxRoot)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
                    Files.delete(p);
            }
        }
    }

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        TestPlaybooks.shipped(triage);
    }

    @Test
    void aRebillInterruptedBeforeItWasRecordedSendsTheSame837Once() throws Exception {
        TestPlaybooks.forEveryCategory(
                triage, "  - step: REBILL_OTHER_PAYER\n  - step: AWAIT_RESPONSE\n    wait: P30D\n");
        Generated.upload(http, 200, 41, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        UUID denial = aDenialWhoseClaimNamesAnotherPayer();

        crashAfterTheSideEffect(denial, StepKind.REBILL_OTHER_PAYER);
        List<Path> first = outboxFiles("837");
        assertThat(first).as("the 837 went out before the worker died").hasSize(1);
        byte[] sent = Files.readAllBytes(first.get(0));

        clock.advanceBy(Duration.ofMinutes(6));
        org.reclaim.support.TestData.leasesRunOut(db);
        orchestrator.runOnce().block();

        assertThat(denialStatus(denial)).isEqualTo("REBILLED");
        List<Path> after = outboxFiles("837");
        assertThat(after).as("one 837 to the other payer, not a second claim").hasSize(1);
        assertThat(Files.readAllBytes(after.get(0))).isEqualTo(sent);
        assertThat(submissions(denial, "837")).isEqualTo(1);
        assertThat(submissions(denial, "837", "SENT")).isEqualTo(1);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM artifact WHERE kind = 'claim-837' AND source = 'rebill' AND denial_id = '"
                                        + denial
                                        + "'"))
                .as("the rebill's artifact is kept once")
                .isEqualTo(1);
        assertThat(keptPayload(denial, "837")).isEqualTo(sent);
    }

    @Test
    void aClaimStatusInquiryInterruptedBeforeItWasRecordedResendsTheSameBytes() throws Exception {
        TestPlaybooks.forEveryCategory(
                triage,
                "  - step: CHECK_CLAIM_STATUS\n    channel: CLEARINGHOUSE\n    wait: P7D\n");
        Generated.upload(http, 60, 42, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        UUID denial = anyReadyDenial();

        crashAfterTheSideEffect(denial, StepKind.CHECK_CLAIM_STATUS);
        // the worker died after the clearinghouse took the file and before its answer was
        // recorded: the submission is still PENDING
        db.sql(
                        "UPDATE submission SET status = 'PENDING', receipt = NULL, sent_at = NULL WHERE denial_id = :d")
                .bind("d", denial)
                .then()
                .block();
        List<Path> first = outboxFiles("276");
        assertThat(first).hasSize(1);
        byte[] sent = Files.readAllBytes(first.get(0));

        clock.advanceBy(Duration.ofMinutes(6));
        org.reclaim.support.TestData.leasesRunOut(db);
        orchestrator.runOnce().block();

        assertThat(lastStep(denial))
                .as("the inquiry is out and awaited, not escalated as a fault")
                .isEqualTo("276 sent (1)");
        assertThat(denialStatus(denial)).isNotEqualTo("ESCALATED");
        List<Path> after = outboxFiles("276");
        assertThat(after).hasSize(1);
        assertThat(Files.readAllBytes(after.get(0))).isEqualTo(sent);
        assertThat(submissions(denial, "276", "SENT")).isEqualTo(1);
        assertThat(keptPayload(denial, "276")).isEqualTo(sent);
    }

    @Test
    void aPendingSubmissionIsRelayedWithItsKeptBytesAfterTheLease() throws Exception {
        TestPlaybooks.forEveryCategory(
                triage, "  - step: REBILL_OTHER_PAYER\n  - step: AWAIT_RESPONSE\n    wait: P30D\n");
        Generated.upload(http, 200, 41, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        UUID denial = aDenialWhoseClaimNamesAnotherPayer();
        crashAfterTheSideEffect(denial, StepKind.REBILL_OTHER_PAYER);
        byte[] kept = keptPayload(denial, "837");
        // the worker died after writing the row and before the clearinghouse took the file: the
        // row is PENDING with its bytes, nothing is in the outbox, and the item sleeps for days
        pending(denial);
        emptyOutbox();
        db.sql(
                        "UPDATE work_item SET next_run_at = next_run_at + interval '10 days' WHERE denial_id = :d")
                .bind("d", denial)
                .then()
                .block();

        orchestrator.runOnce().block();
        assertThat(outboxFiles("837")).as("not relayed while the lease holds").isEmpty();

        clock.advanceBy(Duration.ofMinutes(6));
        org.reclaim.support.TestData.leasesRunOut(db);
        orchestrator.runOnce().block();

        List<Path> relayed = outboxFiles("837");
        assertThat(relayed).as("the relay sent the kept 837").hasSize(1);
        assertThat(Files.readAllBytes(relayed.get(0))).isEqualTo(kept);
        assertThat(submissions(denial, "837", "SENT")).isEqualTo(1);
        assertThat(denialStatus(denial))
                .as("the step woke, found its submission taken and recorded it")
                .isEqualTo("REBILLED");
        assertThat(outboxFiles("837")).hasSize(1);
    }

    @Test
    void aSendingSubmissionWhoseHolderDiedIsRelayedWithItsKeptBytes() throws Exception {
        TestPlaybooks.forEveryCategory(
                triage, "  - step: REBILL_OTHER_PAYER\n  - step: AWAIT_RESPONSE\n    wait: P30D\n");
        Generated.upload(http, 200, 43, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        UUID denial = aDenialWhoseClaimNamesAnotherPayer();
        crashAfterTheSideEffect(denial, StepKind.REBILL_OTHER_PAYER);
        byte[] kept = keptPayload(denial, "837");
        // the worker died while calling the clearinghouse: the row is SENDING, nothing is in the
        // outbox, and the item sleeps for days
        db.sql(
                        "UPDATE submission SET status = 'SENDING', receipt = NULL, sent_at = NULL WHERE denial_id = :d")
                .bind("d", denial)
                .then()
                .block();
        emptyOutbox();
        db.sql(
                        "UPDATE work_item SET next_run_at = next_run_at + interval '10 days' WHERE denial_id = :d")
                .bind("d", denial)
                .then()
                .block();

        orchestrator.runOnce().block();
        assertThat(outboxFiles("837")).as("not relayed while the lease holds").isEmpty();

        clock.advanceBy(Duration.ofMinutes(6));
        // the dead worker's lease runs out, by the database's clock
        org.reclaim.support.TestData.leasesRunOut(db);
        orchestrator.runOnce().block();

        List<Path> relayed = outboxFiles("837");
        assertThat(relayed).as("the relay sent the kept 837").hasSize(1);
        assertThat(Files.readAllBytes(relayed.get(0))).isEqualTo(kept);
        assertThat(submissions(denial, "837", "SENT")).isEqualTo(1);
        assertThat(denialStatus(denial)).isEqualTo("REBILLED");
    }

    /**
     * A portal appeal whose call timed out is SENDING (the portal may have taken it) and its step
     * waits to send it again; the payer resolves the denial meanwhile and its work ends. Nothing
     * will send the row again (the relay keeps no portal request): it is closed once its lease has
     * run out, with the key to look for at the portal, instead of staying SENDING for good.
     */
    @Test
    void aSendingPortalRequestWhoseDenialsWorkEndedIsClosedWithItsKeyAfterTheLease()
            throws Exception {
        TestPlaybooks.forEveryCategory(triage, "  - step: AWAIT_RESPONSE\n    wait: P30D\n");
        Generated.upload(http, 60, 44, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        UUID denial = anyReadyDenial();
        String key = denial + ":submit:1:submit:" + UUID.randomUUID();
        db.sql(
                        """
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, status, created_at)
                        SELECT gen_random_uuid(), practice_id, id, :key, 'portal', 'appeal', 'SENDING', :at
                        FROM denial WHERE id = :d""")
                .bind("key", key)
                .bind("at", org.reclaim.core.Times.utc(clock.instant()))
                .bind("d", denial)
                .then()
                .block();
        items.stop(denial, clock.instant()).block();

        orchestrator.runOnce().block();
        assertThat(submissions(denial, "appeal", "SENDING")).as("within the lease").isEqualTo(1);

        clock.advanceBy(Duration.ofMinutes(6));
        org.reclaim.support.TestData.leasesRunOut(db);
        orchestrator.runOnce().block();

        assertThat(submissions(denial, "appeal", "SENDING")).isZero();
        assertThat(
                        db.sql(
                                        "SELECT status || ': ' || refusal_reason FROM submission"
                                                + " WHERE idempotency_key = :key")
                                .bind("key", key)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .startsWith("REFUSED: not confirmed")
                .contains(key);
    }

    @Test
    void theDeadlineWatchLeavesADenialWhoseSubmissionIsPending() throws Exception {
        TestPlaybooks.forEveryCategory(
                triage,
                "  - step: CHECK_CLAIM_STATUS\n    channel: CLEARINGHOUSE\n    wait: P7D\n");
        Generated.upload(http, 60, 42, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        UUID denial = anyReadyDenial();
        crashAfterTheSideEffect(denial, StepKind.CHECK_CLAIM_STATUS);
        pending(denial);
        // the item sleeps past a deadline that is near: with nothing submitted it would be
        // escalated
        db.sql(
                        "UPDATE work_item SET next_run_at = next_run_at + interval '10 days' WHERE denial_id = :d")
                .bind("d", denial)
                .then()
                .block();
        db.sql("UPDATE denial SET deadline = CAST(:t AS date) WHERE id = :d")
                .bind("t", triage.today().plusDays(1))
                .bind("d", denial)
                .then()
                .block();
        clock.advanceBy(Duration.ofMinutes(6)); // the dead worker's lease has run out
        org.reclaim.support.TestData.leasesRunOut(db);

        assertThat(orchestrator.escalateNearDeadlines(clock.instant()).block()).isZero();
        assertThat(denialStatus(denial)).isNotEqualTo("ESCALATED");

        // once resolved (taken), the watch sees the denial again
        db.sql("UPDATE submission SET status = 'SENT' WHERE denial_id = :d")
                .bind("d", denial)
                .then()
                .block();
        assertThat(orchestrator.escalateNearDeadlines(clock.instant()).block()).isEqualTo(1);
    }

    /** The denial's submissions as a crash before the partner's answer was recorded leaves them. */
    private void pending(UUID denial) {
        db.sql(
                        "UPDATE submission SET status = 'PENDING', receipt = NULL, sent_at = NULL WHERE denial_id = :d")
                .bind("d", denial)
                .then()
                .block();
    }

    /**
     * A worker claims the denial's item, runs its step (the partner takes the file) and dies before
     * the step's result is recorded: the item stays leased, as a dead worker leaves it.
     */
    private void crashAfterTheSideEffect(UUID denial, StepKind kind) {
        db.sql(
                        "UPDATE work_item SET next_run_at = next_run_at + interval '1 day' WHERE denial_id <> :d AND state = 'READY'")
                .bind("d", denial)
                .then()
                .block();
        Instant now = clock.instant();
        WorkItem claimed =
                items
                        .claim("doomed-worker", 100, now, Duration.ofMinutes(5))
                        .collectList()
                        .block()
                        .stream()
                        .filter(w -> w.denialId().equals(denial))
                        .findFirst()
                        .orElseThrow();
        Playbook playbook = triage.current().playbooks().byId(claimed.playbook());
        Playbook.Step step = playbook.steps().get(claimed.stepIndex());
        assertThat(step.kind()).isEqualTo(kind);
        StepExecutor executor =
                executors.stream().filter(e -> e.kind() == kind).findFirst().orElseThrow();
        StepResult result =
                executor.run(new StepExecutor.Step(claimed, playbook, step, now)).block();
        assertThat(result).isNotNull();
        // the worker dies here: nothing of the result is recorded
        orchestrator.runOnce().block();
        assertThat(count(db, "SELECT count(*) FROM step_run WHERE denial_id = '" + denial + "'"))
                .as("nobody else takes the item while the lease holds")
                .isZero();
    }

    private UUID aDenialWhoseClaimNamesAnotherPayer() {
        var rows =
                db.sql(
                                """
                        SELECT w.denial_id, cd.document FROM work_item w
                        JOIN denial d ON d.id = w.denial_id
                        JOIN claim_payment_link l ON l.claim_payment_id = d.claim_payment_id
                        JOIN claim_document cd ON cd.submitted_claim_id = l.submitted_claim_id
                        WHERE w.state = 'READY' ORDER BY w.denial_id""")
                        .map(r -> Map.entry(r.get(0, UUID.class), r.get(1, String.class)))
                        .all()
                        .collectList()
                        .block();
        for (var row : rows) {
            ClaimDocument doc = ClaimDocument.parse(row.getValue());
            if (!doc.otherPayers().isEmpty() && doc.otherPayers().get(0).payer() != null)
                return row.getKey();
        }
        throw new AssertionError("no generated claim names another payer");
    }

    private UUID anyReadyDenial() {
        return db.sql(
                        "SELECT denial_id FROM work_item WHERE state = 'READY' ORDER BY denial_id LIMIT 1")
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    /** The files of {@code type} in the default practice's outbox. */
    private List<Path> outboxFiles(String type) throws IOException {
        Path outbox = props.dataDir().resolve("outbox").resolve("default");
        if (!Files.isDirectory(outbox)) return List.of();
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(
                            p -> p.getFileName().toString().matches(".*-" + type + "-\\d{9}\\.x12"))
                    .sorted()
                    .toList();
        }
    }

    private long submissions(UUID denial, String kind) {
        return count(
                db,
                "SELECT count(*) FROM submission WHERE kind = '"
                        + kind
                        + "' AND denial_id = '"
                        + denial
                        + "'");
    }

    private long submissions(UUID denial, String kind, String status) {
        return count(
                db,
                "SELECT count(*) FROM submission WHERE kind = '"
                        + kind
                        + "' AND status = '"
                        + status
                        + "' AND denial_id = '"
                        + denial
                        + "'");
    }

    private byte[] keptPayload(UUID denial, String kind) {
        byte[] kept =
                db.sql("SELECT payload FROM submission WHERE kind = :k AND denial_id = :d")
                        .bind("k", kind)
                        .bind("d", denial)
                        .map(r -> r.get(0, byte[].class))
                        .one()
                        .block();
        return kept == null ? null : Arrays.copyOf(kept, kept.length);
    }

    private String denialStatus(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :id")
                .bind("id", denial)
                .map(x -> x.get(0, String.class))
                .one()
                .block();
    }

    private String lastStep(UUID denial) {
        return db.sql(
                        "SELECT detail FROM step_run WHERE denial_id = :d ORDER BY started_at DESC, id DESC LIMIT 1")
                .bind("d", denial)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }
}
