package org.reclaim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.ApiTest;
import org.reclaim.support.DemoLike;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reviews near their deadline (within {@code reclaim.reviews.deadline-alert-days}, 14 by default):
 * a Prometheus gauge and a dashboard card.
 */
class ReviewAlertTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired ReclaimProperties reclaim;
    @Autowired MetricsService metrics;
    @Autowired MetricsProperties props;
    @Autowired Clock clock;

    @AfterEach
    void noRecordsLeft() throws java.io.IOException {
        DemoLike.cleanUp(reclaim, triage);
    }

    @Test
    void reviewsWhoseDeadlineIsWithinTheAlertDaysAreAGaugeAndADashboardCard() {
        DemoLike.worked(http, orchestrator, triage, reclaim, 100, 7);
        List<UUID> waiting =
                db.sql(
                                "SELECT r.denial_id FROM review r JOIN denial d ON d.id = r.denial_id"
                                        + " WHERE r.status = 'OPEN' AND d.status = 'AWAITING_REVIEW' ORDER BY r.id")
                        .map(r -> r.get("denial_id", UUID.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(waiting).hasSizeGreaterThanOrEqualTo(4);
        LocalDate today = LocalDate.now(clock);
        // all far off but three: 14 days (the limit, counted), 3 days past, 15 days (not counted)
        db.sql("UPDATE denial SET deadline = :d WHERE id = ANY(:ids)")
                .bind("d", today.plusDays(60))
                .bind("ids", waiting.toArray(UUID[]::new))
                .then()
                .block();
        deadline(waiting.get(0), today.plusDays(14));
        deadline(waiting.get(1), today.minusDays(3));
        deadline(waiting.get(2), today.plusDays(15));
        // a denial that moved on is not waiting for its review
        db.sql("UPDATE denial SET status = 'ESCALATED', deadline = :d WHERE id = :id")
                .bind("d", today)
                .bind("id", waiting.get(3))
                .then()
                .block();

        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        MetricsGauges gauges = new MetricsGauges(metrics, props);
        gauges.register(registry);
        assertThat(registry.get("reclaim.reviews.near.deadline").gauge().value()).isNaN();
        gauges.refresh().block();
        assertThat(registry.get("reclaim.reviews.near.deadline").gauge().value()).isEqualTo(2.0);

        String page =
                http.get()
                        .uri("/dashboard")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(page)
                .containsPattern("id=\"tile-reviewsNearDeadline\" href=\"/reviews\"")
                .containsPattern("id=\"metric-reviewsNearDeadline\"[^>]*>2<")
                .contains("open reviews due within 14 days (or past)");
    }

    private void deadline(UUID denial, LocalDate d) {
        db.sql("UPDATE denial SET deadline = :d WHERE id = :id")
                .bind("d", d)
                .bind("id", denial)
                .then()
                .block();
    }

    @Test
    void theAlertDaysCannotBeNegative() {
        assertThat(new ReviewAlertProperties(14).deadlineAlertDays()).isEqualTo(14);
        assertThatThrownBy(() -> new ReviewAlertProperties(-1))
                .hasMessage("reclaim.reviews.deadline-alert-days must be 0 to 3650, got -1");
    }
}
