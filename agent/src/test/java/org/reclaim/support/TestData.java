package org.reclaim.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Fixture helpers: bundled samples, and a clean database between tests (rows only; the schema
 * stays).
 */
public final class TestData {

    private static final String[] TABLES = {
        "underpayment_fact",
        "underpayment_judgement",
        "metrics_rollup",
        "metrics_change",
        "learned_rule_setting",
        "learn_denied_count",
        "learn_count",
        "learn_outcome",
        "learn_observation",
        "webhook_delivery",
        "webhook_endpoint",
        "saved_view",
        "operator_time",
        "invoice_line",
        "invoice",
        "held_claim",
        "billable_event",
        "review",
        "submission",
        "artifact",
        "step_run",
        "work_item",
        "denial_event",
        "denial_note",
        "claim_document",
        "eligibility_response",
        "connector_setting",
        "rejection_closure",
        "rejection_applied",
        "claim_payment_link",
        "acknowledgment_item",
        "acknowledgment",
        "reversal",
        "denial",
        "service_line",
        "claim_payment",
        "submitted_claim_line",
        "submitted_claim",
        "claim_submission",
        "provider_adjustment",
        "remittance",
        "file_problem",
        "quarantined_file",
        "x12_file"
    };

    private TestData() {}

    /** A public sample bundled in the jar, e.g. {@code tigershark/5010-835-example-2.txt}. */
    public static byte[] sample(String path) {
        try (InputStream in = TestData.class.getResourceAsStream("/samples/" + path)) {
            if (in == null) throw new IllegalArgumentException("no bundled sample " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sampleText(String path) {
        return new String(sample(path), StandardCharsets.ISO_8859_1);
    }

    /**
     * Empties the tables. The application role may not delete billable events, the audit trail or
     * issued invoices (V15__records_never_deleted.sql), so the schema owner truncates them.
     */
    public static void clean(DatabaseClient db) {
        asOwner(db, "TRUNCATE " + String.join(", ", TABLES));
        // the default practice as the migrations made it: a test that set its fee leaves none
        // behind
        db.sql("UPDATE practice SET fee_per_resolved = DEFAULT WHERE id = :id")
                .bind("id", org.reclaim.practice.Practices.DEFAULT_ID)
                .fetch()
                .rowsUpdated()
                .block();
    }

    /**
     * Every work item's lease runs out now, by the database's clock (leases are real time, not the
     * agent's clock): as a dead instance's would.
     */
    public static void leasesRunOut(DatabaseClient db) {
        db.sql(
                        "UPDATE work_item SET lease_until = clock_timestamp() - interval '1 second'"
                                + " WHERE lease_until IS NOT NULL")
                .fetch()
                .rowsUpdated()
                .block();
    }

    /**
     * A denial of this playbook that is alone on its claim, the same one in every run (by patient
     * control number). The denials of a claim take turns, so a denial picked by its random id may
     * be waiting behind a sibling when the test expects it to have run.
     */
    public static UUID loneDenial(DatabaseClient db, String playbook) {
        return db.sql(
                        """
                        SELECT d.id FROM denial d WHERE d.playbook = :playbook
                          AND NOT EXISTS (SELECT 1 FROM denial o WHERE o.claim_payment_id = d.claim_payment_id AND o.id <> d.id)
                        ORDER BY d.patient_control_number LIMIT 1""")
                .bind("playbook", playbook)
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    /**
     * Runs a statement as the schema owner of the database {@code db} is connected to: the embedded
     * server of the tests trusts local connections, and its owner role owns the tables.
     */
    public static synchronized void asOwner(DatabaseClient db, String sql) {
        try {
            if (owner == null || owner.isClosed()) {
                var where =
                        db.sql(
                                        """
                                SELECT inet_server_port() AS port, current_database() AS name,
                                       (SELECT tableowner FROM pg_tables WHERE tablename = 'invoice') AS owner""")
                                .map(
                                        r ->
                                                new String[] {
                                                    String.valueOf(r.get("port", Integer.class)),
                                                    r.get("name", String.class),
                                                    r.get("owner", String.class)
                                                })
                                .one()
                                .block();
                owner =
                        java.sql.DriverManager.getConnection(
                                "jdbc:postgresql://localhost:" + where[0] + "/" + where[1],
                                where[2],
                                "embedded");
            }
            try (var s = owner.createStatement()) {
                s.execute(sql);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(
                    "as the schema owner: " + sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code statements} as the schema owner in a transaction, then each of {@code queries}
     * (their first column, as text), then rolls everything back.
     */
    public static synchronized java.util.List<java.util.List<String>> asOwnerRolledBack(
            DatabaseClient db, java.util.List<String> statements, java.util.List<String> queries) {
        asOwner(db, "SELECT 1");
        try {
            owner.setAutoCommit(false);
            try (var s = owner.createStatement()) {
                for (String sql : statements) s.execute(sql);
                var results = new java.util.ArrayList<java.util.List<String>>();
                for (String q : queries) {
                    var rows = new java.util.ArrayList<String>();
                    try (var rs = s.executeQuery(q)) {
                        while (rs.next()) rows.add(rs.getString(1));
                    }
                    results.add(rows);
                }
                return results;
            } finally {
                owner.rollback();
                owner.setAutoCommit(true);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("as the schema owner: " + e.getMessage(), e);
        }
    }

    private static java.sql.Connection owner;

    public static long count(DatabaseClient db, String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }
}
