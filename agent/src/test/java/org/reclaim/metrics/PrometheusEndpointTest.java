package org.reclaim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;

/** The headline gauges are scraped at /actuator/prometheus, by an admin only. */
class PrometheusEndpointTest extends ApiTest {

    @Test
    void gaugesAreExposedToAdminsOnly() {
        anonymous().get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        String text =
                http.get()
                        .uri("/actuator/prometheus")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(text)
                .contains(
                        "reclaim_denials_open",
                        "reclaim_denials_awaiting_review",
                        "reclaim_denial_rate",
                        "reclaim_recovered_dollars",
                        "reclaim_denials_deadlines_at_risk",
                        "reclaim_reviews_near_deadline");
    }
}
