package org.reclaim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's entry point, run as its own process: exit codes, and no Spring on the command-line
 * path.
 */
class ReclaimMainTest {

    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    private Run reclaim(List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.reclaim.cli.Reclaim");
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void inspectRunsWithoutLoadingSpring() throws Exception {
        Path f = dir.resolve("remit.835");
        Files.writeString(f, InspectCommandTest.REMITTANCE, StandardCharsets.US_ASCII);

        Run r = reclaim(List.of("-Xlog:class+load=info:stderr"), "inspect", f.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("2 denials");
        assertThat(r.err())
                .contains("org.reclaim.cli.InspectCommand")
                .doesNotContain("org.springframework");
    }

    @Test
    void inspectWithoutFilesIsAUsageError() throws Exception {
        Run r = reclaim(List.of(), "inspect");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("usage").doesNotContain("Exception");
    }

    @Test
    void inspectOfAMissingFileExitsOneWithoutAStackTrace() throws Exception {
        Run r = reclaim(List.of(), "inspect", "--json", dir.resolve("missing.835").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("\"error\":\"no such file\"");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void demoWithABadOptionIsAUsageErrorBeforeAnythingStarts() throws Exception {
        Run r = reclaim(List.of(), "demo", "--denials", "many");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("usage: reclaim demo");
    }

    @Test
    void theAgentBenchmarkWithABadOptionIsAUsageErrorBeforeAnythingStarts() throws Exception {
        Run r = reclaim(List.of(), "benchmark-agent", "--denials", "10", "--bogus", "1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        "benchmark-agent: unknown option --bogus",
                        "usage: reclaim benchmark-agent");
        Run missing = reclaim(List.of(), "benchmark-agent", "--in-flight");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--in-flight needs a value");
    }

    @Test
    void theFirstActionBenchmarkWithABadOptionIsAUsageErrorBeforeAnythingStarts() throws Exception {
        Run r = reclaim(List.of(), "benchmark-first-action", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        "benchmark-first-action: unknown option --bogus",
                        "usage: reclaim benchmark-first-action");
        Run missing = reclaim(List.of(), "benchmark-first-action", "--window");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--window needs a value");
    }

    @Test
    void unknownCommandIsAUsageError() throws Exception {
        Run r = reclaim(List.of(), "inpsect", "x.835");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command", "usage");
    }

    /** {@code --help} looks like a Spring option; it used to start the service and its database. */
    @Test
    void helpPrintsTheUsageAndStartsNothing() throws Exception {
        for (String flag : List.of("--help", "-h", "help")) {
            Run r = reclaim(List.of(), flag);

            assertThat(r.code()).as(flag).isZero();
            assertThat(r.out()).as(flag).contains("usage: reclaim", "inspect", "demo");
        }
    }
}
