package org.reclaim.ingest;

import io.r2dbc.spi.Connection;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Links what a newly stored file holds to what was stored before, inside the file's transaction,
 * whatever order files arrive in: an 835 claim to the submitted claim it answers (CLM01 = CLP01;
 * when no claim has that number, the payer claim number), a 277CA answer to its claim, a reversal
 * to the original claim it takes back.
 */
final class Linking {

    private Linking() {}

    // Each query first materialises this file's own rows (found through the file id), then probes
    // the
    // other side by index. Tables filled by COPY moments ago have no statistics yet; written this
    // way
    // the plan does not depend on them.
    private static final String[] AFTER_FILE = {
        // 835 claims of this file → submitted claims, by patient control number (latest submission
        // first)
        """
        WITH mine AS MATERIALIZED (
            SELECT cp.id, cp.practice_id, cp.patient_control_number, r.payment_date
            FROM remittance r JOIN claim_payment cp ON cp.remittance_id = r.id
            WHERE r.file_id = $1),
        m AS (
            SELECT DISTINCT ON (mine.id) mine.id AS cp_id, s.id AS sc_id, mine.practice_id
            FROM mine JOIN submitted_claim s ON s.practice_id = mine.practice_id
                                            AND s.patient_control_number = mine.patient_control_number
            ORDER BY mine.id, (s.submission_date <= mine.payment_date) DESC NULLS LAST,
                     s.submission_date DESC NULLS LAST, s.id DESC)
        INSERT INTO claim_payment_link (claim_payment_id, submitted_claim_id, practice_id, matched_by)
        SELECT m.cp_id, m.sc_id, m.practice_id, 'patient_control_number' FROM m
        """,
        // …then by payer claim number, which a replacement claim names in REF*F8 (equality joins,
        // so
        // large files hash-join)
        """
        WITH mine AS MATERIALIZED (
            SELECT cp.id, cp.practice_id, cp.patient_control_number, cp.payer_claim_number,
                   cp.original_payer_claim_number
            FROM remittance r JOIN claim_payment cp ON cp.remittance_id = r.id
            WHERE r.file_id = $1),
        unlinked AS MATERIALIZED (
            SELECT * FROM mine WHERE NOT EXISTS (SELECT 1 FROM claim_payment_link l WHERE l.claim_payment_id = mine.id)),
        candidates AS (
            SELECT u.id AS cp_id, s.id AS sc_id, s.submission_date AS rank_date, s.id AS rank_id
            FROM unlinked u JOIN submitted_claim s ON s.practice_id = u.practice_id
                                                  AND s.payer_claim_number = u.payer_claim_number
            UNION ALL
            SELECT u.id, s.id, s.submission_date, s.id
            FROM unlinked u JOIN submitted_claim s ON s.practice_id = u.practice_id
                                                  AND s.payer_claim_number = u.original_payer_claim_number),
        m AS (SELECT DISTINCT ON (cp_id) cp_id, sc_id FROM candidates
              ORDER BY cp_id, rank_date DESC NULLS LAST, rank_id DESC)
        INSERT INTO claim_payment_link (claim_payment_id, submitted_claim_id, practice_id, matched_by)
        SELECT m.cp_id, m.sc_id, cp.practice_id, 'payer_claim_number' FROM m JOIN claim_payment cp ON cp.id = m.cp_id
        """,
        // claims of this 837 file ← remittances that arrived before them
        """
        WITH mine AS MATERIALIZED (
            SELECT s.id, s.practice_id, s.patient_control_number, s.submission_date
            FROM claim_submission cs JOIN submitted_claim s ON s.submission_id = cs.id
            WHERE cs.file_id = $1),
        m AS (
            SELECT DISTINCT ON (cp.id) cp.id AS cp_id, mine.id AS sc_id, cp.practice_id
            FROM mine JOIN claim_payment cp ON cp.practice_id = mine.practice_id
                                            AND cp.patient_control_number = mine.patient_control_number
            WHERE NOT EXISTS (SELECT 1 FROM claim_payment_link l WHERE l.claim_payment_id = cp.id)
            ORDER BY cp.id, mine.submission_date DESC NULLS LAST, mine.id DESC)
        INSERT INTO claim_payment_link (claim_payment_id, submitted_claim_id, practice_id, matched_by)
        SELECT m.cp_id, m.sc_id, m.practice_id, 'patient_control_number' FROM m
        """,
        // 277CA answers of this file → submitted claims by patient control number
        """
        WITH mine AS MATERIALIZED (
            SELECT i.id, i.practice_id, i.patient_control_number, i.status_date
            FROM acknowledgment a JOIN acknowledgment_item i ON i.acknowledgment_id = a.id
            WHERE a.file_id = $1 AND i.kind = 'claim'),
        m AS (
            SELECT DISTINCT ON (mine.id) mine.id AS item_id, s.id AS sc_id
            FROM mine JOIN submitted_claim s ON s.practice_id = mine.practice_id
                                            AND s.patient_control_number = mine.patient_control_number
            ORDER BY mine.id, (s.submission_date <= mine.status_date) DESC NULLS LAST,
                     s.submission_date DESC NULLS LAST, s.id DESC)
        UPDATE acknowledgment_item i SET submitted_claim_id = m.sc_id FROM m WHERE i.id = m.item_id
        """,
        // claims of this 837 file ← 277CA answers that arrived before them
        """
        WITH mine AS MATERIALIZED (
            SELECT s.id, s.practice_id, s.patient_control_number, s.submission_date
            FROM claim_submission cs JOIN submitted_claim s ON s.submission_id = cs.id
            WHERE cs.file_id = $1),
        m AS (
            SELECT DISTINCT ON (i.id) i.id AS item_id, mine.id AS sc_id
            FROM mine JOIN acknowledgment_item i ON i.practice_id = mine.practice_id
                                                 AND i.patient_control_number = mine.patient_control_number
            WHERE i.kind = 'claim' AND i.submitted_claim_id IS NULL
            ORDER BY i.id, mine.submission_date DESC NULLS LAST, mine.id DESC)
        UPDATE acknowledgment_item i SET submitted_claim_id = m.sc_id FROM m WHERE i.id = m.item_id
        """,
        // reversals of this file → the claim they take back (same CLP01 and payer claim number): a
        // probe by index per reversal, as reversals are few and claims are many
        """
        WITH mine AS MATERIALIZED (
            SELECT rv.id, rv.practice_id, rv.patient_control_number, rv.original_payer_claim_number,
                   rv.correction_claim_id
            FROM reversal rv WHERE rv.file_id = $1),
        m AS (
            SELECT mine.id AS rv_id,
                   -- the earliest match; min() over the few rows the index finds, since without
                   -- statistics an ORDER BY id LIMIT 1 may be planned as a walk of the whole primary key
                   (SELECT min(cp.id::text)::uuid FROM claim_payment cp
                    WHERE cp.practice_id = mine.practice_id
                      AND cp.patient_control_number = mine.patient_control_number
                      AND cp.payer_claim_number = mine.original_payer_claim_number
                      AND cp.status <> '22' AND cp.id IS DISTINCT FROM mine.correction_claim_id) AS original_id
            FROM mine)
        UPDATE reversal rv SET original_claim_id = m.original_id
        FROM m WHERE rv.id = m.rv_id AND m.original_id IS NOT NULL
        """
    };

    static Mono<Void> afterFile(Connection conn, UUID fileId) {
        return Flux.range(0, AFTER_FILE.length)
                .concatMap(
                        i ->
                                IngestService.timed(
                                        "link step " + (i + 1),
                                        IngestService.execute(conn, AFTER_FILE[i], fileId)
                                                .thenReturn(i)))
                .then();
    }
}
