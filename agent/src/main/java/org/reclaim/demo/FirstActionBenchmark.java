package org.reclaim.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.reclaim.ReclaimApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@code benchmark-first-action [--denials 300] [--seed 11] [--window 180s]}: the running service
 * on the <em>real</em> clock — its scheduled agent loop and inbox watcher, the SIMULATED parties of
 * the demo profile, a throw-away embedded database — is given a generated batch, and the seconds
 * from the remittance's arrival to each new denial's first action (a draft, an inquiry or a
 * submission) are measured. A denial that waits for a person (a review, an escalation) or that the
 * agent closed with no outbound action (a write-off, a move to patient billing) has no first action
 * to wait for and is counted apart. Prints progress while it waits, then the figures.
 */
public final class FirstActionBenchmark {

    static final String USAGE =
            "usage: reclaim benchmark-first-action [--denials 300] [--seed 11] [--window 180s]";

    /** A denial's first action must come within this long of its remittance's arrival. */
    static final Duration TARGET = Duration.ofSeconds(60);

    private FirstActionBenchmark() {}

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        int denials = 300;
        long seed = 11;
        Duration window = Duration.ofSeconds(180);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            try {
                switch (option) {
                    case "--denials" -> denials = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--window" -> window = DemoCommand.duration(args[++i]);
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        err.println("benchmark-first-action: unknown option " + option);
                        err.println(USAGE);
                        return 2;
                    }
                }
            } catch (RuntimeException e) {
                err.println("benchmark-first-action: " + option + " needs a value");
                err.println(USAGE);
                return 2;
            }
        }
        if (denials < 1 || denials > 100_000) {
            err.println("benchmark-first-action: --denials must be between 1 and 100000");
            return 2;
        }
        Path dir = Files.createTempDirectory("reclaim-first-action-");
        try (ConfigurableApplicationContext ctx =
                new SpringApplicationBuilder(ReclaimApplication.class)
                        .web(WebApplicationType.NONE)
                        .profiles("demo")
                        .run(
                                "--reclaim.data-dir=" + dir,
                                "--reclaim.db.ephemeral=true",
                                // the real clock: nothing runs ahead
                                "--reclaim.demo.speed=PT0S",
                                "--reclaim.demo.denials=" + denials,
                                "--reclaim.demo.seed=" + seed,
                                "--logging.level.root=warn",
                                "--logging.level.org.reclaim=warn",
                                "--logging.level.org.apache.pdfbox=error")) {
            DatabaseClient db = ctx.getBean(DatabaseClient.class);
            long t0 = System.nanoTime();
            long deadline = t0 + window.toNanos();
            long stored = 0;
            long waiting = -1;
            long lastPrint = 0;
            while (System.nanoTime() < deadline) {
                stored = count(db, "SELECT count(*) FROM denial WHERE " + ORIGINAL);
                waiting =
                        stored == 0
                                ? -1
                                : count(
                                        db,
                                        "SELECT count(*) FROM ("
                                                + PER_DENIAL
                                                + ") t WHERE NOT done");
                long now = System.nanoTime();
                if (now - lastPrint > 5_000_000_000L) {
                    out.printf(
                            Locale.ROOT,
                            "benchmark-first-action: %.0f s, %d denials stored, %d still without a"
                                    + " first action%n",
                            (now - t0) / 1e9,
                            stored,
                            Math.max(0, waiting));
                    lastPrint = now;
                }
                if (waiting == 0) break;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            report(db, out, window);
            return 0;
        } finally {
            DemoCommand.deleteTree(dir);
        }
    }

    /** The name of the demo's remittance file: the batch the sandbox stored at start. */
    static final String BATCH_FILE = "demo:remittances.835";

    /** The demo's remittance: the batch the sandbox stored at start. */
    private static final String ORIGINAL =
            "remittance_id IN (SELECT r.id FROM remittance r JOIN x12_file f ON f.id = r.file_id"
                    + " WHERE f.name = '"
                    + BATCH_FILE
                    + "')";

    /**
     * Per denial of the batch: seconds from its remittance file's arrival to its first action, and
     * whether it is done being waited for (acted on, waiting for a person, or closed by the agent).
     * A corrected claim sent for another line of the same claim carries this line too (a
     * replacement replaces the whole claim), so its submission is this denial's first action as
     * well ({@code by_sibling} when it is the only one).
     */
    private static final String PER_DENIAL =
            """
            SELECT d.id, d.status, d.playbook,
                   extract(epoch FROM (least(
                       (SELECT min(a.created_at) FROM artifact a WHERE a.denial_id = d.id),
                       (SELECT min(s.created_at) FROM submission s WHERE s.denial_id = d.id),
                       (SELECT min(s.created_at) FROM submission s JOIN denial o ON o.id = s.denial_id
                         WHERE o.claim_payment_id = d.claim_payment_id AND o.id <> d.id
                           AND s.kind = '837'))
                     - f.received_at)) AS seconds,
                   NOT EXISTS (SELECT 1 FROM artifact a WHERE a.denial_id = d.id)
                   AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.denial_id = d.id)
                   AND EXISTS (SELECT 1 FROM submission s JOIN denial o ON o.id = s.denial_id
                         WHERE o.claim_payment_id = d.claim_payment_id AND o.id <> d.id
                           AND s.kind = '837') AS by_sibling,
                   d.status IN ('AWAITING_REVIEW', 'ESCALATED') AS person,
                   d.status IN ('WRITTEN_OFF', 'CLOSED', 'ROUTED_TO_PATIENT', 'REBILLED',
                                'RESOLVED_PAID', 'RESOLVED_PARTIAL') AS closed,
                   (EXISTS (SELECT 1 FROM artifact a WHERE a.denial_id = d.id)
                    OR EXISTS (SELECT 1 FROM submission s WHERE s.denial_id = d.id)
                    OR EXISTS (SELECT 1 FROM submission s JOIN denial o ON o.id = s.denial_id
                         WHERE o.claim_payment_id = d.claim_payment_id AND o.id <> d.id
                           AND s.kind = '837')
                    OR d.status IN ('AWAITING_REVIEW', 'ESCALATED', 'WRITTEN_OFF', 'CLOSED',
                                    'ROUTED_TO_PATIENT', 'REBILLED', 'RESOLVED_PAID',
                                    'RESOLVED_PARTIAL')
                    OR d.playbook = 'no-action') AS done
            FROM denial d JOIN remittance r ON r.id = d.remittance_id
            JOIN x12_file f ON f.id = r.file_id
            WHERE f.name = '"""
                    + BATCH_FILE
                    + "'";

    /**
     * The batch's figures, counted from the database: denials, those with a first action (and how
     * many through a sibling line's corrected claim), later than {@link #TARGET}, waiting for a
     * person, closed by the agent, needing no action, still open; the seconds to a first action.
     */
    record Figures(
            long all,
            long acted,
            long bySibling,
            long late,
            long person,
            long closed,
            long idle,
            long open,
            double median,
            double p95,
            double max) {}

    static Figures figures(DatabaseClient db) {
        long all = count(db, "SELECT count(*) FROM (" + PER_DENIAL + ") t");
        long acted =
                count(db, "SELECT count(*) FROM (" + PER_DENIAL + ") t WHERE seconds IS NOT NULL");
        long late =
                count(
                        db,
                        "SELECT count(*) FROM ("
                                + PER_DENIAL
                                + ") t WHERE seconds > "
                                + TARGET.toSeconds());
        long person =
                count(
                        db,
                        "SELECT count(*) FROM ("
                                + PER_DENIAL
                                + ") t WHERE seconds IS NULL AND person");
        long closed =
                count(
                        db,
                        "SELECT count(*) FROM ("
                                + PER_DENIAL
                                + ") t WHERE seconds IS NULL AND closed");
        long idle =
                count(
                        db,
                        "SELECT count(*) FROM ("
                                + PER_DENIAL
                                + ") t WHERE seconds IS NULL AND playbook = 'no-action'");
        long open = count(db, "SELECT count(*) FROM (" + PER_DENIAL + ") t WHERE NOT done");
        long bySibling = count(db, "SELECT count(*) FROM (" + PER_DENIAL + ") t WHERE by_sibling");
        List<Double> p =
                db.sql(
                                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),"
                                        + " percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds),"
                                        + " max(seconds) FROM ("
                                        + PER_DENIAL
                                        + ") t WHERE seconds IS NOT NULL")
                        .map(
                                r ->
                                        List.of(
                                                orZero(r.get(0, Double.class)),
                                                orZero(r.get(1, Double.class)),
                                                orZero(r.get(2, Double.class))))
                        .one()
                        .block();
        return new Figures(
                all, acted, bySibling, late, person, closed, idle, open, p.get(0), p.get(1),
                p.get(2));
    }

    /** Seconds from the remittance's arrival to the denial's first action; null when none. */
    static Double secondsToFirstAction(DatabaseClient db, java.util.UUID denial) {
        return db.sql("SELECT seconds FROM (" + PER_DENIAL + ") t WHERE t.id = :id")
                .bind("id", denial)
                .map(r -> java.util.Optional.ofNullable(r.get(0, Double.class)))
                .one()
                .blockOptional()
                .flatMap(o -> o)
                .orElse(null);
    }

    private static void report(DatabaseClient db, PrintStream out, Duration window) {
        Figures f = figures(db);
        out.printf(
                Locale.ROOT,
                "benchmark-first-action: %d denials; %d with a first action (draft, inquiry or"
                        + " submission): median %.1f s, p95 %.1f s, max %.1f s from the remittance's"
                        + " arrival (real clock); %d later than %d s; %d of them by the corrected"
                        + " claim sent for another line of the same claim, which carries theirs%n",
                f.all(),
                f.acted(),
                f.median(),
                f.p95(),
                f.max(),
                f.late(),
                TARGET.toSeconds(),
                f.bySibling());
        out.printf(
                Locale.ROOT,
                "benchmark-first-action: without an outbound action: %d wait for a person (review or"
                        + " escalation), %d closed by the agent (write-off, patient billing, paid), %d"
                        + " need no action (no-action playbook); %d still open after %d s%n",
                f.person(),
                f.closed(),
                f.idle(),
                f.open(),
                window.toSeconds());
        db.sql(
                        "SELECT status, playbook, round(seconds::numeric, 1) AS s,"
                                + " (SELECT sr.step || ' ' || sr.outcome || ': ' || left(sr.detail, 100)"
                                + " FROM step_run sr WHERE sr.denial_id = t.id"
                                + " ORDER BY sr.started_at DESC LIMIT 1) AS last FROM ("
                                + PER_DENIAL
                                + ") t WHERE seconds > "
                                + TARGET.toSeconds()
                                + " OR NOT done ORDER BY seconds DESC NULLS FIRST LIMIT 5")
                .map(
                        r ->
                                "benchmark-first-action:   late or open: "
                                        + r.get("status", String.class)
                                        + " "
                                        + r.get("playbook", String.class)
                                        + " "
                                        + r.get("s", java.math.BigDecimal.class)
                                        + " s; last step: "
                                        + r.get("last", String.class))
                .all()
                .doOnNext(out::println)
                .blockLast();
        // an open denial's claim: each line's denial, what it produced and its last step, so the
        // reader sees what the open one waits on
        db.sql(
                        "SELECT t.id AS open_id, o.id = t.id AS self, coalesce(o.line, 0) AS line,"
                                + " o.status, o.playbook,"
                                + " (SELECT string_agg(s.kind || ':' || s.status || ' by ' || s.channel, ', ')"
                                + " FROM submission s WHERE s.denial_id = o.id) AS subs,"
                                + " (SELECT string_agg(a.kind, ', ') FROM artifact a WHERE a.denial_id = o.id)"
                                + " AS arts,"
                                + " (SELECT sr.step || ' ' || sr.outcome || ': ' || left(sr.detail, 160)"
                                + " FROM step_run sr WHERE sr.denial_id = o.id"
                                + " ORDER BY sr.started_at DESC LIMIT 1) AS last"
                                + " FROM ("
                                + PER_DENIAL
                                + ") t JOIN denial d ON d.id = t.id"
                                + " JOIN denial o ON o.claim_payment_id = d.claim_payment_id"
                                + " WHERE NOT t.done ORDER BY t.id, o.id <> t.id, o.line LIMIT 40")
                .map(
                        r ->
                                "benchmark-first-action:     "
                                        + (Boolean.TRUE.equals(r.get("self", Boolean.class))
                                                ? "open "
                                                : "  sibling ")
                                        + "line "
                                        + r.get("line", Integer.class)
                                        + " "
                                        + r.get("status", String.class)
                                        + " "
                                        + r.get("playbook", String.class)
                                        + "; submissions: "
                                        + r.get("subs", String.class)
                                        + "; artifacts: "
                                        + r.get("arts", String.class)
                                        + "; last step: "
                                        + r.get("last", String.class))
                .all()
                .doOnNext(out::println)
                .blockLast();
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }

    private static long count(DatabaseClient db, String sql) {
        Long n = db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
        return n == null ? 0 : n;
    }
}
