package org.reclaim.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The review queue's alert ({@code reclaim.reviews.*}).
 *
 * @param deadlineAlertDays an open review is near its deadline when the denial's deadline is this
 *     many days away or fewer (or past): counted by the gauge {@code reclaim.reviews.near.deadline}
 *     and the dashboard's card
 */
@ConfigurationProperties("reclaim.reviews")
public record ReviewAlertProperties(@DefaultValue("14") int deadlineAlertDays) {

    public ReviewAlertProperties {
        if (deadlineAlertDays < 0 || deadlineAlertDays > 3_650)
            throw new IllegalArgumentException(
                    "reclaim.reviews.deadline-alert-days must be 0 to 3650, got "
                            + deadlineAlertDays);
    }
}
