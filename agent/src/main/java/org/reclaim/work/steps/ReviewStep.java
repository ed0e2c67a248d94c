package org.reclaim.work.steps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.drafting.ClaimEdits;
import org.reclaim.drafting.FieldChange;
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
 * REVIEW: waits for an operator when policy says so; approved → next step, rejected → REJECTED. A
 * corrected claim approved with the operator's edits ({@code line[2].modifiers=25}) goes out as
 * edited: the edits are applied to the agent's draft and written as a new draft, and both versions
 * are kept (the edited one names the draft it was made from).
 */
@Component
class ReviewStep implements StepExecutor {

    private final Artifacts artifacts;
    private final Outgoing outgoing;

    ReviewStep(Artifacts artifacts, Outgoing outgoing) {
        this.artifacts = artifacts;
        this.outgoing = outgoing;
    }

    @Override
    public StepKind kind() {
        return StepKind.REVIEW;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        String decision = Reviews.decision(s);
        if ("APPROVED".equals(decision)) {
            Map<String, String> edits = edits(s);
            if (!edits.isEmpty() && "claim".equals(s.item().context().get("pending.submit")))
                return edited(s, edits);
            return Mono.just(StepResult.done("approved by an operator"));
        }
        if ("REJECTED".equals(decision)) {
            return Mono.just(
                    StepResult.outcome(Playbook.Outcome.REJECTED, "rejected by an operator"));
        }
        String why = Reviews.needed(s, Playbook.Review.ALWAYS);
        if (why == null) return Mono.just(StepResult.done("no review needed by policy"));
        // the operator sees what a draft rests on and what it changes
        var ctx = s.item().context();
        String evidence = ctx.get("appeal.evidence");
        if (evidence != null && !evidence.isEmpty() && "appeal".equals(ctx.get("pending.submit")))
            why = why + "; the appeal encloses " + evidence;
        if ("claim".equals(ctx.get("pending.submit"))) {
            String changes = ctx.get("draft.changes");
            String rules = ctx.get("draft.rules");
            String documents = ctx.get("draft.documents");
            if (changes != null && !changes.isEmpty()) why = why + "; the draft changes " + changes;
            if (rules != null && !rules.isEmpty()) why = why + "; by rule " + rules;
            if (documents != null && !documents.isEmpty())
                why = why + "; on " + documents.replace("\t", ", ");
        }
        return Mono.just(StepResult.done("waiting for an operator").reviewing(why));
    }

    /** The operator's edits approved with this step's review, by field. */
    private static Map<String, String> edits(Step s) {
        String prefix = "review." + s.step().id() + ".edit.";
        Map<String, String> out = new java.util.TreeMap<>();
        s.item()
                .context()
                .asMap()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
                        });
        return out;
    }

    /**
     * The drafted claim with the operator's edits: a new artifact (source {@code
     * operator-edit:<draft>}), the agent's draft kept as it was. An edit that cannot be applied, or
     * a claim that no longer passes the 837P checks, goes back to the operator with the reason.
     */
    private Mono<StepResult> edited(Step s, Map<String, String> edits) {
        var item = s.item();
        UUID draft = UUID.fromString(item.context().get("claimArtifact"));
        return artifacts
                .get(draft)
                .flatMap(
                        a -> {
                            ClaimDocument doc =
                                    ClaimOnFile.find(a.content(), item.patientControlNumber());
                            if (doc == null)
                                return Mono.just(again(s, edits, "the draft cannot be read"));
                            Map<String, String> now = ClaimEdits.fields(doc);
                            List<FieldChange> changes = new ArrayList<>();
                            edits.forEach(
                                    (field, v) ->
                                            changes.add(
                                                    new FieldChange(
                                                            field,
                                                            now.get(field),
                                                            v == null || v.isEmpty() ? null : v)));
                            ClaimDocument out;
                            try {
                                out = ClaimEdits.apply(doc, changes);
                            } catch (RuntimeException e) {
                                return Mono.just(
                                        again(
                                                s,
                                                edits,
                                                "the edit cannot be applied: " + e.getMessage()));
                            }
                            List<String> problems = ClaimWriter837P.problems(out);
                            if (!problems.isEmpty())
                                return Mono.just(
                                        again(
                                                s,
                                                edits,
                                                "the edited claim does not pass the 837P checks: "
                                                        + String.join("; ", problems)));
                            String described = ClaimEdits.describe(changes);
                            return outgoing.envelope(item.practiceId(), s.now())
                                    .flatMap(
                                            env ->
                                                    Mono.fromCallable(
                                                                    () ->
                                                                            ClaimWriter837P.write(
                                                                                    out, env))
                                                            .subscribeOn(
                                                                    Schedulers.boundedElastic())
                                                            .flatMap(
                                                                    bytes ->
                                                                            artifacts.save(
                                                                                    item
                                                                                            .practiceId(),
                                                                                    item.denialId(),
                                                                                    "claim-837",
                                                                                    "application/edi-x12",
                                                                                    bytes,
                                                                                    "operator-edit:"
                                                                                            + draft,
                                                                                    s.now()))
                                                            .map(
                                                                    id ->
                                                                            editedResult(
                                                                                    s,
                                                                                    id,
                                                                                    draft,
                                                                                    Outgoing.icn(
                                                                                            env),
                                                                                    described)));
                        })
                .switchIfEmpty(
                        Mono.fromSupplier(() -> again(s, edits, "the draft is not on file")));
    }

    private static StepResult editedResult(
            Step s, UUID id, UUID draft, String control, String described) {
        Map<String, String> c = new HashMap<>();
        c.put("claimArtifact", id.toString());
        c.put("claim.control", control);
        String before = s.item().context().get("draft.changes");
        c.put(
                "draft.changes",
                (before == null || before.isEmpty() ? "" : before + "; ")
                        + "operator: "
                        + described);
        return StepResult.done(
                        "approved by an operator with edits ("
                                + described
                                + "): the edited claim is draft "
                                + id
                                + "; the agent's draft "
                                + draft
                                + " is kept")
                .withContext(c);
    }

    /** Back to the operator: the approval and its edits are cleared, the reason given. */
    private static StepResult again(Step s, Map<String, String> edits, String why) {
        String i = s.step().id();
        Map<String, String> c = new HashMap<>();
        c.put("review." + i, null);
        for (String f : edits.keySet()) c.put("review." + i + ".edit." + f, null);
        return StepResult.done("the operator's edits cannot be used: " + why)
                .withContext(c)
                .reviewing("the operator's edits cannot be used: " + why + "; decide again");
    }
}
