package org.reclaim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.core.Ids;
import org.reclaim.practice.Practices;
import org.reclaim.support.ApiTest;

/**
 * The counting of {@code benchmark-first-action} over a database state laid out by hand (no agent
 * runs, no clock is waited on): a denial whose sibling line's corrected claim (an 837) was sent has
 * had its first action at that send; a sibling's other submission (a status inquiry) does not carry
 * it.
 */
class FirstActionBenchmarkCountTest extends ApiTest {

    static final UUID PRACTICE = Practices.DEFAULT_ID;
    static final OffsetDateTime ARRIVED =
            OffsetDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aDenialWhoseSiblingLinesCorrectedClaimWasSentHadItsFirstActionAtThatSend() {
        UUID file = file(FirstActionBenchmark.BATCH_FILE);
        UUID remittance = remittance(file);

        // claim 1: line 2's corrected claim went out 12 s after the remittance arrived; line 1
        // produced nothing of its own, the replacement carries it
        UUID claim1 = claimPayment(remittance, 1, "FAB0001");
        UUID line1 = denial(remittance, claim1, "FAB0001", 1, "IN_PROGRESS", "bundling", "97");
        UUID line2 = denial(remittance, claim1, "FAB0001", 2, "AWAITING_PAYER", "coding", "4");
        submission(line2, "837", ARRIVED.plusSeconds(12));

        // claim 2: line 2 sent a status inquiry 4 s after the arrival; it is no corrected claim,
        // so line 1 of that claim has had no first action and is still open
        UUID claim2 = claimPayment(remittance, 2, "FAB0002");
        UUID open = denial(remittance, claim2, "FAB0002", 1, "IN_PROGRESS", "bundling", "97");
        UUID inquiring = denial(remittance, claim2, "FAB0002", 2, "IN_PROGRESS", "other", "16");
        submission(inquiring, "276", ARRIVED.plusSeconds(4));

        // a denial of another remittance file is not the batch's
        UUID other = remittance(file("elsewhere.835"));
        UUID claim3 = claimPayment(other, 1, "FAB0003");
        denial(other, claim3, "FAB0003", 1, "IN_PROGRESS", "bundling", "97");

        FirstActionBenchmark.Figures f = FirstActionBenchmark.figures(db);

        assertThat(f.all()).isEqualTo(4);
        assertThat(f.acted()).as("line 1 and 2 of claim 1, line 2 of claim 2").isEqualTo(3);
        assertThat(f.bySibling()).as("line 1 of claim 1, through line 2's 837").isEqualTo(1);
        assertThat(f.open()).as("line 1 of claim 2: an inquiry carries no sibling").isEqualTo(1);
        assertThat(f.late()).isZero();
        assertThat(f.median()).isEqualTo(12.0);
        assertThat(f.max()).isEqualTo(12.0);
        assertThat(FirstActionBenchmark.secondsToFirstAction(db, line1))
                .as("line 1's first action is the send of line 2's corrected claim")
                .isEqualTo(12.0);
        assertThat(FirstActionBenchmark.secondsToFirstAction(db, open)).isNull();
    }

    private UUID file(String name) {
        UUID id = Ids.next();
        byte[] sha = new byte[32];
        RANDOM.nextBytes(sha);
        db.sql(
                        """
                        INSERT INTO x12_file (id, practice_id, source, name, sha256, bytes, type, interchanges, transactions,
                                              new_transactions, problem_count, received_at, arrived_at)
                        VALUES (:id, :p, 'upload', :name, :sha, 100, '835', 1, 1, 1, 0, :at, :at)""")
                .bind("id", id)
                .bind("p", PRACTICE)
                .bind("name", name)
                .bind("sha", sha)
                .bind("at", ARRIVED)
                .then()
                .block();
        return id;
    }

    private UUID remittance(UUID file) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO remittance (id, practice_id, file_id, transaction_ordinal, payment_date, payer_id,
                                                payer_name, claim_count, line_count, claims_paid, plb_total,
                                                payment_balanced, unbalanced_claims, unbalanced_lines, segment, dedup_key)
                        VALUES (:id, :p, :f, 1, DATE '2026-03-01', 'TSTCOMB2', 'TEST COMMERCIAL HEALTH PLAN B',
                                0, 0, 0, 0, true, 0, 0, 1, :key)""")
                .bind("id", id)
                .bind("p", PRACTICE)
                .bind("f", file)
                .bind("key", id.toString())
                .then()
                .block();
        return id;
    }

    private UUID claimPayment(UUID remittance, int index, String pcn) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO claim_payment (id, practice_id, remittance_id, claim_index, patient_control_number,
                                                   status, charge, paid, remarks, adjustments, balanced, segment)
                        VALUES (:id, :p, :r, :i, :pcn, '1', 180, 0, '{}', '', true, 1)""")
                .bind("id", id)
                .bind("p", PRACTICE)
                .bind("r", remittance)
                .bind("i", index)
                .bind("pcn", pcn)
                .then()
                .block();
        return id;
    }

    private UUID denial(
            UUID remittance,
            UUID claimPayment,
            String pcn,
            int line,
            String status,
            String playbook,
            String carc) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO denial (id, practice_id, remittance_id, claim_payment_id, line, status,
                                            patient_control_number, modifiers, charge, paid, group_code, carc, rarcs,
                                            amount, playbook, triaged_at)
                        VALUES (:id, :p, :r, :cp, :line, :status, :pcn, '{}', :amount, 0, 'CO', :carc, '{}',
                                :amount, :playbook, now())""")
                .bind("id", id)
                .bind("p", PRACTICE)
                .bind("r", remittance)
                .bind("cp", claimPayment)
                .bind("line", line)
                .bind("status", status)
                .bind("pcn", pcn)
                .bind("amount", new BigDecimal("90.00"))
                .bind("carc", carc)
                .bind("playbook", playbook)
                .then()
                .block();
        return id;
    }

    private void submission(UUID denial, String kind, OffsetDateTime at) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, status,
                                                created_at, sent_at)
                        VALUES (:id, :p, :d, :key, 'CLEARINGHOUSE', :kind, 'SENT', :at, :at)""")
                .bind("id", id)
                .bind("p", PRACTICE)
                .bind("d", denial)
                .bind("key", "fab-" + id)
                .bind("kind", kind)
                .bind("at", at)
                .then()
                .block();
    }
}
