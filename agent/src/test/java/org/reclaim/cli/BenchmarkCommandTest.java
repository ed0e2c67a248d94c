package org.reclaim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.core.BenchmarkStage;

class BenchmarkCommandTest {

    @TempDir Path dir;

    private record Result(int code, String out, String err) {}

    private static Result benchmark(BenchmarkCommand command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                command.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reportsEveryStageAndAnAddedIngestStage() throws Exception {
        Path f = dir.resolve("remit.835");
        Files.writeString(f, InspectCommandTest.REMITTANCE, StandardCharsets.US_ASCII);
        BenchmarkStage ingest =
                new BenchmarkStage() {
                    @Override
                    public String name() {
                        return "database ingest";
                    }

                    @Override
                    public String unit() {
                        return "claims";
                    }

                    @Override
                    public long run(Path file) {
                        return 5;
                    }
                };

        Result r =
                benchmark(
                        new BenchmarkCommand(List.of(ingest)),
                        "--file",
                        f.toString(),
                        "--runs",
                        "2");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "read only",
                        "read + identify",
                        "(5 in",
                        "raw byte scan",
                        "StAEDI segments",
                        "database ingest",
                        "-Xmx64m",
                        "peak heap");
        assertThat(r.out()).doesNotContain("failed", "not measured");
    }

    @Test
    void saysWhenNoIngestStageIsRegistered() throws Exception {
        Path f = dir.resolve("remit.835");
        Files.writeString(f, InspectCommandTest.REMITTANCE, StandardCharsets.US_ASCII);

        Result r =
                benchmark(new BenchmarkCommand(List.of()), "--file", f.toString(), "--runs", "1");

        assertThat(r.out()).contains("database ingest", "not measured");
    }

    @Test
    void badOptionsAreAUsageError() {
        assertThat(benchmark(new BenchmarkCommand(List.of()), "--runs").code()).isEqualTo(2);
        assertThat(benchmark(new BenchmarkCommand(List.of()), "--runs", "0").code()).isEqualTo(2);
        assertThat(benchmark(new BenchmarkCommand(List.of()), "--fast").code()).isEqualTo(2);
    }
}
