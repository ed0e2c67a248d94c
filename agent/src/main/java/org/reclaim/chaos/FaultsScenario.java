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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.reclaim.common.Json;
import org.reclaim.sandbox.SimulatedPortal;

/**
 * {@code chaos faults}: the service works a batch against a payer portal and a model that fail a
 * seeded share of their calls ({@code --fault-rate}, default 0.3: a 5xx, no answer before the
 * client's timeout, or a 200 with a garbage body), both served over HTTP by the harness ({@link
 * FaultyParties}); the clearinghouse is the folder one. Every denial must still reach a terminal or
 * waiting state with a reason, no submission may go twice, and the denials escalated for a fault
 * must stay under {@link #STORM_SHARE} of the denials.
 */
final class FaultsScenario {

    /**
     * The most denials that may go to a person because of a fault. A partner that fails three calls
     * in ten is an outage to be waited out (docs/architecture.md, "Faults and refusals"): the
     * connector retries each call, an outage is waited for without spending a retry, and only an
     * answer that cannot be read goes to a person. 5% leaves room for those few, and catches a
     * service that sends a denial to a person whenever a call fails (about 30% and more).
     */
    static final double STORM_SHARE = 0.05;

    /** What an escalation's reason says when a fault sent it (ConnectorException's kinds). */
    static final String FAULT_REASON =
            "TIMEOUT|UNREACHABLE|SERVER_ERROR|THROTTLED|CIRCUIT_OPEN|BULKHEAD_FULL|RATE_LIMITED"
                    + "|PROTOCOL|NOT_AUTHORIZED|cannot be read|gave no answer|not sent, held back";

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
        try (Run run = new Run(dir, o.denials(), o.seed(), speed, true);
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
                while (System.currentTimeMillis() < settleEnd && child.alive()) {
                    approved += approveReviews(port);
                    try (Connection c = Run.connect(db)) {
                        boolean quiet =
                                run.quiet()
                                        && Checks.unsettled(c, run.now(), grace) == 0
                                        && Run.count(c, "SELECT count(*) FROM denial") > 0;
                        quietTurns = quiet ? quietTurns + 1 : 0;
                    }
                    if (quietTurns >= 3) break;
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
                    long storm =
                            Run.count(
                                    c,
                                    "SELECT count(DISTINCT denial_id) FROM denial_event"
                                            + " WHERE to_status = 'ESCALATED' AND reason ~ ?",
                                    FAULT_REASON);
                    long bound = (long) Math.floor(denials * STORM_SHARE);
                    f.figure(
                            "escalation storm bound (denials, " + (int) (STORM_SHARE * 100) + "%)",
                            bound);
                    f.invariants.add(
                            new Figures.Invariant(
                                    "denials escalated for a fault, over the bound",
                                    storm,
                                    storm <= bound));
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
