package org.reclaim.work.steps;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.connector.clearinghouse.OutgoingFile;
import org.reclaim.connector.clearinghouse.SubmissionReceipt;
import org.reclaim.connector.packet.Channel;
import org.reclaim.connector.packet.OutgoingPacket;
import org.reclaim.connector.packet.PacketOutbox;
import org.reclaim.denial.DenialStatus;
import org.reclaim.partner.Submissions;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.rules.PayerRules;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Artifacts;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * SUBMIT: sends the last draft through the channel the step or the payer names. A corrected claim
 * goes to the clearinghouse as an 837 (a reopening request, where the payer corrects by reopening
 * and no portal is configured, goes out as a mailed packet); an appeal packet goes by fax or mail
 * (a portal when one is configured for the payer). Every submission is written to the outbox table
 * first and carries an idempotency key, so a step run again never sends twice.
 */
@Component
class SubmitStep implements StepExecutor {

    private final Artifacts artifacts;
    private final Submissions submissions;
    private final PacketOutbox packets;
    private final org.reclaim.work.WorkItems workItems;
    private final TriageService triage;
    private final org.reclaim.partner.ConnectorSettings connectors;
    private final org.reclaim.denial.Denials denials;

    SubmitStep(
            Artifacts artifacts,
            Submissions submissions,
            PacketOutbox packets,
            TriageService triage,
            org.reclaim.partner.ConnectorSettings connectors,
            org.reclaim.denial.Denials denials,
            org.reclaim.work.WorkItems workItems) {
        this.denials = denials;
        this.workItems = workItems;
        this.artifacts = artifacts;
        this.submissions = submissions;
        this.packets = packets;
        this.triage = triage;
        this.connectors = connectors;
    }

    @Override
    public StepKind kind() {
        return StepKind.SUBMIT;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        // a corrected claim replaces the whole claim: one in flight at a time. An appeal is of its
        // own line, but the payer decides one question once: while another line of the claim is
        // appealed for the same reason, this one waits for that answer (which may pay it too)
        String pending = s.item().context().get("pending.submit");
        boolean claim = "claim".equals(pending);
        boolean appeal = "appeal".equals(pending);
        if (!claim && !appeal) return send(s);
        if (appeal && s.item().claimPaymentId() != null) {
            // a sibling's appeal before the payer lists this line too: it was appealed with it
            return workItems
                    .coveringAppeal(s.item().denialId(), s.item().claimPaymentId())
                    .map(
                            covering -> {
                                StepResult done =
                                        submitted(
                                                s,
                                                "appealed with the appeal sent for "
                                                        + (covering.getKey() == 0
                                                                ? "the claim"
                                                                : "line " + covering.getKey())
                                                        + " of this claim, which lists this line"
                                                        + " for the same reason: nothing more is sent",
                                                covering.getValue().get("submission.key"));
                                // filed on the payer's portal: this line follows the same case
                                String caseId = covering.getValue().get(Portals.CASE);
                                if (caseId == null) return done;
                                Map<String, String> c = new java.util.HashMap<>(done.context());
                                c.put(Portals.CASE, caseId);
                                return done.withContext(c);
                            })
                    .switchIfEmpty(Mono.defer(() -> waitOrSend(s, appeal)));
        }
        return waitOrSend(s, appeal);
    }

    private Mono<StepResult> waitOrSend(Step s, boolean appeal) {
        return siblingAwaitingThePayer(s, appeal)
                .map(
                        sibling ->
                                StepResult.waitUntil(
                                        s.now().plus(SIBLING_WAIT),
                                        appeal
                                                ? "another line of this claim was appealed for the"
                                                        + " same reason and the payer's answer has"
                                                        + " not come: this appeal goes after that"
                                                        + " answer, which may already pay it"
                                                : "another denial of this claim was sent to the payer and"
                                                        + " its answer has not come: this one is sent"
                                                        + " after that answer, which may already pay it"))
                .switchIfEmpty(Mono.defer(() -> send(s)));
    }

