package org.reclaim.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The three doors a file comes in by, for {@code chaos mutate} and {@code chaos hostile}: the
 * service's upload endpoint (a child service JVM at {@code -Xmx256m} on its own embedded database),
 * its drop folder, and {@code inspect} in a child JVM at {@code -Xmx256m}.
 */
final class Doors {

    /** The heap every child of these scenarios gets: issue 14's bound. */
    static final String HEAP = "-Xmx256m";

    /** The demo profile's operator (application-demo.yml): the service is the run's own. */
    static final String AUTH =
            "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString(
                                    "admin:reclaim-demo-admin".getBytes(StandardCharsets.UTF_8));

    /**
     * Every table an X12 file's rows go to (the ingest's), for the partial-write count: a refused
     * file must leave the sum unchanged.
     */
    static final String[] FILE_TABLES = {
        "x12_file",
        "file_problem",
        "remittance",
        "provider_adjustment",
        "claim_payment",
        "service_line",
        "claim_payment_link",
        "denial",
        "reversal",
        "claim_submission",
        "submitted_claim",
        "submitted_claim_line",
        "acknowledgment",
        "acknowledgment_item"
    };

    private Doors() {}

    /** A free local port for a child service (closed again before the child binds it). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The service at {@link #HEAP} on {@code port}, its data (and embedded database) in dir. */
    static Child service(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        return Child.start(
                List.of(
                        HEAP,
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:+ExitOnOutOfMemoryError"),
                List.of(
                        "--spring.profiles.active=demo,chaos",
                        "--reclaim.demo.live=false",
                        "--reclaim.db.ephemeral=false",
                        "--reclaim.agent.enabled=false",
                        "--reclaim.inbox.poll-interval=100ms",
                        "--reclaim.inbox.settle=0s",
                        "--reclaim.inbox.incomplete-wait=0s",
                        "--reclaim.data-dir=" + dir,
                        "--server.port=" + port,
                        "--reclaim.chaos.origin=" + System.currentTimeMillis(),
                        "--reclaim.chaos.speed=PT0S",
                        "--logging.level.root=warn",
                        "--logging.level.org.reclaim=warn"),
                Map.of(),
                dir.resolve("service.log"));
    }

    /** {@code inspect --json files…} at {@link #HEAP}, printing its heap peak at exit. */
    static Child inspect(Path dir, List<String> files, Path log) throws IOException {
        Path tmp = dir.resolve("inspect-tmp");
        Files.createDirectories(tmp);
        List<String> args = new ArrayList<>();
        args.add("inspect");
        args.add("--json");
        args.addAll(files);
        return Child.start(
                List.of(
                        HEAP,
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Dreclaim.heap-peak=true",
                        "-Djava.io.tmpdir=" + tmp),
                args,
                Map.of(),
                log);
    }

    /** The heap peak {@code inspect} printed at exit (bytes), 0 when none. */
    static long inspectHeapPeak(String output) {
        int at = output.lastIndexOf("heap-peak ");
        if (at < 0) return 0;
        int end = output.indexOf('\n', at);
        try {
            return Long.parseLong(
                    output.substring(at + 10, end < 0 ? output.length() : end).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An HTTP answer: the status and the body's first bytes. */
    record Answer(int status, String body, long sent) {
        Map<String, Object> problem() {
            int at = body.indexOf('{');
            if (at < 0) return Map.of();
            try {
                return org.reclaim.common.Json.parseObject(body.substring(at));
            } catch (RuntimeException e) {
                return Map.of();
            }
        }
    }

    /**
     * POSTs {@code body} to the service as an operator's X12 upload, chunked, as it is read; a
     * writer thread sends while this one reads the answer, so a service that answers before the end
     * (413) is heard. {@code status} -1 when no answer came.
     */
    static Answer upload(int port, String name, InputStream body, long timeoutMillis)
            throws IOException, InterruptedException {
        AtomicLong sent = new AtomicLong();
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        try (body) {
            s.setSoTimeout((int) timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write(
                    ("POST /api/v1/remittances HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Authorization: "
                                    + AUTH
                                    + "\r\nContent-Type: application/edi-x12\r\nX-File-Name: "
                                    + name
                                    + "\r\nTransfer-Encoding: chunked\r\nAccept: application/json"
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            Thread writer =
                    new Thread(
                            () -> {
                                byte[] chunk = new byte[64 * 1024];
                                try {
                                    int n;
                                    while ((n = body.read(chunk)) > 0) {
                                        out.write(
                                                (Integer.toHexString(n) + "\r\n")
                                                        .getBytes(StandardCharsets.US_ASCII));
                                        out.write(chunk, 0, n);
                                        out.write('\r');
                                        out.write('\n');
                                        sent.addAndGet(n);
                                    }
                                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                                    out.flush();
                                } catch (IOException closed) {
                                    // the service answered and closed the connection
                                }
                            },
                            "chaos-upload");
            writer.setDaemon(true);
            writer.start();
            String answer;
            try {
                answer = readAnswer(s.getInputStream());
            } catch (java.net.SocketTimeoutException e) {
                answer = "";
            }
            long sentAtAnswer = sent.get();
            // closed before the writer is waited for: a writer blocked on a full socket ends
            s.close();
            writer.join(10_000);
            if (!answer.startsWith("HTTP/1.1 ")) return new Answer(-1, answer, sentAtAnswer);
            return new Answer(
                    Integer.parseInt(answer.substring(9, 12)),
                    answer.substring(Math.max(0, answer.indexOf("\r\n\r\n"))),
                    sentAtAnswer);
        } finally {
            s.close();
        }
    }

    /** The status line, headers and the body, up to the connection's end or 64 KiB. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while (got.size() < 65_536 && (n = in.read(b)) > 0) {
            got.write(b, 0, n);
            String text = got.toString(StandardCharsets.UTF_8);
            int head = text.indexOf("\r\n\r\n");
            if (head > 0 && text.indexOf('}', head) > 0) break;
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** {@code GET /actuator/health} answers 200. */
    static boolean healthy(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(
                            "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
            return readAnswer(s.getInputStream()).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** The rows of every X12 file in the database. */
    static long fileRows(Connection c) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT 0");
        for (String t : FILE_TABLES) sql.append(" + (SELECT count(*) FROM ").append(t).append(')');
        return Run.count(c, sql.toString());
    }

    /** Remittances whose claims or lines are not the counts they say they hold (stored half). */
    static long halfStoredRemittances(Connection c) throws SQLException {
        return Run.count(
                c,
                """
                SELECT count(*) FROM remittance r WHERE r.claim_count <>
                    (SELECT count(*) FROM claim_payment cp WHERE cp.remittance_id = r.id)
                 OR r.line_count <> (SELECT count(*) FROM service_line sl JOIN claim_payment cp
                    ON cp.id = sl.claim_payment_id WHERE cp.remittance_id = r.id)""");
    }

    /** The port of a data folder's embedded server (line 4 of {@code postmaster.pid}). */
    static int embeddedPort(Path dir) throws IOException {
        return Integer.parseInt(
                Files.readAllLines(
                                dir.resolve("postgres").resolve("postmaster.pid"),
                                StandardCharsets.UTF_8)
                        .get(3)
                        .strip());
    }
}
