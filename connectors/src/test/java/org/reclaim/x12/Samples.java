package org.reclaim.x12;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sample files under src/test/resources/x12, by the transaction type SOURCES.tsv gives them.
 */
final class Samples {

    record Sample(String name, String type, Path path) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Samples() {}

    static Path root() {
        try {
            return Path.of(
                            Objects.requireNonNull(Samples.class.getResource("/x12/SOURCES.tsv"))
                                    .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Sample> all() {
        List<Sample> out = new ArrayList<>();
        try {
            List<String> rows = Files.readAllLines(root().resolve("SOURCES.tsv"));
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split("\t");
                out.add(
                        new Sample(
                                f[0].substring("samples/".length()), f[5], root().resolve(f[0])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<Sample> ofType(String... types) {
        List<String> wanted = List.of(types);
        return all().stream().filter(s -> wanted.contains(s.type())).toList();
    }
}
