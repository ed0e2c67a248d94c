package org.reclaim.prevention.web;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.LimitsProperties;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Page;
import org.reclaim.ingest.UnreadableFileException;
import org.reclaim.practice.Practices;
import org.reclaim.prevention.gate.Gate;
import org.reclaim.prevention.gate.HeldClaim;
import org.reclaim.security.Callers;
import org.reclaim.security.TargetPractice;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The gate's API (docs/prevention.md "Gate", docs/api.md): {@code POST /api/v1/claims/submit} (an
 * 837P; a practice key, or an operator with {@code ?practice=}, like the scrub endpoint and
 * uploads) and the held-claims queue, whose fixes, releases and drops are for operators (the audit
 * names who).
 */
@RestController
class GateController {

    private static final List<String> STATUSES = List.of("HELD", "RELEASED", "SENT", "DROPPED");

    private final Gate gate;
    private final TargetPractice target;
    private final Practices practices;
    private final long uploadBytes;

    GateController(Gate gate, TargetPractice target, Practices practices, LimitsProperties limits) {
        this.gate = gate;
        this.target = target;
        this.practices = practices;
        this.uploadBytes = limits.uploadBytes().toBytes();
    }

    record Fix(Map<String, String> edits, List<String> applyFixes) {}

    record Decision(String reason) {}

    @PostMapping("/api/v1/claims/submit")
    Mono<Map<String, Object>> submit(
            @RequestBody(required = false) Flux<DataBuffer> body,
            @RequestParam(required = false) String practice) {
        Flux<DataBuffer> content = capped(body == null ? Flux.empty() : body);
        return target.of(practice)
                .flatMap(
                        id ->
                                practices
                                        .slugOf(id)
                                        .flatMap(
                                                slug ->
                                                        Mono.usingWhen(
                                                                Mono.fromCallable(
                                                                                () ->
                                                                                        Files
                                                                                                .createTempFile(
                                                                                                        "reclaim-submit-",
                                                                                                        ".x12"))
                                                                        .subscribeOn(
                                                                                Schedulers
                                                                                        .boundedElastic()),
                                                                tmp ->
                                                                        DataBufferUtils.write(
                                                                                        content,
                                                                                        tmp)
                                                                                .then(
                                                                                        gate.submit(
                                                                                                id,
                                                                                                slug,
                                                                                                tmp,
                                                                                                "api")),
                                                                tmp ->
                                                                        Mono.fromCallable(
                                                                                        () ->
                                                                                                Files
                                                                                                        .deleteIfExists(
                                                                                                                tmp))
                                                                                .subscribeOn(
                                                                                        Schedulers
                                                                                                .boundedElastic()))))
                .map(
                        claims -> {
                            Map<String, Object> out = new LinkedHashMap<>();
                            out.put("claims", claims);
                            return out;
                        });
    }

    @GetMapping("/api/v1/claims/held")
    Mono<Page<HeldClaim>> held(
            @RequestParam(defaultValue = "HELD") String status,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        if (!STATUSES.contains(status))
            throw new BadRequestException("status must be HELD, RELEASED, SENT or DROPPED");
        Page.Request paging = Page.Request.of(page, size);
        return PracticeScope.current().flatMap(scope -> gate.list(scope, status, paging));
    }

    @GetMapping("/api/v1/claims/held/{id}")
    Mono<HeldClaim> one(@PathVariable UUID id) {
        return PracticeScope.current()
                .flatMap(scope -> gate.view(scope, id))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("held claim", id)));
    }

    @PostMapping("/api/v1/claims/held/{id}/fix")
    Mono<HeldClaim> fix(@PathVariable UUID id, @RequestBody Fix f) {
        return asOperator((scope, op) -> gate.fix(scope, id, op, f.edits(), f.applyFixes()));
    }

    @PostMapping("/api/v1/claims/held/{id}/release")
    Mono<HeldClaim> release(@PathVariable UUID id, @RequestBody Decision d) {
        return asOperator((scope, op) -> gate.release(scope, id, op, d.reason()));
    }

    @PostMapping("/api/v1/claims/held/{id}/drop")
    Mono<HeldClaim> drop(@PathVariable UUID id, @RequestBody Decision d) {
        return asOperator((scope, op) -> gate.drop(scope, id, op, d.reason()));
    }

    /** An operator's decision on a held claim, within the caller's practice scope. */
    private static Mono<HeldClaim> asOperator(
            java.util.function.BiFunction<PracticeScope, String, Mono<HeldClaim>> decision) {
        return operator()
                .flatMap(op -> PracticeScope.current().flatMap(scope -> decision.apply(scope, op)));
    }

    private static Mono<String> operator() {
        return Callers.operator("fixes, releases and drops of held claims");
    }

    /** The body, failing with 413 as soon as it passes {@code reclaim.limits.upload-bytes}. */
    private Flux<DataBuffer> capped(Flux<DataBuffer> body) {
        long[] seen = {0};
        return body.handle(
                (buf, sink) -> {
                    seen[0] += buf.readableByteCount();
                    if (seen[0] > uploadBytes) {
                        DataBufferUtils.release(buf);
                        sink.error(UnreadableFileException.tooLarge(uploadBytes, uploadBytes));
                    } else {
                        sink.next(buf);
                    }
                });
    }
}
