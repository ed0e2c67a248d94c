package org.reclaim.prevention.gate;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.reclaim.ingest.StoredFile;
import org.reclaim.ingest.StoredFileListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * An arriving 271 wakes the claims the gate holds for it (as answers wake steps): each HELD claim
 * AWAITING eligibility whose 270 trace number the 271 echoes is answered through {@link
 * Gate#eligibilityAnswered}. At start-up, the 271s stored while the service was down are read the
 * same way.
 */
@Component
class EligibilityAnswers implements StoredFileListener {

    private static final String ANSWERED =
            """
            SELECT h.id, e.active, e.member_id, e.plan_name, f.received_at
            FROM held_claim h
            JOIN eligibility_response e ON e.practice_id = h.practice_id
                                       AND e.trace_number = h.eligibility_trace
            JOIN x12_file f ON f.id = e.file_id
            WHERE h.eligibility = 'AWAITING' AND h.status = 'HELD'""";

    private final DatabaseClient db;
    // the gate stores what it sends through ingest, which tells its listeners: asked when needed
    private final ObjectProvider<Gate> gate;

    EligibilityAnswers(DatabaseClient db, ObjectProvider<Gate> gate) {
        this.db = db;
        this.gate = gate;
    }

    @Override
    public Mono<Void> stored(StoredFile file) {
        return answer(db.sql(ANSWERED + " AND e.file_id = :file").bind("file", file.fileId()));
    }

    @Override
    public Mono<Void> catchUp() {
        return answer(db.sql(ANSWERED));
    }

    private Mono<Void> answer(DatabaseClient.GenericExecuteSpec spec) {
        return spec.map(
                        r ->
                                new Object[] {
                                    r.get("id", UUID.class),
                                    new GateEligibility.Answer(
                                            Boolean.TRUE.equals(r.get("active", Boolean.class)),
                                            r.get("member_id", String.class),
                                            r.get("received_at", OffsetDateTime.class),
                                            r.get("plan_name", String.class))
                                })
                .all()
                .concatMap(
                        o ->
                                gate.getObject()
                                        .eligibilityAnswered(
                                                (UUID) o[0], (GateEligibility.Answer) o[1]))
                .then();
    }
}
