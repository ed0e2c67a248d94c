package org.reclaim.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.reclaim.common.Json;
import org.reclaim.sandbox.SimulatedPortal;
import org.reclaim.x12.synth.DenialReason;

/**
 * {@code chaos faults}: the service works a batch against a payer portal and a model that fail a
 * seeded share of their calls ({@code --fault-rate}, default 0.3: a 5xx, no answer before the
 * client's timeout, or a 200 with a garbage body), both served over HTTP by the harness ({@link
 * FaultyParties}); the clearinghouse is the folder one. The batch leans to denials filed on the
 * portal ({@link #mix}). The harness settles only when the payer has nothing to answer, no work
 * item is due or running and none waits for a fault to pass ({@link Checks#waitingForAFault}), or
 * when the settle window runs out. Every denial must then be terminal or waiting with a reason,
 * none still waiting for a fault, no submission may go twice, the denials escalated for a fault
 * that waiting cures must stay under {@link #STORM_SHARE} of the denials, and those escalated for
 * an answer that could not be read must not outnumber the garbage answers the portals gave.
 */
final class FaultsScenario {

    /**
     * The most denials that may go to a person because of a fault that waiting cures (a 5xx, a
     * timeout, our own breaker). A partner that fails three calls in ten is an outage to be waited
     * out (docs/architecture.md, "Faults and refusals"): the connector retries each call and an
     * outage is waited for without spending a retry. 5% leaves room for a step that failed its
     * attempts in a row, and catches a service that sends a denial to a person whenever a call
     * fails (about 30% and more of the denials that file on a portal).
     */
    static final double STORM_SHARE = 0.05;

    /**
     * What an escalation's reason says when a fault that waiting cures sent it:
     * ConnectorException's kinds as the outage wait names them, and their descriptions as its
     * message gives them.
     */
    static final String CURABLE_REASON =
            "TIMEOUT|UNREACHABLE|SERVER_ERROR|THROTTLED|CIRCUIT_OPEN|BULKHEAD_FULL|RATE_LIMITED"
                    + "|timed out|unreachable|server error|throttled|circuit breaker open"
                    + "|too many concurrent calls|rate limit exceeded|gave no answer"
                    + "|asked to wait|not sent, held back";

    /**
     * What an escalation's reason says when an answer that could not be read sent it (a PROTOCOL
     * failure, ConnectorException's "unexpected answer"): by design a person's, one per garbage
     * answer at most.
     */
    static final String UNREADABLE_REASON = "unexpected answer";

    /**
     * The service clock's speed unless --speed says: a fault costs real time (a timeout, the
     * connector's backoffs of 2, 4 and 8 s), which the clock multiplies; at six hours a second a
     * call that failed four times has held its step for about four service days, not two weeks.
     */
    static final Duration SPEED = Duration.ofHours(6);

    /**
     * The child's connector call timeout and model timeout: short, so that a timed-out call holds
     * its step (and the agent's pass) for seconds of real time, not the defaults' 30 and 60 s —
     * service days or weeks on the run's clock.
     */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    static final Duration MODEL_TIMEOUT = Duration.ofSeconds(3);

    /** The demo profile's well-known credentials (application-demo.yml). */
    private static final String PRACTICE_KEY = "rk_demo-default-practice-key";

    private static final String OPERATOR_PASSWORD = "reclaim-demo-admin";

    private FaultsScenario() {}

