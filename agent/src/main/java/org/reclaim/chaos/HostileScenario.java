package org.reclaim.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.reclaim.x12.synth.HostileInput;

/**
 * {@code chaos hostile}: issue 14's demonstration of the {@code reclaim.limits.*} caps — one claim
 * with 5 million SVC segments, 5 million tiny ST/SE sets and an endless upload stream, generated
 * while they are sent (never a file), to the upload endpoint of a child service at {@code -Xmx256m}
 * and to {@code inspect} at {@code -Xmx256m} (on its standard input). Each must be refused with its
 * cap named (422, or 413 for the endless upload), nothing stored, and the service must still answer
 * its health check afterwards.
 */
final class HostileScenario {

    private HostileScenario() {}

    /** The endless stream: well-formed tiny sets that never end. */
    private static final long ENDLESS = Long.MAX_VALUE;

    /** inspect is sent at most this much; reading past a cap that far counts as not stopping. */
    private static final long INSPECT_MOST = 1L << 30;

    record Input(
            String name, Supplier<InputStream> stream, int status, String cap, String inspectCap) {}

    static final List<Input> INPUTS =
            List.of(
                    new Input(
                            "one claim with 5,000,000 SVC segments",
                            () -> HostileInput.remittanceServiceLines(5_000_000),
                            422,
                            "reclaim.limits.service-lines-835",
                            "reclaim.limits.service-lines-835"),
                    new Input(
                            "5,000,000 tiny ST/SE sets",
                            () -> HostileInput.tinyTransactions(5_000_000),
                            422,
                            "reclaim.limits.transactions-per-file",
                            "reclaim.limits.transactions-per-file"),
                    new Input(
                            "an endless upload stream",
                            () -> HostileInput.tinyTransactions(ENDLESS),
                            413,
                            "reclaim.limits.upload-bytes",
                            "reclaim.limits.transactions-per-file"));

    static Figures run(ChaosCommand.Options o, PrintStream out) throws Exception {
        Figures f = new Figures("hostile");
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("reclaim-chaos-hostile-");
        boolean keep = false;
        try {
            int port = Doors.freePort();
            Path data = dir.resolve("data");
            Child service = Doors.service(data, port);
            long wrong = 0, stored = 0, inspectWrong = 0;
            try {
                if (!service.awaitReady(o.startTimeout().toMillis())) {
                    f.zero("service never got ready", 1);
                    keep = true;
                    return f;
                }
                try (Connection c = Run.connect(Doors.embeddedPort(data))) {
                    for (Input in : INPUTS) {
                        long before = Doors.fileRows(c);
                        long t = System.nanoTime();
                        Doors.Answer a =
                                Doors.upload(port, "hostile.x12", in.stream().get(), 600_000);
                        Map<String, Object> p = a.problem();
                        boolean ok = a.status() == in.status() && in.cap().equals(p.get("cap"));
                        if (!ok) wrong++;
                        if (Doors.fileRows(c) != before) stored++;
                        f.figure(
                                "HTTP: " + in.name(),
                                String.format(
                                        "%d %s (limit %s), %d MiB sent, %.1f s",
                                        a.status(),
                                        p.get("cap"),
                                        p.get("limit"),
                                        a.sent() >> 20,
                                        (System.nanoTime() - t) / 1e9));
                        out.printf(
                                "chaos hostile: HTTP %s: %d %s%n",
                                in.name(), a.status(), p.get("detail"));
                    }
                }
                f.zero("service down afterwards (health)", Doors.healthy(port) ? 0 : 1);
                f.figure("service heap peak (MiB)", service.heapPeak() >> 20);
            } finally {
                service.stop();
                Run.stopLeftServer(data);
            }
            long inspectPeak = 0;
            for (int i = 0; i < INPUTS.size(); i++) {
                Input in = INPUTS.get(i);
                Path log = dir.resolve("inspect-" + i + ".log");
                long t = System.nanoTime();
                Child inspect = Doors.inspect(dir, List.of("/dev/stdin"), log);
                long sent = feed(in.stream().get(), inspect.stdin());
                int code = inspect.waitFor(600_000);
                if (code < 0) inspect.kill();
                String output = Files.readString(log, StandardCharsets.UTF_8);
                String error = "";
                for (String line : output.split("\n")) {
                    if (line.startsWith("{")) {
                        Object e = org.reclaim.common.Json.parseObject(line).get("error");
                        error = e == null ? "" : e.toString();
                    }
                }
                boolean ok = code == 1 && error.contains(in.inspectCap()) && sent < INSPECT_MOST;
                if (!ok) inspectWrong++;
                inspectPeak = Math.max(inspectPeak, Doors.inspectHeapPeak(output));
                f.figure(
                        "inspect: " + in.name(),
                        String.format(
                                "exit %d, %s, %d MiB sent, %.1f s",
                                code, error, sent >> 20, (System.nanoTime() - t) / 1e9));
            }
            f.figure("inspect heap peak (MiB)", inspectPeak >> 20);
            f.zero("HTTP inputs not refused with their cap", wrong);
            f.zero("HTTP inputs that left rows", stored);
            f.zero("inspect inputs not refused with their cap", inspectWrong);
            f.zero(
                    "JVMs out of memory",
                    Files.readString(data.resolve("service.log"), StandardCharsets.ISO_8859_1)
                                    .contains("OutOfMemoryError")
                            ? 1
                            : 0);
            f.figure("seconds", (System.nanoTime() - t0) / 1_000_000_000L);
            if (!f.holds()) keep = true;
            return f;
        } finally {
            if (keep) out.println("chaos hostile: the run's folder is kept for a look: " + dir);
            else Run.deleteTree(dir);
        }
    }

    /** Writes the stream to the child until it ends, the child stops reading, or the most. */
    private static long feed(InputStream in, OutputStream to) {
        long sent = 0;
        byte[] b = new byte[64 * 1024];
        try (in;
                to) {
            int n;
            while (sent < INSPECT_MOST && (n = in.read(b)) > 0) {
                to.write(b, 0, n);
                sent += n;
            }
        } catch (IOException closed) {
            // inspect stopped reading: the cap stopped it
        }
        return sent;
    }
}
