package org.reclaim.work.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.connector.packet.AppealPacket;
import org.reclaim.connector.packet.PacketContent;
import org.reclaim.connector.packet.RenderedPacket;
import org.reclaim.connector.records.RecordDocument;
import org.reclaim.connector.records.Records;
import org.reclaim.denial.DenialStatus;
import org.reclaim.drafting.AppealFacts;
import org.reclaim.drafting.AppealLetter;
import org.reclaim.drafting.ClaimCorrection;
import org.reclaim.drafting.ClaimFields;
import org.reclaim.drafting.CorrectionFacts;
import org.reclaim.drafting.Draft;
import org.reclaim.drafting.Drafter;
import org.reclaim.partner.RemoteCalls;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.rules.Category;
import org.reclaim.rules.CodeCatalog;
import org.reclaim.rules.CorrectionMethod;
import org.reclaim.rules.PayerRules;
import org.reclaim.triage.TriageService;
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
 * The drafting steps. Facts come from the denial and the original claim on file; the drafter (a
 * model or the offline templates) answers; what it answers was checked against those facts by the
 * drafter, and anything doubtful is marked for review ({@code draft.needsReview}), which the REVIEW
 * step obeys.
 */
final class DraftSteps {

    private DraftSteps() {}

    static Map<String, String> draftContext(
            StepExecutor.Step s, Draft<?> d, String artifactKey, String artifactId) {
        Map<String, String> c = new HashMap<>();
        c.put(artifactKey, artifactId);
        c.put("artifact." + s.item().stepIndex(), artifactId);
        c.put("draft.needsReview", String.valueOf(d.needsReview()));
        c.put("draft.errors", String.join("; ", d.validationErrors()));
        c.put("draft.source", d.source().name());
        // a new draft starts the rest of the playbook afresh: approvals, timers and inquiries of an
        // earlier draft do not carry over
        c.put(Portals.CASE, null);
        c.put(Portals.DECISION, null);
        for (int j = 0; j < s.playbook().steps().size(); j++) {
            c.put("review." + j, null);
            c.put("await." + j, null);
            c.put("case." + j + ".asked", null);
            c.put("case." + j + ".due", null);
            for (String t : new String[] {"276.", "270."}) {
                for (String part : new String[] {".sent", ".asked", ".trace", ".due"})
                    c.put(t + j + part, null);
            }
        }
        return c;
    }

    static List<String> rarcTexts(CodeCatalog catalog, List<String> rarcs) {
        List<String> out = new ArrayList<>();
        for (String r : rarcs) {
            CodeCatalog.Rarc rarc = catalog.rarc(r);
            out.add(rarc == null ? "" : rarc.description());
        }
        return out;
    }

    static String carcText(CodeCatalog catalog, String carc) {
        CodeCatalog.Carc c = catalog.carc(carc);
        return c == null ? "" : c.description();
    }

    /**
     * DRAFT_APPEAL: a letter for the payer and the packet (PDF) carrying it with its evidence.
     *
     * <p>No appeal is drafted, so none is sent, without an enclosure that answers the denial: for a
     * timely-filing denial the proof assembled from the payer's acknowledgments ({@link
     * TimelyFilingProof}: a page of its own in the packet), for any other at least one document
     * from the claim's records folder. Without one the step ends {@code NOT_FOUND} when the
     * playbook routes that outcome (the timely-filing playbook: a write-off an operator confirms),
     * else the denial is escalated; either way with the reason, kept in the context as {@code
     * appeal.unanswered}. The evidence a draft used is in the step log and the context ({@code
     * appeal.evidence}, {@code appeal.attachments}).
     */
    @Component
    static class DraftAppeal implements StepExecutor {
        private final Drafter drafter;
        private final ClaimOnFile claims;
        private final Artifacts artifacts;
        private final TriageService triage;
        private final RemoteCalls remote;
        private final Records records;
        private final TimelyFilingProof proofs;

        DraftAppeal(
                Drafter drafter,
                ClaimOnFile claims,
                Artifacts artifacts,
                TriageService triage,
                RemoteCalls remote,
                Records records,
                TimelyFilingProof proofs) {
            this.drafter = drafter;
            this.claims = claims;
            this.artifacts = artifacts;
            this.triage = triage;
            this.remote = remote;
            this.records = records;
            this.proofs = proofs;
        }

        @Override
        public StepKind kind() {
            return StepKind.DRAFT_APPEAL;
        }

