package org.reclaim.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code chaos kill}: the service works a batch on a persistent embedded database against the
 * SIMULATED payer and is SIGKILLed {@code kills} times at moments drawn from the seed (one in four
 * while it starts, the others while it works), restarted each time; then a last start works until
 * the run is quiet, and the invariants are counted.
 */
final class KillScenario {

    /**
     * The children's lease (reclaim.agent.lease, real time by the database's clock: a killed
     * instance's items are taken over this long after its death) and poll interval (demo profile).
     */
    static final Duration LEASE = Duration.ofSeconds(10);

    static final Duration POLL = Duration.ofSeconds(1);

    /** The service clock's speed when {@code --speed} is not given. */
    static final Duration SPEED = Duration.ofHours(24);

    private KillScenario() {}

    static Figures run(ChaosCommand.Options o, PrintStream out) throws Exception {
        Figures f = new Figures("kill");
        Path dir = Files.createTempDirectory("reclaim-chaos-kill-");
        long t0 = System.nanoTime();
        SplittableRandom random = new SplittableRandom(o.seed());
        try (Run run = new Run(dir, o.denials(), o.seed(), o.speedOr(KillScenario.SPEED))) {
            int duringStart = 0;
            int notStarted = 0;
            List<Long> moments = new ArrayList<>();
            for (int k = 0; k < o.kills(); k++) {
                boolean atStart = random.nextInt(4) == 0;
                long delay = atStart ? random.nextLong(300, 4000) : random.nextLong(200, 6000);
                Child child = start(run, o, k);
                if (atStart) {
                    duringStart++;
                    Thread.sleep(delay);
                } else {
                    if (!child.awaitReady(o.startTimeout().toMillis())) notStarted++;
                    Thread.sleep(delay);
                }
                child.kill();
                moments.add(delay);
                out.printf(
                        "chaos kill: %d of %d, %d ms after %s%n",
                        k + 1, o.kills(), delay, atStart ? "the start" : "the service was up");
            }
            Child last = start(run, o, o.kills());
            try {
                if (!last.awaitReady(o.startTimeout().toMillis())) notStarted++;
                Duration grace = grace(o);
                int port = run.embeddedPort();
                long settleEnd = System.currentTimeMillis() + o.settle().toMillis();
                int quietTurns = 0;
                while (System.currentTimeMillis() < settleEnd && last.alive()) {
                    try (Connection c = Run.connect(port)) {
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
                Thread.sleep(POLL.toMillis() * 3);
                try (Connection c = Run.connect(port)) {
                    count(f, run, c, grace);
                }
                f.figure("kills", o.kills());
                f.figure("kills while starting", duringStart);
                f.figure("seed", o.seed());
                f.figure("kill delays (ms)", moments.toString());
                f.figure("service clock speed (per real second)", o.speedOr(KillScenario.SPEED));
                f.figure("service heap peak, last start (MiB)", last.heapPeak() >> 20);
                f.zero("starts that never got ready", notStarted);
                f.zero("service stopped by itself", last.alive() ? 0 : 1);
            } finally {
                last.stop();
                run.stopLeftServer();
            }
            f.figure("seconds", (System.nanoTime() - t0) / 1_000_000_000L);
            if (!f.holds()) {
                run.keep = true;
                out.println("chaos kill: the run's folder is kept for a look: " + dir);
            }
            return f;
        }
    }

    /**
     * How long, on the service's clock (which runs {@code speed} per real second), a work item may
     * be overdue and still be on its way: a dead holder's lease and three polls, in real time.
     */
    static Duration grace(ChaosCommand.Options o) {
        return grace(o.speedOr(SPEED));
    }

    /** {@link #grace(ChaosCommand.Options)} for a clock running {@code speed} per real second. */
    static Duration grace(Duration speed) {
        return LEASE.plus(POLL.multipliedBy(3)).multipliedBy(factor(speed));
    }

    private static long factor(Duration speed) {
        return Math.max(1, speed.toSeconds());
    }

    static Child start(Run run, ChaosCommand.Options o, int k) throws IOException {
        return Child.start(
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                List.of(
                        "--spring.profiles.active=demo,chaos",
                        "--reclaim.demo.live=false",
                        "--reclaim.db.ephemeral=false",
                        "--reclaim.data-dir=" + run.dir,
                        "--server.port=0",
                        "--reclaim.chaos.origin=" + run.origin,
                        "--reclaim.chaos.speed=" + o.speedOr(KillScenario.SPEED),
                        "--reclaim.agent.lease=" + LEASE.toSeconds() + "s",
                        "--logging.level.root=warn",
                        "--logging.level.org.reclaim=warn"),
                Map.of(),
                run.dir.resolve("service-" + k + ".log"));
    }

    static void count(Figures f, Run run, Connection c, Duration grace)
            throws IOException, SQLException {
        List<Path> outbox = run.outbox();
        f.figure("denials", Run.count(c, "SELECT count(*) FROM denial"));
        f.figure(
                "denials terminal",
                Run.count(
                        c,
                        "SELECT count(*) FROM denial WHERE status IN ('RESOLVED_PAID',"
                                + "'RESOLVED_PARTIAL','WRITTEN_OFF','ROUTED_TO_PATIENT','REBILLED','CLOSED')"));
        f.figure("submissions sent", Run.count(c, "SELECT count(*) FROM submission"));
        f.figure("files the payer received", run.payer.receipts().size());
        f.figure("files dropped in the inbox", run.dropped().size());
        f.figure("billable events", Run.count(c, "SELECT count(*) FROM billable_event"));
        f.zero(
                "duplicate submissions by key",
                run.payer.duplicateSubmissions() + Checks.duplicateKeys(outbox));
        f.zero("duplicate submissions by content", Checks.duplicateContent(outbox, grace));
        List<String> lost = Checks.lost(run, c);
        f.zero("lost files", lost.size());
        if (!lost.isEmpty()) f.figure("lost", lost.toString());
        f.zero(
                "denials neither terminal nor waiting with a reason",
                Checks.unsettled(c, run.now(), grace));
        f.zero(
                "billable events not paid resolutions after an accepted action (both ways)",
                Checks.billingMismatches(c));
        f.zero(
                "PENDING or SENDING submissions older than the lease",
                Checks.stalePending(c, run.now(), grace));
    }
}
