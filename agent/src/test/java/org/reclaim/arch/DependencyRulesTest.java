package org.reclaim.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules the design rests on, checked on the sources: X12 reading and the denial
 * definition know nothing of Spring, R2DBC or the web; the command line never loads Spring.
 */
class DependencyRulesTest {

    static final Path AGENT = Path.of("src/main/java/org/reclaim");
    static final Path CONNECTORS = Path.of("../connectors/src/main/java/org/reclaim");
    static final List<String> FRAMEWORKS = List.of("import org.springframework", "import io.r2dbc",
            "import reactor.", "import io.netty");

    static List<String> violations(Path root, boolean recursive, List<String> forbidden) throws IOException {
        try (Stream<Path> files = recursive ? Files.walk(root) : Files.list(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> forbidden.stream().anyMatch(l::startsWith))
                            .map(l -> root.relativize(f) + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void connectorsUseNoFramework() throws IOException {
        assertThat(CONNECTORS).isDirectory();
        assertThat(violations(CONNECTORS, true, FRAMEWORKS)).isEmpty();
    }

    @Test
    void theDenialDefinitionIsPlainJava() throws IOException {
        assertThat(violations(AGENT.resolve("remittance"), false, FRAMEWORKS)).isEmpty();
    }

    @Test
    void theCommandLineNeverImportsSpring() throws IOException {
        assertThat(violations(AGENT.resolve("cli"), true, FRAMEWORKS)).isEmpty();
        assertThat(violations(AGENT, false, FRAMEWORKS).stream().filter(v -> v.startsWith("Reclaim.java")))
                .isEmpty();
    }
}