    static Figures run(ChaosCommand.Options o, PrintStream out) throws Exception {
        Figures f = new Figures("faults");
        Path dir = Files.createTempDirectory("reclaim-chaos-faults-");
        long t0 = System.nanoTime();
        Duration speed = o.speedOr(SPEED);
        try (Run run = new Run(dir, o.denials(), o.seed(), speed, true, mix());
                FaultyParties parties =
                        new FaultyParties(
                                new SimulatedPortal(run.payer, run::now),
                                o.faultRate(),
                                o.seed(),
                                CALL_TIMEOUT,
                                MODEL_TIMEOUT)) {
            int port = freePort();
            Child child = start(run, speed, port, parties);
            try {
                int notStarted = child.awaitReady(o.startTimeout().toMillis()) ? 0 : 1;
                List<String> payers = run.payerIds();
                if (notStarted == 0) {
                    for (String payer : payers) configurePortal(port, payer, parties);
                }
                run.release();
                out.printf(
                        Locale.ROOT,
                        "chaos faults: %d payers' portals and the model fail %.0f%% of calls%n",
                        payers.size(),
                        o.faultRate() * 100);
                Duration grace = KillScenario.grace(speed);
                int db = run.embeddedPort();
                long settleEnd = System.currentTimeMillis() + o.settle().toMillis();
                int quietTurns = 0;
                long approved = 0;
                long settledAfter = -1;
                while (System.currentTimeMillis() < settleEnd && child.alive()) {
                    approved += approveReviews(port);
                    try (Connection c = Run.connect(db)) {
                        // settled: the payer has nothing to answer, nothing is due or running,
                        // and no item waits for a fault to pass (an outage's or a breaker's
                        // moment, a failed step's retry): the calls after the faults were made
                        boolean quiet =
                                run.quiet()
                                        && Checks.unsettled(c, run.now(), grace) == 0
                                        && Checks.due(c, run.now()) == 0
                                        && Checks.waitingForAFault(c) == 0
                                        && Run.count(c, "SELECT count(*) FROM denial") > 0;
                        quietTurns = quiet ? quietTurns + 1 : 0;
                    }
                    if (quietTurns >= 3) {
                        settledAfter = (System.nanoTime() - t0) / 1_000_000_000L;
                        break;
                    }
                    Thread.sleep(1000);
                }
                run.stopAnswering();
                Thread.sleep(KillScenario.POLL.toMillis() * 3);
                try (Connection c = Run.connect(db)) {
                    long denials = Run.count(c, "SELECT count(*) FROM denial");
                    f.figure("fault rate", o.faultRate());
                    f.figure("calls per party", parties.calls());
                    f.figure("failed calls per party and kind", parties.failed());
                    f.figure("reviews the harness approved as drafted", approved);
                    f.figure("denials by final state", byState(c));
                    f.figure("escalations by reason (its start)", escalations(c));
                    f.figure(
                            "portal filings the payer received",
                            run.payer.receipts().stream()
                                    .filter(r -> r.kind().equals("portal"))
                                    .count());
                    KillScenario.count(f, run, c, grace);
                    f.figure(
                            "settled after (seconds; -1: the settle window ran out)", settledAfter);
                    f.figure("work items due or running at the end", Checks.due(c, run.now()));
                    f.figure("payer quiet at the end", run.quiet());
                    f.figure(
                            "denials by playbook:state:submissions (channel/status)", playbooks(c));
                    f.zero(
                            "denials still waiting for a fault to pass (never retried)",
                            Checks.waitingForAFault(c));
                    long storm =
                            Run.count(
                                    c,
                                    "SELECT count(DISTINCT denial_id) FROM denial_event"
                                            + " WHERE to_status = 'ESCALATED' AND reason ~ ?",
                                    CURABLE_REASON);
                    long bound = (long) Math.floor(denials * STORM_SHARE);
                    f.figure(
                            "escalation storm bound (denials, " + (int) (STORM_SHARE * 100) + "%)",
                            bound);
                    f.invariants.add(
                            new Figures.Invariant(
                                    "denials escalated for a fault waiting cures, over the bound",
                                    storm,
                                    storm <= bound));
                    long unreadable =
                            Run.count(
                                    c,
                                    "SELECT count(DISTINCT denial_id) FROM denial_event"
                                            + " WHERE to_status = 'ESCALATED' AND reason ~ ?"
                                            + " AND reason !~ ?",
                                    UNREADABLE_REASON,
                                    CURABLE_REASON);
                    long garbage = parties.failed().getOrDefault("portal garbage", 0L);
                    f.figure("denials escalated for an answer that could not be read", unreadable);
                    f.zero(
                            "of them, more than the garbage answers the portals gave",
                            Math.max(0, unreadable - garbage));
                    f.zero(
                            "no portal call reached the harness (nothing was tested)",
                            parties.calls().getOrDefault("portal", 0L) > 0 ? 0 : 1);
                }
                f.figure("seed", o.seed());
                f.figure("service clock speed (per real second)", speed);
                f.zero("starts that never got ready", notStarted);
                f.zero("service stopped by itself", child.alive() ? 0 : 1);
            } finally {
                child.stop();
                run.stopLeftServer();
            }
            f.figure("seconds", (System.nanoTime() - t0) / 1_000_000_000L);
            if (!f.holds()) {
                run.keep = true;
                out.println("chaos faults: the run's folder is kept for a look: " + dir);
            }
            return f;
        }
    }

    /**
     * The batch's denial mix: the generator's, with the reasons whose playbooks file an appeal on
     * the payer's portal (medical necessity: CARC 50, 151; documentation: 226, 252) weighted {@link
     * #PORTAL_WEIGHT} times, so that most denials make calls that can fail. In the demo's mix only
     * about one denial in ten files on a portal (seed 7: 3 filings of 35 denials), too few faulty
     * filings for a service that sends a denial to a person on a failed call to show.
     */
    static List<DenialReason> mix() {
        List<DenialReason> m = new ArrayList<>();
        for (DenialReason r : DenialReason.defaults())
            m.add(
                    PORTAL_FILED.contains(r.carc())
                            ? new DenialReason(
                                    r.group(),
                                    r.carc(),
                                    r.rarcs(),
                                    r.weight() * PORTAL_WEIGHT,
                                    r.claimLevel())
                            : r);
        return List.copyOf(m);
    }

