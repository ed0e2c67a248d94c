package org.reclaim.connector.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.VirtualTime;
import org.reclaim.connector.http.HostPolicy;

class SftpClearinghouseTest {

    static final ResilienceSettings RESILIENCE =
            new ResilienceSettings(
                    Duration.ofSeconds(20),
                    3,
                    Duration.ofSeconds(1),
                    2.0,
                    Duration.ofSeconds(30),
                    50f,
                    10,
                    Duration.ofSeconds(60),
                    100,
                    Duration.ofSeconds(1),
                    4);

    /** The in-test server listens on 127.0.0.1: allowed explicitly, as the REST tests do. */
    static final HostPolicy LOOPBACK = HostPolicy.of(List.of("127.0.0.1"), List.of());

    @TempDir Path root;
    @TempDir Path local;
    SimulatedSftpServer server;
    VirtualTime time;
    List<SftpClearinghouse> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new SimulatedSftpServer(root);
        server.dir("to-payer");
        server.dir("from-payer");
        server.dir("done");
        time = new VirtualTime();
    }

    @AfterEach
    void stop() throws Exception {
        opened.forEach(SftpClearinghouse::close);
        server.close();
    }

    SftpSettings password() {
        return SftpSettings.of(
                "test-sftp",
                "127.0.0.1",
                server.port(),
                SimulatedSftpServer.USER,
                SimulatedSftpServer.PASSWORD,
                null,
                server.hostKeyLine(),
                "/to-payer",
                List.of("/from-payer"),
                RESILIENCE,
                LOOPBACK);
    }

    SftpClearinghouse open(SftpSettings s, TakenLog taken) {
        SftpClearinghouse c = new SftpClearinghouse(s, time, taken);
        opened.add(c);
        return c;
    }

    static OutgoingFile file(String key, String text) {
        return new OutgoingFile(
                "default",
                key,
                "837",
                "000000101",
                text.getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-03-01T10:00:00Z"));
    }

    List<String> uploaded() throws Exception {
        try (Stream<Path> s = Files.list(root.resolve("to-payer"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void passwordAuthUploadsUnderTheKeysNameAndARetryMakesNoSecondFile() throws Exception {
        SftpClearinghouse ch = open(password(), TakenLog.inMemory());
        OutgoingFile f = file("claim-1", "ISA*00*...~");

        SubmissionReceipt first = ch.submit(f);
        SubmissionReceipt again = ch.submit(f);

        assertThat(first.accepted()).isTrue();
        assertThat(first.repeated()).isFalse();
        assertThat(first.id()).isEqualTo(SftpClearinghouse.remoteName(f));
        assertThat(again.repeated()).isTrue();
        assertThat(uploaded()).containsExactly(SftpClearinghouse.remoteName(f));
        assertThat(Files.readString(root.resolve("to-payer").resolve(first.id())))
                .isEqualTo("ISA*00*...~");
        assertThat(ch.status().lastSuccess()).isNotNull();
    }

    @Test
    void keyAuthConnects() throws Exception {
        SftpSettings s = password();
        SftpSettings byKey =
                SftpSettings.of(
                        s.name(),
                        s.host(),
                        s.port(),
                        s.username(),
                        null,
                        server.clientPrivateKey(),
                        "SHA256:"
                                + KeyUtils.getFingerPrint(server.hostKey.getPublic()).substring(7),
                        s.uploadDir(),
                        s.downloadDirs(),
                        RESILIENCE,
                        LOOPBACK);

        assertThat(open(byKey, TakenLog.inMemory()).submit(file("claim-k", "ISA~")).accepted())
                .isTrue();
        assertThat(uploaded()).hasSize(1);
    }

    @Test
    void wrongPasswordIsRefusedWithoutRetrying() {
        SftpSettings s = password();
        SftpSettings wrong =
                SftpSettings.of(
                        s.name(),
                        s.host(),
                        s.port(),
                        s.username(),
                        "not-it",
                        null,
                        s.hostKey(),
                        s.uploadDir(),
                        s.downloadDirs(),
                        RESILIENCE,
                        LOOPBACK);

        assertThatThrownBy(() -> open(wrong, TakenLog.inMemory()).submit(file("k", "ISA~")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_AUTHORIZED))
                .hasMessageContaining("refused the credentials");
        assertThat(server.sessions.get()).isEqualTo(1);
    }

    @Test
    void anUnknownHostKeyIsRefusedNamingTheHostAndBothFingerprints() throws Exception {
        String other =
                KeyUtils.getFingerPrint(
                        KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256).getPublic());
        SftpSettings s = password();
        SftpSettings pinnedElsewhere =
                SftpSettings.of(
                        s.name(),
                        s.host(),
                        s.port(),
                        s.username(),
                        s.password(),
                        null,
                        other,
                        s.uploadDir(),
                        s.downloadDirs(),
                        RESILIENCE,
                        LOOPBACK);
        SftpClearinghouse ch = open(pinnedElsewhere, TakenLog.inMemory());

        assertThatThrownBy(() -> ch.submit(file("k", "ISA~")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_AUTHORIZED))
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasMessageContaining(KeyUtils.getFingerPrint(server.hostKey.getPublic()))
                .hasMessageContaining(other);
        assertThat(uploaded()).isEmpty();
        assertThat(server.sessions.get()).isEqualTo(1); // not retried
        assertThat(ch.status().lastError()).contains("pinned");
    }

    @Test
    void aLoopbackHostIsRefusedUnlessAllowed() {
        SftpSettings s = password();
        SftpSettings strict =
                SftpSettings.of(
                        s.name(),
                        s.host(),
                        s.port(),
                        s.username(),
                        s.password(),
                        null,
                        s.hostKey(),
                        s.uploadDir(),
                        s.downloadDirs(),
                        RESILIENCE,
                        HostPolicy.strict());

        assertThatThrownBy(() -> open(strict, TakenLog.inMemory()).submit(file("k", "ISA~")))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.HOST_REFUSED))
                .hasMessageContaining("loopback");
        assertThat(server.sessions.get()).isZero();
    }

    @Test
    void aConnectionDroppedMidTransferIsRetriedOnANewSessionWithoutASecondFile() throws Exception {
        SftpClearinghouse ch = open(password(), TakenLog.inMemory());
        server.dropOnNextWrite();

        SubmissionReceipt r = ch.submit(file("claim-2", "ISA*dropped*write~"));

        assertThat(r.accepted()).isTrue();
        assertThat(uploaded()).containsExactly(r.id());
        assertThat(Files.readString(root.resolve("to-payer").resolve(r.id())))
                .isEqualTo("ISA*dropped*write~");
        assertThat(ch.status().reconnects()).isEqualTo(1);
        assertThat(server.sessions.get()).isEqualTo(2);
    }

    @Test
    void aConnectionDroppedAfterTheRenameFindsTheFileOnRetry() throws Exception {
        SftpClearinghouse ch = open(password(), TakenLog.inMemory());
        server.dropAfterNextRename();

        SubmissionReceipt r = ch.submit(file("claim-3", "ISA*dropped*rename~"));

        assertThat(r.accepted()).isTrue();
        assertThat(r.repeated()).isTrue(); // the first attempt's rename had happened
        assertThat(uploaded()).containsExactly(r.id());
        assertThat(ch.status().reconnects()).isEqualTo(1);
    }

    @Test
    void theSameKeyWithOtherContentIsRefused() {
        SftpClearinghouse ch = open(password(), TakenLog.inMemory());
        ch.submit(file("claim-4", "ISA*one~"));

        assertThatThrownBy(() -> ch.submit(file("claim-4", "ISA*two~")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different content");
    }

    @Test
    void aFileStillBeingWrittenIsTakenOnlyOnceStable() throws Exception {
        SftpClearinghouse ch = open(password(), TakenLog.inMemory());
        Path answer = root.resolve("from-payer").resolve("answer.999");
        Files.writeString(answer, "ISA*part");

        assertThat(ch.poll()).isEmpty(); // seen for the first time
        Files.writeString(answer, "ISA*part*more");
        assertThat(ch.poll()).isEmpty(); // grew since the last poll
        Files.writeString(answer, "ISA*part*more*done~");
        Files.setLastModifiedTime(answer, FileTime.from(Instant.parse("2026-03-01T10:00:00Z")));
        assertThat(ch.poll()).isEmpty();
        List<IncomingFile> taken = ch.poll();

        assertThat(taken).hasSize(1);
        assertThat(new String(taken.get(0).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("ISA*part*more*done~");
        assertThat(ch.poll()).isEmpty(); // taken once (left on the server)
    }

    @Test
    void twoFilesWithTheSameNameAtDifferentTimesAreBothTakenAndTheCursorSurvivesARestart()
            throws Exception {
        TakenLog log = TakenLog.file(local.resolve("taken"));
        SftpClearinghouse ch = open(password(), log);
        Path answer = root.resolve("from-payer").resolve("remit.835");
        Files.writeString(answer, "ISA*first~");
        Files.setLastModifiedTime(answer, FileTime.from(Instant.parse("2026-03-01T10:00:00Z")));
        ch.poll();
        assertThat(ch.poll()).extracting(IncomingFile::name).containsExactly("remit.835");

        Files.writeString(answer, "ISA*second~");
        Files.setLastModifiedTime(answer, FileTime.from(Instant.parse("2026-03-02T10:00:00Z")));
        ch.poll();
        List<IncomingFile> second = ch.poll();

        assertThat(second).hasSize(1);
        assertThat(new String(second.get(0).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("ISA*second~");

        SftpClearinghouse restarted = open(password(), TakenLog.file(local.resolve("taken")));
        assertThat(restarted.poll()).isEmpty();
        assertThat(restarted.poll()).isEmpty();
    }

    @Test
    void aFailedDeliveryLeavesTheFileOnTheServerAndItComesAgain() throws Exception {
        SftpClearinghouse ch =
                open(password().withDownload(List.of("*.835"), "delete"), TakenLog.inMemory());
        Files.writeString(root.resolve("from-payer").resolve("remit.835"), "ISA*r~");
        Files.writeString(root.resolve("from-payer").resolve("notes.txt"), "not for us");
        ch.poll();

        assertThatThrownBy(
                        () ->
                                ch.poll(
                                        files -> {
                                            throw new java.io.IOException("disk full");
                                        }))
                .hasMessageContaining("disk full");
        assertThat(root.resolve("from-payer").resolve("remit.835")).exists();

        List<IncomingFile> stored = new ArrayList<>();
        assertThat(ch.poll(stored::addAll)).isEqualTo(1);
        assertThat(stored).extracting(IncomingFile::name).containsExactly("remit.835");
        assertThat(root.resolve("from-payer").resolve("remit.835")).doesNotExist();
        assertThat(root.resolve("from-payer").resolve("notes.txt")).exists();
    }

    @Test
    void movedAfterDownloadWhenConfigured() throws Exception {
        SftpClearinghouse ch =
                open(password().withDownload(List.of(), "move:/done"), TakenLog.inMemory());
        Files.writeString(root.resolve("from-payer").resolve("ack.999"), "ISA*a~");
        ch.poll();

        assertThat(ch.poll()).hasSize(1);
        assertThat(root.resolve("done").resolve("ack.999")).hasContent("ISA*a~");
        assertThat(root.resolve("from-payer").resolve("ack.999")).doesNotExist();
    }

    @Test
    void settingsNameTheFieldAtFault() {
        assertThatThrownBy(
                        () ->
                                SftpSettings.of(
                                        "x",
                                        "127.0.0.1",
                                        22,
                                        "u",
                                        "p",
                                        null,
                                        null,
                                        "/up",
                                        List.of("/down"),
                                        RESILIENCE,
                                        LOOPBACK))
                .hasMessageStartingWith("sftp.hostKey");
        assertThatThrownBy(
                        () ->
                                SftpSettings.of(
                                        "x",
                                        "127.0.0.1",
                                        22,
                                        "u",
                                        null,
                                        null,
                                        "SHA256:x",
                                        "/up",
                                        List.of("/down"),
                                        RESILIENCE,
                                        LOOPBACK))
                .hasMessageStartingWith("sftp.password or sftp.privateKey");
        assertThatThrownBy(
                        () ->
                                SftpSettings.of(
                                        "x",
                                        "127.0.0.1",
                                        22,
                                        "u",
                                        "p",
                                        null,
                                        server.hostKeyLine(),
                                        "/up",
                                        List.of(),
                                        RESILIENCE,
                                        LOOPBACK))
                .hasMessageStartingWith("sftp.downloadDirs");
        assertThatThrownBy(() -> password().withDownload(List.of(), "shred"))
                .hasMessageStartingWith("sftp.afterDownload");
    }
}