        /**
         * What the packet encloses: the proof of timely filing (or null) and the records'
         * documents; {@code missing} says why none of them answers the denial (null when one does).
         */
        record Enclosures(List<String> documents, TimelyFilingProof.Proof proof, String missing) {

            /** The enclosures' names, in exhibit order: the proof first. */
            List<String> names() {
                List<String> names = new ArrayList<>();
                if (proof != null) names.add(proof.name());
                names.addAll(documents);
                return names;
            }

            /** What the draft used, for the step log and the operator (no PHI). */
            String evidence() {
                List<String> parts = new ArrayList<>();
                if (proof != null) parts.add(proof.name() + ": " + proof.summary());
                if (!documents.isEmpty()) parts.add("records: " + String.join(", ", documents));
                return String.join("; ", parts);
            }
        }

        private Mono<Enclosures> enclosures(Step s) {
            var item = s.item();
            Mono<List<String>> documents =
                    Mono.fromCallable(
                                    () -> {
                                        // the folder as it is now (an operator may have added a
                                        // document since GATHER_RECORDS), and what that step
                                        // found
                                        java.util.Set<String> names = new java.util.TreeSet<>();
                                        for (RecordDocument d :
                                                records.documents(
                                                        item.practiceSlug(),
                                                        item.patientControlNumber()))
                                            names.add(d.name());
                                        String gathered = item.context().get("documents");
                                        if (gathered != null && !gathered.isEmpty())
                                            names.addAll(Arrays.asList(gathered.split("\t")));
                                        return List.copyOf(names);
                                    })
                            .subscribeOn(Schedulers.boundedElastic());
            if (!Category.TIMELY_FILING.name().equals(item.category())) {
                return documents.map(
                        docs ->
                                new Enclosures(
                                        docs,
                                        null,
                                        docs.isEmpty()
                                                ? "no enclosure answers the denial: the claim's"
                                                        + " records folder has no document to"
                                                        + " support the appeal (add one, then retry)"
                                                : null));
            }
            PayerRules payer = triage.current().payer(null, item.payerIds());
            // a document in the folder is enclosed too, but it is not proof: only the payer's
            // acceptance is
            return documents.zipWith(
                    proofs.find(item, payer),
                    (docs, verdict) -> new Enclosures(docs, verdict.proof(), verdict.reason()));
        }

        /** No enclosure answers the denial: nothing is drafted, an operator is told why. */
        private static StepResult unanswered(Step s, String reason) {
            Map<String, String> c = new HashMap<>();
            c.put("appeal.unanswered", reason);
            if (s.step().on().containsKey(Playbook.Outcome.NOT_FOUND)) {
                return StepResult.outcome(
                                Playbook.Outcome.NOT_FOUND, "no appeal drafted: " + reason)
                        .withContext(c);
            }
            return StepResult.done("no appeal drafted: " + reason)
                    .withContext(c)
                    .moving(
                            DenialStatus.ESCALATED,
                            "no appeal is sent without an enclosure that answers the denial: "
                                    + reason);
        }

        @Override
        public Mono<StepResult> run(Step s) {
            return enclosures(s)
                    .flatMap(
                            enc ->
                                    enc.missing() != null
                                            ? Mono.just(unanswered(s, enc.missing()))
                                            : draft(s, enc));
        }

        private Mono<StepResult> draft(Step s, Enclosures enc) {
            // the claim is read, then the model drafts (no connection held while it thinks), then
            // the packet is rendered and stored
            return claims.of(s.item())
                    .flatMap(
                            doc -> {
                                Facts f = facts(s, doc, enc);
                                return remote.call(
                                                RemoteCalls.Party.MODEL,
                                                () -> drafter.appeal(f.facts()))
                                        .flatMap(
                                                draft ->
                                                        Mono.fromCallable(() -> render(s, f, draft))
                                                                .subscribeOn(
                                                                        Schedulers
                                                                                .boundedElastic()));
                            })
                    .flatMap(
                            d ->
                                    artifacts
                                            .save(
                                                    s.item().practiceId(),
                                                    s.item().denialId(),
                                                    "appeal-packet",
                                                    "application/pdf",
                                                    d.packet.pdf(),
                                                    "draft:" + d.draft.source(),
                                                    s.now())
                                            .map(id -> drafted(s, enc, d, id.toString())))
                    .switchIfEmpty(
                            Mono.fromSupplier(
                                    () ->
                                            StepResult.done("the original claim is not on file")
                                                    .reviewing(
                                                            "the appeal needs the original claim: attach it (action ATTACH, kind original-claim)")));
        }

