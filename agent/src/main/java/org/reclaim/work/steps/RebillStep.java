package org.reclaim.work.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reclaim.connector.clearinghouse.OutgoingFile;
import org.reclaim.denial.DenialStatus;
import org.reclaim.partner.Submissions;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.work.Artifacts;
import org.reclaim.work.ClaimOnFile;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.write.ClaimWriter837P;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * REBILL_OTHER_PAYER: the claim goes, as a new original, to the other payer its own COB loop names
 * (another payer primary, CARC 22; the wrong payer, CARC 109). The denying payer's adjudication is
 * not put in COB loops here: it paid nothing, and the other payer is billed as the primary. With no
 * other payer on the claim the step finds nothing (NOT_FOUND) and the playbook goes to a person.
 */
@Component
class RebillStep implements StepExecutor {

    private final ClaimOnFile claims;
    private final Outgoing outgoing;
    private final Submissions submissions;
    private final org.reclaim.partner.ConnectorSettings clearinghouses;
    private final Artifacts artifacts;

    RebillStep(
            ClaimOnFile claims,
            Outgoing outgoing,
            Submissions submissions,
            org.reclaim.partner.ConnectorSettings clearinghouses,
            Artifacts artifacts) {
        this.claims = claims;
        this.outgoing = outgoing;
        this.submissions = submissions;
        this.clearinghouses = clearinghouses;
        this.artifacts = artifacts;
    }

    @Override
    public StepKind kind() {
        return StepKind.REBILL_OTHER_PAYER;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        // one key per rebill of this step: a run again after a crash finds the 837 built the first
        // time (its envelope, its artifact) and sends exactly it, never a second claim
        String key = s.key("rebill");
        return claims.of(s.item())
                .filter(
                        doc ->
                                !doc.otherPayers().isEmpty()
                                        && doc.otherPayers().get(0).payer() != null)
                .flatMap(
                        doc ->
                                clearinghouses
                                        .clearinghouse(s.item().practiceId())
                                        .flatMap(
                                                ch ->
                                                        submissions.offerFile(
                                                                s.item().practiceId(),
                                                                s.item().denialId(),
                                                                key,
                                                                "clearinghouse",
                                                                "837",
                                                                build(s, doc),
                                                                file ->
                                                                        Answers.of(
                                                                                ch.submit(
                                                                                        new OutgoingFile(
                                                                                                s.item()
                                                                                                        .practiceSlug(),
                                                                                                key,
                                                                                                "837",
                                                                                                file
                                                                                                        .controlNumber(),
                                                                                                file
                                                                                                        .bytes(),
                                                                                                file
                                                                                                        .builtAt()))))))
                .map(
                        answer ->
                                Answers.result(
                                        answer,
                                        StepResult.Partner.CLEARINGHOUSE,
                                        "claim rebilled to the other payer",
                                        receipt ->
                                                StepResult.done("rebilled to the other payer")
                                                        .withContext(Map.of("rebilled", "true"))
                                                        .moving(
                                                                DenialStatus.REBILLED,
                                                                "sent as a new original claim to the other payer")))
                .switchIfEmpty(
                        Mono.fromSupplier(
                                () ->
                                        StepResult.outcome(
                                                Playbook.Outcome.NOT_FOUND,
                                                "no other payer on the claim to rebill")));
    }

    /** The 837 to the other payer, in a new envelope, kept as an artifact of the denial. */
    private Mono<Submissions.Built> build(Step s, ClaimDocument doc) {
        return outgoing.envelope(s.item().practiceId(), s.now())
                .flatMap(
                        env ->
                                Mono.fromCallable(() -> ClaimWriter837P.write(rebill(doc), env))
                                        .subscribeOn(Schedulers.boundedElastic())
                                        .flatMap(
                                                bytes ->
                                                        artifacts
                                                                .save(
                                                                        s.item().practiceId(),
                                                                        s.item().denialId(),
                                                                        "claim-837",
                                                                        "application/edi-x12",
                                                                        bytes,
                                                                        "rebill",
                                                                        s.now())
                                                                .map(
                                                                        id ->
                                                                                new Submissions
                                                                                        .Built(
                                                                                        Outgoing
                                                                                                .icn(
                                                                                                        env),
                                                                                        bytes,
                                                                                        id))));
    }

    /** The claim as a new original to the payer its first COB loop names, with no COB loops. */
    private static ClaimDocument rebill(ClaimDocument doc) {
        ClaimDocument.OtherPayer other = doc.otherPayers().get(0);
        ClaimDocument.Party payer =
                new ClaimDocument.Party(other.payer(), other.payerAddress(), null, List.of());
        return doc.withPayer(payer).withOtherPayers(new ArrayList<>()).asNewOriginal();
    }
}
