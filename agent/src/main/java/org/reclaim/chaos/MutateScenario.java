package org.reclaim.chaos;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.reclaim.x12.synth.Mutations;

/**
 * {@code chaos mutate}: {@code files} seeded mutations ({@link Mutations}) of X12 samples — the
 * generator's claims and remittances, and every file of {@code --samples DIR} — one in three
 * through each door: the upload endpoint and the drop folder of a child service at {@code
 * -Xmx256m}, and {@code inspect} in a child JVM at {@code -Xmx256m}. Invariants: no 5xx (nor the
 * drop folder's or inspect's "unexpected" failures), no refused file leaving rows (database row
 * counts before and after each file), every refusal located (a segment or a byte), nobody out of
 * memory, the service alive at the end.
 */
final class MutateScenario {

    private MutateScenario() {}

    /** How long one file may wait in the drop folder before it counts as never taken. */
    private static final long INBOX_WAIT_MILLIS = 30_000;

    static Figures run(ChaosCommand.Options o, PrintStream out) throws Exception {
        Figures f = new Figures("mutate");
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("reclaim-chaos-mutate-");
        boolean keep = false;
        try {
            List<byte[]> samples = samples(o);
            SplittableRandom random = new SplittableRandom(o.seed());
            List<byte[]> http = new ArrayList<>();
            List<byte[]> inbox = new ArrayList<>();
            List<String> inspected = new ArrayList<>();
            Path inspectDir = Files.createDirectories(dir.resolve("inspect"));
            for (int i = 0; i < o.files(); i++) {
                byte[] original = samples.get(random.nextInt(samples.size()));
                byte[] mutated =
                        Mutations.mutate(original, random.nextInt(Mutations.KINDS), random);
                switch (i % 3) {
                    case 0 -> http.add(mutated);
                    case 1 -> inbox.add(mutated);
                    default -> {
                        Path p = inspectDir.resolve(String.format("mutated-%05d.x12", i));
                        Files.write(p, mutated);
                        inspected.add(p.toString());
                    }
                }
            }
            out.printf(
                    "chaos mutate: %d files from %d samples (seed %d): %d by HTTP, %d by the drop"
                            + " folder, %d by inspect, every JVM at %s%n",
                    o.files(),
                    samples.size(),
                    o.seed(),
                    http.size(),
                    inbox.size(),
                    inspected.size(),
                    Doors.HEAP);
            // inspect runs while the service starts: the two children share the machine
            Child inspect =
                    inspected.isEmpty()
                            ? null
                            : Doors.inspect(dir, inspected, dir.resolve("inspect.log"));
            int port = Doors.freePort();
            Path data = dir.resolve("data");
            Child service = Doors.service(data, port);
            try {
                if (!service.awaitReady(o.startTimeout().toMillis())) {
                    f.zero("service never got ready", 1);
                    keep = true;
                    return f;
                }
                try (Connection c = Run.connect(Doors.embeddedPort(data))) {
                    httpDoor(f, http, port, c, out);
                    inboxDoor(f, inbox, data, c, out);
                    f.zero("remittances stored half", Doors.halfStoredRemittances(c));
                }
                f.zero("service down after the files", Doors.healthy(port) ? 0 : 1);
                f.figure("service heap peak (MiB)", service.heapPeak() >> 20);
            } finally {
                service.stop();
                Run.stopLeftServer(data);
            }
            if (inspect != null) inspectDoor(f, inspect, inspected.size(), dir);
            long oom =
                    Stream.of(
                                    dir.resolve("data").resolve("service.log"),
                                    dir.resolve("inspect.log"))
                            .filter(Files::exists)
                            .filter(p -> read(p).contains("OutOfMemoryError"))
                            .count();
            f.zero("JVMs out of memory", oom);
            f.figure("seed", o.seed());
            f.figure("samples", samples.size());
            f.figure("seconds", (System.nanoTime() - t0) / 1_000_000_000L);
            if (!f.holds()) keep = true;
            return f;
        } finally {
            if (keep) out.println("chaos mutate: the run's folder is kept for a look: " + dir);
            else Run.deleteTree(dir);
        }
    }

    /** Each file POSTed; a refusal (4xx) must leave the database's file rows as they were. */
    private static void httpDoor(
            Figures f, List<byte[]> files, int port, Connection c, PrintStream out)
            throws Exception {
        long accepted = 0, refused = 0, fiveXx = 0, partial = 0, unlocated = 0, noAnswer = 0;
        for (int i = 0; i < files.size(); i++) {
            long before = Doors.fileRows(c);
            Doors.Answer a =
                    Doors.upload(
                            port,
                            String.format("mutated-http-%05d.x12", i),
                            new ByteArrayInputStream(files.get(i)),
                            60_000);
            if (a.status() < 0) noAnswer++;
            else if (a.status() >= 500) {
                fiveXx++;
                out.printf("chaos mutate: HTTP file %d answered %d: %s%n", i, a.status(), a.body());
            } else if (a.status() >= 400) {
                refused++;
                if (Doors.fileRows(c) != before) partial++;
                Map<String, Object> p = a.problem();
                if (p.get("segment") == null && p.get("offset") == null) {
                    unlocated++;
                    out.printf("chaos mutate: HTTP refusal without a location: %s%n", p);
                }
            } else accepted++;
        }
        f.figure("HTTP files", files.size());
        f.figure("HTTP accepted", accepted);
        f.figure("HTTP refused (4xx)", refused);
        f.zero("HTTP 5xx", fiveXx);
        f.zero("HTTP uploads without an answer", noAnswer);
        f.zero("HTTP refusals that left rows", partial);
        f.zero("HTTP refusals without a location", unlocated);
    }

