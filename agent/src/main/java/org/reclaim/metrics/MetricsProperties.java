package org.reclaim.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The metrics' settings ({@code reclaim.metrics.*}). The three prices are what one worked denial
 * costs Reclaim to run; the defaults are placeholders to replace with the operator's own hosting
 * bill, model price list and staff cost, not figures from any source.
 *
 * @param costPerStep dollars of compute per step the agent runs
 * @param tokenPricePerThousand dollars per 1,000 model tokens (input and output alike; offline
 *     drafting spends none)
 * @param operatorHourlyRate dollars per hour of an operator's time
 * @param deadlineRiskDays an open denial not yet submitted is at risk when its deadline is this
 *     close (or past)
 * @param arWindowDays days of charges averaged for days in AR
 * @param gauges publish the headline gauges (Prometheus at {@code /actuator/prometheus})
 * @param gaugeRefresh how often the gauges are recomputed from the database
 */
@ConfigurationProperties("reclaim.metrics")
public record MetricsProperties(
        @DefaultValue("0.001") BigDecimal costPerStep,
        @DefaultValue("0.01") BigDecimal tokenPricePerThousand,
        @DefaultValue("30.00") BigDecimal operatorHourlyRate,
        @DefaultValue("7") int deadlineRiskDays,
        @DefaultValue("90") int arWindowDays,
        @DefaultValue("true") boolean gauges,
        @DefaultValue("60s") Duration gaugeRefresh) {

    public MetricsProperties {
        if (costPerStep.signum() < 0
                || tokenPricePerThousand.signum() < 0
                || operatorHourlyRate.signum() < 0) {
            throw new IllegalArgumentException("reclaim.metrics prices cannot be negative");
        }
        if (deadlineRiskDays < 0)
            throw new IllegalArgumentException(
                    "reclaim.metrics.deadline-risk-days must be 0 or more");
        if (arWindowDays < 1)
            throw new IllegalArgumentException("reclaim.metrics.ar-window-days must be 1 or more");
        if (gaugeRefresh.isNegative() || gaugeRefresh.isZero()) {
            throw new IllegalArgumentException("reclaim.metrics.gauge-refresh must be positive");
        }
    }
}
