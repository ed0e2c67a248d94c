package org.reclaim.work;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.reclaim.core.Times;
import org.reclaim.ingest.StoredFile;
import org.reclaim.ingest.StoredFileListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Answers wake the work: when a stored file brings an answer — an 835 claim payment, a 277 or 277CA
 * claim status, a 999/997 answer to a transaction set the agent sent, a 271 — the work items
 * waiting on it are due at once, so the step that waits for the answer reads it within seconds, not
 * when its durable timer fires. The timer stays, the fallback for an answer that never comes.
 *
 * <p>Waiting on an answer means: the item is READY, its timer is later than now or its step is
 * running (leased: the wake-up is then kept with the claim's lease token, {@code woken_during}, and
 * the step's end leaves the item due now instead of at the step's own next time), and a step of the
 * item keeps a wait of its own in the context (AWAIT_RESPONSE's {@code await.n}, an inquiry sent,
 * {@code 276.n.*} / {@code 270.n.*}, a portal follow-up {@code case.n.*}). An item waiting for an
 * operator, for a retry after a fault or for another denial of its claim is not woken. The answer
 * concerns the denials of the claims it names: by patient control number (835, 277, 277CA), by the
 * control number of the 837, 276 or 270 the agent sent (999/997 sets and groups), by the 270's
 * trace number (271: made of the denial's id, see {@code InquirySteps}).
 *
 * <p>Idempotent and safe with several instances: it only moves {@code next_run_at} forward to now,
 * or marks a running step's claim; a file told again wakes nothing that is not still waiting. It
 * runs after the other listeners (their moves — an upheld denial, a rejection sent back — are
 * committed first), then nudges this instance's agent loop, which runs a pass at once; other
 * instances find the items at their next poll ({@code reclaim.agent.poll-interval}).
 */
@Component
@Order(AnswerWakes.ORDER)
public class AnswerWakes implements StoredFileListener {

    /** After every other listener. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

    /** Told of the items an answer woke: the demo measures answer-to-action latency with it. */
    public interface Woken {
        void woken(UUID file, Instant at, List<UUID> denials);
    }

    private static final Logger log = LoggerFactory.getLogger(AnswerWakes.class);

    /** A step of {@code w} keeps a wait on an answer in the context (JSON). */
    private static final String WAITING_ON_ANSWER =
            """
            CASE WHEN ltrim(w.context) LIKE '{%'
                 -- steps keep their values by step id (by index when stored before ids), which the
                 -- row does not name: a step of the item that keeps a wait on an answer
                 THEN EXISTS (SELECT 1 FROM jsonb_each(CASE WHEN jsonb_typeof(CAST(w.context AS jsonb) -> 'steps') = 'object'
                                                            THEN CAST(w.context AS jsonb) -> 'steps' ELSE '{}'::jsonb END) e
                              WHERE e.value ? 'awaitUntil' OR e.value ? 'inquiries' OR e.value ? 'portalFollowUp')
                 -- written before the typed context (key=value lines): its own keys of the step
                 ELSE w.context ~ ('(^|\\n)(await\\.' || w.step_index || '=|(case|270|276)\\.' || w.step_index || '\\.)')
            END""";

    /**
     * The denials the file's answers concern: {@code (practice, pcn)} of a claim, or a denial by
     * id.
     */
    private static final String CONCERNED =
            """
            SELECT cp.practice_id, cp.patient_control_number AS pcn, CAST(NULL AS uuid) AS denial
            FROM remittance r JOIN claim_payment cp ON cp.remittance_id = r.id
            WHERE r.file_id = :file
            UNION
            SELECT i.practice_id, i.patient_control_number, NULL
            FROM acknowledgment a JOIN acknowledgment_item i ON i.acknowledgment_id = a.id
            WHERE a.file_id = :file AND i.kind = 'claim' AND i.patient_control_number IS NOT NULL
            UNION
            -- a 999/997 answers a transaction set (or a group) the agent sent, by its control number
            SELECT s.practice_id, NULL, s.denial_id
            FROM acknowledgment a JOIN acknowledgment_item i ON i.acknowledgment_id = a.id
            JOIN submission s ON s.practice_id = a.practice_id AND s.kind IN ('837', '276', '270')
                             AND s.denial_id IS NOT NULL
                             AND ((i.set_control_number IS NOT NULL
                                   AND ltrim(i.set_control_number, '0') = ltrim(s.control_number, '0'))
                               OR (i.set_control_number IS NULL
                                   AND ltrim(a.acknowledged_group, '0') = ltrim(s.control_number, '0')))
            WHERE a.file_id = :file AND i.kind = 'set'
            UNION
            -- a 271 echoes the 270's trace number: the denial's id, its first 20 hex digits
            SELECT e.practice_id, NULL, w.denial_id
            FROM eligibility_response e
            JOIN work_item w ON w.practice_id = e.practice_id
                AND w.denial_id BETWEEN CAST(CASE WHEN e.trace_number ~ '^[0-9a-f]{20}'
                                                  THEN rpad(left(e.trace_number, 20), 32, '0') END AS uuid)
                                    AND CAST(CASE WHEN e.trace_number ~ '^[0-9a-f]{20}'
                                                  THEN rpad(left(e.trace_number, 20), 32, 'f') END AS uuid)
            WHERE e.file_id = :file""";

    private final DatabaseClient db;
    private final Clock clock;
    private final ObjectProvider<Woken> told;
    private final Sinks.Many<Instant> nudges = Sinks.many().multicast().directBestEffort();

    AnswerWakes(DatabaseClient db, Clock clock, ObjectProvider<Woken> told) {
        this.db = db;
        this.clock = clock;
        this.told = told;
    }

    @Override
    public Mono<Void> stored(StoredFile file) {
        return wake(file.fileId()).then();
    }

    /** Wakes the items waiting on the answers of stored file {@code file}; emits their denials. */
    public Mono<List<UUID>> wake(UUID file) {
        Instant now = clock.instant();
        return db.sql(
                        ("WITH concerned AS ("
                                        + CONCERNED
                                        + """
                        )
                        UPDATE work_item w SET next_run_at = least(w.next_run_at, :now), updated_at = :now,
                               -- a running step: the wake-up is kept with its claim's lease token,
                               -- so the step's end leaves the item due now (WorkItems.advance)
                               woken_during = CASE WHEN w.lease_until > clock_timestamp() THEN w.lease_token
                                                   ELSE w.woken_during END
                        FROM denial d
                        WHERE d.id = w.denial_id AND w.state = 'READY'
                          AND (w.next_run_at > :now OR w.lease_until > clock_timestamp())
                          AND EXISTS (SELECT 1 FROM concerned c
                                      WHERE c.denial = d.id
                                         OR (c.practice_id = d.practice_id AND c.pcn = d.patient_control_number))
                          AND %s
                        RETURNING w.denial_id""")
                                .formatted(WAITING_ON_ANSWER))
                .bind("file", file)
                .bind("now", Times.utc(now))
                .map(r -> r.get("denial_id", UUID.class))
                .all()
                .collectList()
                .doOnNext(
                        woken -> {
                            if (woken.isEmpty()) return;
                            log.debug("file {} woke {} waiting work item(s)", file, woken.size());
                            told.orderedStream().forEach(t -> t.woken(file, now, woken));
                            nudges.tryEmitNext(now);
                        });
    }

    /** A signal each time answers woke items: this instance's agent loop runs a pass at once. */
    Flux<Instant> nudges() {
        return nudges.asFlux();
    }
}
