package org.reclaim.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.reclaim.practice.Practices;
import org.reclaim.sandbox.SimulatedPayer;
import org.reclaim.x12.synth.DenialReason;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/**
 * One chaos run's world: a data folder under a temp folder, the generated batch dropped in its
 * inbox, the SIMULATED payer living in the harness (so it survives every kill of the service) and
 * answering on the run's clock ({@link ChaosClock#at}), and every name that was ever dropped in the
 * inbox, for the lost-file count.
 */
final class Run implements AutoCloseable {

    static final String SLUG = Practices.DEFAULT_SLUG;

    final Path dir;
    final long origin = System.currentTimeMillis();
    final Duration speed;
    final SimulatedPayer payer;
    private final byte[] remittances;
    private final Set<String> dropped = new TreeSet<>();
    private boolean remittancesDropped;
    private byte[] held;
    private volatile boolean answering = true;
    private final Thread loop;

    /** Keeps the run's folder (a broken invariant: the logs and files to look at). */
    volatile boolean keep;

    Run(Path dir, int denials, long seed, Duration speed) throws IOException {
        this(dir, denials, seed, speed, false);
    }

    /**
     * {@code hold}: the claims are dropped in the inbox only at {@link #release} (the harness
     * configures the service's connectors first).
     */
    Run(Path dir, int denials, long seed, Duration speed, boolean hold) throws IOException {
        this(dir, denials, seed, speed, hold, DenialReason.defaults());
    }

    /** {@code reasons}: the batch's denial reasons and their weights (the generator's mix). */
    Run(Path dir, int denials, long seed, Duration speed, boolean hold, List<DenialReason> reasons)
            throws IOException {
        this.dir = dir;
        this.speed = speed;
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        LocalDate today = now().atZone(ZoneOffset.UTC).toLocalDate();
        // the demo's batch (DemoCommand.batch): a recent backlog, three in ten claims denied
        Generator.write(
                GeneratorOptions.defaults()
                        .withSubmissionDays(30)
                        .withBaseDate(today.minusDays(95))
                        .withDenialRate(0.3)
                        .withReversalRate(0.0)
                        .withDenialReasons(reasons)
                        .withClaims(Math.max(10, (int) (denials / 0.33)))
                        .withSeed(seed),
                c,
                r);
        this.remittances = r.toByteArray();
        this.payer = new SimulatedPayer(dir, SLUG, seed, c.toByteArray(), remittances);
        if (hold) held = c.toByteArray();
        else drop("chaos-0001-claims.837", c.toByteArray());
        loop = new Thread(this::answer, "chaos-payer");
        loop.setDaemon(true);
        loop.start();
    }

    /** Drops the held claims in the inbox (see the constructor). */
    synchronized void release() throws IOException {
        if (held == null) return;
        drop("chaos-0001-claims.837", held);
        held = null;
    }

    /**
     * The payer ids of the remittances (the 835's N1*PR N104, ASC X12 005010X221A1 loop 1000A), in
     * the order first met.
     */
    List<String> payerIds() {
        String s = new String(remittances, StandardCharsets.ISO_8859_1);
        if (s.length() < 106 || !s.startsWith("ISA")) return List.of();
        String element = java.util.regex.Pattern.quote(String.valueOf(s.charAt(3)));
        String terminator = java.util.regex.Pattern.quote(String.valueOf(s.charAt(105)));
        Set<String> ids = new java.util.LinkedHashSet<>();
        for (String seg : s.split(terminator)) {
            String[] e = seg.strip().split(element);
            if (e.length > 4 && e[0].equals("N1") && e[1].equals("PR")) ids.add(e[4]);
        }
        return List.copyOf(ids);
    }

    /** The run's clock now: what every service JVM of the run reads too. */
    Instant now() {
        return ChaosClock.at(origin, speed, System.currentTimeMillis());
    }

    Path inbox() {
        return dir.resolve("inbox").resolve(SLUG);
    }

