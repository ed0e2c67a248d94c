package org.reclaim.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The metrics rollups' settings ({@code reclaim.metrics.rollups.*}, docs/metrics.md).
 *
 * @param refresh how often practices marked stale are recomputed in the background (a request also
 *     recomputes any stale practice it reads first, so this only keeps requests fast)
 * @param driftCheck run the drift check every night
 * @param driftCheckHour the hour of the day (UTC, 0–23) the drift check runs
 */
@ConfigurationProperties("reclaim.metrics.rollups")
public record RollupProperties(
        @DefaultValue("30s") Duration refresh,
        @DefaultValue("true") boolean driftCheck,
        @DefaultValue("3") int driftCheckHour) {

    public RollupProperties {
        if (refresh.isNegative() || refresh.isZero())
            throw new IllegalArgumentException("reclaim.metrics.rollups.refresh must be positive");
        if (driftCheckHour < 0 || driftCheckHour > 23)
            throw new IllegalArgumentException(
                    "reclaim.metrics.rollups.drift-check-hour must be 0 to 23");
    }
}
