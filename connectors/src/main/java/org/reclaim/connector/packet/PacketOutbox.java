package org.reclaim.connector.packet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.reclaim.common.Json;
import org.reclaim.connector.support.AtomicFiles;
import org.reclaim.connector.support.Hashes;
import org.reclaim.connector.support.Names;

/**
 * The fax/mail channel (docs/contracts.md §7): {@code <dataDir>/outbox/<slug>/packets/<id>.pdf}
 * plus {@code <id>.json} describing it, each written atomically and never modified.
 *
 * <p>The id is the first 32 hex digits of the SHA-256 of the idempotency key, so a repeat of the
 * same key finds its files by name and writes nothing. The PDF is written first and the JSON last:
 * whoever picks packets up (a fax gateway, the sandbox) takes the JSON as the sign that the packet
 * is complete.
 */
public final class PacketOutbox {

    private final Path outbox;

    public PacketOutbox(Path dataDir) {
        this.outbox = Objects.requireNonNull(dataDir, "dataDir").resolve("outbox");
    }

    /** Where a packet was left. */
    public record PacketFiles(String id, Path pdf, Path json, boolean repeated) {}

    public static String idOf(String idempotencyKey) {
        return Hashes.sha256(idempotencyKey).substring(0, 32);
    }

    public PacketFiles write(String practiceSlug, OutgoingPacket packet) {
        Path folder = outbox.resolve(Names.slug(practiceSlug)).resolve("packets");
        String id = idOf(packet.idempotencyKey());
        Path pdf = folder.resolve(id + ".pdf");
        Path json = folder.resolve(id + ".json");
        try {
            if (Files.exists(json)) return new PacketFiles(id, pdf, json, true);
            createUnlessThere(pdf, packet.pdf());
            boolean written = createUnlessThere(json, manifest(packet));
            return new PacketFiles(id, pdf, json, !written);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write packet " + id + " to " + folder, e);
        }
    }

    /** The JSON beside the PDF: exactly the fields of docs/contracts.md §7 ({@code kind} added). */
    static byte[] manifest(OutgoingPacket p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("denialId", p.denialId());
        m.put("patientControlNumber", p.patientControlNumber());
        m.put("payerClaimNumber", p.payerClaimNumber());
        m.put("payerId", p.payerId());
        m.put("channel", p.channel().wireName());
        m.put("appealLevel", p.appealLevel());
        m.put("idempotencyKey", p.idempotencyKey());
        m.put("attachments", p.attachments());
        m.put("kind", p.kind());
        return Json.writePretty(m).getBytes(StandardCharsets.UTF_8);
    }

    /** First writer wins: a file already there (a crash, a concurrent repeat) is left as it is. */
    private static boolean createUnlessThere(Path target, byte[] bytes) throws IOException {
        if (Files.exists(target)) return false;
        try {
            AtomicFiles.create(target, bytes);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
    }
}
