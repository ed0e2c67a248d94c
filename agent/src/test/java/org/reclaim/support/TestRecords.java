package org.reclaim.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.reclaim.core.ReclaimProperties;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Documents in the default practice's records folder ({@code <dataDir>/records/default/<pcn>/}),
 * for tests whose appeals need an enclosure; {@link #clear} removes every claim's folder again
 * (files beside them, such as authorizations.csv, stay).
 */
public final class TestRecords {

    private TestRecords() {}

    static Path folder(ReclaimProperties props) {
        return props.dataDir().resolve("records").resolve("default");
    }

    public static void note(ReclaimProperties props, String pcn, String name, String text) {
        Path dir = folder(props).resolve(pcn);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A visit note for the claim of every denial on file. */
    public static void noteForEveryDenial(ReclaimProperties props, DatabaseClient db) {
        noteForDenials(props, db, "true");
    }

    /** A visit note for the claim of every denial on file of this category. */
    public static void noteForEveryDenial(
            ReclaimProperties props, DatabaseClient db, String category) {
        noteForDenials(props, db, "category = '" + category.replace("'", "") + "'");
    }

    private static void noteForDenials(ReclaimProperties props, DatabaseClient db, String where) {
        List<String> pcns =
                db.sql("SELECT DISTINCT patient_control_number FROM denial WHERE " + where)
                        .map(r -> r.get(0, String.class))
                        .all()
                        .collectList()
                        .block();
        for (String pcn : pcns)
            note(
                    props,
                    pcn,
                    "visit-note.txt",
                    "Synthetic visit note: conservative treatment failed; the service was medically"
                            + " necessary.");
    }

    public static void clear(ReclaimProperties props) throws IOException {
        Path root = folder(props);
        if (!Files.isDirectory(root)) return;
        try (Stream<Path> claims = Files.list(root)) {
            for (Path claim : claims.filter(Files::isDirectory).toList()) {
                try (Stream<Path> all = Files.walk(claim)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
        }
    }
}
