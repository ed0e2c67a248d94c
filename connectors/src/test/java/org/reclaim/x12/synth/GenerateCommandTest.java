package org.reclaim.x12.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerateCommandTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenerateCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesBothFilesAndOneSummaryLine() throws Exception {
        int code =
                run(
                        "generate",
                        "--claims",
                        "120",
                        "--seed",
                        "5",
                        "--out",
                        dir.toString(),
                        "--denial-rate",
                        "0.3");
        assertThat(code).as(err.toString()).isZero();
        Path claims = dir.resolve("claims-5.837");
        Path remit = dir.resolve("remittance-5.835");
        assertThat(claims).isRegularFile();
        assertThat(remit).isRegularFile();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(2);
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary.lines()).hasSize(1);
        assertThat(summary).contains("120 claims", "denials planned", "reversals", "bytes");

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults().withClaims(120).withSeed(5).withDenialRate(0.3),
                null,
                expected);
        assertThat(Files.readAllBytes(remit)).isEqualTo(expected.toByteArray());
    }

    @Test
    void onlyWritesTheFileAskedFor() {
        assertThat(run("--claims", "10", "--out", dir.toString(), "--only", "835", "--seed", "3"))
                .isZero();
        assertThat(dir.resolve("remittance-3.835")).isRegularFile();
        assertThat(dir.resolve("claims-3.837")).doesNotExist();
    }

    @Test
    void sizeTargetsThe835() throws Exception {
        assertThat(run("--size", "300KB", "--out", dir.toString(), "--only", "835"))
                .as(err.toString())
                .isZero();
        assertThat(Files.size(dir.resolve("remittance-1.835"))).isBetween(300L * 1024, 330L * 1024);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "--claims abc --out X",
                "--claims 10",
                "--out X --claims -1",
                "--out X --denial-rate 2",
                "--out X --bogus 1",
                "--out X --size huge",
                "--out X --only 999",
                "--out X --lines 3-2",
                "--out",
                "stray --out X",
                "--out X --seed 1.5",
                "--out X --claims-per-transaction 0"
            })
    void usageErrorsExitTwoWithoutAStackTrace(String line) {
        String[] args =
                line.isEmpty() ? new String[0] : line.replace("X", dir.toString()).split(" ");
        assertThat(run(args)).isEqualTo(2);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message)
                .startsWith("generate: ")
                .contains("usage:")
                .doesNotContain("Exception", "\tat ");
        assertThat(out.size()).isZero();
    }

    @Test
    void helpGoesToStandardOutput() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: generate");
    }

    @Test
    void anUnwritableFolderIsReportedNotThrown() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThat(run("--claims", "5", "--out", file.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("generate: cannot write");
    }

    @Test
    void sizesParse() {
        assertThat(GenerateCommand.size("100MB")).isEqualTo(100L << 20);
        assertThat(GenerateCommand.size("1gb")).isEqualTo(1L << 30);
        assertThat(GenerateCommand.size("1.5K")).isEqualTo(1536);
        assertThat(GenerateCommand.size("4096")).isEqualTo(4096);
    }
}
