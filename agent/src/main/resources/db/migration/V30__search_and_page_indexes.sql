-- Operators' pages fast at 200,000 stored claims (issue 15, "page speed"): measured with
-- PageLoadMeasureTest and EXPLAIN (ANALYZE, BUFFERS) over its database.
--
-- The worklist's and GET /api/v1/denials' search (q=: part of a claim number, a payer claim number or
-- a patient's name, case-insensitive) read every open denial and, for each, its submitted claim.
-- Trigram indexes answer "contains, ignoring case" (ILIKE '%…%') from the index. pg_trgm ships with
-- PostgreSQL (contrib) and is a trusted extension: the database's owner, who runs these migrations,
-- may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX denial_pcn_trgm ON denial USING gin (patient_control_number gin_trgm_ops);
CREATE INDEX denial_payer_claim_trgm ON denial USING gin (payer_claim_number gin_trgm_ops);

-- The names on a submitted claim as the search reads them (DenialQueries.NAMES, the same expression):
-- "first last", "last first" and "last, first", the patient's or else the subscriber's.
CREATE INDEX submitted_claim_names_trgm ON submitted_claim USING gin ((
    coalesce(patient_first_name, subscriber_first_name, '') || ' '
    || coalesce(patient_last_name, subscriber_last_name, '') || E'\n'
    || coalesce(patient_last_name, subscriber_last_name, '') || ' '
    || coalesce(patient_first_name, subscriber_first_name, '') || E'\n'
    || coalesce(patient_last_name, subscriber_last_name, '') || ', '
    || coalesce(patient_first_name, subscriber_first_name, '')) gin_trgm_ops);

-- The learned rules (the /prevention/rules page, the scrubber's rule source): a pattern qualifies only
-- with at least ceil(support x min-rate) denied lines, so those are read by this index instead of
-- every count of the practice.
CREATE INDEX learn_denied_count_denied ON learn_denied_count (practice_id, denied);
