-- A 277's answer about a claim it found paid: STC05 (the amount paid) and STC06 (the payment
-- date). The agent reads them when the payer's answer names the paid claim a denial duplicates.
ALTER TABLE acknowledgment_item ADD COLUMN paid numeric(19, 2);
ALTER TABLE acknowledgment_item ADD COLUMN paid_on date;
