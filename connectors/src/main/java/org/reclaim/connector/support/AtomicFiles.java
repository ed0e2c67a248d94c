package org.reclaim.connector.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Files that appear whole or not at all (docs/contracts.md §7): the bytes go to a hidden temporary
 * name in the same folder, are forced to disk, then renamed in one step. Readers that skip
 * dot-files never see a half-written file.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes {@code target}, refusing to replace an existing file (files are never modified after
     * they are written).
     *
     * @throws FileAlreadyExistsException when {@code target} exists
     */
    public static void create(Path target, byte[] bytes) throws IOException {
        write(target, bytes, false);
    }

    /** Writes or replaces {@code target} in one step; for the connectors' own bookkeeping files. */
    public static void replace(Path target, byte[] bytes) throws IOException {
        write(target, bytes, true);
    }

    private static void write(Path target, byte[] bytes, boolean replace) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (!replace && Files.exists(target))
            throw new FileAlreadyExistsException(target.toString());
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(
                            temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) ch.write(buffer);
                ch.force(true);
            }
            if (replace) {
                move(temp, target);
            } else {
                // a hard link fails when the name is taken, where rename(2) would silently replace
                // it
                try {
                    Files.createLink(target, temp);
                    Files.delete(temp);
                } catch (FileAlreadyExistsException e) {
                    throw e;
                } catch (UnsupportedOperationException | FileSystemException e) {
                    // no hard links here (some network shares): check, then rename
                    if (Files.exists(target))
                        throw new FileAlreadyExistsException(target.toString());
                    move(temp, target);
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(
                    temp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically", e);
        }
    }
}
