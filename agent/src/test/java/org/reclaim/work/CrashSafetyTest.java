package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.review.OperatorActions;
import org.reclaim.support.ApiTest;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A worker that dies after a step's side effect but before recording it: another takes the item
 * over when the lease runs out, runs the step again with the same idempotency key, and nothing is
 * sent twice.
 */
class CrashSafetyTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired WorkItems items;
    @Autowired AgentClock clock;
    @Autowired TriageService triage;
    @Autowired OperatorActions operators;
    @Autowired List<StepExecutor> executors;
    @Autowired ReclaimProperties props;

    @org.junit.jupiter.api.AfterEach
    void noCodingSupportLeft() {
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
    }

    @Test
    void aSubmissionInterruptedBeforeItWasRecordedIsNotSentTwice() throws Exception {
        // control numbers start again with each throw-away database: files of earlier runs must go
        Path outboxRoot = props.dataDir().resolve("outbox");
        if (Files.exists(outboxRoot)) {
            try (Stream<Path> walk = Files.walk(outboxRoot)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
                    Files.delete(p);
            }
        }
        org.reclaim.support.Generated.upload(http, 300, 21, 0.4, triage.today().minusDays(10));
        // the coding playbook: draft a corrected claim, an operator reviews it, then it is
        // submitted
        UUID denial = org.reclaim.support.TestData.loneDenial(db, "coding");
        org.reclaim.support.TestCoding.supportEveryCodingDenial(db, props.dataDir(), triage);
        orchestrator.runUntilIdle().block();
        var review =
                operators.reviews(org.reclaim.tenancy.PracticeScope.ALL, "OPEN").block().stream()
                        .filter(v -> v.denialId().equals(denial))
                        .findFirst()
                        .orElseThrow();
        operators
                .decide(
                        org.reclaim.tenancy.PracticeScope.ALL,
                        review.id(),
                        true,
                        "Ana Reviewer",
                        null,
                        Map.of())
                .block();
        db.sql(
                        "UPDATE work_item SET next_run_at = next_run_at + interval '1 day' WHERE denial_id <> :d AND state = 'READY'")
                .bind("d", denial)
                .then()
                .block();
        orchestrator.runOnce().block(); // the approved REVIEW step completes; SUBMIT is next
        assertThat(stepKind(denial)).isEqualTo(StepKind.SUBMIT);

        // a worker claims it, sends, and dies before recording the step
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
        StepExecutor submit =
                executors.stream()
                        .filter(e -> e.kind() == StepKind.SUBMIT)
                        .findFirst()
                        .orElseThrow();
        submit.run(
                        new StepExecutor.Step(
                                claimed, playbook, playbook.steps().get(claimed.stepIndex()), now))
                .block();
        String control =
                db.sql("SELECT control_number FROM submission WHERE denial_id = :d")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        assertThat(outboxFiles(control)).isEqualTo(1);

        // nobody else may take it while the lease holds; after it runs out the step runs again
        orchestrator.runOnce().block();
        assertThat(status(denial)).isEqualTo("IN_PROGRESS");
        clock.advanceBy(Duration.ofMinutes(6));
        org.reclaim.support.TestData.leasesRunOut(db);
        orchestrator.runOnce().block();
        assertThat(status(denial)).isEqualTo("SUBMITTED");
        assertThat(outboxFiles(control))
                .as("one 837 in the outbox: the repeat was recognised by its key")
                .isEqualTo(1);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission WHERE control_number = '"
                                        + control
                                        + "'"))
                .isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM submission WHERE denial_id = '" + denial + "'"))
                .isEqualTo(1);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission WHERE status = 'SENT' AND denial_id = '"
                                        + denial
                                        + "'"))
                .isEqualTo(1);
    }

    /**
     * 837 files in the outbox for the claim's interchange, and interchanges for the same denial's
     * key.
     */
    long outboxFiles(String control) throws Exception {
        Path outbox = props.dataDir().resolve("outbox").resolve("default");
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(
                            p -> p.getFileName().toString().endsWith("-837-" + control + ".x12"))
                    .count();
        }
    }

    StepKind stepKind(UUID denial) {
        Integer index =
                db.sql("SELECT step_index FROM work_item WHERE denial_id = :d")
                        .bind("d", denial)
                        .map(x -> x.get(0, Integer.class))
                        .one()
                        .block();
        String playbook =
                db.sql("SELECT playbook FROM work_item WHERE denial_id = :d")
                        .bind("d", denial)
                        .map(x -> x.get(0, String.class))
                        .one()
                        .block();
        return triage.current().playbooks().byId(playbook).steps().get(index).kind();
    }

    String status(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :id")
                .bind("id", denial)
                .map(x -> x.get(0, String.class))
                .one()
                .block();
    }
}