    private static final Set<String> PORTAL_FILED = java.util.Set.of("50", "151", "226", "252");

    static final int PORTAL_WEIGHT = 6;

    private static Map<String, Long> playbooks(Connection c) throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        try (PreparedStatement s =
                        c.prepareStatement(
                                "SELECT coalesce(w.playbook, 'no work item') || ':' || d.status || ':' || coalesce((SELECT string_agg(channel || '/' || s.status, '+') FROM submission s WHERE s.denial_id = d.id), '-'), count(*) FROM denial d LEFT JOIN work_item w ON w.denial_id = d.id GROUP BY 1");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) m.put(rs.getString(1), rs.getLong(2));
        }
        return m;
    }

    private static Map<String, Long> byState(Connection c) throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        try (PreparedStatement s =
                        c.prepareStatement("SELECT status, count(*) FROM denial GROUP BY status");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) m.put(rs.getString(1), rs.getLong(2));
        }
        return m;
    }

    private static Map<String, Long> escalations(Connection c) throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        try (PreparedStatement s =
                        c.prepareStatement(
                                "SELECT left(reason, 60), count(*) FROM denial_event"
                                        + " WHERE to_status = 'ESCALATED' GROUP BY 1");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) m.put(rs.getString(1), rs.getLong(2));
        }
        return m;
    }

    /**
     * The operator's part: every open review approved as drafted (the demo's admin, through the
     * API), so that the appeals go out to the portals. Returns how many were approved.
     */
    private static long approveReviews(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String basic =
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(
                                        ("admin:" + OPERATOR_PASSWORD)
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> list =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + port
                                                        + "/api/v1/reviews?status=OPEN&size=100"))
                                .header("Authorization", basic)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (list.statusCode() != 200)
            throw new IllegalStateException(
                    "chaos faults: the open reviews could not be listed: " + list.statusCode());
        long n = 0;
        Object content = Json.parseObject(list.body()).get("content");
        if (!(content instanceof List<?> reviews)) return 0;
        for (Object r : reviews) {
            if (!(r instanceof Map<?, ?> review) || review.get("id") == null) continue;
            HttpResponse<String> done =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + port
                                                            + "/api/v1/reviews/"
                                                            + review.get("id")
                                                            + "/approve"))
                                    .header("Authorization", basic)
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"note\": \"chaos: approved as drafted\"}"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            // 409: decided meanwhile (the agent closed it); anything else is the harness's fault
            if (done.statusCode() == 204) n++;
            else if (done.statusCode() != 409)
                throw new IllegalStateException(
                        "chaos faults: review "
                                + review.get("id")
                                + " could not be approved: "
                                + done.statusCode()
                                + " "
                                + done.body());
        }
        return n;
    }

    /** The payer's portal for the practice, through the admin API with the demo's practice key. */
    private static void configurePortal(int port, String payer, FaultyParties parties)
            throws IOException, InterruptedException {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + port
                                                                + "/api/v1/connectors/payer-portals/"
                                                                + payer))
                                        .header("Authorization", "Bearer " + PRACTICE_KEY)
                                        .header("Content-Type", "application/json")
                                        .PUT(
                                                HttpRequest.BodyPublishers.ofString(
                                                        Json.write(
                                                                Map.of(
                                                                        "baseUrl",
                                                                        parties.portalUrl(payer),
                                                                        "authHeaderName",
                                                                        "X-Chaos-Key",
                                                                        "authHeaderValue",
                                                                        "SIMULATED-" + payer))))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204)
            throw new IllegalStateException(
                    "chaos faults: the portal of " + payer + " was refused: " + r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Child start(Run run, Duration speed, int port, FaultyParties parties)
            throws IOException {
        return Child.start(
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                List.of(
                        "--spring.profiles.active=demo,chaos",
                        "--reclaim.demo.live=false",
                        "--reclaim.db.ephemeral=false",
                        "--reclaim.data-dir=" + run.dir,
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--reclaim.connectors.allowed-hosts=127.0.0.1",
                        "--reclaim.connectors.http-allowed-hosts=127.0.0.1",
                        "--reclaim.connectors.call-timeout=" + CALL_TIMEOUT,
                        "--reclaim.chaos.origin=" + run.origin,
                        "--reclaim.chaos.speed=" + speed,
                        "--reclaim.agent.lease=" + KillScenario.LEASE.toSeconds() + "s",
                        "--logging.level.root=warn",
                        "--logging.level.org.reclaim=warn"),
                Map.of(
                        "RECLAIM_MODEL_PROVIDER",
                        "openai",
                        "RECLAIM_MODEL_BASE_URL",
                        parties.modelUrl(),
                        "RECLAIM_MODEL_NAME",
                        "chaos-model",
                        "RECLAIM_MODEL_TIMEOUT",
                        MODEL_TIMEOUT.toString()),
                run.dir.resolve("service-faults.log"));
    }
}
