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
import reactor.core.scheduler.Schedulers;

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
    private final org.reclaim.work.PlaybookVersions versions;

    ClaimCorrections(
            DatabaseClient db,
            Artifacts artifacts,
            TriageService triage,
            org.reclaim.work.PlaybookVersions versions) {
        this.db = db;
        this.artifacts = artifacts;
        this.triage = triage;
        this.versions = versions;
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
                        SELECT w.denial_id, w.playbook, w.playbook_version, w.step_index, w.context
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
                                        r.get("playbook_version", String.class),
                                        r.get("step_index", Integer.class),
                                        WorkContext.decode(r.get("context", String.class))))
                .all()
                .filterWhen(this::correctionOnItsWay)
                .map(Other::denial)
                .next();
    }

    private record Other(
            UUID denial, String playbook, String version, int stepIndex, WorkContext context) {}

    /**
     * Drafted (its context says a claim is to be sent) and standing at a REVIEW or SUBMIT step of
     * the playbook version it is pinned to.
     */
    private Mono<Boolean> correctionOnItsWay(Other o) {
        if (!"claim".equals(o.context().get("pending.submit"))) return Mono.just(false);
        Mono<Playbook> playbook =
                o.version() == null
                        ? Mono.justOrEmpty(triage.current().playbooks().byId(o.playbook()))
                        : versions.version(o.version());
        return playbook.map(
                        p -> {
                            if (o.stepIndex() >= p.steps().size()) return false;
                            StepKind kind = p.steps().get(o.stepIndex()).kind();
                            return kind == StepKind.REVIEW || kind == StepKind.SUBMIT;
                        })
                .defaultIfEmpty(false);
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

    /**
     * The claim the payer paid for this patient account, other than the one this denial answers,
     * with the claim as it was submitted; else the paid claim of the same patient (name and birth
     * date), payer and a line of the same procedure on the same date of service as the denied claim
     * (a resubmission under a new patient account number is still the same service); empty when
     * none is on file (not paid, not linked to its 837). The same account first, then the latest
     * paid.
     */
    Mono<Paid> paidClaim(WorkItem item) {
        if (item.claimPaymentId() == null) return Mono.empty();
        return db.sql(
                        """
                        SELECT cp.id, cp.payer_claim_number, cd.document
                        FROM claim_payment cp
                        JOIN remittance r ON r.id = cp.remittance_id
                        JOIN claim_payment_link l ON l.claim_payment_id = cp.id
                        JOIN claim_document cd ON cd.submitted_claim_id = l.submitted_claim_id
                        JOIN submitted_claim sc ON sc.id = l.submitted_claim_id
                        WHERE cp.practice_id = :practice
                          AND cp.id <> :claim AND cp.paid > 0 AND cp.payer_claim_number IS NOT NULL
                          AND cp.status IN ('1', '2', '3', '19', '20', '21')
                          AND l.submitted_claim_id IS DISTINCT FROM :submitted
                          AND (cp.patient_control_number = :pcn OR EXISTS (
                                SELECT 1 FROM submitted_claim dn
                                JOIN submitted_claim_line dl ON dl.submitted_claim_id = dn.id
                                JOIN submitted_claim_line pl ON pl.submitted_claim_id = sc.id
                                WHERE dn.id = :submitted AND dn.practice_id = :practice
                                  AND sc.practice_id = :practice
                                  AND sc.payer_id IS NOT DISTINCT FROM dn.payer_id
                                  AND coalesce(sc.patient_last_name, sc.subscriber_last_name)
                                      = coalesce(dn.patient_last_name, dn.subscriber_last_name)
                                  AND coalesce(sc.patient_first_name, sc.subscriber_first_name)
                                      IS NOT DISTINCT FROM coalesce(dn.patient_first_name, dn.subscriber_first_name)
                                  AND coalesce(sc.patient_birth_date, sc.subscriber_birth_date)
                                      = coalesce(dn.patient_birth_date, dn.subscriber_birth_date)
                                  AND pl.procedure = dl.procedure
                                  AND pl.service_from = dl.service_from))
                        ORDER BY (cp.patient_control_number = :pcn) DESC,
                                 r.payment_date DESC NULLS LAST, cp.id DESC
                        LIMIT 1""")
                .bind("practice", item.practiceId())
                .bind("pcn", item.patientControlNumber())
                .bind("claim", item.claimPaymentId())
                .bind(
                        "submitted",
                        item.submittedClaimId() == null ? new UUID(0, 0) : item.submittedClaimId())
                .map(
                        r ->
                                new Paid(
                                        r.get("id", UUID.class),
                                        r.get("payer_claim_number", String.class),
                                        r.get("document", String.class)))
                .one()
                .flatMap(
                        p ->
                                Mono.fromCallable(
                                                () ->
                                                        new Paid(
                                                                p.claimPaymentId(),
                                                                p.payerClaimNumber(),
                                                                p.document(),
                                                                ClaimDocument.parse(p.document())))
                                        .subscribeOn(Schedulers.boundedElastic()));
    }

    /**
     * The newest corrected claim the agent sent for this patient account by any denial, read back;
     * empty when it sent none. The agent's own claims are not claims on file, so a correction it
     * sent as a new original, denied as a duplicate, is found here.
     */
    Mono<Sent> latestSentForAccount(WorkItem item) {
        return db.sql(
                        """
                        SELECT s.artifact_id FROM submission s
                        JOIN denial d ON d.id = s.denial_id
                        JOIN artifact a ON a.id = s.artifact_id
                        WHERE d.practice_id = :practice AND d.patient_control_number = :pcn
                          AND s.status = 'SENT' AND a.kind = 'claim-837'
                        ORDER BY coalesce(s.sent_at, s.created_at) DESC, s.id DESC
                        LIMIT 1""")
                .bind("practice", item.practiceId())
                .bind("pcn", item.patientControlNumber())
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

    /** A paid claim on file: its remittance claim, payer claim number and submitted claim. */
    record Paid(
            UUID claimPaymentId, String payerClaimNumber, String document, ClaimDocument claim) {
        Paid(UUID claimPaymentId, String payerClaimNumber, String document) {
            this(claimPaymentId, payerClaimNumber, document, null);
        }
    }

    /** A corrected claim sent earlier: its artifact and the claim it carried. */
    record Sent(UUID artifact, ClaimDocument claim) {}
}
