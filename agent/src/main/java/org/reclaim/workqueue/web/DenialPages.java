package org.reclaim.workqueue.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.denial.DenialQueries;
import org.reclaim.review.OperatorActions;
import org.reclaim.review.PageTime;
import org.reclaim.security.Callers;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.work.Artifacts;
import org.reclaim.work.ClaimOnFile;
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
    private final OperatorActions actions;
    private final Artifacts artifacts;

    DenialPages(
            DatabaseClient db,
            DenialQueries denials,
            OperatorActions actions,
            Artifacts artifacts) {
        this.db = db;
        this.denials = denials;
        this.actions = actions;
        this.artifacts = artifacts;
    }

    public record TimelineEntry(
            OffsetDateTime at, String kind, String title, String detail, String actor) {}

    public record ArtifactRow(
            UUID id,
            String kind,
            String mediaType,
            String sha256,
            String source,
            OffsetDateTime createdAt,
            int bytes) {}

    public record LineRow(
            Integer line,
            String procedure,
            BigDecimal charge,
            BigDecimal paid,
            String adjustments) {}

    @GetMapping("/denials/{id}")
    Mono<String> denial(@PathVariable UUID id, Model model) {
        return denials.one(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("denial", id)))
                .flatMap(
                        d -> {
                            var events =
                                    db.sql(
                                                    "SELECT from_status, to_status, actor, reason, at FROM denial_event WHERE denial_id = :id")
                                            .bind("id", id)
                                            .map(
                                                    r ->
                                                            new TimelineEntry(
                                                                    r.get(
                                                                            "at",
                                                                            OffsetDateTime.class),
                                                                    "event",
                                                                    (r.get(
                                                                                                    "from_status",
                                                                                                    String
                                                                                                            .class)
                                                                                            == null
                                                                                    ? ""
                                                                                    : r.get(
                                                                                                    "from_status",
                                                                                                    String
                                                                                                            .class)
                                                                                            + " → ")
                                                                            + r.get(
                                                                                    "to_status",
                                                                                    String.class),
                                                                    r.get("reason", String.class),
                                                                    r.get("actor", String.class)))
                                            .all()
                                            .collectList();
                            var steps =
                                    db.sql(
                                                    """
                            SELECT step_index, step, outcome, detail, tokens_in, tokens_out, started_at
                            FROM step_run WHERE denial_id = :id""")
                                            .bind("id", id)
                                            .map(
                                                    r ->
                                                            new TimelineEntry(
                                                                    r.get(
                                                                            "started_at",
                                                                            OffsetDateTime.class),
                                                                    "step",
                                                                    "step "
                                                                            + (r.get(
                                                                                            "step_index",
                                                                                            Integer
                                                                                                    .class)
                                                                                    + 1)
                                                                            + " · "
                                                                            + r.get(
                                                                                    "step",
                                                                                    String.class)
                                                                            + " · "
                                                                            + r.get(
                                                                                    "outcome",
                                                                                    String.class),
                                                                    r.get("detail", String.class)
                                                                            + tokens(
                                                                                    r.get(
                                                                                            "tokens_in",
                                                                                            Integer
                                                                                                    .class),
                                                                                    r.get(
                                                                                            "tokens_out",
                                                                                            Integer
                                                                                                    .class)),
                                                                    "agent"))
                                            .all()
                                            .collectList();
                            var arts =
                                    db.sql(
                                                    """
                            SELECT id, kind, media_type, sha256, source, created_at, length(content) AS bytes
                            FROM artifact WHERE denial_id = :id ORDER BY created_at, id""")
                                            .bind("id", id)
                                            .map(
                                                    r ->
                                                            new ArtifactRow(
                                                                    r.get("id", UUID.class),
                                                                    r.get("kind", String.class),
                                                                    r.get(
                                                                            "media_type",
                                                                            String.class),
                                                                    r.get("sha256", String.class),
                                                                    r.get("source", String.class),
                                                                    r.get(
                                                                            "created_at",
                                                                            OffsetDateTime.class),
                                                                    r.get("bytes", Integer.class)))
                                            .all()
                                            .collectList();
                            var lines =
                                    d.claimPaymentId() == null
                                            ? Mono.just(List.<LineRow>of())
                                            : db.sql(
                                                            """
                            SELECT line_index, procedure, charge, paid, adjustments FROM service_line
                            WHERE claim_payment_id = :cp ORDER BY line_index""")
                                                    .bind("cp", d.claimPaymentId())
                                                    .map(
                                                            r ->
                                                                    new LineRow(
                                                                            r.get(
                                                                                    "line_index",
                                                                                    Integer.class),
                                                                            r.get(
                                                                                    "procedure",
                                                                                    String.class),
                                                                            r.get(
                                                                                    "charge",
                                                                                    BigDecimal
                                                                                            .class),
                                                                            r.get(
                                                                                    "paid",
                                                                                    BigDecimal
                                                                                            .class),
                                                                            r.get(
                                                                                    "adjustments",
                                                                                    String.class)))
                                                    .all()
                                                    .collectList();
                            var openReview =
                                    db.sql(
                                                    "SELECT id, reason FROM review WHERE denial_id = :id AND status = 'OPEN' ORDER BY created_at DESC LIMIT 1")
                                            .bind("id", id)
                                            .map(
                                                    r ->
                                                            Map.of(
                                                                    "id",
                                                                    r.get("id", UUID.class),
                                                                    "reason",
                                                                    r.get("reason", String.class)))
                                            .one()
                                            .map(m -> List.of(m))
                                            .defaultIfEmpty(List.of());
                            return Mono.zip(
                                            events,
                                            steps,
                                            arts,
                                            lines,
                                            openReview,
                                            original(d.submittedClaimId()))
                                    .flatMap(
                                            t -> {
                                                List<TimelineEntry> timeline =
                                                        new ArrayList<>(t.getT1());
                                                timeline.addAll(t.getT2());
                                                for (var f : d.refusals()) {
                                                    timeline.add(
                                                            new TimelineEntry(
                                                                    f.refusedAt(),
                                                                    "refusal",
                                                                    f.kind()
                                                                            + " refused by the "
                                                                            + partner(f.channel()),
                                                                    f.reason(),
                                                                    f.channel()));
                                                }
                                                timeline.sort(
                                                        Comparator.comparing(TimelineEntry::at)
                                                                .thenComparing(
                                                                        TimelineEntry::kind));
                                                model.addAttribute("d", d);
                                                model.addAttribute("timeline", timeline);
                                                model.addAttribute("audit", t.getT1());
                                                model.addAttribute("artifacts", t.getT3());
                                                model.addAttribute("lines", t.getT4());
                                                model.addAttribute(
                                                        "review",
                                                        t.getT5().isEmpty()
                                                                ? null
                                                                : t.getT5().get(0));
                                                model.addAttribute(
                                                        "refusal",
                                                        d.refusals().stream()
                                                                .filter(
                                                                        f ->
                                                                                "REFUSED"
                                                                                        .equals(
                                                                                                f
                                                                                                        .status()))
                                                                .reduce((a, b) -> b)
                                                                .map(
                                                                        f ->
                                                                                Map.of(
                                                                                        "what",
                                                                                        "Refused by the "
                                                                                                + partner(
                                                                                                        f
                                                                                                                .channel())
                                                                                                + " ("
                                                                                                + f
                                                                                                        .kind()
                                                                                                + ")",
                                                                                        "reason",
                                                                                        f.reason()))
                                                                .orElse(null));
                                                model.addAttribute("shownAt", PageTime.now());
                                                return drafts(
                                                                d.patientControlNumber(),
                                                                t.getT3(),
                                                                t.getT6().orElse(null),
                                                                model)
                                                        .thenReturn("denial");
                                            });
                        });
    }

    /**
     * The latest drafted letter (text of the packet) and corrected claim (diffed against the
     * original).
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
                                            if (originalText != null)
                                                model.addAttribute(
                                                        "claimDiff",
                                                        Diff.lines(originalText, text));
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
                                    .then(
                                            Mono.just(
                                                    "redirect:/denials/"
                                                            + id
                                                            + "?done="
                                                            + a.name().toLowerCase()));
                        });
    }

    /** A page the operator may not see looks like one that does not exist. */
    @org.springframework.web.bind.annotation.ExceptionHandler(NotFoundException.class)
    @org.springframework.web.bind.annotation.ResponseStatus(
            org.springframework.http.HttpStatus.NOT_FOUND)
    String notFound(NotFoundException e, Model model) {
        model.addAttribute("message", e.getMessage());
        return "not-found";
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(BadRequestException.class)
    @org.springframework.web.bind.annotation.ResponseStatus(
            org.springframework.http.HttpStatus.BAD_REQUEST)
    String badRequest(BadRequestException e, Model model) {
        model.addAttribute("message", e.getMessage());
        return "not-found";
    }

    private static String field(MultiValueMap<String, Part> parts, String name) {
        Part p = parts.getFirst(name);
        return p instanceof FormFieldPart f ? f.value() : null;
    }

    /** The partner a submission went to, as a person calls it. */
    static String partner(String channel) {
        return "portal".equals(channel) ? "payer's portal" : channel;
    }

    private static String tokens(Integer in, Integer out) {
        int i = in == null ? 0 : in;
        int o = out == null ? 0 : out;
        return i + o == 0 ? "" : " (model tokens: " + i + " in, " + o + " out)";
    }
}
