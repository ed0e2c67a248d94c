package org.reclaim.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.reclaim.triage.TriageService;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * For tests that need coding denials whose corrected claim is sent: a coding rule every line meets
 * (modifier KX, test only) in the tests' config overlay, and a note stating its evidence in the
 * records of every coding denial on file. Without them a coding denial's corrected claim would
 * carry nothing new, and the agent escalates it instead of sending it.
 */
public final class TestCoding {

    public static final Path CONFIG = Path.of("target/test-triage/config");
    static final String NOTE = "test note: the coding change is documented";

    private TestCoding() {}

    public static void supportEveryCodingDenial(
            DatabaseClient db, Path dataDir, TriageService triage) {
        supportEveryDenial(db, dataDir, triage, "CODING", "KX");
    }

    /**
     * A test-only rule adding {@code modifier} to any denied line, and the note it needs for every
     * claim with a denial of {@code category}.
     */
    public static void supportEveryDenial(
            DatabaseClient db,
            Path dataDir,
            TriageService triage,
            String category,
            String modifier) {
        try {
            Files.createDirectories(CONFIG);
            Files.writeString(
                    CONFIG.resolve("coding-rules.yml"),
                    """
                    rules:
                      - id: test-any-line
                        source: "test only"
                        modifier: %s
                        procedures: [00100-99607, A0000-V9999]
                        evidence: ['%s']
                    """
                            .formatted(modifier, NOTE));
            List<String[]> claims =
                    db.sql(
                                    """
                                    SELECT DISTINCT p.slug, d.patient_control_number FROM denial d
                                    JOIN practice p ON p.id = d.practice_id WHERE d.category = :category""")
                            .bind("category", category)
                            .map(r -> new String[] {r.get(0, String.class), r.get(1, String.class)})
                            .all()
                            .collectList()
                            .block();
            for (String[] c : claims) {
                Path dir = dataDir.resolve("records").resolve(c[0]).resolve(c[1]);
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("coding-note.txt"), NOTE + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        triage.reload().block();
    }

    /** Removes the rule and the notes again. */
    public static void removeSupport(Path dataDir, TriageService triage) {
        try {
            Files.deleteIfExists(CONFIG.resolve("coding-rules.yml"));
            Path records = dataDir.resolve("records");
            if (Files.isDirectory(records)) {
                try (Stream<Path> walk = Files.walk(records)) {
                    for (Path p :
                            walk.filter(p -> p.getFileName().toString().equals("coding-note.txt"))
                                    .sorted(Comparator.reverseOrder())
                                    .toList()) Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        triage.reload().block();
    }
}
