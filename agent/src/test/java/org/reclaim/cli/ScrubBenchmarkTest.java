package org.reclaim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.Scrubber;
import org.reclaim.x12.X12Limits;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/** The scrub benchmark on 1,000 claims, for correctness only (no timing is asserted). */
class ScrubBenchmarkTest {

    @Test
    void everyGeneratedClaimIsScrubbedAndTheLearnedLikeRulesApply(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("claims.837");
        try (OutputStream o = Files.newOutputStream(file)) {
            Generator.write(GeneratorOptions.defaults().withClaims(1_000), o, null);
        }
        List<ClaimRule> learned = ScrubBenchmark.learnedLike(file, 200, X12Limits.DEFAULT);
        assertThat(learned).hasSize(200);
        List<ClaimRule> rules = new ArrayList<>(ScrubCommand.configuredRules());
        rules.addAll(learned);
        ScrubBenchmark.Result r =
                ScrubBenchmark.once(
                        new Scrubber(rules), file, LocalDate.of(2100, 1, 1), X12Limits.DEFAULT);
        assertThat(r.report.error()).isNull();
        assertThat(r.claims).isEqualTo(1_000);
        assertThat(r.verdicts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000);
        assertThat(r.byRule.keySet()).anyMatch(k -> k.startsWith("bench.learned-"));
        // 2100 is long past every window: the payer rules ran on every claim
        assertThat(r.byRule.get("payer.timely-filing")).isEqualTo(1_000L);
    }

    @Test
    void theCommandReportsThroughputAndHeap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code =
                ScrubBenchmark.run(
                        new String[] {"--claims", "1000", "--runs", "1"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("1,000 claims")
                .contains("200 learned-like rules")
                .contains("claims/s")
                .contains("peak heap");
        assertThat(
                        ScrubBenchmark.run(
                                new String[] {"--claims", "0"},
                                new PrintStream(new ByteArrayOutputStream()),
                                new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
    }
}
