-- Rejections (docs/contracts.md §1): claims the practice sent that a 999/997 or a 277CA turned away before
-- adjudication, their own work type, linked to the submitted claim.
--
-- A rejection is derived from what is stored, not kept as a row of its own: a submitted claim with at
-- least one rejecting answer is one rejection, however many answers say so (the same 999 uploaded again,
-- a copy in another interchange, a 999 and a 277CA), and it is open until a fact stored later or earlier
-- resolves it. So files may arrive in any order and twice, and nothing is counted on the side that could
-- drift from them. Only an operator's decision to close one is stored (rejection_closure).
--
-- The views run with the caller's rights (security_invoker, PostgreSQL 15+), so row-level security
-- filters them like the tables under them, whatever role owns the schema.

-- A 999/997 names the group it answers (AK102 = the 837's GS06) as well as the set (AK202 = ST02): ST02
-- alone repeats across files, many billing systems start every file at 0001. 837s stored before this
-- migration have no group control number: for them the set's number is all there is to match.
ALTER TABLE claim_submission ADD COLUMN group_control_number text;
CREATE INDEX claim_submission_set ON claim_submission (practice_id, ltrim(control_number, '0'));
CREATE INDEX claim_submission_group ON claim_submission (practice_id, ltrim(group_control_number, '0'));
CREATE INDEX acknowledgment_item_rejecting ON acknowledgment_item (practice_id) WHERE NOT accepted;
CREATE INDEX acknowledgment_item_set ON acknowledgment_item (practice_id, ltrim(set_control_number, '0'))
    WHERE kind = 'set';
CREATE INDEX acknowledgment_group ON acknowledgment (practice_id, ltrim(acknowledged_group, '0'));
CREATE INDEX submission_sent_control ON submission (practice_id, ltrim(control_number, '0')) WHERE status = 'SENT';

-- Which 837 transaction set a 999/997 answer is about: a set with its control number, in the group the
-- answer names (when it names one and the 837's is known), stored before the answer arrived; of several,
-- the latest. An answer for a whole group rejected without AK2 loops (no set control number) is about
-- every set of the latest such group. An 837 the agent sent with the same numbers after the practice's
-- and before the answer takes it instead: agent/Rejections.java works that one (its sent_at is the
-- service clock, the database's own outside the demo's accelerated one).
CREATE VIEW set_answer WITH (security_invoker = true) AS
SELECT i.id AS item_id, i.practice_id, cs.id AS claim_submission_id, af.received_at
FROM acknowledgment_item i
JOIN acknowledgment a ON a.id = i.acknowledgment_id
JOIN x12_file af ON af.id = a.file_id
JOIN claim_submission cs ON cs.practice_id = i.practice_id
                        AND ltrim(cs.control_number, '0') = ltrim(i.set_control_number, '0')
                        AND (a.acknowledged_group IS NULL OR cs.group_control_number IS NULL
                             OR ltrim(cs.group_control_number, '0') = ltrim(a.acknowledged_group, '0'))
JOIN x12_file cf ON cf.id = cs.file_id AND cf.received_at < af.received_at
WHERE i.kind = 'set' AND i.status = '837'
  AND NOT EXISTS (
      SELECT 1 FROM claim_submission o JOIN x12_file f ON f.id = o.file_id
      WHERE o.practice_id = cs.practice_id
        AND ltrim(o.control_number, '0') = ltrim(cs.control_number, '0')
        AND (a.acknowledged_group IS NULL OR o.group_control_number IS NULL
             OR ltrim(o.group_control_number, '0') = ltrim(a.acknowledged_group, '0'))
        AND f.received_at < af.received_at AND (f.received_at, o.id) > (cf.received_at, cs.id))
  AND NOT EXISTS (
      SELECT 1 FROM submission s
      WHERE s.practice_id = i.practice_id AND s.status = 'SENT'
        AND ltrim(s.control_number, '0') = ltrim(i.set_control_number, '0')
        AND (a.acknowledged_group IS NULL OR ltrim(s.control_number, '0') = ltrim(a.acknowledged_group, '0'))
        AND s.sent_at > cf.received_at AND s.sent_at < af.received_at)
UNION ALL
SELECT i.id, i.practice_id, cs.id, af.received_at
FROM acknowledgment_item i
JOIN acknowledgment a ON a.id = i.acknowledgment_id
JOIN x12_file af ON af.id = a.file_id
JOIN claim_submission cs ON cs.practice_id = i.practice_id
                        AND ltrim(cs.group_control_number, '0') = ltrim(a.acknowledged_group, '0')
JOIN x12_file cf ON cf.id = cs.file_id AND cf.received_at < af.received_at
WHERE i.kind = 'set' AND i.set_control_number IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM claim_submission o JOIN x12_file f ON f.id = o.file_id
      WHERE o.practice_id = cs.practice_id
        AND ltrim(o.group_control_number, '0') = ltrim(cs.group_control_number, '0')
        AND f.received_at < af.received_at AND (f.received_at, f.id) > (cf.received_at, cf.id))
  AND NOT EXISTS (
      SELECT 1 FROM submission s
      WHERE s.practice_id = i.practice_id AND s.status = 'SENT'
        AND ltrim(s.control_number, '0') = ltrim(a.acknowledged_group, '0')
        AND s.sent_at > cf.received_at AND s.sent_at < af.received_at);

-- Every answer about a submitted claim: a 277CA about it (linked at ingestion, ingest/Linking.java) and a
-- 999/997 about the transaction set that carried it. day: the 277CA's status date, else the day it arrived.
CREATE VIEW submitted_claim_answer WITH (security_invoker = true) AS
SELECT i.submitted_claim_id, i.practice_id, i.id AS item_id, i.acknowledgment_id, a.type, i.code, i.status,
       i.accepted, i.reasons, coalesce(i.status_date, (af.received_at AT TIME ZONE 'UTC')::date) AS day,
       af.received_at
FROM acknowledgment_item i
JOIN acknowledgment a ON a.id = i.acknowledgment_id
JOIN x12_file af ON af.id = a.file_id
WHERE i.kind = 'claim' AND a.type = '277CA' AND i.submitted_claim_id IS NOT NULL
UNION ALL
SELECT sc.id, sa.practice_id, i.id, i.acknowledgment_id, a.type, i.code, i.status, i.accepted, i.reasons,
       (sa.received_at AT TIME ZONE 'UTC')::date, sa.received_at
FROM set_answer sa
JOIN acknowledgment_item i ON i.id = sa.item_id
JOIN acknowledgment a ON a.id = i.acknowledgment_id
JOIN submitted_claim sc ON sc.submission_id = sa.claim_submission_id;

-- An operator's decision to close a rejection (the practice fixed it some other way): who, when and why.
-- closed_at is the database's time, like the arrival of the files it is weighed against.
CREATE TABLE rejection_closure (
    submitted_claim_id uuid PRIMARY KEY,
    practice_id        uuid NOT NULL REFERENCES practice (id),
    reason             text NOT NULL CHECK (btrim(reason) <> ''),
    closed_by          text NOT NULL,
    closed_at          timestamptz NOT NULL DEFAULT now()
);
SELECT reclaim_enable_tenancy('rejection_closure');

-- One row per rejected submitted claim (its id is the submitted claim's). Resolved by the first of:
--   ADJUDICATED  an 835 claim (not a reversal) linked to it, or to a later sending of the same claim
--                (same patient control number): the payer took the claim after all;
--   RESUBMITTED  the claim sent again later and answered, no answer rejecting it;
--   SUPERSEDED   the claim sent again later and rejected again: that newer rejection is the one to work;
--   CLOSED       an operator closed it, with a reason.
-- "First" is by when the deciding fact arrived; on the same instant in that order.
CREATE VIEW rejection WITH (security_invoker = true) AS
SELECT sc.id, sc.practice_id, sc.patient_control_number, sc.payer_id, sc.payer_name, sc.charge,
       sc.service_from, sc.service_to, sc.submission_date, cf.received_at AS submitted_at, r.rejected_at,
       CASE WHEN res.resolution IS NULL THEN 'OPEN' ELSE 'RESOLVED' END AS status,
       res.resolution, res.at AS resolved_at, res.claim_payment_id AS resolved_by_payment,
       res.submitted_claim_id AS resolved_by_claim, res.reason AS close_reason, res.closed_by
FROM (SELECT submitted_claim_id, min(received_at) AS rejected_at FROM submitted_claim_answer
      WHERE NOT accepted GROUP BY submitted_claim_id) r
JOIN submitted_claim sc ON sc.id = r.submitted_claim_id
JOIN claim_submission cs ON cs.id = sc.submission_id
JOIN x12_file cf ON cf.id = cs.file_id
LEFT JOIN LATERAL (
    SELECT o.* FROM (
        SELECT 'ADJUDICATED' AS resolution, 1 AS rank, pf.received_at AS at, cp.id AS claim_payment_id,
               NULL::uuid AS submitted_claim_id, NULL::text AS reason, NULL::text AS closed_by
        FROM submitted_claim later
        JOIN claim_submission ls ON ls.id = later.submission_id
        JOIN x12_file lf ON lf.id = ls.file_id
        JOIN claim_payment_link l ON l.submitted_claim_id = later.id
        JOIN claim_payment cp ON cp.id = l.claim_payment_id AND cp.status <> '22'
        JOIN remittance rm ON rm.id = cp.remittance_id
        JOIN x12_file pf ON pf.id = rm.file_id
        WHERE later.practice_id = sc.practice_id AND later.patient_control_number = sc.patient_control_number
          AND (lf.received_at, later.id) >= (cf.received_at, sc.id)
        UNION ALL
        SELECT CASE WHEN bool_and(x.accepted) THEN 'RESUBMITTED' ELSE 'SUPERSEDED' END,
               CASE WHEN bool_and(x.accepted) THEN 2 ELSE 3 END,
               CASE WHEN bool_and(x.accepted) THEN min(x.received_at)
                    ELSE min(x.received_at) FILTER (WHERE NOT x.accepted) END,
               NULL, later.id, NULL, NULL
        FROM submitted_claim later
        JOIN claim_submission ls ON ls.id = later.submission_id
        JOIN x12_file lf ON lf.id = ls.file_id
        JOIN submitted_claim_answer x ON x.submitted_claim_id = later.id
        WHERE later.practice_id = sc.practice_id AND later.patient_control_number = sc.patient_control_number
          AND (lf.received_at, later.id) > (cf.received_at, sc.id)
        GROUP BY later.id
        UNION ALL
        SELECT 'CLOSED', 4, c.closed_at, NULL, NULL, c.reason, c.closed_by
        FROM rejection_closure c WHERE c.submitted_claim_id = sc.id) o
    ORDER BY o.at, o.rank LIMIT 1) res ON true;
