package org.reclaim.payeranswer;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.Times;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.Lifecycle;
import org.reclaim.ingest.StoredFile;
import org.reclaim.ingest.StoredFileListener;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.triage.TriageService;
import org.reclaim.work.WorkItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 999 and 277CA answers to the agent's own 837s. A rejection (the claim was never adjudicated)
 * sends the denial straight back to its playbook's drafting step, with the reasons in its context,
 * instead of letting it wait for a payment that cannot come.
 *
 * <p>A 999 answer is matched by the set's control number and, when it names one, the group's
 * (AK102); one for a whole group rejected without AK2 loops (no set control number) by the group's,
 * since the agent numbers the one group and the one set of each 837 it sends alike ({@link
 * TradingPartner#envelope}). It is about an 837 already sent when the answer is stored and, should
 * two senders of the practice have used the same number, the one sent last: the rule the practice's
 * own 837s follow (the view {@code set_answer}, V10__rejections.sql). Rejections of the practice's
 * own claims are not worked here ({@code GET /api/v1/rejections}).
 */
@Component
// before AnswerWakes: what an answer moves is committed before the waiting items are woken
@org.springframework.core.annotation.Order(org.reclaim.work.AnswerWakes.ORDER - 1)
class Rejections implements StoredFileListener {

    private static final Logger log = LoggerFactory.getLogger(Rejections.class);

    /** Another 837 of the practice sent after {@code s} under the same control number. */
    private static final String SENT_LATER =
            """
            SELECT 1 FROM submission later
            WHERE later.practice_id = s.practice_id AND later.kind = '837' AND later.status = 'SENT'
              AND ltrim(later.control_number, '0') = ltrim(s.control_number, '0') AND later.sent_at > s.sent_at""";

    private final DatabaseClient db;
    private final Lifecycle lifecycle;
    private final TriageService triage;
    private final Clock clock;
    private final TransactionalOperator tx;
    private final WorkItems items;
    private final org.reclaim.work.PlaybookVersions versions;

    Rejections(
            DatabaseClient db,
            Lifecycle lifecycle,
            TriageService triage,
            Clock clock,
            ReactiveTransactionManager txm,
            WorkItems items,
            org.reclaim.work.PlaybookVersions versions) {
        this.versions = versions;
        this.db = db;
        this.items = items;
        this.lifecycle = lifecycle;
        this.triage = triage;
        this.clock = clock;
        this.tx = TransactionalOperator.create(txm);
    }

    @Override
    public Mono<Void> stored(StoredFile file) {
        if (file.acknowledgments().isEmpty()) return Mono.empty();
        // a 277CA claim rejected by patient control number, a 999 set rejected by its set and group
        // control
        // numbers, or a 999 group of claims (AK1*HC) rejected whole by the group's
        Flux<Rejected> rejected =
                Resolutions.bindAliases(
                                db.sql(
                                        Resolutions.PAYER_ALIAS
                                                + """
                        SELECT d.id, d.status, w.playbook, w.step_index, array_agg(DISTINCT i.id) AS items,
                               string_agg(DISTINCT concat_ws(' ', i.code, array_to_string(i.reasons, ' ')), '; ') AS why
                        FROM acknowledgment a
                        JOIN acknowledgment_item i ON i.acknowledgment_id = a.id AND NOT i.accepted
                        JOIN submission s ON s.kind = '837' AND s.status = 'SENT' AND s.practice_id = a.practice_id
                        JOIN denial d ON d.id = s.denial_id
                        JOIN remittance dr ON dr.id = d.remittance_id
                        JOIN work_item w ON w.denial_id = d.id
                        WHERE a.id = ANY(:acks) AND d.status IN (%1$s)
                          AND NOT EXISTS (SELECT 1 FROM rejection_applied x
                                          WHERE x.acknowledgment_item_id = i.id AND x.denial_id = d.id)
                          AND ((i.kind = 'claim' AND i.patient_control_number = d.patient_control_number
                                -- the claim the agent sent before the answer arrived, to the payer that answers
                                AND s.sent_at < (SELECT af.arrived_at FROM x12_file af WHERE af.id = a.file_id)
                                AND ((a.payer_id IS NULL AND a.payer_name IS NULL)
                                     OR coalesce((SELECT 'payer:' || pa.payer FROM payer_alias pa WHERE pa.identifier = a.payer_id LIMIT 1),
                                                 'id:' || a.payer_id) = ANY(%3$s)
                                     OR upper(a.payer_name) = upper(dr.payer_name)))
                            OR (i.kind = 'set' AND NOT EXISTS (%2$s)
                                AND ((i.status = '837'
                                      AND ltrim(i.set_control_number, '0') = ltrim(s.control_number, '0')
                                      AND (a.acknowledged_group IS NULL
                                           OR ltrim(a.acknowledged_group, '0') = ltrim(s.control_number, '0')))
                                  OR (i.set_control_number IS NULL AND (i.status IS NULL OR i.status = '837')
                                      AND ltrim(a.acknowledged_group, '0') = ltrim(s.control_number, '0')))))
                        GROUP BY d.id, d.status, w.playbook, w.step_index"""
                                                        .formatted(
                                                                DenialStatus.sql(
                                                                        DenialStatus.SUBMITTED,
                                                                        DenialStatus
                                                                                .AWAITING_PAYER),
                                                                SENT_LATER,
                                                                Resolutions.PAYER_KEYS.formatted(
                                                                        "dr"))),
                                triage)
                        .bind("acks", file.acknowledgments().toArray(UUID[]::new))
                        .map(
                                r ->
                                        new Rejected(
                                                r.get("id", UUID.class),
                                                DenialStatus.valueOf(r.get("status", String.class)),
                                                r.get("playbook", String.class),
                                                r.get("step_index", Integer.class),
                                                r.get("items", UUID[].class),
                                                r.get("why", String.class).strip()))
                        .all();
        return Resolutions.each(
                rejected,
                r -> back(r.denial(), r.status(), r.playbook(), r.step(), r.why()).then(applied(r)),
                tx,
                "rejection");
    }

    /**
     * A denial of the agent's sent back by a file's rejecting answers ({@code items}, all of them).
     */
    private record Rejected(
            UUID denial,
            DenialStatus status,
            String playbook,
            int step,
            UUID[] items,
            String why) {}

    /**
     * Records the answers as applied to the denial, in the same transaction as the move: the file
     * may be applied again (V12__rejections_once.sql), and by then the agent may have sent the
     * claim again.
     */
    private Mono<Void> applied(Rejected r) {
        return db.sql(
                        """
                        INSERT INTO rejection_applied (acknowledgment_item_id, denial_id, practice_id, applied_at)
                        SELECT item, d.id, d.practice_id, :now FROM denial d, unnest(CAST(:items AS uuid[])) AS item
                        WHERE d.id = :denial
                        ON CONFLICT DO NOTHING""")
                .bind("items", r.items())
                .bind("denial", r.denial())
                .bind("now", Times.utc(clock.instant()))
                .then();
    }

    private Mono<Void> back(
            UUID denial, DenialStatus status, String playbookId, int current, String why) {
        // the version the item is pinned to: its step indexes are that version's
        return versions.ofDenial(denial)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(p -> back(denial, status, p.orElse(null), current, why));
    }

    private Mono<Void> back(UUID denial, DenialStatus status, Playbook p, int current, String why) {
        int draft = -1;
        if (p != null) {
            for (int i = Math.min(current, p.steps().size() - 1); i >= 0; i--) {
                StepKind k = p.steps().get(i).kind();
                if (k == StepKind.DRAFT_CORRECTED_CLAIM || k == StepKind.REBILL_OTHER_PAYER) {
                    draft = i;
                    break;
                }
            }
        }
        Instant now = clock.instant();
        if (draft < 0) {
            return lifecycle
                    .move(
                            denial,
                            status,
                            DenialStatus.ESCALATED,
                            "payer:277CA",
                            "the claim was rejected: " + why)
                    .then(
                            db.sql(
                                            "UPDATE work_item SET state = 'DONE', updated_at = :now WHERE denial_id = :id")
                                    .bind("now", Times.utc(now))
                                    .bind("id", denial)
                                    .then());
        }
        return lifecycle
                .move(
                        denial,
                        status,
                        DenialStatus.IN_PROGRESS,
                        "payer:277CA",
                        "the claim was rejected before adjudication ("
                                + why
                                + "): back to drafting")
                .then(
                        db.sql(
                                        """
                                UPDATE work_item SET step_index = :step, attempt = 0, state = 'READY', next_run_at = :now,
                                       lease_owner = NULL, lease_until = NULL, updated_at = :now
                                WHERE denial_id = :id""")
                                .bind("step", draft)
                                .bind("now", Times.utc(now))
                                .bind("id", denial)
                                .then())
                .then(items.amend(denial, null, Map.of("rejection", why.replace("\n", " "))))
                .then();
    }
}
