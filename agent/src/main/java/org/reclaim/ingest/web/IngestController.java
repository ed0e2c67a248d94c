package org.reclaim.ingest.web;

import java.nio.file.Files;
import org.reclaim.ingest.IngestResult;
import org.reclaim.ingest.IngestService;
import org.reclaim.ingest.UnreadableFileException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Raw X12 uploads (docs/contracts.md §3). Both endpoints take any of 835, 837, 999/997 and 277CA:
 * the file's content decides what it is. The body streams to a temporary file, so an upload is
 * taken in constant memory, up to {@code reclaim.limits.upload-bytes} (413 past it).
 */
@RestController
class IngestController {

    private final IngestService ingest;

    private final org.springframework.r2dbc.core.DatabaseClient db;

    private final org.reclaim.security.TargetPractice target;

    /** reclaim.limits.upload-bytes */
    private final long uploadBytes;

    IngestController(
            IngestService ingest,
            org.reclaim.security.TargetPractice target,
            org.springframework.r2dbc.core.DatabaseClient db,
            org.reclaim.core.LimitsProperties limits) {
        this.uploadBytes = limits.uploadBytes().toBytes();
        this.ingest = ingest;
        this.target = target;
        this.db = db;
    }

    @PostMapping("/api/v1/remittances")
    Mono<ResponseEntity<IngestResult>> remittances(
            @RequestBody(required = false) Flux<DataBuffer> body,
            @RequestHeader(name = "X-File-Name", required = false) String name,
            @org.springframework.web.bind.annotation.RequestParam(required = false)
                    String practice) {
        return owner(practice).flatMap(p -> upload(body, name, p));
    }

    @PostMapping("/api/v1/claims")
    Mono<ResponseEntity<IngestResult>> claims(
            @RequestBody(required = false) Flux<DataBuffer> body,
            @RequestHeader(name = "X-File-Name", required = false) String name,
            @org.springframework.web.bind.annotation.RequestParam(required = false)
                    String practice) {
        return owner(practice).flatMap(p -> upload(body, name, p));
    }

    /**
     * Whose file this is (docs/contracts.md §3): a practice key's own practice; for an operator,
     * the practice named by {@code ?practice=} (slug or id), else {@code default} — either must be
     * in the operator's scope.
     */
    private Mono<java.util.UUID> owner(String practice) {
        return target.of(practice);
    }

    /**
     * docs/contracts.md §3: a file uploaded for one practice whose payee id (N1*PE) is registered
     * to another practice is stored for the uploader, with a warning naming the other practice's
     * slug.
     */
    private Mono<java.util.List<String>> payeeWarnings(IngestResult r, java.util.UUID practice) {
        if (r.remittances().isEmpty()) return Mono.just(java.util.List.of());
        return org.reclaim.tenancy.PracticeScope.ALL.run(
                db.sql(
                                """
                        SELECT DISTINCT r.payee_id, p.slug FROM remittance r
                        JOIN practice p ON r.payee_id = ANY (p.payee_ids) AND p.id <> :me
                        WHERE r.id = ANY(:ids)""")
                        .bind("me", practice)
                        .bind("ids", r.remittances().toArray(java.util.UUID[]::new))
                        .map(
                                row ->
                                        "payee id "
                                                + row.get("payee_id", String.class)
                                                + " is registered to practice '"
                                                + row.get("slug", String.class)
                                                + "'; the file was stored for the uploader")
                        .all()
                        .collectList());
    }

    /**
     * The body, failing with 413 as soon as it passes {@code reclaim.limits.upload-bytes}: an
     * endless stream is cut there, and what was spooled of it is deleted.
     */
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

    private Mono<ResponseEntity<IngestResult>> upload(
            Flux<DataBuffer> body, String name, java.util.UUID practice) {
        Flux<DataBuffer> content = capped(body == null ? Flux.empty() : body);
        return Mono.usingWhen(
                Mono.fromCallable(() -> Files.createTempFile("reclaim-upload-", ".x12"))
                        .subscribeOn(Schedulers.boundedElastic()),
                tmp ->
                        DataBufferUtils.write(content, tmp)
                                .then(ingest.ingest(tmp, name, "upload", practice))
                                .flatMap(r -> payeeWarnings(r, practice).map(r::withWarnings))
                                .map(
                                        r ->
                                                ResponseEntity.status(
                                                                r.created()
                                                                        ? HttpStatus.CREATED
                                                                        : HttpStatus.OK)
                                                        .body(r)),
                tmp ->
                        Mono.fromCallable(() -> Files.deleteIfExists(tmp))
                                .subscribeOn(Schedulers.boundedElastic()));
    }
}
