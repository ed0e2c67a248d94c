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
import org.reclaim.drafting.ClaimEdits;
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
        c.put("artifact." + s.step().id(), artifactId);
        c.put("draft.needsReview", String.valueOf(d.needsReview()));
        c.put("draft.errors", String.join("; ", d.validationErrors()));
        c.put("draft.source", d.source().name());
        // a new draft starts the rest of the playbook afresh: approvals, timers and inquiries of an
        // earlier draft do not carry over
        c.put(Portals.CASE, null);
        c.put(Portals.DECISION, null);
        for (org.reclaim.playbook.Playbook.Step other : s.playbook().steps()) {
            String j = other.id();
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
        private final org.reclaim.denial.Denials denials;

        DraftAppeal(
                Drafter drafter,
                ClaimOnFile claims,
                Artifacts artifacts,
                TriageService triage,
                RemoteCalls remote,
                Records records,
                TimelyFilingProof proofs,
                org.reclaim.denial.Denials denials) {
            this.denials = denials;
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
        record Enclosures(List<String> documents, ProofPage proof, String missing) {

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
            if (Category.PROVIDER_ENROLLMENT.name().equals(item.category())) {
                // only the payer's confirmation that the provider was enrolled on the date of
                // service answers an enrollment denial; a document in the folder is enclosed too
                return documents.zipWith(
                        claims.of(item)
                                .map(java.util.Optional::of)
                                .defaultIfEmpty(java.util.Optional.empty())
                                .flatMap(
                                        claim ->
                                                Mono.fromCallable(
                                                                () ->
                                                                        EnrollmentConfirmation.find(
                                                                                records,
                                                                                item,
                                                                                claim.orElse(null)))
                                                        .subscribeOn(Schedulers.boundedElastic())),
                        (docs, verdict) ->
                                new Enclosures(docs, verdict.confirmation(), verdict.reason()));
            }
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

        /**
         * The other lines of the claim denied for the same reason and not yet before the payer: one
         * appeal lists them all, since the payer decides the question once.
         */
        private Mono<List<org.reclaim.denial.Denials.SameReasonLine>> sameReason(Step s) {
            var item = s.item();
            if (item.claimPaymentId() == null) return Mono.just(List.of());
            return denials.openForSameReason(
                            new org.reclaim.denial.DenialId(item.denialId()),
                            item.claimPaymentId(),
                            item.group(),
                            item.carc(),
                            item.appealLevel())
                    .collectList();
        }

        private Mono<StepResult> draft(Step s, Enclosures enc) {
            // the claim is read, then the model drafts (no connection held while it thinks), then
            // the packet is rendered and stored
            // the notes on file go to the model too (identifiers replaced): whether they support
            // the argument and which of them answer the denial is judgement
            return Mono.zip(claims.of(s.item()), sameReason(s), recordTexts(records, s))
                    .flatMap(
                            all -> {
                                ClaimDocument doc = all.getT1();
                                List<org.reclaim.denial.Denials.SameReasonLine> others =
                                        all.getT2();
                                Facts f = facts(s, doc, enc, others, all.getT3());
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
            c.put(
                    "appeal.covers",
                    d.others.isEmpty()
                            ? null
                            : String.join(
                                    ",",
                                    d.others.stream()
                                            .map(o -> o.id().value().toString())
                                            .toList()));
            return StepResult.done(
                            "appeal drafted ("
                                    + d.draft.source()
                                    + ", "
                                    + d.packet.pages()
                                    + " page(s)); evidence: "
                                    + enc.evidence()
                                    + (d.read.isEmpty()
                                            ? ""
                                            : "; records read for the draft: "
                                                    + String.join(", ", d.read))
                                    + (d.others.isEmpty()
                                            ? ""
                                            : "; it lists "
                                                    + d.others.size()
                                                    + " other line(s) of the claim denied for the"
                                                    + " same reason: "
                                                    + d.others.stream()
                                                            .map(o -> "line " + o.line())
                                                            .collect(
                                                                    java.util.stream.Collectors
                                                                            .joining(", "))))
                    .withContext(merge(draftContext(s, d.draft, "appealArtifact", id), c))
                    .tokens((int) d.draft.tokensIn(), (int) d.draft.tokensOut());
        }

        /**
         * @param read the records whose text the drafter was given (a model reads them, identifiers
         *     replaced; the offline template does not)
         */
        record Drafted(
                Draft<AppealLetter> draft,
                RenderedPacket packet,
                List<org.reclaim.denial.Denials.SameReasonLine> others,
                List<String> read) {}

        record Facts(
                AppealFacts facts,
                String procedure,
                String levelName,
                List<String> evidence,
                ProofPage proof,
                List<org.reclaim.denial.Denials.SameReasonLine> others) {}

        private Facts facts(
                Step s,
                ClaimDocument doc,
                Enclosures enc,
                List<org.reclaim.denial.Denials.SameReasonLine> others,
                Map<String, String> texts) {
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
                                    (patient.first() == null ? "" : patient.first() + " ")
                                            + patient.last(),
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
                                    billing.id())
                            .withRecords(texts);
            return new Facts(facts, procedure, levelName, evidence, enc.proof(), others);
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
            java.math.BigDecimal disputed = item.amount();
            for (var o : f.others()) disputed = disputed.add(o.amount());
            summary.put("Amount in dispute", disputed.toPlainString());
            summary.put("Appeal level", level + " (" + levelName + ")");
            List<PacketContent.Table> tables = new ArrayList<>();
            tables.add(PacketContent.Table.fields("Claim and denial", summary));
            if (!f.others().isEmpty()) {
                // the other lines this appeal asks about: the payer decides the reason once
                Map<String, String> lines = new LinkedHashMap<>();
                lines.put(
                        item.line() == null ? "whole claim" : "line " + item.line(),
                        procedure + ", " + item.amount().toPlainString());
                for (var o : f.others()) {
                    lines.put(
                            o.line() == null ? "whole claim" : "line " + o.line(),
                            (o.procedure() == null ? "" : o.procedure() + ", ")
                                    + o.amount().toPlainString());
                }
                tables.add(
                        PacketContent.Table.fields(
                                "Lines appealed, denied "
                                        + item.group()
                                        + "-"
                                        + item.carc()
                                        + " (procedure, amount)",
                                lines));
            }
            RenderedPacket packet =
                    AppealPacket.render(
                            new PacketContent(
                                    item.denialId().toString(),
                                    levelName + " request",
                                    letter,
                                    tables,
                                    evidence,
                                    f.proof() == null ? List.of() : List.of(f.proof().page())));
            return new Drafted(draft, packet, f.others(), List.copyOf(facts.documents().keySet()));
        }
    }

    /**
     * The text of the documents on file for the claim, by name: text files only (a PDF or an image
     * has no text to read here), each at most {@link #MAX_TEXT} bytes, read off the event loop.
     * Corrections and appeals read the same; the prompt cuts each and replaces identifiers.
     */
    static Mono<Map<String, String>> recordTexts(Records records, StepExecutor.Step s) {
        return Mono.fromCallable(
                        () -> {
                            Map<String, String> out = new LinkedHashMap<>();
                            String slug = s.item().practiceSlug();
                            String pcn = s.item().patientControlNumber();
                            if (slug == null || pcn == null) return out;
                            for (RecordDocument d : records.documents(slug, pcn)) {
                                if (d.size() > MAX_TEXT) continue;
                                String text = text(records.read(slug, pcn, d.name()));
                                if (text != null) out.put(d.name(), text);
                            }
                            return out;
                        })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Longer documents are not notes: they are not read for coding or appeal evidence. */
    static final long MAX_TEXT = 1 << 20;

    /** The bytes as text, or null when they are not text (a NUL byte, invalid UTF-8). */
    static String text(byte[] bytes) {
        for (byte b : bytes) if (b == 0) return null;
        try {
            return java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
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
        private final Records records;

        DraftCorrectedClaim(
                Records records,
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
            this.records = records;
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
            if ("DUPLICATE".equals(s.item().category())) return duplicate(s);
            Mono<Base> base =
                    corrections
                            .latestSent(s.item())
                            .map(sent -> new Base(sent.claim(), sent.artifact().toString()))
                            .switchIfEmpty(
                                    Mono.defer(() -> claims.of(s.item()).map(Base::original)));
            // what the payer adjudicated: the claim the correction is drafted on, unless that was a
            // correction the payer's front end rejected (277CA, 999): then the original on file
            boolean rejected = s.item().context().get("rejection") != null;
            return base.flatMap(
                            b ->
                                    (rejected && !Base.ORIGINAL.equals(b.source())
                                                    ? claims.of(s.item()).defaultIfEmpty(b.claim())
                                                    : Mono.just(b.claim()))
                                            .flatMap(
                                                    adjudicated ->
                                                            documents(s)
                                                                    .flatMap(
                                                                            texts ->
                                                                                    outgoing.envelope(
                                                                                                    s.item()
                                                                                                            .practiceId(),
                                                                                                    s
                                                                                                            .now())
                                                                                            .flatMap(
                                                                                                    env ->
                                                                                                            drafted(
                                                                                                                    s,
                                                                                                                    b,
                                                                                                                    adjudicated,
                                                                                                                    texts,
                                                                                                                    env)))))
                    .flatMap(d -> saved(s, d))
                    .switchIfEmpty(
                            Mono.fromSupplier(
                                    () ->
                                            StepResult.done("the original claim is not on file")
                                                    .reviewing(
                                                            "a corrected claim needs the original claim: attach it (action ATTACH, kind "
                                                                    + "original-claim); nothing is invented")));
        }

        private Mono<Drafted> drafted(
                Step s,
                Base b,
                ClaimDocument adjudicated,
                Map<String, String> texts,
                org.reclaim.x12.write.Envelope env) {
            CorrectionFacts facts =
                    facts(s, b.claim()).withRecords(triage.current().codingRules(), texts);
            return remote.call(RemoteCalls.Party.MODEL, () -> drafter.correction(facts))
                    .flatMap(
                            draft ->
                                    Mono.fromCallable(
                                                    () ->
                                                            write(
                                                                    s,
                                                                    b,
                                                                    env,
                                                                    draft,
                                                                    s.item().payerClaimNumber(),
                                                                    adjudicated))
                                            .subscribeOn(Schedulers.boundedElastic()));
        }

        private Mono<Map<String, String>> documents(Step s) {
            return recordTexts(records, s);
        }

        /**
         * CO-18: the claim denied as a duplicate (the corrected claim the agent sent last for the
         * patient account, else the claim on file) against the paid claim of the same patient
         * account, or the paid claim of the same patient with a line of the same procedure on the
         * same date of service (a resubmission under a new account number is the same service). The
         * same content: a true duplicate, closed with the paid claim as its evidence (outcome PAID;
         * nothing is written off, nothing is sent). Another content (a correction sent as a new
         * original): it goes again as a replacement of the paid claim (frequency 7, REF*F8 its
         * payer claim number). No paid claim on file: outcome NOT_FOUND (the playbook asks the
         * payer).
         */
        private Mono<StepResult> duplicate(Step s) {
            var item = s.item();
            return corrections
                    .paidClaim(item)
                    .flatMap(
                            paid ->
                                    corrections
                                            .latestSentForAccount(item)
                                            .map(ClaimCorrections.Sent::claim)
                                            .switchIfEmpty(Mono.defer(() -> claims.of(item)))
                                            .flatMap(
                                                    dup ->
                                                            outgoing.envelope(
                                                                            item.practiceId(),
                                                                            s.now())
                                                                    .flatMap(
                                                                            env ->
                                                                                    Mono
                                                                                            .fromCallable(
                                                                                                    () ->
                                                                                                            replacement(
                                                                                                                    s,
                                                                                                                    paid,
                                                                                                                    dup,
                                                                                                                    env))
                                                                                            .subscribeOn(
                                                                                                    Schedulers
                                                                                                            .boundedElastic())))
                                            .flatMap(
                                                    d ->
                                                            d.unchanged != null
                                                                    ? Mono.just(
                                                                            StepResult.outcome(
                                                                                            Playbook
                                                                                                    .Outcome
                                                                                                    .PAID,
                                                                                            "a true duplicate: the claim denied as a duplicate has the content of the claim the payer paid ("
                                                                                                    + paid
                                                                                                            .payerClaimNumber()
                                                                                                    + "); nothing is sent")
                                                                                    .withContext(
                                                                                            Map.of(
                                                                                                    "draft.evidence",
                                                                                                    "paid claim "
                                                                                                            + paid
                                                                                                                    .payerClaimNumber()
                                                                                                            + " (claim_payment "
                                                                                                            + paid
                                                                                                                    .claimPaymentId()
                                                                                                            + "): the same content",
                                                                                                    "draft.changes",
                                                                                                    ""))
                                                                                    .moving(
                                                                                            DenialStatus
                                                                                                    .CLOSED,
                                                                                            "a true duplicate: the payer paid the same service as claim "
                                                                                                    + paid
                                                                                                            .payerClaimNumber()
                                                                                                    + " (claim_payment "
                                                                                                    + paid
                                                                                                            .claimPaymentId()
                                                                                                    + "); nothing is owed for the duplicate, nothing is written off or sent"))
                                                                    : saved(s, d)))
                    .switchIfEmpty(
                            Mono.fromSupplier(
                                    () ->
                                            StepResult.outcome(
                                                    Playbook.Outcome.NOT_FOUND,
                                                    "no paid claim of this patient account is on file to compare the duplicate with")));
        }

        private Drafted replacement(
                Step s,
                ClaimCorrections.Paid paid,
                ClaimDocument dup,
                org.reclaim.x12.write.Envelope env) {
            List<org.reclaim.drafting.FieldChange> changes =
                    ClaimEdits.differences(paid.claim(), dup);
            Draft<ClaimCorrection> draft =
                    new Draft<>(
                            new ClaimCorrection(
                                    changes,
                                    "The payer denied the claim as a duplicate (OA/CO-18) of the claim it paid as "
                                            + paid.payerClaimNumber()
                                            + ", but its content differs: it is sent as a replacement of that claim.",
                                    List.of(
                                            "paid claim "
                                                    + paid.payerClaimNumber()
                                                    + " (claim_payment "
                                                    + paid.claimPaymentId()
                                                    + ")")),
                            Draft.Source.TEMPLATE,
                            false,
                            List.of(),
                            0,
                            0,
                            0);
            return write(
                    s,
                    new Base(dup, Base.ORIGINAL),
                    env,
                    draft,
                    paid.payerClaimNumber(),
                    paid.claim(),
                    "REPLACEMENT_CLAIM");
        }

        /** Stores the drafted claim, or says why nothing is sent. */
        private Mono<StepResult> saved(Step s, Drafted d) {
            if (d.unchanged != null) {
                String why = "nothing on file supports a change: " + d.unchanged;
                if (s.step().on().containsKey(Playbook.Outcome.NOT_FOUND)) {
                    // the playbook says what follows (the shipped ones: a write-off an operator
                    // confirms, with this reason); nothing is sent either way
                    return Mono.just(
                            StepResult.outcome(Playbook.Outcome.NOT_FOUND, "not sent: " + why)
                                    .withContext(
                                            Map.of(
                                                    "draft.evidence",
                                                    String.join("\t", d.draft.value().evidence()),
                                                    "draft.changes",
                                                    "",
                                                    "write-off.reason",
                                                    why))
                                    .tokens((int) d.draft.tokensIn(), (int) d.draft.tokensOut()));
                }
                return Mono.just(
                        StepResult.outcome(Playbook.Outcome.FAILED, "not sent: " + why)
                                .moving(DenialStatus.ESCALATED, why)
                                .withContext(
                                        Map.of(
                                                "draft.evidence",
                                                String.join("\t", d.draft.value().evidence()),
                                                "draft.changes",
                                                "",
                                                "escalate.reason",
                                                why))
                                .tokens((int) d.draft.tokensIn(), (int) d.draft.tokensOut()));
            }
            if (d.problem != null) {
                return Mono.just(
                        StepResult.done("the correction cannot be written").reviewing(d.problem));
            }
            String changes = ClaimEdits.describe(d.draft.value().changes());
            List<String> evidence = d.draft.value().evidence();
            return artifacts
                    .save(
                            s.item().practiceId(),
                            s.item().denialId(),
                            "claim-837",
                            "application/edi-x12",
                            d.bytes,
                            "draft:" + d.draft.source(),
                            s.now())
                    .map(
                            id -> {
                                Map<String, String> c =
                                        new HashMap<>(
                                                draftContext(
                                                        s,
                                                        d.draft,
                                                        "claimArtifact",
                                                        id.toString()));
                                c.put("pending.submit", "claim");
                                c.put("claim.method", d.method);
                                c.put("claim.control", d.control);
                                c.put("claim.base", d.base);
                                c.put("claim.replaces", d.replaces);
                                c.put("draft.changes", changes);
                                c.put("draft.evidence", String.join("\t", evidence));
                                c.put("draft.rules", String.join(",", rules(evidence)));
                                c.put("draft.documents", String.join("\t", documentsOf(evidence)));
                                return StepResult.done(
                                                "corrected claim drafted: "
                                                        + d.draft.value().changes().size()
                                                        + " change(s), "
                                                        + d.method
                                                        + (Base.ORIGINAL.equals(d.base)
                                                                ? ""
                                                                : ", on top of the corrected claim sent before for this claim")
                                                        + (changes.isEmpty()
                                                                ? ""
                                                                : " (" + changes + ")")
                                                        + (evidence.isEmpty()
                                                                ? ""
                                                                : "; evidence: "
                                                                        + String.join(
                                                                                "; ", evidence)))
                                        .withContext(c)
                                        .tokens(
                                                (int) d.draft.tokensIn(),
                                                (int) d.draft.tokensOut());
                            });
        }

        /** The rule ids named in evidence lines ("… (rule em-25-minor-procedure, …"). */
        static List<String> rules(List<String> evidence) {
            List<String> out = new ArrayList<>();
            for (String e : evidence) {
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("\\(rule ([a-z0-9-]+),").matcher(e);
                if (m.find() && !out.contains(m.group(1))) out.add(m.group(1));
            }
            return out;
        }

        /** The document names named in evidence lines ("…; visit-note.txt: \"…\")"). */
        static List<String> documentsOf(List<String> evidence) {
            List<String> out = new ArrayList<>();
            for (String e : evidence) {
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("; ([^;:\"]+): \"[^\"]*\"\\)$").matcher(e);
                if (m.find() && !out.contains(m.group(1))) out.add(m.group(1));
            }
            return out;
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

        /**
         * @param replaces the payer claim number a replacement names (REF*F8); null for a new
         *     original
         * @param unchanged non-null: the claim would carry what the payer already adjudicated; why
         *     nothing changed
         */
        record Drafted(
                Draft<ClaimCorrection> draft,
                byte[] bytes,
                String method,
                String control,
                String base,
                String replaces,
                String problem,
                String unchanged) {}

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
                Draft<ClaimCorrection> draft,
                String replaces,
                ClaimDocument adjudicated) {
            var item = s.item();
            PayerRules payer = triage.current().payer(null, item.payerIds());
            Object asked = s.step().parameters().get("correction");
            String method =
                    asked == null || asked == Playbook.Correction.PAYER_DEFAULT
                            ? payer.correction().method().name()
                            : asked.toString();
            // an unprocessable claim (MA130) goes back as a new original whatever the payer's
            // method
            if (item.rarcs().contains("MA130")) method = "NEW_CLAIM";
            return write(s, base, env, draft, replaces, adjudicated, method);
        }

        private Drafted write(
                Step s,
                Base base,
                org.reclaim.x12.write.Envelope env,
                Draft<ClaimCorrection> draft,
                String replaces,
                ClaimDocument adjudicated,
                String method) {
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
                        null,
                        "the drafted change cannot be applied: " + e.getMessage(),
                        null);
            }
            // what the payer already adjudicated, sent again, is denied again
            if (ClaimEdits.content(corrected).equals(ClaimEdits.content(adjudicated))) {
                return new Drafted(
                        draft,
                        null,
                        method,
                        null,
                        base.source(),
                        null,
                        null,
                        draft.value().changes().isEmpty()
                                ? draft.value().justification()
                                : "the drafted changes ("
                                        + ClaimEdits.describe(draft.value().changes())
                                        + ") leave the claim as the payer adjudicated it");
            }
            boolean newOriginal =
                    method.equals(CorrectionMethod.NEW_CLAIM.name()) || replaces == null;
            ClaimDocument out =
                    newOriginal ? corrected.asNewOriginal() : corrected.asReplacement(replaces);
            List<String> problems = ClaimWriter837P.problems(out);
            if (!problems.isEmpty()) {
                return new Drafted(
                        draft,
                        null,
                        method,
                        null,
                        base.source(),
                        null,
                        "the corrected claim does not pass the 837P checks: "
                                + String.join("; ", problems),
                        null);
            }
            return new Drafted(
                    draft,
                    ClaimWriter837P.write(out, env),
                    method,
                    Outgoing.icn(env),
                    base.source(),
                    newOriginal ? null : replaces,
                    null,
                    null);
        }
    }
}
