package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.core.Times;
import org.reclaim.denial.DenialStatus;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/** The orchestrator against the real database: leases, deadlines, reviews and the audit trail. */
class OrchestratorTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired WorkItems items;
    @Autowired AgentClock clock;
    @Autowired TriageService triage;

    @BeforeEach
    void reviewAndWriteOffPlaybooks() throws IOException {
        // playbooks made only of steps that need no outside party, so these tests see the loop
        // itself
        TestPlaybooks.forEveryCategory(triage, TestPlaybooks.REVIEW_WAIT_WRITE_OFF);
    }

    @AfterEach
    void shippedPlaybooksAgain() throws IOException {
        TestPlaybooks.shipped(triage);
    }

    @Test
    void theNextDueTimeStopsAtADeadlineWatchSoAJumpingClockCannotSkipIt() {
        upload(20, 9, 20);
        Instant now = clock.instant();
        items.enqueueTriaged(now).block();
        // one denial with a deadline in 20 days, its work item asleep for 60; no other deadline or
        // work due
        UUID denial =
                db.sql("SELECT denial_id FROM work_item ORDER BY denial_id LIMIT 1")
                        .map(r -> r.get("denial_id", UUID.class))
                        .one()
                        .block();
        java.time.LocalDate deadline = triage.today().plusDays(20);
        db.sql("UPDATE denial SET deadline = CASE WHEN id = :id THEN CAST(:d AS date) END")
                .bind("id", denial)
                .bind("d", deadline)
                .fetch()
                .rowsUpdated()
                .block();
        db.sql("UPDATE work_item SET next_run_at = :t")
                .bind("t", Times.utc(now.plus(Duration.ofDays(60))))
                .fetch()
                .rowsUpdated()
                .block();

        Instant watch = deadline.minusDays(3).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        assertThat(orchestrator.nextDue().block()).isEqualTo(watch);
        clock.advanceTo(watch.plusMillis(1));
        orchestrator.runOnce().block();
        assertThat(
                        db.sql("SELECT status FROM denial WHERE id = :id")
                                .bind("id", denial)
                                .map(r -> r.get("status", String.class))
                                .one()
                                .block())
                .isEqualTo("ESCALATED");
        assertThat(orchestrator.nextDue().block()).as("nothing else is watched").isAfter(watch);
    }

    @Test
    void aDenialArrivingNearItsDeadlineIsWorkedFirstAndEscalatedOnlyIfItWouldWaitPastIt()
            throws IOException {
        // the agent acts within seconds: one whose step is due now is left to it; one whose next
        // run is set past the deadline's day is a person's to take up
        TestPlaybooks.forEveryCategory(triage, category -> "  - step: WRITE_OFF\n");
        upload(20, 9, 20);
        Instant now = clock.instant();
        items.enqueueTriaged(now).block();
        List<UUID> all =
                db.sql("SELECT denial_id FROM work_item ORDER BY denial_id")
                        .map(r -> r.get("denial_id", UUID.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(all).hasSizeGreaterThan(1);
        UUID asleep = all.get(0);
        db.sql("UPDATE denial SET deadline = CAST(:d AS date)")
                .bind("d", triage.today().plusDays(1))
                .fetch()
                .rowsUpdated()
                .block();
        db.sql(
                        "UPDATE work_item SET next_run_at = CASE WHEN denial_id = :id THEN :later ELSE :now END")
                .bind("id", asleep)
                .bind("later", Times.utc(now.plus(Duration.ofDays(5))))
                .bind("now", Times.utc(now))
                .fetch()
                .rowsUpdated()
                .block();

        orchestrator.runUntilIdle().block();

        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE status = 'WRITTEN_OFF' AND id <> '"
                                        + asleep
                                        + "'"))
                .as("worked by the agent, not escalated before it could act")
                .isEqualTo(all.size() - 1);
        assertThat(
                        db.sql("SELECT status FROM denial WHERE id = :id")
                                .bind("id", asleep)
                                .map(r -> r.get("status", String.class))
                                .one()
                                .block())
                .isEqualTo("ESCALATED");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial_event WHERE actor = 'agent:DEADLINE_WATCH'"))
                .isEqualTo(1);
    }

    @Test
    void anAppealUpheldAfterItsLevelsDeadlineGoesToTheNextLevelNotToAPerson() throws IOException {
        // the next level's deadline counts from the upheld decision: the old one passing is no
        // reason to escalate a denial whose next move is due now
        TestPlaybooks.forEveryCategory(
                triage,
                category -> "  - step: NEXT_APPEAL_LEVEL\n  - step: REVIEW\n    review: ALWAYS\n");
        upload(20, 9, 20);
        Instant now = clock.instant();
        items.enqueueTriaged(now).block();
        UUID upheld =
                db.sql("SELECT denial_id FROM work_item ORDER BY denial_id LIMIT 1")
                        .map(r -> r.get("denial_id", UUID.class))
                        .one()
                        .block();
        db.sql("UPDATE denial SET status = 'UPHELD', deadline = CAST(:d AS date) WHERE id = :id")
                .bind("d", triage.today().minusDays(2))
                .bind("id", upheld)
                .fetch()
                .rowsUpdated()
                .block();
        db.sql("UPDATE work_item SET next_run_at = :now WHERE denial_id = :id")
                .bind("now", Times.utc(now))
                .bind("id", upheld)
                .fetch()
                .rowsUpdated()
                .block();

        orchestrator.runUntilIdle().block();

        assertThat(
                        db.sql("SELECT status FROM denial WHERE id = :id")
                                .bind("id", upheld)
                                .map(r -> r.get("status", String.class))
                                .one()
                                .block())
                .isIn("NEXT_LEVEL", "IN_PROGRESS", "AWAITING_REVIEW");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial_event WHERE actor = 'agent:DEADLINE_WATCH'"))
                .isZero();
    }

    void upload(int claims, long seed, int daysBack) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(claims)
                        .withSeed(seed)
                        .withDenialRate(0.4)
                        .withBaseDate(triage.today().minusDays(daysBack)),
                c,
                r);
        http.post()
                .uri("/api/v1/remittances")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(r.toByteArray())
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /**
     * Every denial's events chain from NEW to the status it is in, each move one the lifecycle
     * allows.
     */
    void assertAuditTrailsAreComplete() {
        List<Map<String, Object>> rows =
                db.sql(
                                """
                        SELECT d.id, d.status, e.from_status, e.to_status FROM denial d
                        LEFT JOIN denial_event e ON e.denial_id = d.id ORDER BY d.id, e.at, e.id""")
                        .fetch()
                        .all()
                        .collectList()
                        .block();
        UUID current = null;
        String at = null;
        String status = null;
        for (Map<String, Object> r : rows) {
            UUID id = (UUID) r.get("id");
            if (!id.equals(current)) {
                if (current != null)
                    assertThat(at).as("denial %s ends in its status", current).isEqualTo(status);
                current = id;
                at = "NEW";
                status = (String) r.get("status");
            }
            if (r.get("to_status") == null) continue;
            assertThat(r.get("from_status")).as("event chain of %s", id).isEqualTo(at);
            assertThat(
                            DenialStatus.valueOf(at)
                                    .canMoveTo(DenialStatus.valueOf((String) r.get("to_status"))))
                    .isTrue();
            at = (String) r.get("to_status");
        }
        if (current != null) assertThat(at).isEqualTo(status);
    }

    @Test
    void reviewsAreListedOldestFirstAPageAtATime() {
        upload(20, 9, 20);
        orchestrator.runUntilIdle().block();
        long open = count(db, "SELECT count(*) FROM review WHERE status = 'OPEN'");
        assertThat(open).isGreaterThan(3);
        List<Map<String, Object>> all = reviews("/api/v1/reviews?size=1000");
        assertThat(all).hasSize((int) open);

        Map<String, Object> second = page("/api/v1/reviews?page=1&size=2");
        assertThat(second).containsEntry("page", 1).containsEntry("size", 2);
        assertThat(((Number) second.get("totalElements")).longValue()).isEqualTo(open);
        assertThat(reviews("/api/v1/reviews?page=1&size=2"))
                .extracting(r -> r.get("id"))
                .containsExactly(all.get(2).get("id"), all.get(3).get("id"));
        assertThat(page("/api/v1/reviews")).containsEntry("size", 50);
        http.get()
                .uri("/api/v1/reviews?size=1001")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    Map<String, Object> page(String uri) {
        return http.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> reviews(String uri) {
        return (List<Map<String, Object>>) page(uri).get("content");
    }

    @Test
    void reviewsWaitForAnOperatorAndTheirDecisionsDriveThePlaybook() {
        upload(200, 5, 20);
        orchestrator.runUntilIdle().block();
        long denials = count(db, "SELECT count(*) FROM denial");
        assertThat(count(db, "SELECT count(*) FROM denial WHERE status = 'AWAITING_REVIEW'"))
                .isEqualTo(denials);
        List<Map<String, Object>> open = reviews("/api/v1/reviews?size=1000");
        assertThat(open).hasSize((int) denials);

        // the audit trail names the signed-in operator, whatever a request body says
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                "dana.reviewer",
                                "password",
                                "dana-password-123",
                                "role",
                                "REVIEWER"))
                .exchange()
                .expectStatus()
                .isCreated();
        var dana = asOperator("dana.reviewer", "dana-password-123");
        String approved = (String) open.get(0).get("id");
        String rejected = (String) open.get(1).get("id");
        dana.post()
                .uri("/api/v1/reviews/" + approved + "/approve")
                .bodyValue(Map.of("operator", "Dana Reviewer"))
                .exchange()
                .expectStatus()
                .isNoContent();
        dana.post()
                .uri("/api/v1/reviews/" + rejected + "/reject")
                .bodyValue(Map.of("operator", "Dana Reviewer"))
                .exchange()
                .expectStatus()
                .isBadRequest(); // a rejection needs a reason
        dana.post()
                .uri("/api/v1/reviews/" + rejected + "/reject")
                .bodyValue(
                        Map.of(
                                "operator",
                                "Dana Reviewer",
                                "reason",
                                "needs the operative note first"))
                .exchange()
                .expectStatus()
                .isNoContent();
        dana.post()
                .uri("/api/v1/reviews/" + approved + "/approve")
                .bodyValue(Map.of("operator", "Dana Reviewer"))
                .exchange()
                .expectStatus()
                .isBadRequest(); // decided already

        orchestrator.runUntilIdle().block();
        UUID approvedDenial = UUID.fromString((String) open.get(0).get("denialId"));
        UUID rejectedDenial = UUID.fromString((String) open.get(1).get("denialId"));
        assertThat(status(approvedDenial))
                .isEqualTo("IN_PROGRESS"); // waiting 10 days for the payer
        assertThat(status(rejectedDenial)).isEqualTo("ESCALATED");

        clock.advanceBy(Duration.ofDays(11));
        orchestrator.runUntilIdle().block();
        assertThat(status(approvedDenial)).isEqualTo("WRITTEN_OFF");
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial_event WHERE actor = 'operator:dana.reviewer'"))
                .isEqualTo(2);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM step_run WHERE denial_id = '"
                                        + approvedDenial
                                        + "'"))
                .isGreaterThanOrEqualTo(4);

        // an operator retries the escalated one: it goes back to its playbook
        http.post()
                .uri("/api/v1/denials/" + rejectedDenial + "/actions")
                .bodyValue(Map.of("action", "RETRY", "operator", "Sam Admin"))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(status(rejectedDenial)).isEqualTo("IN_PROGRESS");
        http.post()
                .uri("/api/v1/denials/" + rejectedDenial + "/actions")
                .bodyValue(
                        Map.of(
                                "action",
                                "CLOSE",
                                "operator",
                                "Sam Admin",
                                "reason",
                                "paid by the patient directly"))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(status(rejectedDenial)).isEqualTo("CLOSED");
        assertAuditTrailsAreComplete();
    }

    @Test
    void aDeadWorkersLeaseRunsOutAndAnotherInstanceResumesTheStep() {
        upload(100, 6, 20);
        Instant now = clock.instant();
        items.enqueueTriaged(now).block();
        long due = count(db, "SELECT count(*) FROM work_item WHERE state = 'READY'");
        List<WorkItem> taken =
                items.claim("dead-instance", 1000, now, Duration.ofMinutes(5))
                        .collectList()
                        .block();
        // one denial of each claim: the others of a claim wait for their turn
        assertThat(taken)
                .hasSize(
                        (int)
                                count(
                                        db,
                                        "SELECT count(DISTINCT d.claim_payment_id) FROM work_item w "
                                                + "JOIN denial d ON d.id = w.denial_id WHERE w.state = 'READY'"));

        assertThat(orchestrator.runOnce().block())
                .isZero(); // every claim is leased by the dead instance
        clock.advanceBy(Duration.ofMinutes(6));
        org.reclaim.support.TestData.leasesRunOut(db);
        assertThat(orchestrator.runUntilIdle().block()).isEqualTo((int) due);
        assertThat(count(db, "SELECT count(*) FROM work_item WHERE state = 'WAITING_REVIEW'"))
                .isEqualTo(due);
        assertThat(count(db, "SELECT count(*) FROM review")).isEqualTo(due);
        assertAuditTrailsAreComplete();
    }

    @Test
    void twoInstancesNeverClaimTheSameItem() {
        upload(300, 7, 20);
        Instant now = clock.instant();
        items.enqueueTriaged(now).block();
        // at most one denial of a claim at a time
        long due =
                count(
                        db,
                        "SELECT count(DISTINCT d.claim_payment_id) FROM work_item w JOIN denial d ON d.id = w.denial_id "
                                + "WHERE w.state = 'READY'");
        var a = items.claim("instance-a", 60, now, Duration.ofSeconds(300)).collectList();
        var b = items.claim("instance-b", 60, now, Duration.ofSeconds(300)).collectList();
        var both =
                Mono.zip(
                                a.subscribeOn(reactor.core.scheduler.Schedulers.parallel()),
                                b.subscribeOn(reactor.core.scheduler.Schedulers.parallel()))
                        .block();
        Set<UUID> ids = new HashSet<>();
        both.getT1().forEach(w -> ids.add(w.denialId()));
        for (WorkItem w : both.getT2())
            assertThat(ids.add(w.denialId())).as("claimed twice: " + w.denialId()).isTrue();
        assertThat(ids).hasSize((int) Math.min(due, 120));
        Set<UUID> claims = new HashSet<>();
        for (var w : both.getT1()) claims.add(w.claimPaymentId());
        for (var w : both.getT2())
            assertThat(claims.add(w.claimPaymentId()))
                    .as("two denials of one claim at once")
                    .isTrue();
    }

    @Test
    void theDenialsOfAClaimTakeTurnsInLineOrder() {
        upload(200, 9, 40);
        Instant now = clock.instant();
        items.enqueueTriaged(now).block();
        // every item due at the same instant: only the tie-break can choose (ids are random)
        db.sql("UPDATE work_item SET next_run_at = :t")
                .bind("t", now.atOffset(java.time.ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .block();
        Map<UUID, List<Integer>> lines = new java.util.HashMap<>();
        db.sql(
                        """
                SELECT d.claim_payment_id, d.line FROM work_item w JOIN denial d ON d.id = w.denial_id
                WHERE w.state = 'READY' ORDER BY d.claim_payment_id, d.line NULLS FIRST""")
                .map(
                        r ->
                                Map.entry(
                                        r.get("claim_payment_id", UUID.class),
                                        java.util.Optional.ofNullable(
                                                r.get("line", Integer.class))))
                .all()
                .doOnNext(
                        e ->
                                lines.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>())
                                        .add(e.getValue().orElse(null)))
                .blockLast();
        assertThat(lines.values()).as("claims with several denials").anyMatch(l -> l.size() > 1);
        int turn = 0;
        for (; ; turn++) {
            List<WorkItem> got =
                    items.claim("turns", 10_000, now, Duration.ofSeconds(60)).collectList().block();
            if (got.isEmpty()) break;
            for (WorkItem w : got) {
                assertThat(w.line())
                        .as("turn " + (turn + 1) + " of claim " + w.patientControlNumber())
                        .isEqualTo(lines.get(w.claimPaymentId()).get(turn));
            }
            // their turn over: the next denial of each claim is free to go
            db.sql(
                            "UPDATE work_item SET state = 'DONE', lease_until = NULL WHERE denial_id = ANY(:ids)")
                    .bind("ids", got.stream().map(WorkItem::denialId).toArray(UUID[]::new))
                    .fetch()
                    .rowsUpdated()
                    .block();
        }
        assertThat(turn)
                .isEqualTo(lines.values().stream().mapToInt(List::size).max().orElseThrow());
    }

    @Test
    void aDenialNearItsDeadlineIsEscalatedNeverMissed() {
        upload(150, 8, 20);
        orchestrator.runUntilIdle().block(); // everything waits for review
        String first =
                db.sql("SELECT min(deadline)::text FROM denial")
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block();
        clock.advanceTo(
                java.time.LocalDate.parse(first)
                        .minusDays(2)
                        .atStartOfDay()
                        .toInstant(java.time.ZoneOffset.UTC));
        orchestrator.runOnce().block();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE deadline = '"
                                        + first
                                        + "' AND status <> 'ESCALATED'"))
                .isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial_event WHERE actor = 'agent:DEADLINE_WATCH'"))
                .isPositive();
        // the escalation tells the person what to do, not only what happened
        assertThat(
                        db.sql(
                                        "SELECT reason FROM denial_event WHERE actor = 'agent:DEADLINE_WATCH' LIMIT 1")
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .startsWith("deadline " + first + " is near or past and nothing was submitted: ")
                .contains("by hand before it passes, or write the denial off with the reason");
        // nothing the agent still owes work on is past its deadline without a person knowing
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE deadline < '"
                                        + triage.today()
                                        + "' AND status IN ('TRIAGED', 'IN_PROGRESS', 'AWAITING_REVIEW')"))
                .isZero();
        assertAuditTrailsAreComplete();
    }

    String status(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :id")
                .bind("id", denial)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }
}
