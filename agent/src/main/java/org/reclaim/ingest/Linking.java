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

    private Linking() {
    }

    private static final String[] AFTER_FILE = {
        // 835 claims of this file → submitted claims, by patient control number (latest submission first)
        """
        WITH m AS (
            SELECT DISTINCT ON (cp.id) cp.id AS cp_id, s.id AS sc_id
            FROM claim_payment cp
            JOIN remittance r ON r.id = cp.remittance_id
            JOIN submitted_claim s ON s.practice_id = cp.practice_id
                                   AND s.patient_control_number = cp.patient_control_number
            WHERE r.file_id = $1 AND cp.submitted_claim_id IS NULL
            ORDER BY cp.id, (s.submission_date <= r.payment_date) DESC NULLS LAST,
                     s.submission_date DESC NULLS LAST, s.id DESC)
        UPDATE claim_payment cp SET submitted_claim_id = m.sc_id FROM m WHERE cp.id = m.cp_id
        """,
        // …then by payer claim number: a replacement claim names it in REF*F8, or an earlier remittance
        // for the same payer claim was already linked. Equality joins only (one per column), so the
        // planner can hash-join a file of any size.
        """
        WITH candidates AS (
            SELECT cp.id AS cp_id, s.id AS sc_id, s.submission_date
            FROM claim_payment cp
            JOIN remittance r ON r.id = cp.remittance_id
            JOIN submitted_claim s ON s.practice_id = cp.practice_id AND s.payer_claim_number = cp.payer_claim_number
            WHERE r.file_id = $1 AND cp.submitted_claim_id IS NULL
            UNION ALL
            SELECT cp.id, s.id, s.submission_date
            FROM claim_payment cp
            JOIN remittance r ON r.id = cp.remittance_id
            JOIN submitted_claim s ON s.practice_id = cp.practice_id
                                   AND s.payer_claim_number = cp.original_payer_claim_number
            WHERE r.file_id = $1 AND cp.submitted_claim_id IS NULL),
        m AS (SELECT DISTINCT ON (cp_id) cp_id, sc_id FROM candidates
              ORDER BY cp_id, submission_date DESC NULLS LAST, sc_id DESC)
        UPDATE claim_payment cp SET submitted_claim_id = m.sc_id FROM m WHERE cp.id = m.cp_id
        """,
        """
        WITH candidates AS (
            SELECT cp.id AS cp_id, earlier.submitted_claim_id AS sc_id, earlier.id AS earlier_id
            FROM claim_payment cp
            JOIN remittance r ON r.id = cp.remittance_id
            JOIN claim_payment earlier ON earlier.practice_id = cp.practice_id
                                       AND earlier.payer_claim_number = cp.payer_claim_number
            WHERE r.file_id = $1 AND cp.submitted_claim_id IS NULL AND earlier.submitted_claim_id IS NOT NULL
            UNION ALL
            SELECT cp.id, earlier.submitted_claim_id, earlier.id
            FROM claim_payment cp
            JOIN remittance r ON r.id = cp.remittance_id
            JOIN claim_payment earlier ON earlier.practice_id = cp.practice_id
                                       AND earlier.payer_claim_number = cp.original_payer_claim_number
            WHERE r.file_id = $1 AND cp.submitted_claim_id IS NULL AND earlier.submitted_claim_id IS NOT NULL),
        m AS (SELECT DISTINCT ON (cp_id) cp_id, sc_id FROM candidates ORDER BY cp_id, earlier_id DESC)
        UPDATE claim_payment cp SET submitted_claim_id = m.sc_id FROM m WHERE cp.id = m.cp_id
        """,
        // claims of this 837 file ← remittances and acknowledgments that arrived before them
        """
        WITH m AS (
            SELECT DISTINCT ON (cp.id) cp.id AS cp_id, s.id AS sc_id
            FROM submitted_claim s
            JOIN claim_submission cs ON cs.id = s.submission_id
            JOIN claim_payment cp ON cp.practice_id = s.practice_id
                                  AND cp.patient_control_number = s.patient_control_number
            WHERE cs.file_id = $1 AND cp.submitted_claim_id IS NULL
            ORDER BY cp.id, s.submission_date DESC NULLS LAST, s.id DESC)
        UPDATE claim_payment cp SET submitted_claim_id = m.sc_id FROM m WHERE cp.id = m.cp_id
        """,
        // 277CA answers (this file's, or earlier unlinked ones) → submitted claims by patient control number
        """
        WITH m AS (
            SELECT DISTINCT ON (i.id) i.id AS item_id, s.id AS sc_id
            FROM acknowledgment_item i
            JOIN submitted_claim s ON s.practice_id = i.practice_id
                                   AND s.patient_control_number = i.patient_control_number
            JOIN claim_submission cs ON cs.id = s.submission_id
            WHERE i.kind = 'claim' AND i.submitted_claim_id IS NULL
              AND (cs.file_id = $1 OR i.acknowledgment_id IN (SELECT id FROM acknowledgment WHERE file_id = $1))
            ORDER BY i.id, (s.submission_date <= i.status_date) DESC NULLS LAST,
                     s.submission_date DESC NULLS LAST, s.id DESC)
        UPDATE acknowledgment_item i SET submitted_claim_id = m.sc_id FROM m WHERE i.id = m.item_id
        """,
        // reversals of this file → the claim they take back (same CLP01 and payer claim number)
        """
        WITH m AS (
            SELECT DISTINCT ON (rv.id) rv.id AS rv_id, cp.id AS original_id
            FROM reversal rv
            JOIN claim_payment rc ON rc.id = rv.reversal_claim_id
            JOIN remittance r ON r.id = rc.remittance_id
            JOIN claim_payment cp ON cp.practice_id = rv.practice_id
                                  AND cp.patient_control_number = rv.patient_control_number
                                  AND cp.payer_claim_number = rv.original_payer_claim_number
                                  AND cp.status <> '22'
                                  AND cp.id IS DISTINCT FROM rv.correction_claim_id
            WHERE r.file_id = $1 AND rv.original_claim_id IS NULL
            ORDER BY rv.id, cp.id)
        UPDATE reversal rv SET original_claim_id = m.original_id FROM m WHERE rv.id = m.rv_id
        """
    };

    static Mono<Void> afterFile(Connection conn, UUID fileId) {
        return Flux.fromArray(AFTER_FILE).concatMap(sql -> IngestService.execute(conn, sql, fileId)).then();
    }
}
