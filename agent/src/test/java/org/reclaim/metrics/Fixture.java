package org.reclaim.metrics;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.reclaim.core.Ids;
import org.reclaim.practice.Practices;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Rows written straight into the tables the metrics read, so a small data set can be laid out by
 * hand and its metrics worked out by hand. Synthetic values only; dates are UTC.
 */
final class Fixture {

    static final UUID PRACTICE = Practices.DEFAULT_ID;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final UUID practice;

    Fixture(DatabaseClient db) {
        this(db, PRACTICE);
    }

    /** Rows of {@code practice} (which must exist). */
    Fixture(DatabaseClient db, UUID practice) {
        this.db = db;
        this.practice = practice;
    }

    DatabaseClient db() {
        return db;
    }

    static OffsetDateTime at(String isoDate) {
        return OffsetDateTime.parse(isoDate + "T10:00:00Z");
    }

    UUID file(String type, String receivedOn) {
        UUID id = Ids.next();
        byte[] sha = new byte[32];
        RANDOM.nextBytes(sha);
        db.sql(
                        """
                        INSERT INTO x12_file (id, practice_id, source, name, sha256, bytes, type, interchanges, transactions,
                                              new_transactions, problem_count, received_at)
                        VALUES (:id, :p, 'upload', :name, :sha, 100, :type, 1, 1, 1, 0, :at)""")
                .bind("id", id)
                .bind("p", practice)
                .bind("name", type + "-" + receivedOn)
                .bind("sha", sha)
                .bind("type", type)
                .bind("at", at(receivedOn))
                .then()
                .block();
        return id;
    }