    /**
     * Each file dropped alone and waited for: a quarantined file must leave the file rows as they
     * were and have a reason naming a segment or a byte.
     */
    private static void inboxDoor(
            Figures f, List<byte[]> files, Path data, Connection c, PrintStream out)
            throws Exception {
        Path inbox = data.resolve("inbox").resolve(Run.SLUG);
        Path quarantine = data.resolve("quarantine").resolve(Run.SLUG);
        Files.createDirectories(inbox);
        long accepted = 0, refused = 0, unexpected = 0, partial = 0, unlocated = 0, stuck = 0;
        for (int i = 0; i < files.size(); i++) {
            String name = String.format("mutated-inbox-%05d.x12", i);
            long before = Doors.fileRows(c);
            Path tmp = inbox.resolve("." + name + ".tmp");
            Files.write(tmp, files.get(i));
            Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            long end = System.currentTimeMillis() + INBOX_WAIT_MILLIS;
            while (Files.exists(inbox.resolve(name)) && System.currentTimeMillis() < end)
                Thread.sleep(20);
            if (Files.exists(inbox.resolve(name))) {
                stuck++;
                out.printf("chaos mutate: %s was never taken from the drop folder%n", name);
                Files.deleteIfExists(inbox.resolve(name));
                continue;
            }
            Path reasonFile = quarantine.resolve(name + ".reason.txt");
            if (!Files.exists(quarantine.resolve(name))) {
                accepted++;
                continue;
            }
            refused++;
            // the reason is written just after the file moved (InboxWatcher.quarantine)
            long reasonEnd = System.currentTimeMillis() + 5_000;
            while (!Files.exists(reasonFile) && System.currentTimeMillis() < reasonEnd)
                Thread.sleep(20);
            String reason = Files.exists(reasonFile) ? read(reasonFile).strip() : "";
            if (reason.startsWith("could not be stored")) {
                unexpected++;
                out.printf("chaos mutate: %s failed unexpectedly: %s%n", name, reason);
            }
            if (Doors.fileRows(c) != before) partial++;
            if (!located(reason)) {
                unlocated++;
                out.printf("chaos mutate: %s quarantined without a location: %s%n", name, reason);
            }
        }
        f.figure("drop-folder files", files.size());
        f.figure("drop-folder accepted", accepted);
        f.figure("drop-folder refused (quarantined)", refused);
        f.zero("drop-folder files failed unexpectedly", unexpected);
        f.zero("drop-folder files never taken", stuck);
        f.zero("drop-folder refusals that left rows", partial);
        f.zero("drop-folder refusals without a location", unlocated);
    }

    /** inspect's JSON lines: an {@code error} is a refusal; an internal error is its 5xx. */
    private static void inspectDoor(Figures f, Child inspect, int files, Path dir)
            throws Exception {
        int code = inspect.waitFor(600_000);
        if (code < 0) inspect.kill();
        String output = read(dir.resolve("inspect.log"));
        long accepted = 0, refused = 0, internal = 0, unlocated = 0;
        for (String line : output.split("\n")) {
            if (!line.startsWith("{")) continue;
            Map<String, Object> r = org.reclaim.common.Json.parseObject(line);
            Object error = r.get("error");
            if (error == null) {
                accepted++;
                continue;
            }
            refused++;
            if (error.toString().startsWith("internal error")) internal++;
            if (!located(error.toString()) && !locatedProblem(r.get("problems"))) unlocated++;
        }
        long leftovers;
        try (Stream<Path> left = Files.walk(dir.resolve("inspect-tmp"))) {
            leftovers = left.filter(Files::isRegularFile).count();
        }
        f.figure("inspect files", files);
        f.figure("inspect read", accepted);
        f.figure("inspect refused (error)", refused);
        f.figure("inspect heap peak (MiB)", Doors.inspectHeapPeak(output) >> 20);
        f.zero("inspect internal errors", internal);
        f.zero("inspect files not reported", files - accepted - refused);
        f.zero("inspect exit other than 0 or 1", code == 0 || code == 1 ? 0 : 1);
        f.zero("inspect spool files left", leftovers);
        f.zero("inspect refusals without a location", unlocated);
    }

    /** A reason names where: a segment or a byte. */
    static boolean located(String reason) {
        return reason.matches("(?s).*\\b(segment|byte) \\d+.*");
    }

    private static boolean locatedProblem(Object problems) {
        if (!(problems instanceof List<?> list)) return false;
        for (Object p : list) {
            if (p instanceof Map<?, ?> m
                    && "ERROR".equals(m.get("severity"))
                    && (m.get("segment") != null || m.get("offset") != null)) return true;
        }
        return false;
    }

    /** The generator's claims and remittances (three seeds), and every file of --samples. */
    static List<byte[]> samples(ChaosCommand.Options o) throws IOException {
        List<byte[]> samples = new ArrayList<>();
        for (long s = o.seed(); s < o.seed() + 3; s++) {
            ByteArrayOutputStream c = new ByteArrayOutputStream();
            ByteArrayOutputStream r = new ByteArrayOutputStream();
            Generator.write(
                    GeneratorOptions.defaults().withClaims(8).withDenialRate(0.3).withSeed(s),
                    c,
                    r);
            samples.add(c.toByteArray());
            samples.add(r.toByteArray());
        }
        if (o.samples() != null) {
            Path root = Path.of(o.samples());
            if (!Files.isDirectory(root))
                throw new IllegalArgumentException("--samples: no such folder " + root);
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String n = p.getFileName().toString();
                    if (n.endsWith(".md") || n.endsWith(".tsv") || n.endsWith(".py")) continue;
                    samples.add(Files.readAllBytes(p));
                }
            }
        }
        return samples;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
