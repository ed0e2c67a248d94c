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
        return claims.of(s.item())
                .filter(
                        doc ->
                                !doc.otherPayers().isEmpty()
                                        && doc.otherPayers().get(0).payer() != null)
                .flatMap(
                        doc ->
                                outgoing.envelope(s.item().practiceId(), s.now())
                                        .flatMap(
                                                env ->
                                                        Mono.fromCallable(
                                                                        () -> {
                                                                            ClaimDocument.OtherPayer
                                                                                    other =
                                                                                            doc.otherPayers()
                                                                                                    .get(
                                                                                                            0);
                                                                            ClaimDocument.Party
                                                                                    payer =
                                                                                            new ClaimDocument
                                                                                                    .Party(
                                                                                                    other
                                                                                                            .payer(),
                                                                                                    other
                                                                                                            .payerAddress(),
                                                                                                    null,
                                                                                                    List
                                                                                                            .of());
                                                                            ClaimDocument rebill =
                                                                                    doc.withPayer(
                                                                                                    payer)
                                                                                            .withOtherPayers(
                                                                                                    new ArrayList<>())
                                                                                            .asNewOriginal();
                                                                            return ClaimWriter837P
                                                                                    .write(
                                                                                            rebill,
                                                                                            env);
                                                                        })
                                                                .subscribeOn(
                                                                        Schedulers.boundedElastic())
                                                                .flatMap(
                                                                        bytes ->
                                                                                artifacts
                                                                                        .save(
                                                                                                s.item()
                                                                                                        .practiceId(),
                                                                                                s.item()
                                                                                                        .denialId(),
                                                                                                "claim-837",
                                                                                                "application/edi-x12",
                                                                                                bytes,
                                                                                                "rebill",
                                                                                                s
                                                                                                        .now())
                                                                                        .flatMap(
                                                                                                id -> {
                                                                                                    String
                                                                                                            key =
                                                                                                                    s
                                                                                                                            .key(
                                                                                                                                    "rebill:"
                                                                                                                                            + id);
                                                                                                    return clearinghouses
                                                                                                            .clearinghouse(
                                                                                                                    s.item()
                                                                                                                            .practiceId())
                                                                                                            .flatMap(
                                                                                                                    ch ->
                                                                                                                            submissions
                                                                                                                                    .offer(
                                                                                                                                            s.item()
                                                                                                                                                    .practiceId(),
                                                                                                                                            s.item()
                                                                                                                                                    .denialId(),
                                                                                                                                            key,
                                                                                                                                            "clearinghouse",
                                                                                                                                            "837",
                                                                                                                                            id,
                                                                                                                                            Outgoing
                                                                                                                                                    .icn(
                                                                                                                                                            env),
                                                                                                                                            () -> {
                                                                                                                                                var
                                                                                                                                                        r =
                                                                                                                                                                ch
                                                                                                                                                                        .submit(
                                                                                                                                                                                new OutgoingFile(
                                                                                                                                                                                        s.item()
                                                                                                                                                                                                .practiceSlug(),
                                                                                                                                                                                        key,
                                                                                                                                                                                        "837",
                                                                                                                                                                                        Outgoing
                                                                                                                                                                                                .icn(
                                                                                                                                                                                                        env),
                                                                                                                                                                                        bytes,
                                                                                                                                                                                        s
                                                                                                                                                                                                .now()));
                                                                                                                                                return Answers
                                                                                                                                                        .of(
                                                                                                                                                                r);
                                                                                                                                            }));
                                                                                                }))))
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
}