    UUID claimSubmission(UUID file, String st02, String date) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO claim_submission (id, practice_id, file_id, transaction_ordinal, control_number, variant,
                                                      submission_date, dedup_key)
                        VALUES (:id, :p, :f, 1, :st02, '837P', :d, :key)""")
                .bind("id", id)
                .bind("p", practice)
                .bind("f", file)
                .bind("st02", st02)
                .bind("d", LocalDate.parse(date))
                .bind("key", id.toString())
                .then()
                .block();
        return id;
    }

    UUID submittedClaim(
            UUID submission, String st02, String date, String payer, String pcn, String charge) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO submitted_claim (id, practice_id, submission_id, variant, control_number, submission_date,
                                                     payer_id, payer_name, patient_control_number, charge, frequency,
                                                     diagnoses, line_count, segment)
                        VALUES (:id, :p, :s, '837P', :st02, :d, :payer, :name, :pcn, :charge, '1', '{}', 1, 1)""")
                .bind("id", id)
                .bind("p", practice)
                .bind("s", submission)
                .bind("st02", st02)
                .bind("d", LocalDate.parse(date))
                .bind("payer", payer)
                .bind("name", payerName(payer))
                .bind("pcn", pcn)
                .bind("charge", new BigDecimal(charge))
                .then()
                .block();
        return id;
    }

    UUID acknowledgment(UUID file, String type) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO acknowledgment (id, practice_id, file_id, transaction_ordinal, type, control_number,
                                                    group_accepted, accepted_count, rejected_count, dedup_key)
                        VALUES (:id, :p, :f, 1, :type, '1', true, 0, 0, :key)""")
                .bind("id", id)
                .bind("p", practice)
                .bind("f", file)
                .bind("type", type)
                .bind("key", id.toString())
                .then()
                .block();
        return id;
    }

    /** A 277CA answer about one claim (STC category A2 accepted, A7 rejected...). */
    void claimAnswer(UUID ack, String pcn, String category, boolean accepted) {
        db.sql(
                        """
                        INSERT INTO acknowledgment_item (id, practice_id, acknowledgment_id, kind, patient_control_number,
                                                         code, status, accepted, reasons)
                        VALUES (:id, :p, :a, 'claim', :pcn, :code, '20', :accepted, '{}')""")
                .bind("id", Ids.next())
                .bind("p", practice)
                .bind("a", ack)
                .bind("pcn", pcn)
                .bind("code", category)
                .bind("accepted", accepted)
                .then()
                .block();
    }

    /** A 999 answer about one 837 transaction set (IK501 A, E, R...). */
    void setAnswer(UUID ack, String st02, String code) {
        db.sql(
                        """
                        INSERT INTO acknowledgment_item (id, practice_id, acknowledgment_id, kind, set_control_number,
                                                         code, status, accepted, reasons)
                        VALUES (:id, :p, :a, 'set', :st02, :code, '837', :accepted, '{}')""")
                .bind("id", Ids.next())
                .bind("p", practice)
                .bind("a", ack)
                .bind("st02", st02)
                .bind("code", code)
                .bind("accepted", code.equals("A") || code.equals("E"))
                .then()
                .block();
    }

    UUID remittance(UUID file, String payer, String paymentDate) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO remittance (id, practice_id, file_id, transaction_ordinal, payment_date, payer_id,
                                                payer_name, claim_count, line_count, claims_paid, plb_total,
                                                payment_balanced, unbalanced_claims, unbalanced_lines, segment, dedup_key)
                        VALUES (:id, :p, :f, 1, :d, :payer, :name, 0, 0, 0, 0, true, 0, 0, 1, :key)""")
                .bind("id", id)
                .bind("p", practice)
                .bind("f", file)
                .bind("d", LocalDate.parse(paymentDate))
                .bind("payer", payer)
                .bind("name", payerName(payer))
                .bind("key", id.toString())
                .then()
                .block();
        return id;
    }

    UUID claimPayment(
            UUID remittance, int index, String pcn, String status, String charge, String paid) {
        UUID id = Ids.next();
        db.sql(
                        """
                        INSERT INTO claim_payment (id, practice_id, remittance_id, claim_index, patient_control_number,
                                                   status, charge, paid, remarks, adjustments, balanced, segment)
                        VALUES (:id, :p, :r, :i, :pcn, :status, :charge, :paid, '{}', '', true, 1)""")
                .bind("id", id)
                .bind("p", practice)
                .bind("r", remittance)
                .bind("i", index)
                .bind("pcn", pcn)
                .bind("status", status)
                .bind("charge", new BigDecimal(charge))
                .bind("paid", new BigDecimal(paid))
                .then()
                .block();
        return id;
    }

    void link(UUID claimPayment, UUID submittedClaim) {
        db.sql(
                        """
                        INSERT INTO claim_payment_link (claim_payment_id, submitted_claim_id, practice_id, matched_by)
                        VALUES (:cp, :sc, :p, 'patient_control_number')""")
                .bind("cp", claimPayment)
                .bind("sc", submittedClaim)
                .bind("p", practice)
                .then()
                .block();
    }

    /** A denial as triage leaves it (category, playbook, deadline), in the given status. */
    UUID denial(
            UUID remittance,
            UUID claimPayment,
            String payer,
            String paymentDate,
            String pcn,
            String group,
            String carc,
            String amount,
            String category,
            String playbook,
            LocalDate deadline,
            String status) {
        UUID id = Ids.next();
        var spec =
                db.sql(
                                """
                        INSERT INTO denial (id, practice_id, remittance_id, claim_payment_id, line, status,
                                            patient_control_number, payer_id, payer_name, payment_date, modifiers, charge,
                                            paid, group_code, carc, rarcs, amount, category, playbook, deadline, triaged_at)
                        VALUES (:id, :p, :r, :cp, 1, :status, :pcn, :payer, :name, :d, '{}', :amount, 0, :group, :carc,
                                '{}', :amount, :category, :playbook, :deadline, now())""")
                        .bind("id", id)
                        .bind("p", practice)
                        .bind("r", remittance)
                        .bind("cp", claimPayment)
                        .bind("status", status)
                        .bind("pcn", pcn)
                        .bind("payer", payer)
                        .bind("name", payerName(payer))
                        .bind("d", LocalDate.parse(paymentDate))
                        .bind("amount", new BigDecimal(amount))
                        .bind("group", group)
                        .bind("carc", carc)
                        .bind("category", category)
                        .bind("playbook", playbook);
        (deadline == null
                        ? spec.bindNull("deadline", LocalDate.class)
                        : spec.bind("deadline", deadline))
                .then()
                .block();
        return id;
    }

    void resolved(UUID denial, String recovered, String on) {
        db.sql("UPDATE denial SET recovered = :r, resolved_at = :at WHERE id = :id")
                .bind("r", new BigDecimal(recovered))
                .bind("at", at(on))
                .bind("id", denial)
                .then()
                .block();
    }

    void event(UUID denial, String from, String to, String actor, String on) {
        db.sql(
                        """
                        INSERT INTO denial_event (id, practice_id, denial_id, from_status, to_status, actor, reason, at)
                        VALUES (:id, :p, :d, :from, :to, :actor, 'fixture', :at)""")
                .bind("id", Ids.next())
                .bind("p", practice)
                .bind("d", denial)
                .bind("from", from)
                .bind("to", to)
                .bind("actor", actor)
                .bind("at", at(on))
                .then()
                .block();
    }

    void submission(UUID denial, String kind, String status, String on) {
        UUID id = Ids.next();
        var spec =
                db.sql(
                                """
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, status,
                                                created_at, sent_at)
                        VALUES (:id, :p, :d, :key, 'mail', :kind, :status, :at, :sent)""")
                        .bind("id", id)
                        .bind("p", practice)
                        .bind("d", denial)
                        .bind("key", id.toString())
                        .bind("kind", kind)
                        .bind("status", status)
                        .bind("at", at(on));
        (status.equals("SENT")
                        ? spec.bind("sent", at(on))
                        : spec.bindNull("sent", OffsetDateTime.class))
                .then()
                .block();
    }

    void steps(UUID denial, int count, int tokensIn, int tokensOut) {
        for (int i = 0; i < count; i++) {
            db.sql(
                            """
                            INSERT INTO step_run (id, practice_id, denial_id, step_index, step, outcome, detail, tokens_in,
                                                  tokens_out, started_at, ended_at)
                            VALUES (:id, :p, :d, :i, 'DRAFT_APPEAL', 'DONE', '', :in, :out, now(), now())""")
                    .bind("id", Ids.next())
                    .bind("p", practice)
                    .bind("d", denial)
                    .bind("i", i)
                    .bind("in", i == 0 ? tokensIn : 0)
                    .bind("out", i == 0 ? tokensOut : 0)
                    .then()
                    .block();
        }
    }

    void operatorTime(UUID denial, String action, Integer seconds) {
        var spec =
                db.sql(
                                """
                        INSERT INTO operator_time (id, practice_id, denial_id, action, operator, seconds, at)
                        VALUES (:id, :p, :d, :action, 'Ana', :s, now())""")
                        .bind("id", Ids.next())
                        .bind("p", practice)
                        .bind("d", denial)
                        .bind("action", action);
        (seconds == null ? spec.bindNull("s", Integer.class) : spec.bind("s", seconds))
                .then()
                .block();
    }

    void billed(UUID denial, String recovered, String fee, String on) {
        db.sql(
                        """
                        INSERT INTO billable_event (id, practice_id, denial_id, recovered, fee, at)
                        VALUES (:id, :p, :d, :r, :fee, :at)""")
                .bind("id", Ids.next())
                .bind("p", practice)
                .bind("d", denial)
                .bind("r", new BigDecimal(recovered))
                .bind("fee", new BigDecimal(fee))
                .bind("at", at(on))
                .then()
                .block();
    }

    static String payerName(String payer) {
        return switch (payer) {
            case "P1" -> "Acme Health";
            case "P2" -> "Beta Care";
            default -> payer;
        };
    }
}
