package org.reclaim.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings ({@code reclaim.webhooks.*}, docs/webhooks.md).
 *
 * @param scheduled run the relay on its own (off in the tests, which run its passes on demand)
 * @param every how often the relay looks for due deliveries (real time)
 * @param firstRetry the wait after the first failed attempt; each further failure doubles it
 * @param window how long after the event a delivery is tried before it is marked FAILED (counted on
 *     the service clock)
 * @param timeout how long one attempt may take (connect, send, answer)
 * @param batch how many deliveries one relay claims at a time
 */
@ConfigurationProperties("reclaim.webhooks")
public record WebhookProperties(
        @DefaultValue("true") boolean scheduled,
        @DefaultValue("5s") Duration every,
        @DefaultValue("1m") Duration firstRetry,
        @DefaultValue("24h") Duration window,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("50") int batch) {

    public WebhookProperties {
        for (var d :
                java.util.Map.of(
                                "every", every,
                                "first-retry", firstRetry,
                                "window", window,
                                "timeout", timeout)
                        .entrySet()) {
            if (d.getValue().isNegative() || d.getValue().isZero())
                throw new IllegalArgumentException(
                        "reclaim.webhooks." + d.getKey() + " must be positive");
        }
        if (batch < 1) throw new IllegalArgumentException("reclaim.webhooks.batch must be >= 1");
    }
}
