package org.reclaim.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.inbox.InboxWatcher;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.x12.synth.HostileInput;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.util.FileSystemUtils;

/**
 * reclaim.limits.* over HTTP and in the drop folder: a file over a structure cap is refused with
 * 422 naming the cap, its value and where (segment, byte), an upload over the byte cap with 413,
 * and nothing of either is stored; the drop folder quarantines such a file with the same reason.
 * The structure caps here are the defaults (the implementation guides'); the suite's upload cap is
 * 16MB (IntegrationTest).
 */
class CapsTest extends ApiTest {

    static final MediaType X12 = MediaType.parseMediaType("application/edi-x12");

    @Autowired InboxWatcher watcher;
    @Autowired ReclaimProperties props;

    static byte[] bytes(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Map<String, Object> upload(String path, byte[] body, int status) {
        return http.post()
                .uri(path)
                .contentType(X12)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    void nothingStored() {
        assertThat(count(db, "SELECT count(*) FROM x12_file")).isZero();
        assertThat(count(db, "SELECT count(*) FROM submitted_claim")).isZero();
        assertThat(count(db, "SELECT count(*) FROM remittance")).isZero();
    }

    @Test
    void aProfessionalClaimWithMoreThan50LinesIsRefusedWith422AndNothingIsStored() {
        Map<String, Object> p =
                upload("/api/v1/claims", bytes(HostileInput.professionalClaimLines(51)), 422);
        assertThat(p.get("cap")).isEqualTo("reclaim.limits.service-lines-837p");
        assertThat(p.get("limit")).isEqualTo(50);
        // 13 segments before the first LX, 3 per line: the 51st LX is segment 13 + 150 + 1
        assertThat(p.get("segment")).isEqualTo(164);
        assertThat(p.get("offset")).isNotNull();
        assertThat((String) p.get("detail"))
                .contains("reclaim.limits.service-lines-837p (50)")
                .contains("segment 164")
                .contains("byte " + p.get("offset"));
        nothingStored();
        // 50 lines are within the guide's repeat
        upload("/api/v1/claims", bytes(HostileInput.professionalClaimLines(50)), 201);
    }

    @Test
    void aRemittanceClaimWithMoreThan999LinesIsRefusedWith422() {
        Map<String, Object> p =
                upload(
                        "/api/v1/remittances",
                        bytes(HostileInput.remittanceServiceLines(1000)),
                        422);
        assertThat(p.get("cap")).isEqualTo("reclaim.limits.service-lines-835");
        assertThat(p.get("limit")).isEqualTo(999);
        nothingStored();
    }

    @Test
    void anElementLongerThanTheCapIsRefusedWith422() {
        Map<String, Object> p =
                upload("/api/v1/remittances", bytes(HostileInput.longElement(5000)), 422);
        assertThat(p.get("cap")).isEqualTo("reclaim.limits.element-length");
        assertThat(p.get("segment")).isEqualTo(5);
        nothingStored();
    }

    @Test
    void moreTransactionsThanTheCapAreRefusedWith422() {
        Map<String, Object> p =
                upload("/api/v1/remittances", bytes(HostileInput.tinyTransactions(100_001)), 422);
        assertThat(p.get("cap")).isEqualTo("reclaim.limits.transactions-per-file");
        assertThat(p.get("limit")).isEqualTo(100_000);
        nothingStored();
    }

    /**
     * An upload that never ends, over a real connection: the service answers 413 once it passes the
     * cap, without waiting for an end. The client sends at most four times the cap.
     */
    @Test
    void anEndlessUploadIsCutWith413() throws Exception {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        long cap = 16L * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(60_000);
            String auth =
                    Base64.getEncoder()
                            .encodeToString(
                                    ("admin:" + IntegrationTest.ADMIN_PASSWORD)
                                            .getBytes(StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(
                    ("POST /api/v1/remittances HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Authorization: Basic "
                                    + auth
                                    + "\r\nContent-Type: application/edi-x12\r\n"
                                    + "Transfer-Encoding: chunked\r\nAccept: application/json\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            Thread writer =
                    new Thread(
                            () -> {
                                byte[] chunk = new byte[64 * 1024];
                                java.util.Arrays.fill(chunk, (byte) 'A');
                                byte[] head =
                                        (Integer.toHexString(chunk.length) + "\r\n")
                                                .getBytes(StandardCharsets.US_ASCII);
                                try {
                                    while (sent.get() < 4 * cap) {
                                        out.write(head);
                                        out.write(chunk);
                                        out.write('\r');
                                        out.write('\n');
                                        sent.addAndGet(chunk.length);
                                    }
                                } catch (IOException closed) {
                                    // the service closed the connection after its answer
                                }
                            });
            writer.setDaemon(true);
            writer.start();
            String answer = readAnswer(s.getInputStream());
            long sentAtAnswer = sent.get();
            // answered while the client was still sending: the service did not wait for an end
            assertThat(sentAtAnswer).isLessThan(4 * cap);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("reclaim.limits.upload-bytes").contains("\"limit\":" + cap);
            writer.join(60_000);
        }
        nothingStored();
    }

    /** The status line, headers and as much body as comes within a moment. */
    static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) > 0) {
            got.write(b, 0, n);
            String text = got.toString(StandardCharsets.ISO_8859_1);
            if (text.contains("\r\n\r\n") && text.contains("}")) break;
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theDropFolderQuarantinesAFileOverACapWithTheSameReason() throws Exception {
        for (Path p : new Path[] {props.inboxDir(), props.processedDir(), props.quarantineDir()}) {
            FileSystemUtils.deleteRecursively(p);
        }
        Path f = props.inboxDir().resolve("default/long.837");
        Files.createDirectories(f.getParent());
        Files.write(f, bytes(HostileInput.professionalClaimLines(51)));
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(3600)));
        int moved = watcher.pollOnce().block();
        Thread.sleep(props.inbox().settle().toMillis() + 100);
        moved += watcher.pollOnce().block();
        assertThat(moved).isEqualTo(1);
        assertThat(props.quarantineDir().resolve("default/long.837.reason.txt"))
                .content()
                .contains("cap reclaim.limits.service-lines-837p (50) exceeded at segment 164");
        nothingStored();
    }
}
