package org.reclaim.prevention.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule threshold, generality and the backtest command's usage, without a database. */
class CandidateTest {

    static final LearnProperties DEFAULTS = new LearnProperties(5, 0.5);

    static Candidate of(Features p, String carc, long claims, long denied) {
        return new Candidate(
                p, "none", carc, "CODING", claims, denied, BigDecimal.ONE, null, List.of());
    }

    @Test
    void theWilsonLowerBoundAsComputedByHand() {
        // n = 6, k = 6, z = 1.96: (1 + z²/12 − z·√(z²/144)) / (1 + z²/6) = 1 / 1.6403 = 0.6097
        assertThat(Candidate.wilsonLowerBound(6, 6)).isCloseTo(0.6097, within(0.0005));
        // n = 10, k = 5: p = 0.5 → (0.5 + 0.19208 − 1.96·√(0.025 + 0.0096)) / 1.38415 = 0.2366
        assertThat(Candidate.wilsonLowerBound(5, 10)).isCloseTo(0.2366, within(0.0005));
        assertThat(Candidate.wilsonLowerBound(0, 0)).isZero();
    }

    @Test
    void theMostGeneralPatternWinsAndThinOnesAreLeftOut() {
        Features general = new Features("P", "72148", "*", "*", "*", "*");
        Features narrow = new Features("P", "72148", "*", "M54", "*", "*");
        Features other = new Features("P", "99213", "*", "*", "11", "*");
        List<Candidate> rules =
                Candidate.rules(
                        List.of(
                                of(narrow, "197", 8, 8),
                                of(general, "197", 12, 11),
                                of(other, "16", 4, 4), // support 4 < 5
                                of(new Features("P", "97110", "*", "*", "*", "*"), "50", 10, 5)),
                        DEFAULTS);
        assertThat(rules).extracting(Candidate::pattern).containsExactly(general);
        // a narrower pattern predicting another CARC stays
        assertThat(
                        Candidate.rules(
                                List.of(of(general, "197", 12, 11), of(narrow, "4", 8, 8)),
                                DEFAULTS))
                .hasSize(2);
    }

    @Test
    void badSettingsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new LearnProperties(0, 0.5))
                .hasMessageContaining("reclaim.prevention.learn.support");
        assertThatThrownBy(() -> new LearnProperties(5, 1.5))
                .hasMessageContaining("reclaim.prevention.learn.min-rate");
    }

    @Test
    void theBacktestCommandsUsageErrorsComeBeforeAnythingStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(BacktestCommand.run(new String[] {"--json"}, o, e)).isEqualTo(2);
        assertThat(BacktestCommand.run(new String[] {"--until", "March"}, o, e)).isEqualTo(2);
        assertThat(BacktestCommand.run(new String[] {"--bogus"}, o, e)).isEqualTo(2);
        assertThat(
                        BacktestCommand.run(
                                new String[] {
                                    "--until", "2025-04-01", "--history", "/no/such/history.835"
                                },
                                o,
                                e))
                .isEqualTo(2);
        assertThat(
                        BacktestCommand.run(
                                new String[] {"--until", "2025-04-01", "--history", "--json"},
                                o,
                                e))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("backtest: --until is required")
                .contains("backtest: --until must be a date, YYYY-MM-DD; got March")
                .contains("backtest: unknown option --bogus")
                .contains("backtest: --history: no file /no/such/history.835")
                .contains("backtest: --history needs at least one file");
    }

    @Test
    void theBacktestCommandWritesItsRatesAsJsonNumbers() {
        Map<String, Object> overall = new LinkedHashMap<>();
        overall.put("denied", 4L);
        overall.put("recall", 0.75);
        overall.put("precision", null);
        overall.put("keptAmount", new java.math.BigDecimal("2700.00"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("until", "2026-03-01");
        report.put("overall", overall);
        assertThat(BacktestCommand.json(report))
                .isEqualTo(
                        "{\"until\":\"2026-03-01\",\"overall\":{\"denied\":4,\"recall\":0.75,"
                                + "\"precision\":null,\"keptAmount\":2700.00}}");
    }
}
