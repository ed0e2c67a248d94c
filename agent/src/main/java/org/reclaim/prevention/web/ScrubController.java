package org.reclaim.prevention.web;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.core.LimitsProperties;
import org.reclaim.ingest.UnreadableFileException;
import org.reclaim.practice.Practices;
import org.reclaim.prevention.PracticeScrubber;
import org.reclaim.scrub.ClaimScrub;
import org.reclaim.scrub.Scrubber;
import org.reclaim.security.TargetPractice;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.X12Limits;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/v1/claims/scrub} (docs/prevention.md, docs/api.md): an 837P or 837I scrubbed for
 * the practice through {@link PracticeScrubber}, nothing stored. The body is spooled to a temporary
 * file like an upload, and refused the same way: not X12 400, truncated or over a cap 422, over
 * {@code reclaim.limits.upload-bytes} 413.
 */
@RestController
class ScrubController {

    private final PracticeScrubber scrubbers;
    private final TargetPractice target;
    private final Practices practices;
    private final TriageService triage;
    private final X12Limits limits;
    private final long uploadBytes;

    ScrubController(
            PracticeScrubber scrubbers,
            TargetPractice target,
            Practices practices,
            TriageService triage,
            LimitsProperties limits) {
        this.scrubbers = scrubbers;
        this.target = target;
        this.practices = practices;
        this.triage = triage;
        this.limits = limits.x12();
        this.uploadBytes = limits.uploadBytes().toBytes();
    }

    @PostMapping("/api/v1/claims/scrub")
    Mono<Map<String, Object>> scrub(
            @RequestBody(required = false) Flux<DataBuffer> body,
            @RequestParam(required = false) String practice) {
        return target.of(practice)
                .flatMap(
                        id ->
                                practices
                                        .slugOf(id)
                                        .flatMap(slug -> scrubbers.forPractice(id, slug))
                                        .flatMap(s -> scrubBody(body, s)));
    }

    private Mono<Map<String, Object>> scrubBody(Flux<DataBuffer> body, Scrubber scrubber) {
        Flux<DataBuffer> content = capped(body == null ? Flux.empty() : body);
        LocalDate today = triage.today();
        return Mono.usingWhen(
                Mono.fromCallable(() -> Files.createTempFile("reclaim-scrub-", ".x12"))
                        .subscribeOn(Schedulers.boundedElastic()),
                tmp ->
                        DataBufferUtils.write(content, tmp)
                                .then(
                                        Mono.fromCallable(() -> scrubFile(tmp, scrubber, today))
                                                .subscribeOn(Schedulers.boundedElastic())),
                tmp ->
                        Mono.fromCallable(() -> Files.deleteIfExists(tmp))
                                .subscribeOn(Schedulers.boundedElastic()));
    }

    private Map<String, Object> scrubFile(Path file, Scrubber scrubber, LocalDate today)
            throws java.io.IOException {
        List<Map<String, Object>> claims = new ArrayList<>();
        FileReport report;
        try (InputStream in = Files.newInputStream(file)) {
            report = scrubber.scrubFile(in, today, limits, (ClaimScrub c) -> claims.add(c.toMap()));
        }
        UnreadableFileException.check(report);
        if (!report.transactionTypes().containsKey("837P")
                && !report.transactionTypes().containsKey("837I"))
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "the file holds no 837P or 837I claim transaction (it is "
                            + report.type()
                            + ")");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("claims", claims);
        return out;
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
