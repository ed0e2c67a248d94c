package org.reclaim.inbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Moves a file into a folder without ever replacing what is there. The new name is made with an
 * operation that fails when the name exists (a hard link, or a new symbolic link for a link), so
 * checking for the name and taking it are one step; only then is the old name removed. A name taken
 * gets a numbered suffix ({@code .1}, {@code .2}, …). A crash between the two steps leaves the file
 * under both names, never under none.
 */
final class NoReplaceMove {

    private NoReplaceMove() {}

    static Path move(Path source, Path dir, String name) throws IOException {
        Path target;
        if (Files.isSymbolicLink(source)) {
            Path points = Files.readSymbolicLink(source);
            target = claim(dir, name, t -> Files.createSymbolicLink(t, points));
        } else {
            try {
                target = claim(dir, name, t -> Files.createLink(t, source));
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException) throw e;
                // no hard link across file systems: a synced copy under a hidden name, linked in
                target = copied(source, dir, name);
            }
        }
        Files.delete(source);
        return target;
    }

    private static Path copied(Path source, Path dir, String name) throws IOException {
        Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        Files.copy(source, tmp);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            return claim(dir, name, t -> Files.createLink(t, tmp));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private interface Create {
        void at(Path target) throws IOException;
    }

    private static Path claim(Path dir, String name, Create create) throws IOException {
        for (int i = 0; ; i++) {
            Path target = dir.resolve(i == 0 ? name : name + "." + i);
            try {
                create.at(target);
                return target;
            } catch (FileAlreadyExistsException taken) {
                // the next suffix
            }
        }
    }
}
