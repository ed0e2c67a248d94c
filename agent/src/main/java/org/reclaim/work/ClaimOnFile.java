package org.reclaim.work;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The original claim of a denial, as submitted: the 837P linked to its remittance claim, or one an
 * operator attached. Empty when neither is on file — a correction is then asked of an operator,
 * never invented.
 */
@Component
public class ClaimOnFile {

    private final DatabaseClient db;
    private final Artifacts artifacts;

    ClaimOnFile(DatabaseClient db, Artifacts artifacts) {
        this.db = db;
        this.artifacts = artifacts;
    }

    public Mono<ClaimDocument> of(WorkItem item) {
        Mono<ClaimDocument> linked =
                item.submittedClaimId() == null
                        ? Mono.empty()
                        : db.sql(
                                        "SELECT document FROM claim_document WHERE submitted_claim_id = :id")
                                .bind("id", item.submittedClaimId())
                                .map(r -> r.get("document", String.class))
                                .one()
                                .map(ClaimDocument::parse);
        return linked.switchIfEmpty(
                Mono.defer(
                        () ->
                                artifacts
                                        .latest(item.denialId(), "original-claim")
                                        .flatMap(a -> read(a, item.patientControlNumber()))));
    }

    /**
     * The claim with this patient control number in an 837 artifact, parsed off the event loop;
     * empty when it has none.
     */
    public static Mono<ClaimDocument> read(Artifacts.Artifact artifact, String pcn) {
        return Mono.fromCallable(() -> find(artifact.content(), pcn))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The claim with this patient control number in an 837 file; null when it has none. */
    public static ClaimDocument find(byte[] x12, String pcn) {
        AtomicReference<ClaimDocument> found = new AtomicReference<>();
        try {
            X12Files.read(
                    new ByteArrayInputStream(x12),
                    new X12Handler() {
                        @Override
                        public void claimDocument(ClaimDocument d) {
                            if (found.get() == null && pcn.equals(d.claim().patientControlNumber()))
                                found.set(d);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found.get();
    }
}
