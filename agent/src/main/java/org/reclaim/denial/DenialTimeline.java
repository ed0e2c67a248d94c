package org.reclaim.denial;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Ids;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Texts;
import org.reclaim.core.Times;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Everything that happened to a denial, in time order: the payer's answers (the denial itself, a
 * later payment of the claim, a partner's refusal of a submission), its status moves, the agent's
 * step runs, the artifacts it drafted or an operator attached, its submissions, and the notes
 * people wrote on it. Read and written within the caller's practices only: a denial out of scope is
 * one that does not exist.
 */
@Repository
public class DenialTimeline {

    /** The longest note kept, in characters (the column's check says the same). */
    public static final int NOTE_MAX = 2000;

    /**
     * One thing that happened.
     *
     * @param kind {@code answer}, {@code status}, {@code step}, {@code artifact}, {@code
     *     submission} or {@code note}
     * @param title what it was, in a few words
     * @param detail the rest (a reason, a step's log, a note's text)
     * @param actor who did it, as the audit trail names it ({@code agent:<STEP>}, {@code
     *     operator:<name>}, {@code payer}, …)
     * @param ref the id of the row it was read from (the artifact's id for an artifact)
     */
    public record Entry(
            OffsetDateTime at, String kind, String title, String detail, String actor, UUID ref) {}

    /** A note on a denial. */
    public record Note(UUID id, UUID denialId, String author, String text, OffsetDateTime at) {}

    // Equal instants keep the order in which such things happen: the payer's denial, a step run,
    // the
    // status move it made, what it drafted and sent, an answer to that, then notes.
    private static final String ENTRIES =
            """
            SELECT at, kind, title, detail, actor, ref FROM (
              SELECT f.arrived_at AS at, 'answer' AS kind, 0 AS rank, d.id AS ref,
                     'denied by the payer' AS title,
                     d.group_code || '-' || d.carc || ' $' || to_char(d.amount, 'FM999999999990.00')
                       || coalesce(' on line ' || d.line, ' (claim level)')
                       || coalesce(', payer claim number ' || d.payer_claim_number, '') AS detail,
                     'payer' AS actor
              FROM denial d JOIN remittance r ON r.id = d.remittance_id JOIN x12_file f ON f.id = r.file_id
              WHERE d.id = :id
              UNION ALL
              SELECT s.started_at, 'step', 1, s.id,
                     'step ' || (s.step_index + 1) || ' · ' || s.step || ' · ' || s.outcome,
                     s.detail || CASE WHEN s.tokens_in + s.tokens_out = 0 THEN ''
                                      ELSE ' (model tokens: ' || s.tokens_in || ' in, ' || s.tokens_out || ' out)' END,
                     'agent:' || s.step
              FROM step_run s WHERE s.denial_id = :id
              UNION ALL
              SELECT e.at, 'status', 2, e.id, coalesce(e.from_status || ' → ', '') || e.to_status, e.reason, e.actor
              FROM denial_event e WHERE e.denial_id = :id
              UNION ALL
              SELECT a.created_at, 'artifact', 3, a.id, a.kind || ' (' || a.media_type || ')',
                     length(a.content) || ' bytes, SHA-256 ' || left(a.sha256, 16) || '…', a.source
              FROM artifact a WHERE a.denial_id = :id
              UNION ALL
              SELECT coalesce(s.sent_at, s.created_at), 'submission', 4, s.id,
                     s.kind || ' to the ' || CASE s.channel WHEN 'portal' THEN 'payer''s portal' ELSE s.channel END,
                     s.status || coalesce(', control number ' || s.control_number, '')
                       || coalesce(', receipt ' || s.receipt, ''),
                     'agent'
              FROM submission s WHERE s.denial_id = :id
              UNION ALL
              SELECT s.refused_at, 'answer', 5, s.id,
                     s.kind || ' refused by the ' || CASE s.channel WHEN 'portal' THEN 'payer''s portal' ELSE s.channel END,
                     coalesce(s.refusal_reason, ''), s.channel
              FROM submission s WHERE s.denial_id = :id AND s.refused_at IS NOT NULL
              UNION ALL
              SELECT f.arrived_at, 'answer', 5, cp.id,
                     'the payer answered: paid $' || to_char(cp.paid, 'FM999999999990.00'),
                     'claim status ' || cp.status || ', charge $' || to_char(cp.charge, 'FM999999999990.00')
                       || coalesce(', payer claim number ' || cp.payer_claim_number, ''),
                     'payer'
              FROM denial d JOIN claim_payment cp ON cp.id = d.answered_by
              JOIN remittance r ON r.id = cp.remittance_id JOIN x12_file f ON f.id = r.file_id
              WHERE d.id = :id
              UNION ALL
              SELECT n.at, 'note', 6, n.id, 'note', n.text, n.author
              FROM denial_note n WHERE n.denial_id = :id
            ) t
            ORDER BY at, rank, ref""";

