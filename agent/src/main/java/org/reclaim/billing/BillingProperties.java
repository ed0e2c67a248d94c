package org.reclaim.billing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing settings ({@code reclaim.billing.*}).
 *
 * @param scheduled run billing on its own (off in the tests, which run it on demand)
 * @param every how often, counted on the service clock (so the demo's accelerated clock bills
 *     sooner)
 * @param checkEvery how often (in real time) the scheduler looks whether a run is due
 */
@ConfigurationProperties("reclaim.billing")
public record BillingProperties(
        @DefaultValue("true") boolean scheduled,
        @DefaultValue("1d") Duration every,
        @DefaultValue("1m") Duration checkEvery) {

    public BillingProperties {
        if (every.isNegative() || every.isZero())
            throw new IllegalArgumentException("reclaim.billing.every must be positive");
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("reclaim.billing.check-every must be positive");
        }
    }
}
