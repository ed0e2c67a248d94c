package org.reclaim.ingest.web;

import java.nio.file.Files;
import org.reclaim.ingest.IngestResult;
import org.reclaim.ingest.IngestService;
import org.reclaim.practice.Practices;
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
 * Raw X12 uploads (CONTRACTS §3). Both endpoints take any of 835, 837, 999/997 and 277CA: the file's
 * content decides what it is. The body streams to a temporary file, so an upload of any size is
 * taken in constant memory.
 */
@RestController
class IngestController {

    private final IngestService ingest;

    IngestController(IngestService ingest) {
        this.ingest = ingest;
    }

    @PostMapping("/api/v1/remittances")
    Mono<ResponseEntity<IngestResult>> remittances(@RequestBody(required = false) Flux<DataBuffer> body,
            @RequestHeader(name = "X-File-Name", required = false) String name) {
        return upload(body, name);
    }

    @PostMapping("/api/v1/claims")
    Mono<ResponseEntity<IngestResult>> claims(@RequestBody(required = false) Flux<DataBuffer> body,
            @RequestHeader(name = "X-File-Name", required = false) String name) {
        return upload(body, name);
    }

    private Mono<ResponseEntity<IngestResult>> upload(Flux<DataBuffer> body, String name) {
        Flux<DataBuffer> content = body == null ? Flux.empty() : body;
        return Mono.usingWhen(
                Mono.fromCallable(() -> Files.createTempFile("reclaim-upload-", ".x12"))
                        .subscribeOn(Schedulers.boundedElastic()),
                tmp -> DataBufferUtils.write(content, tmp)
                        .then(ingest.ingest(tmp, name, "upload", Practices.DEFAULT_ID))
                        .map(r -> ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK).body(r)),
                tmp -> Mono.fromCallable(() -> Files.deleteIfExists(tmp)).subscribeOn(Schedulers.boundedElastic()));
    }
}
