package org.reclaim.connector.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.common.Json;

class PacketOutboxTest {

    @TempDir Path data;

    static OutgoingPacket packet(String key, byte[] pdf) {
        return new OutgoingPacket(
                "6f1c2a9e-0000-4000-8000-000000000001",
                "PT-1001",
                "2026010500123",
                "87726",
                Channel.FAX,
                2,
                key,
                List.of("progress-note-2026-01-05.pdf", "auth-letter.pdf"),
                pdf);
    }

    @Test
    void thePdfAndAJsonWithExactlyTheContractFieldsAreWrittenUnderPackets() throws IOException {
        PacketOutbox.PacketFiles files =
                new PacketOutbox(data)
                        .write("clinic-a", packet("appeal-d1-l2", new byte[] {37, 80}));

        Path folder = data.resolve("outbox/clinic-a/packets");
        assertThat(files.pdf())
                .isEqualTo(folder.resolve(files.id() + ".pdf"))
                .hasBinaryContent(new byte[] {37, 80});
        assertThat(files.json()).isEqualTo(folder.resolve(files.id() + ".json"));
        assertThat(files.repeated()).isFalse();
        Map<String, Object> json = Json.parseObject(Files.readString(files.json()));
        assertThat(json)
                .containsOnlyKeys(
                        "denialId",
                        "patientControlNumber",
                        "payerClaimNumber",
                        "payerId",
                        "channel",
                        "appealLevel",
                        "idempotencyKey",
                        "attachments",
                        "kind");
        assertThat(json)
                .containsEntry("denialId", "6f1c2a9e-0000-4000-8000-000000000001")
                .containsEntry("patientControlNumber", "PT-1001")
                .containsEntry("payerClaimNumber", "2026010500123")
                .containsEntry("payerId", "87726")
                .containsEntry("channel", "fax")
                .containsEntry("appealLevel", new BigDecimal("2"))
                .containsEntry("idempotencyKey", "appeal-d1-l2")
                .containsEntry("kind", "appeal")
                .containsEntry(
                        "attachments", List.of("progress-note-2026-01-05.pdf", "auth-letter.pdf"));
        try (Stream<Path> all = Files.list(folder)) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(files.id() + ".pdf", files.id() + ".json");
        }
    }

    @Test
    void aReopeningRequestSaysSoSoThatNoMailroomTakesItForAnAppeal() throws IOException {
        OutgoingPacket reopening =
                new OutgoingPacket(
                        "6f1c2a9e-0000-4000-8000-000000000003",
                        "PT-1003",
                        "2026010500125",
                        "TSTMCR01",
                        Channel.MAIL,
                        1,
                        "reopening-d3",
                        List.of(),
                        new byte[] {37, 80},
                        OutgoingPacket.REOPENING);
        PacketOutbox.PacketFiles files = new PacketOutbox(data).write("clinic-a", reopening);
        assertThat(Json.parseObject(Files.readString(files.json())))
                .containsEntry("kind", "reopening");
        assertThatThrownBy(
                        () ->
                                new OutgoingPacket(
                                        "d",
                                        "p",
                                        null,
                                        null,
                                        Channel.MAIL,
                                        1,
                                        "k",
                                        List.of(),
                                        new byte[] {37},
                                        "letter"))
                .hasMessageContaining("appeal or reopening");
    }

    @Test
    void aPacketForAClaimThePayerGaveNoNumberSaysSoInsteadOfMakingOneUp() throws IOException {
        OutgoingPacket unnumbered =
                new OutgoingPacket(
                        "6f1c2a9e-0000-4000-8000-000000000002",
                        "PT-1002",
                        null,
                        null,
                        Channel.MAIL,
                        1,
                        "appeal-d2-l1",
                        List.of(),
                        new byte[] {37, 80});
        PacketOutbox.PacketFiles files = new PacketOutbox(data).write("clinic-a", unnumbered);

        Map<String, Object> json = Json.parseObject(Files.readString(files.json()));
        assertThat(json)
                .containsEntry("payerClaimNumber", null)
                .containsEntry("payerId", null)
                .containsEntry("patientControlNumber", "PT-1002");
        assertThatThrownBy(
                        () ->
                                new OutgoingPacket(
                                        "d",
                                        "p",
                                        " ",
                                        null,
                                        Channel.MAIL,
                                        1,
                                        "k",
                                        List.of(),
                                        new byte[] {1}))
                .hasMessageContaining("payerClaimNumber is blank");
    }

    @Test
    void aRepeatOfTheSameKeyWritesNothingAndKeepsTheFirstPacket() throws IOException {
        PacketOutbox outbox = new PacketOutbox(data);
        PacketOutbox.PacketFiles first = outbox.write("clinic-a", packet("k", new byte[] {1}));
        PacketOutbox.PacketFiles again = outbox.write("clinic-a", packet("k", new byte[] {2}));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.repeated()).isTrue();
        assertThat(first.pdf()).hasBinaryContent(new byte[] {1});
    }

    @Test
    void aPdfLeftWithoutItsJsonIsCompletedByTheRetry() throws IOException {
        Path folder = Files.createDirectories(data.resolve("outbox/clinic-a/packets"));
        String id = PacketOutbox.idOf("k");
        Files.write(folder.resolve(id + ".pdf"), new byte[] {9});

        PacketOutbox.PacketFiles files =
                new PacketOutbox(data).write("clinic-a", packet("k", new byte[] {9}));

        assertThat(files.repeated()).isFalse();
        assertThat(files.json()).exists();
    }

    @Test
    void channelsAreWrittenInLowerCaseAndAttachmentNamesMustBePlainFileNames() {
        assertThat(Channel.PORTAL.wireName()).isEqualTo("portal");
        assertThat(Channel.MAIL.wireName()).isEqualTo("mail");
        assertThatThrownBy(
                        () ->
                                new OutgoingPacket(
                                        "d",
                                        "p",
                                        "c",
                                        "87726",
                                        Channel.MAIL,
                                        1,
                                        "k",
                                        List.of("../../secrets.txt"),
                                        new byte[] {1}))
                .hasMessageContaining("attachment name");
    }
}
