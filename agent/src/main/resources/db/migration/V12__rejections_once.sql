-- Rejections are applied once, and only to claims.
--
-- 1. A rejecting answer the agent has applied to one of its denials (back to drafting, or escalated) is
--    recorded: applying the same file again (after a failure elsewhere in it, or a crash before it was
--    marked answered) must not send a denial the agent has since resubmitted back a second time.
CREATE TABLE rejection_applied (
    acknowledgment_item_id uuid NOT NULL,
    denial_id              uuid NOT NULL,
    practice_id            uuid NOT NULL REFERENCES practice (id),
    applied_at             timestamptz NOT NULL,
    PRIMARY KEY (acknowledgment_item_id, denial_id)
);
SELECT reclaim_enable_tenancy('rejection_applied');

-- 2. A whole functional group rejected without AK2 loops is about the sets its AK101 functional
--    identifier names (HC: 837, HR: 276, ...; stored in the answer's status like an AK201,
--    AckMapper.setOf). Such an answer was matched to the 837s of the group with that number whatever
--    the group carried, so a rejected 276 group numbered like an 837 group rejected the claims. Now only
--    an 837 group (or one stored before this, which says nothing) rejects claims.
-- 3. An agent's submission takes an answer from the practice's 837 with the same numbers only when it
--    is an 837 too: the agent's 276/270 inquiries draw control numbers from the same counter.
-- The view is V10's otherwise.
CREATE OR REPLACE VIEW set_answer WITH (security_invoker = true) AS
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
      WHERE s.practice_id = i.practice_id AND s.status = 'SENT' AND s.kind = '837'
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
WHERE i.kind = 'set' AND i.set_control_number IS NULL AND (i.status IS NULL OR i.status = '837')
  AND NOT EXISTS (
      SELECT 1 FROM claim_submission o JOIN x12_file f ON f.id = o.file_id
      WHERE o.practice_id = cs.practice_id
        AND ltrim(o.group_control_number, '0') = ltrim(cs.group_control_number, '0')
        AND f.received_at < af.received_at AND (f.received_at, f.id) > (cf.received_at, cf.id))
  AND NOT EXISTS (
      SELECT 1 FROM submission s
      WHERE s.practice_id = i.practice_id AND s.status = 'SENT' AND s.kind = '837'
        AND ltrim(s.control_number, '0') = ltrim(a.acknowledged_group, '0')
        AND s.sent_at > cf.received_at AND s.sent_at < af.received_at);
