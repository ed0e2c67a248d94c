package org.reclaim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.springframework.http.MediaType;

/** The shape of {@code GET /api/v1/metrics} and of the dashboard that shows it. */
class MetricsApiTest extends ApiTest {

    static final List<String> HEADLINE =
            List.of(
                    "denialRate",
                    "denialRateDollars",
                    "cleanClaimRate",
                    "firstPassYield",
                    "overturnRate",
                    "daysInAr",
                    "daysToPayment",
                    "costToRework",
                    "denialsWorked",
                    "resolved",
                    "recovered",
                    "awaitingReview",
                    "deadlinesAtRisk",
                    "openDenials");

    @Test
    @SuppressWarnings("unchecked")
    void everyRateCarriesItsNumeratorAndDenominatorOverallAndInEveryBreakdown() {
        MetricsTest.dataSet(db, LocalDate.now(context.getBean(Clock.class)));
        Map<String, Object> body =
                http.get()
                        .uri("/api/v1/metrics?from=2025-01&to=2025-02-28")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(body)
                .containsKeys(
                        "asOf",
                        "from",
                        "to",
                        "settings",
                        "headline",
                        "overall",
                        "byPayer",
                        "byCategory",
                        "byMonth",
                        "assumptions");
        assertThat(body)
                .containsEntry("from", "2025-01-01")
                .containsEntry("to", "2025-02-28")
                .containsEntry("asOf", "2025-02-28");
        assertThat((Map<String, Object>) body.get("headline")).containsOnlyKeys(HEADLINE);
        assertThat((Map<String, Object>) body.get("settings"))
                .containsKeys(
                        "costPerStep",
                        "tokenPricePerThousand",
                        "operatorHourlyRate",
                        "deadlineRiskDays",
                        "arWindowDays");
        checkSet((Map<String, Object>) body.get("overall"), true);
        for (String breakdown : List.of("byPayer", "byMonth", "byCategory")) {
            List<Map<String, Object>> rows = (List<Map<String, Object>>) body.get(breakdown);
            assertThat(rows).as(breakdown).isNotEmpty();
            for (Map<String, Object> row : rows) {
                assertThat(row).containsKeys("key", "name", "metrics");
                checkSet((Map<String, Object>) row.get("metrics"), !breakdown.equals("byCategory"));
            }
        }
        assertThat((List<String>) body.get("assumptions")).isNotEmpty();
        // the rate's value is its numerator over its denominator
        Map<String, Object> count =
                (Map<String, Object>)
                        ((Map<String, Object>)
                                        ((Map<String, Object>) body.get("overall"))
                                                .get("denialRate"))
                                .get("count");
        assertThat(((Number) count.get("value")).doubleValue())
                .isEqualTo(
                        ((Number) count.get("numerator")).doubleValue()
                                / ((Number) count.get("denominator")).doubleValue(),
                        org.assertj.core.api.Assertions.within(0.00005));
    }

    @SuppressWarnings("unchecked")
    static void checkSet(Map<String, Object> set, boolean claimLevel) {
        Map<String, Object> denialRate = (Map<String, Object>) set.get("denialRate");
        for (Object rate :
                List.of(
                        denialRate.get("count"),
                        denialRate.get("dollars"),
                        set.get("overturnRate"))) {
            assertThat((Map<String, Object>) rate)
                    .containsKeys("numerator", "denominator", "value", "formatted");
        }
        assertThat((Map<String, Object>) set.get("costToRework"))
                .containsKeys(
                        "perWorkedDenial",
                        "total",
                        "workedDenials",
                        "compute",
                        "tokens",
                        "operator",
                        "operatorDecisionsWithoutTime");
        assertThat((Map<String, Object>) set.get("agent"))
                .containsKeys(
                        "denialsWorked",
                        "resolved",
                        "recovered",
                        "awaitingReview",
                        "deadlinesAtRisk");
        assertThat((Map<String, Object>) set.get("appeals"))
                .containsKeys("appealed", "decided", "pending");
        if (claimLevel) {
            for (String rate : List.of("cleanClaimRate", "firstPassYield", "daysToPayment")) {
                assertThat((Map<String, Object>) set.get(rate))
                        .as(rate)
                        .containsKeys("numerator", "denominator");
            }
            assertThat((Map<String, Object>) set.get("daysInAr"))
                    .containsKeys("value", "arOutstanding", "averageDailyCharges", "asOf");
        } else {
            assertThat(set.get("cleanClaimRate")).isNull();
            assertThat(set.get("daysInAr")).isNull();
        }
    }

    @Test
    void anEmptyDatabaseHasNoRatesRatherThanZeroes() {
        Map<String, Object> body =
                http.get()
                        .uri("/api/v1/metrics")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(body.get("headline").toString())
                .contains("denialRate=n/a", "costToRework=n/a", "denialsWorked=0");
        assertThat(body.get("byPayer")).isEqualTo(List.of());
    }

    @Test
    void badDatesAreProblems() {
        for (String q : List.of("from=January", "to=2025-13", "from=2025-03&to=2025-02")) {
            http.get()
                    .uri("/api/v1/metrics?" + q)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JSON)
                    .value(p -> assertThat(p).containsKeys("title", "detail"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardShowsTheApisHeadlineFiguresUnderStableIds() {
        MetricsTest.dataSet(db, LocalDate.now(context.getBean(Clock.class)));
        Map<String, Object> headline =
                (Map<String, Object>)
                        http.get()
                                .uri("/api/v1/metrics")
                                .exchange()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody()
                                .get("headline");
        String html =
                http.get()
                        .uri("/dashboard")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        for (String key : HEADLINE) {
            assertThat(html).contains("id=\"metric-" + key + "\">" + headline.get(key) + "<");
        }
        assertThat(html)
                .contains(
                        "id=\"chart-month\"",
                        "id=\"chart-payer\"",
                        "id=\"chart-category\"",
                        "/webjars/echarts/5.3.1/dist/echarts.min.js");
        http.get()
                .uri("/webjars/echarts/5.3.1/dist/echarts.min.js")
                .exchange()
                .expectStatus()
                .isOk();
        http.get().uri("/dashboard?from=2025-02").exchange().expectStatus().isOk();
        http.get().uri("/dashboard?from=nonsense").exchange().expectStatus().isBadRequest();
    }
}
