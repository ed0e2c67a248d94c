package org.reclaim.workqueue.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.denial.DenialQueries;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.DenialTimeline;
import org.reclaim.denial.DenialView;
import org.reclaim.denial.IllegalTransitionException;
import org.reclaim.remittance.AdjustmentText;
import org.reclaim.review.OperatorActions;
import org.reclaim.review.PageTime;
import org.reclaim.rules.CodeCatalog;
import org.reclaim.security.Callers;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Artifacts;
import org.reclaim.work.ClaimOnFile;
import org.reclaim.work.PlaybookVersions;
import org.reclaim.x12.claim.ClaimDocument;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A denial's page (its lines, triage, playbook timeline, drafts with a diff against the original
 * claim, artifacts, audit trail and actions), its artifacts and the actions posted from it. Reads
 * through the same scoped queries as the API; forms post back here and redirect (no script needed).
 * Each decision records how long the operator had the page open.
 */
@Controller
class DenialPages {

    private final DatabaseClient db;
    private final DenialQueries denials;
    private final DenialTimeline timeline;
    private final OperatorActions actions;
    private final Artifacts artifacts;
    private final PlaybookVersions playbooks;
    private final TriageService triage;

    DenialPages(
            DatabaseClient db,
            DenialQueries denials,
            DenialTimeline timeline,
            OperatorActions actions,
            Artifacts artifacts,
            PlaybookVersions playbooks,
            TriageService triage) {
        this.db = db;
        this.denials = denials;
        this.timeline = timeline;
        this.actions = actions;
        this.artifacts = artifacts;
        this.playbooks = playbooks;
        this.triage = triage;
    }

    public record ArtifactRow(
            UUID id,
            String kind,
            String mediaType,
            String sha256,
            String source,
            OffsetDateTime createdAt,
            int bytes) {}

    /**
     * A remittance line with its adjustments decoded.
     *
     * @param unreadable the stored adjustments when they do not decode (shown as stored)
     */
    public record LineRow(
            Integer line,
            String procedure,
            BigDecimal charge,
            BigDecimal paid,
            List<AdjustmentRow> adjustments,
            String unreadable) {}

    /**
     * A CAS adjustment: its group (code and name), its CARC (code and the code list's text) and
     * amount.
     */
    public record AdjustmentRow(
            String group,
            String groupName,
            String carc,
            String carcText,
            BigDecimal amount,
            BigDecimal quantity) {}

    /**
     * What the denial came to, or what it waits for and until when.
     *
     * @param headline "Recovered $120.00 on 2026-03-02", "Waits for the payer's answer"
     * @param until when the wait ends (the next step's time, else the deadline), null when done
     * @param detail the reason, who did it
     */
    public record Outcome(boolean done, String headline, OffsetDateTime until, String detail) {}

    /**
     * The agent's next step, from its work item (not triage's first verdict).
     *
     * @param what the step, or who must act
     * @param due when it runs (or when the person's time runs out), null when not known
     * @param note why it waits, what a person must do
     */
    public record NextStep(String what, OffsetDateTime due, String note) {}

    /** Another denial of the same claim (patient control number). */
    public record Sibling(
            UUID id, Integer line, String group, String carc, BigDecimal amount, String status) {}

    private record WorkRow(String state, int stepIndex, OffsetDateTime nextRunAt) {}

    private record Resolution(BigDecimal recovered, OffsetDateTime resolvedAt) {}

