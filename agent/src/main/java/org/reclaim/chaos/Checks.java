package org.reclaim.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.reclaim.common.Json;

/**
 * The invariants of a run, counted from what the parties durably received (the outbox, the payer's
 * receipts) and from the database. What "the same content" means (docs/cli.md, chaos): for an X12
 * file, its segments without the envelope (ISA, GS, ST, SE, GE, IEA) and without BHT's reference,
 * date and time — the numbers and stamps a second send legitimately gets — so the same claim sent
 * under two keys counts; an inquiry (270, 276) asked again after a wait is a new inquiry ({@link
 * #duplicateContent}). For a packet, its manifest without the idempotency key: the same denial,
 * kind, level, channel and enclosures twice is the same appeal twice.
 */
final class Checks {

    private static final String TERMINAL =
            "('RESOLVED_PAID','RESOLVED_PARTIAL','WRITTEN_OFF','ROUTED_TO_PATIENT','REBILLED','CLOSED')";

    private Checks() {}

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /**
     * Outbox items sent again with the same content (see the class comment). An eligibility or
     * claim status inquiry (270, 276) repeats its content when the agent asks again after a wait:
     * that is a new inquiry, so two of them count only when written less than {@code within} apart
     * (the file name's leading stamp is the service time it was written).
     */
    static long duplicateContent(List<Path> outbox, Duration within) throws IOException {
        Map<String, List<Instant>> groups = new HashMap<>();
        for (Path f : outbox) {
            byte[] bytes = Files.readAllBytes(f);
            String name = f.getFileName().toString();
            boolean inquiry = name.matches("\\d{14}-27[06]-.*");
            String key = name.endsWith(".json") ? packet(bytes) : x12Body(bytes);
            Instant at = inquiry ? Instant.from(STAMP.parse(name.substring(0, 14))) : Instant.EPOCH;
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(at);
        }
        long n = 0;
        for (List<Instant> times : groups.values()) {
            times.sort(null);
            for (int i = 1; i < times.size(); i++) {
                if (Duration.between(times.get(i - 1), times.get(i)).compareTo(within) < 0) n++;
            }
        }
        return n;
    }

    /**
     * Outbox X12 files sent under another file's control number (the name's last part), which the
     * service allocates once per submission key.
     */
    static long duplicateKeys(List<Path> outbox) {
        Map<String, Integer> n = new HashMap<>();
        for (Path f : outbox) {
            String name = f.getFileName().toString();
            if (!name.endsWith(".x12")) continue; // a packet's name is its key's hash
            n.merge(name.substring(name.lastIndexOf('-') + 1), 1, Integer::sum);
        }
        return n.values().stream().filter(v -> v > 1).count();
    }

    static String x12Body(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        if (s.length() < 106 || !s.startsWith("ISA")) return sha("raw:" + s);
        char element = s.charAt(3);
        char terminator = s.charAt(105);
        StringBuilder body = new StringBuilder();
        for (String seg : s.split(java.util.regex.Pattern.quote(String.valueOf(terminator)))) {
            String t = seg.strip();
            String id =
                    t.contains(String.valueOf(element)) ? t.substring(0, t.indexOf(element)) : t;
            switch (id) {
                case "ISA", "IEA", "GS", "GE", "ST", "SE", "" -> {}
                case "BHT" -> {
                    String[] e = t.split(java.util.regex.Pattern.quote(String.valueOf(element)));
                    body.append("BHT|").append(e.length > 2 ? e[1] + "|" + e[2] : "").append('\n');
                }
                default -> body.append(t).append('\n');
            }
        }
        return sha(body.toString());
    }

    static String packet(byte[] bytes) {
        Map<String, Object> m =
                new TreeMap<>(Json.parseObject(new String(bytes, StandardCharsets.UTF_8)));
        m.remove("idempotencyKey");
        return sha("packet:" + m);
    }

