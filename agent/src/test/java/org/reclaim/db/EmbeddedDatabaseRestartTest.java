package org.reclaim.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The persistent embedded PostgreSQL after a crash: real service stand-ins ({@link
 * EmbeddedDatabaseProcess}) in their own JVMs, a real {@code kill -9}, a real left-over postmaster.
 */
class EmbeddedDatabaseRestartTest {

    Path root;
    Path dataDir;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void folder() {
        root = Path.of("target/embedded-restart-" + UUID.randomUUID()).toAbsolutePath();
        dataDir = root.resolve("postgres");
    }

    @AfterEach
    void stopEverythingStarted() throws Exception {
        for (Process p : started) {
            p.destroy(); // SIGTERM: the stand-in's shutdown hook stops its server
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
        Long left = postmaster();
        if (left != null) {
            ProcessHandle.of(left).ifPresent(ProcessHandle::destroy);
            ProcessHandle.of(left).ifPresent(h -> h.onExit().join());
        }
        FileSystemUtils.deleteRecursively(root);
    }

    /** The server process named by the directory's postmaster.pid, if it is alive. */
    Long postmaster() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return null;
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid).orElse(null);
    }

    record Run(Process process, String outcome, String output) {}

    Run service() throws Exception {
        Path out = Files.createTempFile(root, "service", ".log");
        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx128m",
                                "-XX:TieredStopAtLevel=1",
                                "-cp",
                                System.getProperty("java.class.path"),
                                EmbeddedDatabaseProcess.class.getName(),
                                dataDir.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        started.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(out, StandardCharsets.UTF_8);
            for (String line : text.lines().toList()) {
                if (line.equals("READY") || line.startsWith("FAILED"))
                    return new Run(p, line, text);
            }
            if (!p.isAlive()) return new Run(p, "EXITED", text);
            Thread.sleep(100);
        }
        return new Run(p, "TIMEOUT", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void afterTheServiceIsKilledTheFirstRestartWorks() throws Exception {
        Files.createDirectories(root);
        Run first = service();
        assertThat(first.outcome()).as(first.output()).isEqualTo("READY");
        Long server = postmaster();
        assertThat(server).isNotNull();

        first.process().destroyForcibly().waitFor(); // kill -9
        // the crash as it happens: the server outlives its service and holds the directory
        assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).contains(true);

        Run second = service();
        assertThat(second.outcome()).as(second.output()).isEqualTo("READY");
        assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(postmaster()).isNotNull().isNotEqualTo(server);
    }

    @Test
    void whileALiveServiceHoldsTheDirectoryAnotherIsRefusedNamingIt() throws Exception {
        Files.createDirectories(root);
        Run first = service();
        assertThat(first.outcome()).as(first.output()).isEqualTo("READY");
        Long server = postmaster();

        Run second = service();
        assertThat(second.outcome())
                .as(second.output())
                .startsWith("FAILED")
                .contains("in use by the running service process " + first.process().pid());
        // the first service and its server are untouched
        assertThat(first.process().isAlive()).isTrue();
        assertThat(postmaster()).isEqualTo(server);

        // a running service that wrote no postgres.lock (an older version): its server is left
        // alone too
        Files.delete(DataDirectoryOwner.lockFile(dataDir));
        Run third = service();
        assertThat(third.outcome())
                .as(third.output())
                .startsWith("FAILED")
                .contains("its PostgreSQL server is process " + server);
        assertThat(postmaster()).isEqualTo(server);
    }
}