    /** How long a denial waits, at most, before it looks again at its sibling's answer. */
    static final java.time.Duration SIBLING_WAIT = java.time.Duration.ofDays(7);

    /** A denial waits for its sibling's answer only while its own deadline is this far away. */
    static final java.time.Duration SIBLING_WAIT_UNTIL_DEADLINE = java.time.Duration.ofDays(30);

    /**
     * Another denial of the same claim whose submission awaits the payer's answer: the claim is the
     * payer's question until it answers (its answer may pay this denial's line too, or replace the
     * claim this denial would correct). Not waited for when this denial's own deadline is near.
     */
    private Mono<UUID> siblingAwaitingThePayer(Step s, boolean sameReason) {
        var item = s.item();
        if (item.claimPaymentId() == null) return Mono.empty();
        if (item.deadline() != null
                && !item.deadline()
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant()
                        .isAfter(s.now().plus(SIBLING_WAIT_UNTIL_DEADLINE))) {
            return Mono.empty();
        }
        return denials.siblingAwaitingPayer(
                        new org.reclaim.denial.DenialId(item.denialId()),
                        item.claimPaymentId(),
                        sameReason ? item.group() : null,
                        sameReason ? item.carc() : null)
                .map(org.reclaim.denial.DenialId::value);
    }

