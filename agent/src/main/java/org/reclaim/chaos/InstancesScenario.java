package org.reclaim.chaos;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code chaos instances}: two services on one database work one batch, sharing the data folder
 * (drop folder and outbox) as two instances of one installation do. The database is a PostgreSQL
 * server the harness starts and both services reach as an external one ({@code RECLAIM_DB_URL}):
 * the embedded server's binaries, as the harness may run as root, where Debian's refuse to start.
 * Counts the denials worked twice — two step runs of one step of one denial overlapping in time, a
 * submission's key or content twice — and the kill scenario's other invariants.
 */
final class InstancesScenario {

    private static final String PASSWORD = "chaos";

    private InstancesScenario() {}

    static Figures run(ChaosCommand.Options o, PrintStream out) throws Exception {
        Figures f = new Figures("instances");
        Path dir = Files.createTempDirectory("reclaim-chaos-instances-");
        long t0 = System.nanoTime();
        boolean keep = false;
        try (EmbeddedPostgres server =
                        EmbeddedPostgres.builder()
                                .setDataDirectory(Files.createDirectories(dir.resolve("pg")))
                                .setCleanDataDirectory(true)
                                .setServerConfig("max_connections", "150")
                                .start();
                Run run =
                        new Run(
                                dir.resolve("data"),
                                o.denials(),
                                o.seed(),
                                o.speedOr(KillScenario.SPEED))) {
            prepare(server);
            Map<String, String> env =
                    Map.of(
                            "RECLAIM_DB_URL",
                            "jdbc:postgresql://localhost:" + server.getPort() + "/reclaim",
                            "RECLAIM_DB_USER",
                            "reclaim_app",
                            "RECLAIM_DB_PASSWORD",
                            PASSWORD,
                            "RECLAIM_DB_MIGRATION_USER",
                            "reclaim_owner",
                            "RECLAIM_DB_MIGRATION_PASSWORD",
                            PASSWORD);
            Child a = start(run, o, "a", env);
            Child b = null;
            try {
                int notStarted = a.awaitReady(o.startTimeout().toMillis()) ? 0 : 1;
                b = start(run, o, "b", env);
                if (!b.awaitReady(o.startTimeout().toMillis())) notStarted++;
                out.println("chaos instances: two services on one database work the batch");
                Duration grace = KillScenario.grace(o);
                long settleEnd = System.currentTimeMillis() + o.settle().toMillis();
                int quietTurns = 0;
                while (System.currentTimeMillis() < settleEnd && a.alive() && b.alive()) {
                    try (Connection c = Run.connect(server.getPort())) {
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
                try (Connection c = Run.connect(server.getPort())) {
                    f.figure(
                            "step runs by the instances",
                            Run.count(c, "SELECT count(*) FROM step_run"));
                    f.zero(
                            "step runs of one step of one denial overlapping",
                            Checks.overlappingSteps(c));
                    KillScenario.count(f, run, c, grace);
                }
                f.figure("seed", o.seed());
                f.figure("service clock speed (per real second)", o.speedOr(KillScenario.SPEED));
                f.zero("starts that never got ready", notStarted);
                f.zero("services stopped by themselves", (a.alive() ? 0 : 1) + (b.alive() ? 0 : 1));
                f.figure("seconds", (System.nanoTime() - t0) / 1_000_000_000L);
                if (!f.holds()) {
                    run.keep = keep = true;
                    out.println("chaos instances: the run's folder is kept for a look: " + dir);
                }
                return f;
            } finally {
                a.stop();
                if (b != null) b.stop();
            }
        } finally {
            if (!keep) Run.deleteTree(dir);
        }
    }

    /** The roles and database of an external installation (docs/configuration.md). */
    private static void prepare(EmbeddedPostgres server) throws Exception {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE reclaim_owner LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute(
                    "CREATE ROLE reclaim_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"
                            + " PASSWORD '"
                            + PASSWORD
                            + "'");
            s.execute("CREATE DATABASE reclaim OWNER reclaim_owner");
        }
        try (Connection c = server.getDatabase("postgres", "reclaim").getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER SCHEMA public OWNER TO reclaim_owner");
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
    }

    private static Child start(
            Run run, ChaosCommand.Options o, String name, Map<String, String> env)
            throws java.io.IOException {
        return Child.start(
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                List.of(
                        "--spring.profiles.active=demo,chaos",
                        "--reclaim.demo.live=false",
                        "--reclaim.data-dir=" + run.dir,
                        "--server.port=0",
                        "--reclaim.chaos.origin=" + run.origin,
                        "--reclaim.chaos.speed=" + o.speedOr(KillScenario.SPEED),
                        "--reclaim.agent.lease=" + KillScenario.LEASE.toSeconds() + "s",
                        "--logging.level.root=warn",
                        "--logging.level.org.reclaim=warn"),
                env,
                run.dir.resolve("service-" + name + ".log"));
    }
}
