package org.reclaim.connector.clearinghouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What {@link SftpClearinghouse} has taken (one entry per remote file version: folder, name, size,
 * modification time), kept between polls and restarts.
 */
public interface TakenLog {

    boolean contains(String entry);

    /** Records the entries durably before it returns. */
    void addAll(Collection<String> entries);

    static TakenLog inMemory() {
        Set<String> set = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return new TakenLog() {
            @Override
            public boolean contains(String entry) {
                return set.contains(entry);
            }

            @Override
            public void addAll(Collection<String> entries) {
                set.addAll(entries);
            }
        };
    }

    /** One entry a line in {@code file}, appended and forced to disk. */
    static TakenLog file(Path file) {
        return new TakenLog() {
            private Set<String> loaded;

            private synchronized Set<String> entries() {
                if (loaded == null) {
                    loaded = new HashSet<>();
                    try {
                        if (Files.exists(file))
                            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8))
                                if (!line.isBlank()) loaded.add(line.strip());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return loaded;
            }

            @Override
            public synchronized boolean contains(String entry) {
                return entries().contains(entry);
            }

            @Override
            public synchronized void addAll(Collection<String> added) {
                if (added.isEmpty()) return;
                StringBuilder text = new StringBuilder();
                for (String e : added) {
                    if (e.contains("\n"))
                        throw new IllegalArgumentException("entry with a line break");
                    text.append(e).append('\n');
                }
                try {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    try (FileChannel ch =
                            FileChannel.open(
                                    file,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE,
                                    StandardOpenOption.APPEND)) {
                        ByteBuffer buf =
                                ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                        while (buf.hasRemaining()) ch.write(buf);
                        ch.force(true);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                entries().addAll(added);
            }
        };
    }
}