    private Mono<StepResult> send(Step s) {
        var ctx = s.item().context();
        String what = ctx.get("pending.submit");
        if (what == null)
            return Mono.just(
                    StepResult.outcome(Playbook.Outcome.FAILED, "nothing drafted to submit"));
        PayerRules payer = triage.current().payer(null, s.item().payerIds());
        Object asked = s.step().parameters().get("channel");
        if (what.equals("claim")) {
            UUID artifact = UUID.fromString(ctx.get("claimArtifact"));
            String key = s.key("submit:" + artifact);
            if ("REOPENING".equals(ctx.get("claim.method"))) {
                // the payer corrects by reopening: through its portal when one is configured, else
                // by mail
                return connectors
                        .portal(s.item().practiceId(), s.item().payerId())
                        .flatMap(
                                portal ->
                                        portal.isEmpty()
                                                ? packet(
                                                        s, artifact, key, Channel.MAIL, "reopening")
                                                : artifacts
                                                        .get(artifact)
                                                        .flatMap(
                                                                a ->
                                                                        submissions.offer(
                                                                                s.item()
                                                                                        .practiceId(),
                                                                                s.item().denialId(),
                                                                                key,
                                                                                "portal",
                                                                                "reopening",
                                                                                artifact,
                                                                                ctx.get(
                                                                                        "claim.control"),
                                                                                () ->
                                                                                        Answers.of(
                                                                                                portal.get()
                                                                                                        .requestReopening(
                                                                                                                new org
                                                                                                                        .reclaim
                                                                                                                        .connector
                                                                                                                        .payer
                                                                                                                        .ReopeningRequest(
                                                                                                                        key,
                                                                                                                        s.item()
                                                                                                                                .payerId(),
                                                                                                                        s.item()
                                                                                                                                .payerClaimNumber(),
                                                                                                                        s.item()
                                                                                                                                .patientControlNumber(),
                                                                                                                        new String(
                                                                                                                                a
                                                                                                                                        .content(),
                                                                                                                                java
                                                                                                                                        .nio
                                                                                                                                        .charset
                                                                                                                                        .StandardCharsets
                                                                                                                                        .ISO_8859_1),
                                                                                                                        Map
                                                                                                                                .of())))))
                                                        .map(
                                                                answer ->
                                                                        Answers.result(
                                                                                answer,
                                                                                StepResult.Partner
                                                                                        .PAYER_PORTAL,
                                                                                "reopening request",
                                                                                caseId ->
                                                                                        submitted(
                                                                                                        s,
                                                                                                        "reopening requested through the payer's portal",
                                                                                                        key)
                                                                                                .withContext(
                                                                                                        Map
                                                                                                                .of(
                                                                                                                        "submission.key",
                                                                                                                        key,
                                                                                                                        "pending.submit",
                                                                                                                        "",
                                                                                                                        Portals
                                                                                                                                .CASE,
                                                                                                                        caseId)))));
            }
            return connectors
                    .clearinghouse(s.item().practiceId())
                    .flatMap(
                            ch ->
                                    artifacts
                                            .get(artifact)
                                            .flatMap(
                                                    a ->
                                                            submissions.offer(
                                                                    s.item().practiceId(),
                                                                    s.item().denialId(),
                                                                    key,
                                                                    "clearinghouse",
                                                                    "837",
                                                                    artifact,
                                                                    ctx.get("claim.control"),
                                                                    () -> {
                                                                        SubmissionReceipt r =
                                                                                ch.submit(
                                                                                        new OutgoingFile(
                                                                                                s.item()
                                                                                                        .practiceSlug(),
                                                                                                key,
                                                                                                "837",
                                                                                                ctx
                                                                                                        .get(
                                                                                                                "claim.control"),
                                                                                                a
                                                                                                        .content(),
                                                                                                s
                                                                                                        .now()));
                                                                        return Answers.of(r);
                                                                    })))
                    .map(
                            answer ->
                                    Answers.result(
                                            answer,
                                            StepResult.Partner.CLEARINGHOUSE,
                                            "corrected claim",
                                            receipt ->
                                                    submitted(
                                                            s,
                                                            "corrected claim sent to the clearinghouse",
                                                            key)));
        }
        UUID artifact = UUID.fromString(ctx.get("appealArtifact"));
        String key = s.key("submit:" + artifact);
        Channel channel =
                asked == Playbook.StepChannel.FAX
                        ? Channel.FAX
                        : asked == Playbook.StepChannel.MAIL
                                ? Channel.MAIL
                                : payer.channels().contains(org.reclaim.rules.Channel.FAX)
                                        ? Channel.FAX
                                        : Channel.MAIL;
        boolean portalAllowed =
                asked == null
                        || asked == Playbook.StepChannel.PAYER_DEFAULT
                        || asked == Playbook.StepChannel.PORTAL;
        return connectors
                .portal(s.item().practiceId(), s.item().payerId())
                .flatMap(
                        portal ->
                                portal.isPresent() && portalAllowed
                                        ? portal(s, portal.get(), artifact, key)
                                        : packet(s, artifact, key, channel, "appeal"));
    }

    /**
     * The payer's portal, configured for the practice: the appeal goes with its packet as one
     * request.
     */
    private Mono<StepResult> portal(
            Step s, org.reclaim.connector.payer.PayerPortal portal, UUID artifact, String key) {
        var item = s.item();
        return artifacts
                .get(artifact)
                .flatMap(
                        a ->
                                submissions.offer(
                                        item.practiceId(),
                                        item.denialId(),
                                        key,
                                        "portal",
                                        "appeal",
                                        artifact,
                                        null,
                                        () -> {
                                            var receipt =
                                                    portal.submitAppeal(
                                                            new org.reclaim.connector.payer
                                                                    .AppealSubmission(
                                                                    key,
                                                                    item.payerId(),
                                                                    item.payerClaimNumber(),
                                                                    item.patientControlNumber(),
                                                                    Math.max(1, item.appealLevel()),
                                                                    a.content(),
                                                                    Map.of()));
                                            return Answers.of(receipt);
                                        }))
                .map(
                        answer ->
                                Answers.result(
                                        answer,
                                        StepResult.Partner.PAYER_PORTAL,
                                        "appeal",
                                        caseId ->
                                                submitted(
                                                                s,
                                                                "appeal sent through the payer's portal",
                                                                key)
                                                        .withContext(
                                                                Map.of(
                                                                        "submission.key",
                                                                        key,
                                                                        "pending.submit",
                                                                        "",
                                                                        Portals.CASE,
                                                                        caseId))));
    }

