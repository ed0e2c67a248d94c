package org.reclaim.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time the embedded PostgreSQL server has used, read from Linux's {@code /proc}: its postmaster
 * (found as the parent of one of our backends), the children it has reaped, and its live children
 * (backends, the checkpointer, autovacuum). Zero when {@code /proc} cannot be read.
 */
final class PostgresCpu {

    private final long postmaster;
    private final long nanosPerTick;

    private PostgresCpu(long postmaster, long ticksPerSecond) {
        this.postmaster = postmaster;
        this.nanosPerTick = 1_000_000_000L / ticksPerSecond;
    }

    /** The server of the backend {@code backendPid}, or null when it cannot be found. */
    static PostgresCpu ofBackend(long backendPid) {
        long[] stat = stat(backendPid);
        return stat == null ? null : new PostgresCpu(stat[0], ticksPerSecond());
    }

    /** Nanoseconds of CPU the server used so far (user and system). */
    long nanos() {
        long[] own = stat(postmaster);
        if (own == null) return 0;
        long ticks = own[1] + own[2] + own[3] + own[4];
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) continue;
                long[] child = stat(Long.parseLong(name));
                if (child != null && child[0] == postmaster) ticks += child[1] + child[2];
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks * nanosPerTick;
    }

    /** ppid, utime, stime, cutime, cstime of a process (proc(5)), or null. */
    private static long[] stat(long pid) {
        try {
            String s =
                    Files.readString(
                            Path.of("/proc", Long.toString(pid), "stat"),
                            StandardCharsets.US_ASCII);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state, ppid, ..., utime is field 14 of the whole line, i.e.
            // index 11 here
            return new long[] {
                Long.parseLong(f[1]),
                Long.parseLong(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14])
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out =
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                            .strip();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