    private final DatabaseClient db;
    private final Clock clock;

    DenialTimeline(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The denial's timeline, oldest first; a 404 error when the caller may not see the denial. */
    public Mono<List<Entry>> of(UUID denial) {
        return practiceOf(denial)
                .flatMap(
                        p ->
                                db.sql(ENTRIES)
                                        .bind("id", denial)
                                        .map(
                                                r ->
                                                        new Entry(
                                                                r.get("at", OffsetDateTime.class),
                                                                r.get("kind", String.class),
                                                                r.get("title", String.class),
                                                                r.get("detail", String.class),
                                                                r.get("actor", String.class),
                                                                r.get("ref", UUID.class)))
                                        .all()
                                        .collectList());
    }

    /** The notes on the denial, oldest first; a 404 error when the caller may not see it. */
    public Mono<List<Note>> notes(UUID denial) {
        return practiceOf(denial)
                .flatMap(
                        p ->
                                db.sql(
                                                "SELECT id, denial_id, author, text, at FROM denial_note"
                                                        + " WHERE denial_id = :id ORDER BY at, id")
                                        .bind("id", denial)
                                        .map(
                                                r ->
                                                        new Note(
                                                                r.get("id", UUID.class),
                                                                r.get("denial_id", UUID.class),
                                                                r.get("author", String.class),
                                                                r.get("text", String.class),
                                                                r.get("at", OffsetDateTime.class)))
                                        .all()
                                        .collectList());
    }

    /**
     * Writes a note by {@code author} (the caller as the audit trail names it): control characters
     * are dropped (tabs and line breaks kept), surrounding blanks trimmed; an empty note or one
     * longer than {@link #NOTE_MAX} is refused with a 400 saying so, nothing written.
     */
    public Mono<Note> addNote(UUID denial, String author, String text) {
        String clean = text == null ? "" : Texts.storable(text).strip();
        if (clean.isEmpty())
            return Mono.error(new BadRequestException("text: a note needs some text"));
        if (clean.length() > NOTE_MAX)
            return Mono.error(
                    new BadRequestException(
                            "text: a note holds at most "
                                    + NOTE_MAX
                                    + " characters, this one has "
                                    + clean.length()));
        OffsetDateTime at = Times.utc(clock.instant());
        UUID id = Ids.next();
        return practiceOf(denial)
                .flatMap(
                        practice ->
                                db.sql(
                                                """
                                INSERT INTO denial_note (id, practice_id, denial_id, author, text, at)
                                VALUES (:id, :p, :d, :author, :text, :at)""")
                                        .bind("id", id)
                                        .bind("p", practice)
                                        .bind("d", denial)
                                        .bind("author", author)
                                        .bind("text", clean)
                                        .bind("at", at)
                                        .then())
                .thenReturn(new Note(id, denial, author, clean, at));
    }

    private Mono<UUID> practiceOf(UUID denial) {
        return PracticeScope.current()
                .flatMap(
                        scope ->
                                scope.bind(
                                                db.sql(
                                                        "SELECT practice_id FROM denial WHERE id = :id AND "
                                                                + scope.sql("practice_id")))
                                        .bind("id", denial)
                                        .map(r -> r.get("practice_id", UUID.class))
                                        .one())
                .switchIfEmpty(Mono.error(() -> new NotFoundException("denial", denial)));
    }
}