    private Mono<StepResult> packet(
            Step s, UUID artifact, String key, Channel channel, String kind) {
        var item = s.item();
        // an appeal lists what its draft enclosed (the proof of timely filing first); a reopening
        // request the records gathered
        String enclosed = item.context().get("appeal.attachments");
        String documents =
                "appeal".equals(kind) && enclosed != null
                        ? enclosed
                        : item.context().get("documents");
        List<String> attachments =
                documents == null || documents.isEmpty()
                        ? List.of()
                        : List.of(documents.split("\t"));
        return artifacts
                .get(artifact)
                .flatMap(
                        a ->
                                submissions.send(
                                        item.practiceId(),
                                        item.denialId(),
                                        key,
                                        channel.wireName(),
                                        kind,
                                        artifact,
                                        null,
                                        () ->
                                                packets.write(
                                                                item.practiceSlug(),
                                                                new OutgoingPacket(
                                                                        item.denialId().toString(),
                                                                        item.patientControlNumber(),
                                                                        blankToNull(
                                                                                item
                                                                                        .payerClaimNumber()),
                                                                        blankToNull(item.payerId()),
                                                                        channel,
                                                                        Math.max(
                                                                                1,
                                                                                item.appealLevel()),
                                                                        key,
                                                                        attachments,
                                                                        "application/pdf"
                                                                                        .equals(
                                                                                                a
                                                                                                        .mediaType())
                                                                                ? a.content()
                                                                                : reopeningRequest(
                                                                                        item,
                                                                                        attachments,
                                                                                        a
                                                                                                .content()),
                                                                        "reopening".equals(kind)
                                                                                ? OutgoingPacket
                                                                                        .REOPENING
                                                                                : OutgoingPacket
                                                                                        .APPEAL))
                                                        .id()))
                .map(receipt -> submitted(s, kind + " packet sent by " + channel.wireName(), key));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * The letter of a mailed reopening: which claim, and exactly what to correct (the drafted
     * change set), so that the payer can make the clerical correction without a new claim.
     */
    private static byte[] reopeningRequest(
            org.reclaim.work.WorkItem item, List<String> documents, byte[] corrected) {
        String pcn = item.patientControlNumber();
        String payerClaim = blankToNull(item.payerClaimNumber());
        String changes = item.context().get("draft.changes");
        if (changes != null && changes.contains("(member id)")) {
            // the step log hides the member id; the payer needs it to correct the claim
            var doc = org.reclaim.work.ClaimOnFile.find(corrected, pcn);
            String id = doc == null ? null : doc.subscriber().name().id();
            if (id != null) changes = changes.replace("→ (member id)", "→ " + id);
        }
        String reference =
                (payerClaim == null ? "" : "Claim " + payerClaim + " / ")
                        + "Patient account "
                        + pcn;
        String letter =
                "We ask that the claim above be reopened and corrected. It was denied for a"
                        + " clerical error, which this request corrects:\n\n"
                        + (changes == null || changes.isBlank()
                                ? "see the enclosed replacement claim"
                                : String.join("\n", changes.split("; ")))
                        + "\n\nNothing else on the claim changes.";
        List<String> evidence = new java.util.ArrayList<>(documents);
        evidence.add("replacement-claim.x12");
        return org.reclaim.connector.packet.AppealPacket.render(
                        new org.reclaim.connector.packet.PacketContent(
                                reference, "Request for reopening", letter, List.of(), evidence))
                .pdf();
    }

    private static StepResult submitted(Step s, String detail, String key) {
        return StepResult.done(detail)
                .withContext(Map.of("submission.key", key, "pending.submit", ""))
                .moving(DenialStatus.SUBMITTED, detail);
    }
}
