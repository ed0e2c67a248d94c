package org.reclaim.connector.clearinghouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.reclaim.connector.support.AtomicFiles;

/**
 * Where {@link RestClearinghouse} keeps its polling cursor between polls (and restarts). The
 * service may keep it in its database; a file or memory will do elsewhere.
 */
public interface CursorStore {

    Optional<String> load();

    void save(String cursor);

    static CursorStore inMemory() {
        AtomicReference<String> cursor = new AtomicReference<>();
        return new CursorStore() {
            @Override
            public Optional<String> load() {
                return Optional.ofNullable(cursor.get());
            }

            @Override
            public void save(String value) {
                cursor.set(value);
            }
        };
    }

    /** The cursor as the whole content of {@code file}, replaced atomically. */
    static CursorStore file(Path file) {
        return new CursorStore() {
            @Override
            public Optional<String> load() {
                try {
                    if (!Files.exists(file)) return Optional.empty();
                    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                    return text.isEmpty() ? Optional.empty() : Optional.of(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void save(String value) {
                try {
                    AtomicFiles.replace(file, value.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