    @GetMapping("/denials/{id}")
    Mono<String> denial(@PathVariable UUID id, Model model) {
        return denials.one(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("denial", id)))
                .flatMap(
                        d ->
                                Mono.zip(
                                                timeline.of(id),
                                                artifactRows(id),
                                                lines(d),
                                                openReview(id),
                                                original(d.submittedClaimId()),
                                                workRow(id),
                                                resolution(id),
                                                siblings(d))
                                        .flatMap(t -> render(d, t, model)));
    }

    private Mono<String> render(
            DenialView d,
            reactor.util.function.Tuple8<
                            List<DenialTimeline.Entry>,
                            List<ArtifactRow>,
                            List<LineRow>,
                            java.util.Optional<Map<String, Object>>,
                            java.util.Optional<String>,
                            java.util.Optional<WorkRow>,
                            Resolution,
                            List<Sibling>>
                    t,
            Model model) {
        DenialStatus status = DenialStatus.valueOf(d.status());
        List<DenialTimeline.Entry> trail = t.getT1();
        DenialTimeline.Entry lastMove =
                trail.stream()
                        .filter(e -> e.kind().equals("status"))
                        .reduce((a, b) -> b)
                        .orElse(null);
        WorkRow work = t.getT6().orElse(null);
        return nextStep(d, status, work, lastMove)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(
                        next -> {
                            model.addAttribute("d", d);
                            model.addAttribute("timeline", trail);
                            model.addAttribute(
                                    "audit",
                                    trail.stream().filter(e -> e.kind().equals("status")).toList());
                            model.addAttribute("artifacts", t.getT2());
                            model.addAttribute("lines", t.getT3());
                            model.addAttribute("carcText", carcText(d.carc()));
                            model.addAttribute("groupName", groupName(d.group()));
                            model.addAttribute(
                                    "outcome", outcome(d, status, t.getT7(), work, lastMove));
                            model.addAttribute("next", next.orElse(null));
                            model.addAttribute("siblings", t.getT8());
                            Map<String, Object> review = t.getT4().orElse(null);
                            model.addAttribute("review", review);
                            model.addAttribute(
                                    "canApprove",
                                    review != null && status == DenialStatus.AWAITING_REVIEW);
                            model.addAttribute("canClose", status.canMoveTo(DenialStatus.CLOSED));
                            model.addAttribute(
                                    "canWriteOff", status.canMoveTo(DenialStatus.WRITTEN_OFF));
                            model.addAttribute("canRetry", status == DenialStatus.ESCALATED);
                            model.addAttribute("canAttach", !status.terminal());
                            model.addAttribute("refusal", refusal(d));
                            model.addAttribute("noteMax", DenialTimeline.NOTE_MAX);
                            model.addAttribute("shownAt", PageTime.now());
                            return drafts(
                                            d.patientControlNumber(),
                                            t.getT2(),
                                            t.getT5().orElse(null),
                                            model)
                                    .thenReturn("denial");
                        });
    }

    private static Map<String, String> refusal(DenialView d) {
        return d.refusals().stream()
                .filter(f -> "REFUSED".equals(f.status()))
                .reduce((a, b) -> b)
                .map(
                        f ->
                                Map.of(
                                        "what",
                                        "Refused by the "
                                                + partner(f.channel())
                                                + " ("
                                                + f.kind()
                                                + ")",
                                        "reason",
                                        f.reason()))
                .orElse(null);
    }

    /**
     * What the denial came to (terminal: recovered dollars and date, or how it ended) or what it
     * waits for and until when.
     */
    static Outcome outcome(
            DenialView d,
            DenialStatus status,
            Resolution r,
            WorkRow work,
            DenialTimeline.Entry lastMove) {
        String moveDetail =
                lastMove == null
                        ? null
                        : (lastMove.detail() == null || lastMove.detail().isBlank()
                                        ? ""
                                        : lastMove.detail() + " — ")
                                + "by "
                                + lastMove.actor();
        String on =
                r.resolvedAt() == null
                        ? ""
                        : " on "
                                + r.resolvedAt()
                                        .withOffsetSameInstant(ZoneOffset.UTC)
                                        .toLocalDate();
        OffsetDateTime deadline =
                d.deadline() == null ? null : d.deadline().atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime nextRun =
                work != null && work.state().equals("READY") ? work.nextRunAt() : null;
        return switch (status) {
            case RESOLVED_PAID, RESOLVED_PARTIAL ->
                    new Outcome(
                            true,
                            "Recovered "
                                    + dollars(r.recovered())
                                    + on
                                    + (status == DenialStatus.RESOLVED_PARTIAL
                                            ? " (partly paid)"
                                            : ""),
                            null,
                            moveDetail);
            case WRITTEN_OFF -> new Outcome(true, "Written off" + on, null, moveDetail);
            case CLOSED -> new Outcome(true, "Closed" + on, null, moveDetail);
            case ROUTED_TO_PATIENT ->
                    new Outcome(true, "Routed to the patient" + on, null, moveDetail);
            case REBILLED -> new Outcome(true, "Rebilled" + on, null, moveDetail);
            case ESCALATED ->
                    new Outcome(false, "Waits for a person (escalated)", deadline, moveDetail);
            case AWAITING_REVIEW ->
                    new Outcome(false, "Waits for an operator's review", deadline, moveDetail);
            case SUBMITTED, AWAITING_PAYER ->
                    d.waitingFor() != null
                            ? new Outcome(
                                    false,
                                    "Waits: " + d.waitingFor().reason(),
                                    d.waitingFor().until(),
                                    null)
                            : new Outcome(
                                    false,
                                    "Waits for the payer's answer",
                                    nextRun != null ? nextRun : deadline,
                                    nextRun != null
                                            ? "the agent follows up then; deadline " + d.deadline()
                                            : null);
            default ->
                    d.waitingFor() != null
                            ? new Outcome(
                                    false,
                                    "Waits: " + d.waitingFor().reason(),
                                    d.waitingFor().until(),
                                    null)
                            : new Outcome(
                                    false,
                                    work == null
                                            ? "Not started by the agent"
                                            : "The agent is working it",
                                    nextRun != null ? nextRun : deadline,
                                    null);
        };
    }

    /**
     * The agent's next step from the work item: the step at its position in the playbook it is
     * pinned to and the time it is due; a person's move when the denial waits for one.
     */
    private Mono<NextStep> nextStep(
            DenialView d, DenialStatus status, WorkRow work, DenialTimeline.Entry lastMove) {
        if (status.terminal()) return Mono.empty();
        if (status == DenialStatus.ESCALATED)
            return Mono.just(
                    new NextStep(
                            "A person decides: retry the playbook, close or write off",
                            null,
                            lastMove == null ? null : lastMove.detail()));
        if (work == null || work.state().equals("DONE"))
            return Mono.just(
                    new NextStep(
                            "No step planned: the agent is not working this denial", null, null));
        return playbooks
                .ofDenial(d.id())
                .map(java.util.Optional::of)
                .onErrorResume(e -> Mono.just(java.util.Optional.empty()))
                .defaultIfEmpty(java.util.Optional.empty())
                .map(
                        p -> {
                            String step =
                                    p.filter(pb -> work.stepIndex() < pb.steps().size())
                                            .map(
                                                    pb -> {
                                                        var s = pb.steps().get(work.stepIndex());
                                                        return "step "
                                                                + (work.stepIndex() + 1)
                                                                + " of "
                                                                + pb.steps().size()
                                                                + " · "
                                                                + s.kind()
                                                                + (s.id().equalsIgnoreCase(
                                                                                        s.kind()
                                                                                                .name()
                                                                                                .replace(
                                                                                                        '_',
                                                                                                        '-'))
                                                                        ? ""
                                                                        : " (" + s.id() + ")");
                                                    })
                                            .orElse("step " + (work.stepIndex() + 1));
                            if (work.state().equals("WAITING_REVIEW"))
                                return new NextStep(
                                        "An operator reviews " + step,
                                        null,
                                        "the agent goes on from the decision");
                            return new NextStep(
                                    "The agent runs " + step,
                                    work.nextRunAt(),
                                    d.waitingFor() == null ? null : d.waitingFor().reason());
                        });
    }

    private Mono<List<ArtifactRow>> artifactRows(UUID id) {
        return db.sql(
                        """
                        SELECT id, kind, media_type, sha256, source, created_at, length(content) AS bytes
                        FROM artifact WHERE denial_id = :id ORDER BY created_at, id""")
                .bind("id", id)
                .map(
                        r ->
                                new ArtifactRow(
                                        r.get("id", UUID.class),
                                        r.get("kind", String.class),
                                        r.get("media_type", String.class),
                                        r.get("sha256", String.class),
                                        r.get("source", String.class),
                                        r.get("created_at", OffsetDateTime.class),
                                        r.get("bytes", Integer.class)))
                .all()
                .collectList();
    }

    private Mono<List<LineRow>> lines(DenialView d) {
        if (d.claimPaymentId() == null) return Mono.just(List.of());
        return db.sql(
                        """
                        SELECT line_index, procedure, charge, paid, adjustments FROM service_line
                        WHERE claim_payment_id = :cp ORDER BY line_index""")
                .bind("cp", d.claimPaymentId())
                .map(
                        r ->
                                line(
                                        r.get("line_index", Integer.class),
                                        r.get("procedure", String.class),
                                        r.get("charge", BigDecimal.class),
                                        r.get("paid", BigDecimal.class),
                                        r.get("adjustments", String.class)))
                .all()
                .collectList();
    }

    private LineRow line(
            Integer index, String procedure, BigDecimal charge, BigDecimal paid, String stored) {
        List<AdjustmentRow> rows = new ArrayList<>();
        try {
            for (AdjustmentText.Entry a : AdjustmentText.decode(stored))
                rows.add(
                        new AdjustmentRow(
                                a.group(),
                                groupName(a.group()),
                                a.carc(),
                                carcText(a.carc()),
                                a.amount(),
                                a.quantity()));
        } catch (IllegalArgumentException e) {
            return new LineRow(index, procedure, charge, paid, List.of(), stored);
        }
        return new LineRow(index, procedure, charge, paid, rows, null);
    }

    /** The CARC's text in the code list triage loaded (catalog/carc.csv); empty when unknown. */
    private String carcText(String carc) {
        if (carc == null) return "";
        CodeCatalog.Carc c = triage.current().catalog().carc(carc);
        return c == null || c.description() == null ? "" : c.description();
    }

    private String groupName(String group) {
        if (group == null) return "";
        String name = triage.current().catalog().groups().get(group);
        return name == null ? "" : name;
    }

    private Mono<java.util.Optional<Map<String, Object>>> openReview(UUID id) {
        return db.sql(
                        "SELECT id, reason FROM review WHERE denial_id = :id AND status = 'OPEN' ORDER BY created_at DESC LIMIT 1")
                .bind("id", id)
                .map(
                        r ->
                                Map.<String, Object>of(
                                        "id",
                                        r.get("id", UUID.class),
                                        "reason",
                                        r.get("reason", String.class)))
                .one()
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty());
    }

    private Mono<java.util.Optional<WorkRow>> workRow(UUID id) {
        return db.sql("SELECT state, step_index, next_run_at FROM work_item WHERE denial_id = :id")
                .bind("id", id)
                .map(
                        r ->
                                new WorkRow(
                                        r.get("state", String.class),
                                        r.get("step_index", Integer.class),
                                        r.get("next_run_at", OffsetDateTime.class)))
                .one()
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty());
    }

    private Mono<Resolution> resolution(UUID id) {
        return db.sql("SELECT recovered, resolved_at FROM denial WHERE id = :id")
                .bind("id", id)
                .map(
                        r ->
                                new Resolution(
                                        r.get("recovered", BigDecimal.class),
                                        r.get("resolved_at", OffsetDateTime.class)))
                .one()
                .defaultIfEmpty(new Resolution(null, null));
    }

    /** The other denials of the same claim (same practice and patient control number). */
    private Mono<List<Sibling>> siblings(DenialView d) {
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                scope.bind(
                                                db.sql(
                                                        "SELECT id, line, group_code, carc, amount, status FROM denial"
                                                                + " WHERE practice_id = :p AND patient_control_number = :pcn AND id <> :id AND "
                                                                + scope.sql("practice_id")
                                                                + " ORDER BY line NULLS FIRST, id"))
                                        .bind("p", d.practiceId())
                                        .bind("pcn", d.patientControlNumber())
                                        .bind("id", d.id())
                                        .map(
                                                r ->
                                                        new Sibling(
                                                                r.get("id", UUID.class),
                                                                r.get("line", Integer.class),
                                                                r.get("group_code", String.class),
                                                                r.get("carc", String.class),
                                                                r.get("amount", BigDecimal.class),
                                                                r.get("status", String.class)))
                                        .all()
                                        .collectList())
                .defaultIfEmpty(List.of());
    }

    private static String dollars(BigDecimal amount) {
        return amount == null
                ? "$0.00"
                : "$"
                        + String.format(
                                Locale.ROOT, "%,.2f", amount.setScale(2, RoundingMode.HALF_UP));
    }

    /**
     * The latest drafted letter (text of the packet) and corrected claim (field by field against
     * the original).
     */
    private Mono<Void> drafts(
            String pcn, List<ArtifactRow> arts, String originalText, Model model) {
        ArtifactRow letter = null;
        ArtifactRow claim = null;
        for (ArtifactRow a : arts) {
            if (a.kind().equals("appeal-packet")) letter = a;
            if (a.kind().equals("claim-837")) claim = a;
        }
        Mono<Void> letterText =
                letter == null
                        ? Mono.empty()
                        : artifacts
                                .get(letter.id())
                                .flatMap(
                                        a ->
                                                Mono.fromCallable(() -> pdfText(a.content()))
                                                        .subscribeOn(Schedulers.boundedElastic()))
                                .doOnNext(text -> model.addAttribute("letter", text))
                                .then();
        Mono<Void> claimDiff =
                claim == null
                        ? Mono.empty()
                        : artifacts
                                .get(claim.id())
                                .flatMap(
                                        a ->
                                                Mono.fromCallable(() -> claimText(a.content(), pcn))
                                                        .subscribeOn(Schedulers.boundedElastic()))
                                .doOnNext(
                                        text -> {
                                            model.addAttribute("correctedClaim", text);
                                            if (ClaimFieldDiff.readable(originalText)
                                                    && ClaimFieldDiff.readable(text))
                                                model.addAttribute(
                                                        "claimDiff",
                                                        ClaimFieldDiff.of(originalText, text));
                                        })
                                .then();
        return letterText.then(claimDiff);
    }

    private Mono<java.util.Optional<String>> original(UUID submittedClaimId) {
        if (submittedClaimId == null) return Mono.just(java.util.Optional.empty());
        return db.sql("SELECT document FROM claim_document WHERE submitted_claim_id = :id")
                .bind("id", submittedClaimId)
                .map(r -> r.get("document", String.class))
                .one()
                .map(doc -> java.util.Optional.of(ClaimDocument.parse(doc).toText()))
                .defaultIfEmpty(java.util.Optional.empty());
    }

    private static String pdfText(byte[] pdf) throws IOException {
        try (var doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).strip();
        }
    }

    private static String claimText(byte[] x12, String pcn) {
        ClaimDocument found = ClaimOnFile.find(x12, pcn);
        return found == null
                ? new String(x12, java.nio.charset.StandardCharsets.ISO_8859_1)
                : found.toText();
    }

    @GetMapping("/denials/{id}/artifacts/{artifact}")
    Mono<ResponseEntity<byte[]>> artifact(@PathVariable UUID id, @PathVariable UUID artifact) {
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                scope.bind(
                                                db.sql(
                                                        "SELECT id FROM artifact WHERE id = :a AND denial_id = :d AND "
                                                                + scope.sql("practice_id")))
                                        .bind("a", artifact)
                                        .bind("d", id)
                                        .map(r -> 1)
                                        .one())
                .switchIfEmpty(Mono.error(() -> new NotFoundException("artifact", artifact)))
                .then(artifacts.get(artifact))
                .map(
                        a ->
                                ResponseEntity.ok()
                                        .contentType(MediaType.parseMediaType(a.mediaType()))
                                        .header(
                                                HttpHeaders.CONTENT_DISPOSITION,
                                                "inline; filename=\""
                                                        + a.kind()
                                                        + "-"
                                                        + a.id()
                                                        + (a.mediaType().contains("pdf")
                                                                ? ".pdf"
                                                                : a.mediaType().contains("x12")
                                                                        ? ".x12"
                                                                        : ".bin")
                                                        + "\"")
                                        .header("X-Content-SHA256", a.sha256())
                                        .body(a.content()));
    }

    @PostMapping("/denials/{id}/actions")
    Mono<String> act(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getMultipartData()
                .flatMap(
                        parts -> {
                            String action = field(parts, "action");
                            String reason = field(parts, "reason");
                            String kind = field(parts, "kind");
                            String shownAt = field(parts, "shownAt");
                            String shownStatus = field(parts, "shownStatus");
                            OperatorActions.Action a;
                            try {
                                a = OperatorActions.Action.valueOf(action == null ? "" : action);
                            } catch (IllegalArgumentException e) {
                                return Mono.error(
                                        new BadRequestException("unknown action " + action));
                            }
                            Part file = parts.getFirst("file");
                            Mono<byte[]> doc =
                                    file instanceof FilePart fp && !fp.filename().isBlank()
                                            ? DataBufferUtils.join(fp.content())
                                                    .map(
                                                            buf -> {
                                                                byte[] b =
                                                                        new byte
                                                                                [buf
                                                                                        .readableByteCount()];
                                                                buf.read(b);
                                                                DataBufferUtils.release(buf);
                                                                return b;
                                                            })
                                            : Mono.just(new byte[0]);
                            String fileName = file instanceof FilePart fp ? fp.filename() : null;
                            return Callers.signedInOperator()
                                    .flatMap(
                                            op ->
                                                    doc.flatMap(
                                                            bytes ->
                                                                    PracticeScope.current()
                                                                            .flatMap(
                                                                                    scope ->
                                                                                            actions
                                                                                                    .act(
                                                                                                            scope,
                                                                                                            id,
                                                                                                            a,
                                                                                                            op
                                                                                                                    .username(),
                                                                                                            reason,
                                                                                                            fileName,
                                                                                                            bytes.length
                                                                                                                            == 0
                                                                                                                    ? null
                                                                                                                    : bytes,
                                                                                                            kind,
                                                                                                            PageTime
                                                                                                                    .secondsSince(
                                                                                                                            shownAt)))))
                                    .onErrorResume(
                                            e ->
                                                    shownStatus != null
                                                            && (e instanceof BadRequestException
                                                                    || e
                                                                            instanceof
                                                                            IllegalTransitionException),
                                            e -> stale(id, shownStatus, e))
                                    .then(
                                            Mono.just(
                                                    "redirect:/denials/"
                                                            + id
                                                            + "?done="
                                                            + a.name().toLowerCase()));
                        });
    }

    /**
     * An action refused on a denial whose status is no longer the one the page showed: the page was
     * stale (a 409 saying what happened); otherwise the refusal as it was.
     */
    private Mono<Void> stale(UUID id, String shownStatus, Throwable e) {
        return denials.one(id)
                .flatMap(
                        now ->
                                now.status().equals(shownStatus)
                                        ? Mono.<Void>error(e)
                                        : Mono.<Void>error(
                                                new PageErrors.StaleAction(id, e.getMessage())))
                .switchIfEmpty(Mono.error(e));
    }

    /**
     * A note from the page's form: the same rules as the API's (length cap, control characters).
     */
    @PostMapping("/denials/{id}/notes")
    Mono<String> note(@PathVariable UUID id, ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(
                        form ->
                                Callers.signedInOperator()
                                        .flatMap(
                                                op ->
                                                        timeline.addNote(
                                                                id,
                                                                op.actor(),
                                                                form.getFirst("text"))))
                .thenReturn("redirect:/denials/" + id + "?done=note#notes");
    }

    private static String field(MultiValueMap<String, Part> parts, String name) {
        Part p = parts.getFirst(name);
        return p instanceof FormFieldPart f ? f.value() : null;
    }

    /** The partner a submission went to, as a person calls it. */
    static String partner(String channel) {
        return "portal".equals(channel) ? "payer's portal" : channel;
    }
}
