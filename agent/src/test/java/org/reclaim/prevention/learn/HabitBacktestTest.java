package org.reclaim.prevention.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/**
 * The SIMULATED payers' habits of the generator (issue 16 item 4) are learned from a small
 * generated history, and the backtest flags their later denials and not their clean twins.
 */
class HabitBacktestTest extends ApiTest {

    static final LocalDate START = LocalDate.of(2025, 1, 1);
    static final LocalDate UNTIL = LocalDate.of(2025, 4, 1);

    byte[][] history(boolean habits) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(1500)
                        .withSeed(3)
                        .withBaseDate(START)
                        .withSubmissionDays(120)
                        .withReversalRate(0)
                        .withHabits(habits),
                c,
                r);
        return new byte[][] {c.toByteArray(), r.toByteArray()};
    }

    void upload(byte[] body) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    @Test
    @SuppressWarnings("unchecked")
    void habitsAreLearnedAndTheirLaterDenialsFlagged() {
        byte[][] files = history(true);
        upload(files[0]);
        upload(files[1]);
        Map<String, Object> report =
                http.get()
                        .uri("/api/v1/prevention/backtest?until=" + UNTIL)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat((Integer) report.get("learnedRules")).isGreaterThanOrEqualTo(1);
        Map<String, Map<String, Object>> categories =
                (Map<String, Map<String, Object>>) report.get("categories");
        // the MRIs of plan A sent without an authorization after the date are flagged; those sent
        // with one (their clean twins, paid) are not: no false alarm
        Map<String, Object> authorization = categories.get("authorization");
        assertThat((Integer) authorization.get("caught")).isGreaterThanOrEqualTo(30);
        assertThat(authorization).containsEntry("falseAlarms", 0).containsEntry("precision", 1.0);
        // the late claims of plan B are held by its configured window, scrubbed on the day sent
        assertThat((Integer) categories.get("timely-filing").get("caught")).isPositive();
        assertThat(categories.get("timely-filing")).containsEntry("falseAlarms", 0);

        String rules =
                http.get()
                        .uri("/api/v1/prevention/rules")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(rules)
                .contains(
                        "\"pattern\":{\"payer\":\"TSTCOMA1\",\"procedure\":\"72148\"},\"condition\":\"authorization\",\"carc\":\"197\"")
                .contains(
                        "\"pattern\":{\"payer\":\"TSTMCD01\",\"procedure\":\"97110\"},\"condition\":\"modifier\",\"carc\":\"4\"");
    }
}