        private static StepResult drafted(Step s, Enclosures enc, Drafted d, String id) {
            Map<String, String> c = new HashMap<>();
            c.put("pending.submit", "appeal");
            c.put("appeal.attachments", String.join("\t", enc.names()));
            c.put("appeal.evidence", enc.evidence());
            c.put("appeal.unanswered", null);
            return StepResult.done(
                            "appeal drafted ("
                                    + d.draft.source()
                                    + ", "
                                    + d.packet.pages()
                                    + " page(s)); evidence: "
                                    + enc.evidence())
                    .withContext(merge(draftContext(s, d.draft, "appealArtifact", id), c))
                    .tokens((int) d.draft.tokensIn(), (int) d.draft.tokensOut());
        }

        record Drafted(Draft<AppealLetter> draft, RenderedPacket packet) {}

        record Facts(
                AppealFacts facts,
                String procedure,
                String levelName,
                List<String> evidence,
                TimelyFilingProof.Proof proof) {}

        private Facts facts(Step s, ClaimDocument doc, Enclosures enc) {
            var item = s.item();
            CodeCatalog catalog = triage.current().catalog();
            PayerRules payer = triage.current().payer(null, item.payerIds());
            int level = Math.max(1, item.appealLevel());
            String levelName =
                    level <= payer.appealLevels().size()
                            ? payer.appealLevels().get(level - 1).name()
                            : "Appeal";
            ClaimDocument.Name patient =
                    doc.patient() != null ? doc.patient().name() : doc.subscriber().name();
            java.time.LocalDate birth =
                    doc.patient() != null
                            ? doc.patient().birthDate()
                            : doc.subscriber().birthDate();
            String procedure =
                    item.procedure() != null
                            ? item.procedure()
                            : doc.lines().isEmpty() ? "99499" : doc.lines().get(0).procedure();
            List<String> evidence = enc.names();
            ClaimDocument.Name billing = doc.billingProvider().party().name();
            AppealFacts facts =
                    new AppealFacts(
                            item.denialId().toString(),
                            payerName(doc, item.payerId()),
                            item.payerClaimNumber(),
                            item.patientControlNumber(),
                            (patient.first() == null ? "" : patient.first() + " ") + patient.last(),
                            birth == null ? java.time.LocalDate.of(1900, 1, 1) : birth,
                            doc.subscriber().name().id(),
                            item.serviceDate() != null
                                    ? item.serviceDate()
                                    : doc.lines().get(0).serviceFrom(),
                            procedure,
                            List.of(),
                            item.group(),
                            item.carc(),
                            carcText(catalog, item.carc()),
                            item.rarcs(),
                            rarcTexts(catalog, item.rarcs()),
                            doc.claim().charge().toBigDecimal(),
                            item.amount(),
                            item.category(),
                            "",
                            level,
                            levelName,
                            evidence,
                            billing.last(),
                            billing.id());
            return new Facts(facts, procedure, levelName, evidence, enc.proof());
        }

        private static Drafted render(Step s, Facts f, Draft<AppealLetter> draft) {
            var item = s.item();
            AppealFacts facts = f.facts();
            String procedure = f.procedure();
            String levelName = f.levelName();
            int level = facts.appealLevel();
            List<String> evidence = f.evidence();
            String letter = draft.value().render(facts);
            Map<String, String> summary = new LinkedHashMap<>();
            summary.put("Payer claim number", item.payerClaimNumber());
            summary.put("Patient account", item.patientControlNumber());
            summary.put("Date of service", String.valueOf(facts.serviceDate()));
            summary.put("Procedure", procedure);
            summary.put(
                    "Denial",
                    item.group()
                            + "-"
                            + item.carc()
                            + (item.rarcs().isEmpty() ? "" : " " + String.join(" ", item.rarcs())));
            summary.put("Amount in dispute", item.amount().toPlainString());
            summary.put("Appeal level", level + " (" + levelName + ")");
            RenderedPacket packet =
                    AppealPacket.render(
                            new PacketContent(
                                    item.denialId().toString(),
                                    levelName + " request",
                                    letter,
                                    List.of(
                                            PacketContent.Table.fields(
                                                    "Claim and denial", summary)),
                                    evidence,
                                    f.proof() == null ? List.of() : List.of(f.proof().page())));
            return new Drafted(draft, packet);
        }
    }

