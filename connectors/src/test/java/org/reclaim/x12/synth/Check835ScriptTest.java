package org.reclaim.x12.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks a generated 835 with the independent Python checker, when it and python3 are
 * available.
 */
class Check835ScriptTest {

    @TempDir Path dir;

    @Test
    void independentCheckerFindsTheRemittanceBalanced() throws Exception {
        Path script = checker();
        assumeTrue(script != null, "check835.py not found");
        assumeTrue(python3Works(), "python3 not available");

        Path remit = dir.resolve("remittance.835");
        GeneratedSummary summary;
        try (OutputStream out = Files.newOutputStream(remit)) {
            summary = Generator.write(GeneratorTest.BUSY, null, out);
        }
        Process p =
                new ProcessBuilder("python3", script.toString(), "--json", remit.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output)
                .contains(
                        "\"balanced\": true",
                        "\"balance_transaction_ok\": true",
                        "\"balance_claims_ok\": true",
                        "\"balance_lines_ok\": true",
                        "\"envelope_problems\": []",
                        "\"parse_errors\": []",
                        "\"claims\": " + summary.remitClaims(),
                        "\"reversal_claims_clp02_22\": " + summary.reversals());
    }

    /** The repository's copy first, then the shared one next to the project. */
    private static Path checker() {
        Path root = Path.of("").toAbsolutePath();
        if (root.getFileName() != null && root.getFileName().toString().equals("connectors"))
            root = root.getParent();
        for (Path p :
                List.of(
                        root.resolve("connectors/src/test/resources/x12/check835.py"),
                        root.resolve("../shared/x12/check835.py"))) {
            if (Files.isRegularFile(p)) return p.normalize();
        }
        return null;
    }

    private static boolean python3Works() {
        try {
            Process p =
                    new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
