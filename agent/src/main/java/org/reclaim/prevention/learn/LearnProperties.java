package org.reclaim.prevention.learn;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code reclaim.prevention.learn.*}: when a pattern of the practice's history becomes a rule.
 *
 * @param support the fewest claim lines (that did not meet the rule's condition) a pattern needs
 * @param minRate the lowest Wilson lower bound (95%) of the denial rate, 0..1
 */
@ConfigurationProperties("reclaim.prevention.learn")
public record LearnProperties(@DefaultValue("5") int support, @DefaultValue("0.5") double minRate) {

    public LearnProperties {
        if (support < 1) {
            throw new IllegalArgumentException(
                    "reclaim.prevention.learn.support must be at least 1, got " + support);
        }
        if (!(minRate >= 0 && minRate <= 1)) {
            throw new IllegalArgumentException(
                    "reclaim.prevention.learn.min-rate must be between 0 and 1, got " + minRate);
        }
    }
}