    private synchronized void drop(String name, byte[] bytes) throws IOException {
        Files.createDirectories(inbox());
        Path tmp = inbox().resolve("." + name + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        dropped.add(name);
    }

    /**
     * The payer's loop: the remittances once the claims were taken from the inbox, then what the
     * payer reads from the outbox is answered into the inbox when due.
     */
    private void answer() {
        while (answering) {
            try {
                synchronized (this) {
                    if (!remittancesDropped
                            && held == null
                            && !Files.exists(inbox().resolve("chaos-0001-claims.837"))) {
                        drop("chaos-0002-remittances.835", remittances);
                        remittancesDropped = true;
                    }
                    if (remittancesDropped) {
                        payer.receive(now());
                        payer.deliver(now());
                    }
                    noteInbox();
                }
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a file the service is writing right now: read again at the next turn
            }
        }
    }

    private void noteInbox() throws IOException {
        if (!Files.isDirectory(inbox())) return;
        try (Stream<Path> files = Files.list(inbox())) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .forEach(dropped::add);
        }
    }

    /** Stops the payer: nothing more is answered. */
    void stopAnswering() throws InterruptedException {
        answering = false;
        loop.interrupt();
        loop.join(5000);
        synchronized (this) {
            try {
                noteInbox();
            } catch (IOException e) {
                // counted at the check
            }
        }
    }

    synchronized boolean quiet() throws IOException {
        if (!remittancesDropped) return false;
        try (Stream<Path> files = Files.list(inbox())) {
            if (files.anyMatch(p -> !p.getFileName().toString().startsWith("."))) return false;
        }
        return payer.nextAnswer().equals(Instant.MAX);
    }

    synchronized Set<String> dropped() {
        return new TreeSet<>(dropped);
    }

    /** Every file name under {@code sub} (processed, quarantine), at any depth. */
    Set<String> namesUnder(String sub) throws IOException {
        Set<String> names = new HashSet<>();
        Path p = dir.resolve(sub);
        if (!Files.isDirectory(p)) return names;
        try (Stream<Path> walk = Files.walk(p)) {
            walk.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
        }
        return names;
    }

    /** The outbox's X12 files and packet manifests, for the duplicate counts. */
    List<Path> outbox() throws IOException {
        Path p = dir.resolve("outbox").resolve(SLUG);
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(p)) return files;
        try (Stream<Path> walk = Files.walk(p)) {
            walk.filter(Files::isRegularFile)
                    .filter(
                            f -> {
                                String n = f.getFileName().toString();
                                return !n.startsWith(".")
                                        && (n.endsWith(".x12") || n.endsWith(".json"))
                                        && !f.getParent().getFileName().toString().equals(".sent");
                            })
                    .sorted()
                    .forEach(files::add);
        }
        return files;
    }

    /** A JDBC connection to the run's database as its superuser (reads every practice's rows). */
    static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/reclaim", "postgres", "");
    }

    /** The port of the embedded server of a data folder (line 4 of {@code postmaster.pid}). */
    int embeddedPort() throws IOException {
        List<String> lines =
                Files.readAllLines(
                        dir.resolve("postgres").resolve("postmaster.pid"), StandardCharsets.UTF_8);
        return Integer.parseInt(lines.get(3).strip());
    }

    /** Stops an embedded server a killed service left behind (its postmaster.pid's pid). */
    void stopLeftServer() throws IOException, InterruptedException {
        stopLeftServer(dir);
    }

    /** Stops the embedded server a service left running on data folder {@code dir}. */
    static void stopLeftServer(Path dir) throws IOException, InterruptedException {
        Path pid = dir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pid)) return;
        long n = Long.parseLong(Files.readAllLines(pid, StandardCharsets.UTF_8).get(0).strip());
        var handle = ProcessHandle.of(n);
        if (handle.isEmpty()) return;
        handle.get().destroy();
        long end = System.currentTimeMillis() + 20_000;
        while (handle.get().isAlive() && System.currentTimeMillis() < end) Thread.sleep(100);
        if (handle.get().isAlive()) handle.get().destroyForcibly();
    }

    static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof Instant at) s.setTimestamp(i + 1, Timestamp.from(at));
                else s.setObject(i + 1, p);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() throws IOException {
        answering = false;
        loop.interrupt();
        if (!keep) deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
