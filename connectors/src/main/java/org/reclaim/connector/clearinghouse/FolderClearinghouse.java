package org.reclaim.connector.clearinghouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.reclaim.connector.support.AtomicFiles;
import org.reclaim.connector.support.Hashes;

/**
 * The default clearinghouse: files in {@code <dataDir>/outbox/<slug>/}, which an SFTP sync (or the
 * sandbox) carries to the clearinghouse; responses arrive in {@code inbox/} where the service's
 * inbox watcher reads them, so {@link #poll()} returns nothing.
 *
 * <p>File names follow docs/contracts.md §7: {@code <yyyyMMddHHmmss>-<type>-<ICN>.x12}, the time
 * being the file's {@code createdAt} in UTC ({@link OutgoingFile#fileName()}). Files are written
 * atomically and never modified.
 *
 * <p><b>Idempotency.</b> The name alone cannot carry the key (it is fixed by the contract, and a
 * sync may move sent files away), so each key leaves a marker in {@code outbox/<slug>/.sent/},
 * named by the SHA-256 of the key, holding the file's name and content hash. The marker is written
 * {@code pending} before the file and {@code sent} after it: a submit that finds {@code sent}
 * writes nothing; one that finds {@code pending} (a crash between the two) writes the file only if
 * it is not there yet. Marker and file are both created under a lock (in-process and a file lock on
 * {@code .sent/.lock}, for a second instance on the same folder).
 */
public final class FolderClearinghouse implements Clearinghouse {

    private static final String SENT = ".sent";

    private final Path outbox;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public FolderClearinghouse(Path dataDir) {
        this.outbox = Objects.requireNonNull(dataDir, "dataDir").resolve("outbox");
    }

    @Override
    public SubmissionReceipt submit(OutgoingFile file) {
        Path folder = outbox.resolve(file.practiceSlug());
        Object lock = locks.computeIfAbsent(file.practiceSlug(), slug -> new Object());
        try {
            synchronized (lock) {
                Path sent = Files.createDirectories(folder.resolve(SENT));
                try (FileChannel channel =
                                FileChannel.open(
                                        sent.resolve(".lock"),
                                        StandardOpenOption.CREATE,
                                        StandardOpenOption.WRITE);
                        FileLock held = channel.lock()) {
                    // the file lock keeps other instances (processes) out while this one writes
                    assert held.isValid();
                    return submitLocked(folder, sent, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.fileName() + " to " + folder, e);
        }
    }

    private SubmissionReceipt submitLocked(Path folder, Path sent, OutgoingFile file)
            throws IOException {
        Path marker = sent.resolve(Hashes.sha256(file.idempotencyKey()));
        String hash = Hashes.sha256(file.bytes());
        String name = file.fileName();
        if (Files.exists(marker)) {
            Marker m = Marker.parse(Files.readString(marker, StandardCharsets.UTF_8));
            if (!m.hash.equals(hash)) {
                throw new IllegalArgumentException(
                        "idempotency key of "
                                + m.name
                                + " was used again for different content ("
                                + name
                                + ")");
            }
            if (m.state.equals("sent")) return SubmissionReceipt.accepted(m.name, true);
            name = m.name;
        }
        Path target = folder.resolve(name);
        boolean there = Files.exists(target);
        if (there && !Hashes.sha256(target).equals(hash)) {
            // another submission's file already has this name: never replace a written file
            throw new FileAlreadyExistsException(
                    target.toString(), null, "holds another file with the same name");
        }
        if (!Files.exists(marker))
            AtomicFiles.create(marker, new Marker("pending", name, hash).bytes());
        if (!there) AtomicFiles.create(target, file.bytes());
        AtomicFiles.replace(marker, new Marker("sent", name, hash).bytes());
        return SubmissionReceipt.accepted(name, there);
    }

    @Override
    public List<IncomingFile> poll() {
        return List.of();
    }

    private record Marker(String state, String name, String hash) {
        static Marker parse(String text) {
            String[] parts = text.strip().split(" ");
            if (parts.length != 3)
                throw new IllegalStateException("unreadable submission marker: " + text.strip());
            return new Marker(parts[0], parts[1], parts[2]);
        }

        byte[] bytes() {
            return (state + " " + name + " " + hash + "\n").getBytes(StandardCharsets.UTF_8);
        }
    }
}
