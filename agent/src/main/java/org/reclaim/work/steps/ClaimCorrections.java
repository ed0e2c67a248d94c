package org.reclaim.work.steps;

import java.time.Duration;
import java.util.UUID;
import org.reclaim.denial.DenialStatus;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Artifacts;
import org.reclaim.work.ClaimOnFile;
import org.reclaim.work.WorkContext;
import org.reclaim.work.WorkItem;
import org.reclaim.x12.claim.ClaimDocument;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The corrected claims of one claim that has several denials (one per denied line, say). A payer
 * keeps only the latest replacement of a claim, so each correction must carry the earlier ones: a
 * denial's corrected claim is drafted on top of the last corrected claim sent for the same claim
 * (by any of its denials), and not while another denial of the claim has a corrected claim drafted
 * and not yet sent — it waits for that one to go first. (The orchestrator runs one step at a time
 * per claim, so two denials of a claim never draft at the same moment.)
 */
@Component
public class ClaimCorrections {

    /** How long a denial waits before it looks again whether the other correction has gone. */
    static final Duration WAIT = Duration.ofHours(6);

    private static final String OPEN_AND_WORKED =
            "d.status NOT IN ("
                    + DenialStatus.terminalSql()
                    + ", "
                    + DenialStatus.sql(DenialStatus.ESCALATED)
                    + ")";

    private final DatabaseClient db;
    private final Artifacts artifacts;
    private final TriageService triage;

    ClaimCorrections(DatabaseClient db, Artifacts artifacts, TriageService triage) {
        this.db = db;
        this.artifacts = artifacts;
        this.triage = triage;
    }

    /**
     * The denial (of the same claim) whose corrected claim is drafted and waits for review or to be
     * sent; empty when there is none. A correction that was rejected, escalated or sent is not
     * waited for.
     */
    Mono<UUID> pendingElsewhere(WorkItem item) {
        if (item.claimPaymentId() == null) return Mono.empty();
        return db.sql(
                        """
                        SELECT w.denial_id, w.playbook, w.step_index, w.context
                        FROM work_item w JOIN denial d ON d.id = w.denial_id
                        WHERE d.practice_id = :practice AND d.claim_payment_id = :claim AND d.id <> :denial
                          AND w.state <> 'DONE' AND %s
                        ORDER BY d.id"""
                                .formatted(OPEN_AND_WORKED))
                .bind("practice", item.practiceId())
                .bind("claim", item.claimPaymentId())
                .bind("denial", item.denialId())
                .map(
                        r ->
                                new Other(
                                        r.get("denial_id", UUID.class),
                                        r.get("playbook", String.class),
                                        r.get("step_index", Integer.class),
                                        WorkContext.decode(r.get("context", String.class))))
                .all()
                .filter(this::correctionOnItsWay)
                .map(Other::denial)
                .next();
    }

    private record Other(UUID denial, String playbook, int stepIndex, WorkContext context) {}

    /** Drafted (its context says a claim is to be sent) and standing at a REVIEW or SUBMIT step. */
    private boolean correctionOnItsWay(Other o) {
        if (!"claim".equals(o.context().get("pending.submit"))) return false;
        Playbook p = triage.current().playbooks().byId(o.playbook());
        if (p == null || o.stepIndex() >= p.steps().size()) return false;
        StepKind kind = p.steps().get(o.stepIndex()).kind();
        return kind == StepKind.REVIEW || kind == StepKind.SUBMIT;
    }

    /**
     * The newest corrected claim sent for this claim by any of its denials (this one included),
     * read back.
     */
    Mono<Sent> latestSent(WorkItem item) {
        if (item.claimPaymentId() == null) return Mono.empty();
        return db.sql(
                        """
                        SELECT s.artifact_id FROM submission s
                        JOIN denial d ON d.id = s.denial_id
                        JOIN artifact a ON a.id = s.artifact_id
                        WHERE d.practice_id = :practice AND d.claim_payment_id = :claim
                          AND s.status = 'SENT' AND a.kind = 'claim-837'
                        ORDER BY coalesce(s.sent_at, s.created_at) DESC, s.id DESC
                        LIMIT 1""")
                .bind("practice", item.practiceId())
                .bind("claim", item.claimPaymentId())
                .map(r -> r.get("artifact_id", UUID.class))
                .one()
                .flatMap(
                        id ->
                                artifacts
                                        .get(id)
                                        .flatMap(
                                                a ->
                                                        ClaimOnFile.read(
                                                                a, item.patientControlNumber()))
                                        .map(doc -> new Sent(id, doc)));
    }

    /** A corrected claim sent earlier: its artifact and the claim it carried. */
    record Sent(UUID artifact, ClaimDocument claim) {}
}
