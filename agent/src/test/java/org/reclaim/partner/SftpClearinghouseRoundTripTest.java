package org.reclaim.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.inbox.InboxWatcher;
import org.reclaim.review.OperatorActions;
import org.reclaim.sandbox.SimulatedPayer;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestData;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A practice connected to its clearinghouse by SFTP: Apache MINA SSHD's server runs in the test (a
 * SIMULATED clearinghouse, a temporary folder as its root), and the test plays the payer behind it
 * with the sandbox's SIMULATED payer: it reads the 837 the service uploaded and puts the 999, 277CA
 * and 835 answering it into the download folder. The server drops the session once in the middle of
 * the upload and once in the middle of a download.
 */
class SftpClearinghouseRoundTripTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired OperatorActions operators;
    @Autowired ClearinghousePoller poller;
    @Autowired InboxWatcher watcher;
    @Autowired ReclaimProperties props;
    @Autowired ConnectorSettings connectors;

    @TempDir Path root;
    @TempDir Path payerDir;

    SshServer server;
    KeyPair hostKey;
    final AtomicBoolean dropOnWrite = new AtomicBoolean();
    final AtomicBoolean dropOnRead = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(root.resolve("outgoing"));
        Files.createDirectories(root.resolve("incoming"));
        Files.createDirectories(root.resolve("archive"));
        hostKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        server = SshServer.setUpDefaultServer();
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(
                (u, p, s) -> "practice".equals(u) && "simulated-pw-9876".equals(p));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(
                new SftpEventListener() {
                    @Override
                    public void written(
                            ServerSession session,
                            String remoteHandle,
                            FileHandle localHandle,
                            long offset,
                            byte[] data,
                            int dataOffset,
                            int dataLen,
                            Throwable thrown) {
                        if (dropOnWrite.compareAndSet(true, false)) session.close(true);
                    }

                    @Override
                    public void reading(
                            ServerSession session,
                            String remoteHandle,
                            FileHandle localHandle,
                            long offset,
                            byte[] data,
                            int dataOffset,
                            int dataLen) {
                        if (localHandle.getFile().toString().contains("incoming")
                                && dropOnRead.compareAndSet(true, false)) session.close(true);
                    }
                });
        server.setSubsystemFactories(List.of(sftp));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        http.delete()
                .uri("/api/v1/connectors/clearinghouse")
                .exchange()
                .expectStatus()
                .isNoContent();
        server.stop(true);
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
        Path taken = props.dataDir().resolve("clearinghouse");
        if (Files.isDirectory(taken)) {
            try (Stream<Path> s = Files.list(taken)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".sftp-taken")).toList())
                    Files.delete(f);
            }
        }
    }

    Map<String, Object> sftp(boolean withHostKey) {
        Map<String, Object> s = new HashMap<>();
        s.put("host", "localhost");
        s.put("port", server.getPort());
        s.put("username", "practice");
        s.put("password", "simulated-pw-9876");
        if (withHostKey) s.put("hostKey", PublicKeyEntry.toString(hostKey.getPublic()));
        s.put("uploadDir", "/outgoing");
        s.put("downloadDirs", List.of("/incoming"));
        s.put("filePatterns", List.of("*.x12"));
        s.put("afterDownload", "move:/archive");
        return s;
    }

    /** A 999 accepting the 837's transaction set, answering its GS06 and ST02. */
    static byte[] ack999(Path the837) throws java.io.IOException {
        String text = Files.readString(the837, java.nio.charset.StandardCharsets.ISO_8859_1);
        char element = text.charAt(3);
        char segment = text.charAt(105);
        String gs06 = null;
        String st02 = null;
        for (String seg : text.split(java.util.regex.Pattern.quote(String.valueOf(segment)))) {
            String[] e = seg.strip().split(java.util.regex.Pattern.quote(String.valueOf(element)));
            if (e[0].equals("GS") && gs06 == null) gs06 = e[6];
            if (e[0].equals("ST") && st02 == null) st02 = e[2];
        }
        return org.reclaim.x12.write.AcknowledgmentWriter.write999(
                new org.reclaim.x12.write.AcknowledgmentWriter.ReceivedGroup(
                        "HC",
                        Long.parseLong(gs06),
                        "005010X222A1",
                        List.of(
                                new org.reclaim.x12.write.AcknowledgmentWriter.SetAnswer(
                                        "837", st02, List.of()))),
                new org.reclaim.x12.write.Envelope(
                        "ZZ",
                        "SIMCLEARING",
                        "ZZ",
                        "RECLAIM",
                        "SIMCLEARING",
                        "RECLAIM",
                        org.reclaim.x12.write.Envelope.Usage.TEST,
                        900_000_001L,
                        900_000_001L,
                        1,
                        java.time.LocalDateTime.now()));
    }

    @Test
    void theAdminPageSetsAnSftpClearinghouseAndShowsItsStatus() {
        var form =
                org.springframework.web.reactive.function.BodyInserters.fromFormData(
                                "host", "localhost")
                        .with("port", String.valueOf(server.getPort()))
                        .with("username", "practice")
                        .with("password", "simulated-pw-9876")
                        .with("hostKey", KeyUtils.getFingerPrint(hostKey.getPublic()))
                        .with("uploadDir", "/outgoing")
                        .with("downloadDirs", "/incoming\n/archive")
                        .with("filePatterns", "*.x12, *.835")
                        .with("afterDownload", "leave");
        http.post()
                .uri(
                        "/admin/practices/{id}/clearinghouse-sftp",
                        org.reclaim.practice.Practices.DEFAULT_ID)
                .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .exchange()
                .expectStatus()
                .is3xxRedirection();
        assertThat(poller.pollOnce().block()).isZero(); // connects once: a status to show
        String page =
                http.get()
                        .uri("/admin?practice=default")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(page)
                .contains("SFTP at")
                .contains("practice@localhost:" + server.getPort())
                .contains(KeyUtils.getFingerPrint(hostKey.getPublic()))
                .contains("/incoming, /archive")
                .contains("Last success: <span>20")
                .contains("last error: <span>none")
                .doesNotContain("simulated-pw-9876");

        String refused =
                http.post()
                        .uri(
                                "/admin/practices/{id}/clearinghouse-sftp",
                                org.reclaim.practice.Practices.DEFAULT_ID)
                        .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                        .body(
                                org.springframework.web.reactive.function.BodyInserters
                                        .fromFormData("host", "10.1.2.3")
                                        .with("username", "practice")
                                        .with("password", "pw")
                                        .with(
                                                "hostKey",
                                                KeyUtils.getFingerPrint(hostKey.getPublic()))
                                        .with("uploadDir", "/outgoing")
                                        .with("downloadDirs", "/incoming"))
                        .exchange()
                        .expectStatus()
                        .isBadRequest()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(refused).contains("sftp.host: 10.1.2.3 is a private");
    }

    @Test
    void aSettingWithoutAHostKeyIsRefusedNamingIt() {
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(Map.of("sftp", sftp(false)))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat(String.valueOf(d)).contains("sftp.hostKey"));
    }

    @Test
    void theSettingIsShownWithoutItsSecretAndTheHostKeyAsItsFingerprint() {
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(Map.of("sftp", sftp(true)))
                .exchange()
                .expectStatus()
                .isNoContent();
        String body =
                http.get()
                        .uri("/api/v1/connectors/clearinghouse")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(body)
                .contains("\"flavour\":\"sftp\"")
                .contains(KeyUtils.getFingerPrint(hostKey.getPublic()))
                .contains("****9876")
                .doesNotContain("simulated-pw-9876");
        byte[] sealed =
                db.sql("SELECT secret FROM connector_setting WHERE kind = 'clearinghouse-sftp'")
                        .map(r -> r.get("secret", byte[].class))
                        .one()
                        .block();
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("simulated-pw-9876");
    }

    @Test
    void an837GoesUpAndThe999The277caAndThe835ComeDownAndTheDenialIsAnswered() throws Exception {
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(Map.of("sftp", sftp(true)))
                .exchange()
                .expectStatus()
                .isNoContent();
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(200)
                        .withSeed(55)
                        .withDenialRate(0.4)
                        .withBaseDate(triage.today().minusDays(10)),
                c,
                r);
        for (byte[] body : new byte[][] {c.toByteArray(), r.toByteArray()}) {
            http.post()
                    .uri("/api/v1/claims")
                    .header("Content-Type", "application/edi-x12")
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
        // SIMULATED payer behind the SIMULATED clearinghouse, with its own scratch folder
        SimulatedPayer payer =
                new SimulatedPayer(payerDir, "default", 55, c.toByteArray(), r.toByteArray());
        org.reclaim.support.TestCoding.supportEveryCodingDenial(db, props.dataDir(), triage);
        UUID denial = TestData.loneDenial(db, "coding");
        orchestrator.runUntilIdle().block();
        var review =
                operators.reviews(org.reclaim.tenancy.PracticeScope.ALL, "OPEN").block().stream()
                        .filter(v -> v.denialId().equals(denial))
                        .findFirst()
                        .orElseThrow();
        assertThat(
                        db.sql("SELECT status FROM denial WHERE id = :d")
                                .bind("d", denial)
                                .map(row -> row.get("status", String.class))
                                .one()
                                .block())
                .isEqualTo("AWAITING_REVIEW");
        long started = System.nanoTime();
        dropOnWrite.set(true); // the first upload loses its session half way
        operators
                .decide(
                        org.reclaim.tenancy.PracticeScope.ALL,
                        review.id(),
                        true,
                        "Ana Reviewer",
                        null,
                        Map.of())
                .block();
        orchestrator.runUntilIdle().block();

        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM submission WHERE denial_id = '"
                                        + denial
                                        + "' AND status = 'SENT'"))
                .isEqualTo(1);
        List<Path> uploaded;
        try (Stream<Path> s = Files.list(root.resolve("outgoing"))) {
            uploaded = s.toList();
        }
        // the 837, and the 270s and 276s the agent sent on the way: each once, none left as .part
        assertThat(uploaded)
                .map(p -> p.getFileName().toString())
                .allMatch(n -> n.matches("(837|270|276)-[0-9a-f]{32}\\.x12"))
                .filteredOn(n -> n.startsWith("837-"))
                .hasSize(1);
        assertThat(dropOnWrite.get()).isFalse(); // the drop happened

        // the payer takes the files from the upload folder and answers into the download folder
        Path payerOutbox = Files.createDirectories(payerDir.resolve("outbox").resolve("default"));
        for (Path f : uploaded)
            Files.copy(f, payerOutbox.resolve("20260101000000-" + f.getFileName()));
        assertThat(payer.receive(Instant.now())).isEqualTo(uploaded.size());
        int answers =
                payer.deliver(Instant.now().plus(Duration.ofDays(120)), root.resolve("incoming"));
        // the clearinghouse's own 999 for the 837's functional group (the sandbox payer sends none)
        Path the837 =
                uploaded.stream()
                        .filter(f -> f.getFileName().toString().startsWith("837-"))
                        .findFirst()
                        .orElseThrow();
        Files.write(root.resolve("incoming").resolve("clearinghouse-0001-999.x12"), ack999(the837));
        List<String> answerFiles;
        try (Stream<Path> s = Files.list(root.resolve("incoming"))) {
            answerFiles = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(answerFiles).anyMatch(n -> n.endsWith("-999.x12"));
        assertThat(answerFiles).anyMatch(n -> n.endsWith("-277ca.x12"));
        assertThat(answerFiles).anyMatch(n -> n.endsWith("-835.x12"));

        dropOnRead.set(true); // the first download loses its session half way
        int dropped = 0;
        for (int i = 0; i < 4 && dropped < answerFiles.size(); i++)
            dropped += poller.pollOnce().block();
        assertThat(dropped).isEqualTo(answerFiles.size());
        assertThat(dropOnRead.get()).isFalse();
        try (Stream<Path> s = Files.list(root.resolve("archive"))) {
            assertThat(s.count()).isEqualTo(answerFiles.size()); // moved once safely in the inbox
        }
        assertThat(poller.pollOnce().block()).isZero(); // taken once
        // the inbox takes a file once it has settled: a first scan, the settle time, a second
        int stored = watcher.pollOnce().block();
        Thread.sleep(props.inbox().settle().toMillis() + 100);
        stored += watcher.pollOnce().block();
        // (the shared test data folder may hold other tests' files: at least ours, and ours gone)
        assertThat(stored).isGreaterThanOrEqualTo(answerFiles.size());
        for (String name : answerFiles)
            assertThat(props.inboxDir().resolve("default").resolve(name)).doesNotExist();
        orchestrator.runUntilIdle().block();
        double minutes = (System.nanoTime() - started) / 60e9;

        String status =
                db.sql("SELECT status FROM denial WHERE id = :d")
                        .bind("d", denial)
                        .map(row -> row.get("status", String.class))
                        .one()
                        .block();
        // the payer's answer to the corrected claim was applied: no longer waiting on the payer
        assertThat(status)
                .isIn(
                        "RESOLVED_PAID",
                        "RESOLVED_PARTIAL",
                        "UPHELD",
                        "NEXT_LEVEL",
                        "ESCALATED",
                        "WRITTEN_OFF");
        for (String name : answerFiles) {
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*) FROM x12_file WHERE source = 'inbox' AND answered_at IS NOT NULL"
                                            + " AND name LIKE '"
                                            + name.replace(".x12", "")
                                            + "%'"))
                    .as(name + " stored and answered")
                    .isEqualTo(1);
        }
        var practice =
                db.sql("SELECT id FROM practice WHERE slug = 'default'")
                        .map(row -> row.get("id", UUID.class))
                        .one()
                        .block();
        var st = connectors.sftpStatus(practice).orElseThrow();
        assertThat(st.reconnects()).isGreaterThanOrEqualTo(2);
        System.out.printf(
                "SFTP round trip: %d files up, %d files (%d answers) down in %.2f s: %.1f files per"
                        + " minute; %d reconnects survived; denial now %s%n",
                uploaded.size(),
                answerFiles.size(),
                answers,
                minutes * 60,
                (uploaded.size() + answerFiles.size()) / minutes,
                st.reconnects(),
                status);
    }
}