    static String payerName(ClaimDocument doc, String payerId) {
        if (doc.payer() != null
                && doc.payer().name() != null
                && doc.payer().name().last() != null) {
            return doc.payer().name().last();
        }
        return payerId == null ? "the payer" : payerId;
    }

    static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }

    /**
     * DRAFT_CORRECTED_CLAIM: the claim (the original, or the corrected claim last sent for it by
     * any of its denials: {@link ClaimCorrections}) with only the drafted changes applied, written
     * as the payer takes corrections (a frequency-7 replacement with REF*F8, a new original, or a
     * replacement carried by a reopening request), then checked by re-reading it.
     */
    @Component
    static class DraftCorrectedClaim implements StepExecutor {
        private final Drafter drafter;
        private final ClaimOnFile claims;
        private final Artifacts artifacts;
        private final TriageService triage;
        private final Outgoing outgoing;
        private final RemoteCalls remote;
        private final ClaimCorrections corrections;

        DraftCorrectedClaim(
                Drafter drafter,
                ClaimOnFile claims,
                Artifacts artifacts,
                TriageService triage,
                Outgoing outgoing,
                RemoteCalls remote,
                ClaimCorrections corrections) {
            this.drafter = drafter;
            this.claims = claims;
            this.artifacts = artifacts;
            this.triage = triage;
            this.outgoing = outgoing;
            this.remote = remote;
            this.corrections = corrections;
        }

        @Override
        public StepKind kind() {
            return StepKind.DRAFT_CORRECTED_CLAIM;
        }

        @Override
        public Mono<StepResult> run(Step s) {
            // several denials of one claim: one correction at a time, each on top of the one sent
            // before
            return corrections
                    .pendingElsewhere(s.item())
                    .map(
                            other ->
                                    StepResult.waitUntil(
                                            s.now().plus(ClaimCorrections.WAIT),
                                            "another denial of this "
                                                    + "claim has a corrected claim waiting to be sent; this one is drafted after it, on top of it"))
                    .switchIfEmpty(Mono.defer(() -> draft(s)));
        }

        private Mono<StepResult> draft(Step s) {
            Mono<Base> base =
                    corrections
                            .latestSent(s.item())
                            .map(sent -> new Base(sent.claim(), sent.artifact().toString()))
                            .switchIfEmpty(
                                    Mono.defer(() -> claims.of(s.item()).map(Base::original)));
            return base.flatMap(
                            b ->
                                    outgoing.envelope(s.item().practiceId(), s.now())
                                            .flatMap(
                                                    env -> {
                                                        CorrectionFacts facts = facts(s, b.claim());
                                                        return remote.call(
                                                                        RemoteCalls.Party.MODEL,
                                                                        () ->
                                                                                drafter.correction(
                                                                                        facts))
                                                                .flatMap(
                                                                        draft ->
                                                                                Mono.fromCallable(
                                                                                                () ->
                                                                                                        write(
                                                                                                                s,
                                                                                                                b,
                                                                                                                env,
                                                                                                                draft))
                                                                                        .subscribeOn(
                                                                                                Schedulers
                                                                                                        .boundedElastic()));
                                                    }))
                    .flatMap(
                            d ->
                                    d.problem != null
                                            ? Mono.just(
                                                    StepResult.done(
                                                                    "the correction cannot be written")
                                                            .reviewing(d.problem))
                                            : artifacts
                                                    .save(
                                                            s.item().practiceId(),
                                                            s.item().denialId(),
                                                            "claim-837",
                                                            "application/edi-x12",
                                                            d.bytes,
                                                            "draft:" + d.draft.source(),
                                                            s.now())
                                                    .map(
                                                            id ->
                                                                    StepResult.done(
                                                                                    "corrected claim drafted: "
                                                                                            + d.draft
                                                                                                    .value()
                                                                                                    .changes()
                                                                                                    .size()
                                                                                            + " change(s), "
                                                                                            + d.method
                                                                                            + (Base
                                                                                                            .ORIGINAL
                                                                                                            .equals(
                                                                                                                    d.base)
                                                                                                    ? ""
                                                                                                    : ", on top of the corrected claim sent before for this claim"))
                                                                            .withContext(
                                                                                    merge(
                                                                                            draftContext(
                                                                                                    s,
                                                                                                    d.draft,
                                                                                                    "claimArtifact",
                                                                                                    id
                                                                                                            .toString()),
                                                                                            Map.of(
                                                                                                    "pending.submit",
                                                                                                    "claim",
                                                                                                    "claim.method",
                                                                                                    d.method,
                                                                                                    "claim.control",
                                                                                                    d.control,
                                                                                                    "claim.base",
                                                                                                    d.base)))
                                                                            .tokens(
                                                                                    (int)
                                                                                            d.draft
                                                                                                    .tokensIn(),
                                                                                    (int)
                                                                                            d.draft
                                                                                                    .tokensOut())))
                    .switchIfEmpty(
                            Mono.fromSupplier(
                                    () ->
                                            StepResult.done("the original claim is not on file")
                                                    .reviewing(
                                                            "a corrected claim needs the original claim: attach it (action ATTACH, kind "
                                                                    + "original-claim); nothing is invented")));
        }

        /**
         * What a correction is applied to: the original claim ({@link #ORIGINAL}), or the corrected
         * claim last sent (its artifact id). The source is recorded in the step's context as {@code
         * claim.base}.
         */
        record Base(ClaimDocument claim, String source) {
            static final String ORIGINAL = "original";

            static Base original(ClaimDocument claim) {
                return new Base(claim, ORIGINAL);
            }
        }

        record Drafted(
                Draft<ClaimCorrection> draft,
                byte[] bytes,
                String method,
                String control,
                String base,
                String problem) {}

        private CorrectionFacts facts(Step s, ClaimDocument doc) {
            var item = s.item();
            CodeCatalog catalog = triage.current().catalog();
            Map<String, String> hints = new HashMap<>();
            if (item.context().get("authorizationNumber") != null) {
                hints.put(
                        ClaimFields.HINT_AUTHORIZATION_NUMBER,
                        item.context().get("authorizationNumber"));
            }
            if (item.context().get("eligibleMemberId") != null) {
                hints.put(
                        ClaimFields.HINT_ELIGIBLE_MEMBER_ID,
                        item.context().get("eligibleMemberId"));
            }
            Map<String, String> fields = new HashMap<>(ClaimEdits.fields(doc));
            fields.values().removeIf(v -> v == null || v.isEmpty());
            CorrectionFacts facts =
                    new CorrectionFacts(
                            item.denialId().toString(),
                            item.category(),
                            item.group(),
                            item.carc(),
                            carcText(catalog, item.carc()),
                            item.rarcs(),
                            rarcTexts(catalog, item.rarcs()),
                            item.payerClaimNumber(),
                            item.patientControlNumber(),
                            fields,
                            hints,
                            item.line());
            return facts;
        }

        private Drafted write(
                Step s,
                Base base,
                org.reclaim.x12.write.Envelope env,
                Draft<ClaimCorrection> draft) {
            var item = s.item();
            ClaimDocument corrected;
            try {
                corrected = ClaimEdits.apply(base.claim(), draft.value().changes());
            } catch (RuntimeException e) {
                return new Drafted(
                        draft,
                        null,
                        null,
                        null,
                        base.source(),
                        "the drafted change cannot be applied: " + e.getMessage());
            }
            PayerRules payer = triage.current().payer(null, item.payerIds());
            Object asked = s.step().parameters().get("correction");
            String method =
                    asked == null || asked == Playbook.Correction.PAYER_DEFAULT
                            ? payer.correction().method().name()
                            : asked.toString();
            // an unprocessable claim (MA130) goes back as a new original whatever the payer's
            // method
            if (item.rarcs().contains("MA130")) method = "NEW_CLAIM";
            ClaimDocument out =
                    method.equals(CorrectionMethod.NEW_CLAIM.name())
                                    || item.payerClaimNumber() == null
                            ? corrected.asNewOriginal()
                            : corrected.asReplacement(item.payerClaimNumber());
            List<String> problems = ClaimWriter837P.problems(out);
            if (!problems.isEmpty()) {
                return new Drafted(
                        draft,
                        null,
                        method,
                        null,
                        base.source(),
                        "the corrected claim does not pass the 837P checks: "
                                + String.join("; ", problems));
            }
            return new Drafted(
                    draft,
                    ClaimWriter837P.write(out, env),
                    method,
                    Outgoing.icn(env),
                    base.source(),
                    null);
        }
    }
}
