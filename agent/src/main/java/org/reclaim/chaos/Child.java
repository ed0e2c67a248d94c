package org.reclaim.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * One service JVM started by the harness: the same jar or class path as the harness, its output in
 * a log file of the run folder. {@link #kill} is SIGKILL ({@code destroyForcibly}).
 */
final class Child {

    private final Process process;
    private final Path log;

    private Child(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java [jvmArgs] <this jar or class path> args}, output to {@code log}. */
    static Child start(List<String> jvmArgs, List<String> args, Map<String, String> env, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(launcher());
        cmd.addAll(args);
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().putAll(env);
        return new Child(b.start(), log);
    }

    /** {@code -jar reclaim.jar} when the harness runs from the Boot jar, else its class path. */
    private static List<String> launcher() throws IOException {
        String cp = System.getProperty("java.class.path");
        if (!cp.contains(java.io.File.pathSeparator) && cp.endsWith(".jar")) {
            try (JarFile jar = new JarFile(cp)) {
                if (jar.getManifest() != null
                        && jar.getManifest().getMainAttributes().getValue("Start-Class") != null)
                    return List.of("-jar", cp);
            }
        }
        return List.of("-cp", cp, "org.reclaim.cli.Reclaim");
    }

    /** The child's standard input (a pipe), for a stream generated while it is read. */
    java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits for the child to end; its exit code, or -1 when it still runs after the wait. */
    int waitFor(long timeoutMillis) throws InterruptedException {
        return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits until the service printed {@code chaos: ready}; false when it died or timed out. */
    boolean awaitReady(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            if (output().contains("chaos: ready")) return true;
            if (!process.isAlive()) return false;
            Thread.sleep(100);
        }
        return false;
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The last heap peak the service printed, in bytes (0 when none yet). */
    long heapPeak() {
        String out = output();
        int at = out.lastIndexOf("chaos: heap-peak ");
        if (at < 0) return 0;
        int end = out.indexOf('\n', at);
        String n = out.substring(at + 17, end < 0 ? out.length() : end).strip();
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** SIGKILL, and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (a graceful stop), SIGKILL after 30 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
    }
}