    private static String sha(String s) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(s.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dropped files found in none of processed/, quarantine/ and the database. */
    static List<String> lost(Run run, Connection c) throws IOException, SQLException {
        Set<String> there = run.namesUnder("processed");
        there.addAll(run.namesUnder("quarantine"));
        List<String> lost = new ArrayList<>();
        for (String name : run.dropped()) {
            if (there.stream().anyMatch(n -> n.contains(name))) continue;
            if (Run.count(c, "SELECT count(*) FROM x12_file WHERE name = ?", name) > 0) continue;
            if (Run.count(c, "SELECT count(*) FROM quarantined_file WHERE name = ?", name) > 0)
                continue;
            lost.add(name);
        }
        return lost;
    }

    /**
     * Denials neither terminal nor waiting with a reason: waiting is for a person (a review, an
     * escalation), for a timer (a work item due later, or held under a live lease), or done by the
     * agent; the reason is the latest status change's. A work item due more than {@code grace} ago
     * and not held is stuck, as is a denial never triaged.
     */
    static long unsettled(Connection c, Instant now, Duration grace) throws SQLException {
        return Run.count(
                c,
                "SELECT count(*) FROM denial d LEFT JOIN work_item w ON w.denial_id = d.id"
                        + " WHERE d.status NOT IN "
                        + TERMINAL
                        + " AND NOT (d.status <> 'NEW'"
                        + "  AND coalesce((SELECT e.reason FROM denial_event e WHERE e.denial_id = d.id"
                        + "       ORDER BY e.at DESC LIMIT 1), '') <> ''"
                        + "  AND (w.denial_id IS NULL OR w.state <> 'READY' OR w.next_run_at > ?"
                        // a lease is real time, by the database's clock
                        + "       OR w.lease_until >= clock_timestamp()))",
                now.minus(grace));
    }

    /**
     * What an outage wait's step log says (Orchestrator#outage): the partner gave no answer or
     * asked to wait, or our own breaker, bulkhead or rate limiter held the call back.
     */
    static final String FAULT_WAIT =
            "^(the partner called gave no answer|the partner asked to wait"
                    + "|not sent, held back by our own limits) \\(";

    /**
     * Work items that wait only for a fault to pass: it is READY (for later) and its step's last
     * run ended WAITING for an outage or a breaker moment ({@link #FAULT_WAIT}) or FAILED (to be
     * tried again), or the step itself could not be worked ({@code failures}, tried again a lease
     * later). Such a denial is not settled: the call after the fault has not been made yet (each is
     * one denial's).
     */
    static long waitingForAFault(Connection c) throws SQLException {
        return Run.count(
                c,
                "SELECT count(*) FROM work_item w WHERE w.state = 'READY' AND (w.failures > 0"
                        + " OR EXISTS (SELECT 1 FROM (SELECT s.outcome, s.detail FROM step_run s"
                        + "   WHERE s.denial_id = w.denial_id AND s.step_index = w.step_index"
                        + "   ORDER BY s.started_at DESC, s.id DESC LIMIT 1) r"
                        + "  WHERE r.outcome = 'FAILED'"
                        + "   OR (r.outcome = 'WAITING' AND coalesce(r.detail, '') ~ ?)))",
                FAULT_WAIT);
    }

    /**
     * Work items the agent is to run now: READY and due by {@code now} (the run's clock), or held
     * under a live lease (being run).
     */
    static long due(Connection c, Instant now) throws SQLException {
        return Run.count(
                c,
                "SELECT count(*) FROM work_item WHERE state = 'READY' AND (next_run_at <= ?"
                        + " OR lease_until >= clock_timestamp())",
                now);
    }

    /**
     * Billable events that are not a paid resolution after an accepted action, plus paid
     * resolutions after an accepted action with no billable event.
     */
    static long billingMismatches(Connection c) throws SQLException {
        String paidAfterAction =
                "d.status IN ('RESOLVED_PAID','RESOLVED_PARTIAL') AND EXISTS (SELECT 1 FROM"
                        + " submission s WHERE s.denial_id = d.id AND s.status = 'SENT'"
                        + " AND s.created_at <= coalesce(d.resolved_at, s.created_at))";
        return Run.count(
                        c,
                        "SELECT count(*) FROM billable_event b JOIN denial d ON d.id = b.denial_id"
                                + " WHERE NOT ("
                                + paidAfterAction
                                + ")")
                + Run.count(
                        c,
                        "SELECT count(*) FROM denial d WHERE "
                                + paidAfterAction
                                + " AND NOT EXISTS (SELECT 1 FROM billable_event b WHERE"
                                + " b.denial_id = d.id)");
    }

    /** PENDING or SENDING submissions written more than {@code age} ago. */
    static long stalePending(Connection c, Instant now, Duration age) throws SQLException {
        return Run.count(
                c,
                "SELECT count(*) FROM submission WHERE status IN ('PENDING', 'SENDING') AND created_at < ?",
                now.minus(age));
    }

    /**
     * Step runs of one step of one denial overlapping in time (the same denial worked twice at
     * once).
     */
    static long overlappingSteps(Connection c) throws SQLException {
        return Run.count(
                c,
                "SELECT count(*) FROM step_run a JOIN step_run b ON a.denial_id = b.denial_id"
                        + " AND a.step_index = b.step_index AND a.step = b.step AND a.id < b.id"
                        + " AND a.started_at < b.ended_at AND b.started_at < a.ended_at");
    }
}
