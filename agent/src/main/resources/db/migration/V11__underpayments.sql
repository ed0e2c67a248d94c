-- Underpayments (docs/denial.md: "surface every denied or underpaid line"; CARC 45 is "not a denial:
-- compare with the contract"): paid service lines the payer allowed less for than the practice's
-- contracted rate.
--
-- Derived from what is stored, like V10's rejections: the contracted rates are operator configuration
-- (config/fee-schedules.csv, loaded with the payer rules), bound into the query that reads this view, so
-- an edited fee schedule judges every stored line again on the next reload, and nothing is counted on
-- the side that could drift from the files. security_invoker: row-level security filters the view like
-- the tables under it.

-- The service lines an underpayment is looked for on: HCPCS/CPT lines (a fee schedule prices those) of
-- claims the payer adjudicated and paid at least in part. Left out: take-backs (CLP02 22) and the claims
-- they reversed (the correction is the payment that stands), and lines that are denials (docs/contracts.md §1):
-- what a denied line is short is worked as that denial, not counted a second time here.
--
-- allowed: what the payer allowed, AMT*B6 when the remittance gives it; else the charge less the
-- fee-schedule reductions of group CO: CARC 45 "Charges exceed your contracted/legislated fee
-- arrangement", 42 "Charges exceed our fee schedule or maximum allowable amount", 131 "Claim specific
-- negotiated discount" and A2 "Contractual adjustment" (descriptions: playbooks/catalog/carc.csv, from
-- the CMS CARC list). Other CONTRACTUAL codes are not subtracted: 253 (sequestration) and 44 (prompt-pay
-- discount) reduce the payment of an amount already allowed, and taking them off would make every such
-- line look underpaid.
CREATE VIEW paid_line WITH (security_invoker = true) AS
SELECT sl.claim_payment_id, sl.line_index, cp.practice_id, cp.remittance_id, cp.patient_control_number,
       cp.payer_claim_number, sl.procedure, sl.modifiers, coalesce(sl.units, 1) AS units,
       coalesce(sl.service_from, cp.service_from) AS service_date, sl.charge, sl.paid,
       sl.allowed IS NOT NULL AS allowed_reported,
       coalesce(sl.allowed, sl.charge - (
           SELECT coalesce(sum(split_part(a, ':', 3)::numeric), 0)
           FROM unnest(string_to_array(sl.adjustments, ';')) a
           WHERE split_part(a, ':', 1) = 'CO' AND split_part(a, ':', 2) IN ('45', '42', '131', 'A2'))) AS allowed,
       r.payment_date, r.payer_id, r.payer_name, r.trace_originator
FROM service_line sl
JOIN claim_payment cp ON cp.id = sl.claim_payment_id
JOIN remittance r ON r.id = cp.remittance_id
WHERE sl.procedure_qualifier = 'HC' AND cp.status <> '22' AND cp.paid > 0
  AND NOT EXISTS (SELECT 1 FROM reversal rv WHERE rv.original_claim_id = cp.id)
  AND NOT EXISTS (SELECT 1 FROM denial d WHERE d.claim_payment_id = cp.id AND d.line = sl.line_index);
