package org.reclaim.review;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.HttpProblem;
import org.reclaim.denial.DenialStatus;

/**
 * A decision on an open review whose denial moved on meanwhile (escalated at its deadline, closed,
 * written off): there is nothing left to approve or reject. The API answers 409 with the denial's
 * status and when it moved; the review page answers an HTML 409 page.
 */
public final class StaleReviewException extends RuntimeException implements HttpProblem {
    private static final long serialVersionUID = 1L;

    private final UUID review;
    private final UUID denial;
    private final DenialStatus denialStatus;
    private final OffsetDateTime movedAt;

    StaleReviewException(
            UUID review,
            UUID denial,
            DenialStatus denialStatus,
            OffsetDateTime movedAt,
            boolean approve) {
        super(
                "this denial was "
                        + denialStatus.name().toLowerCase().replace('_', ' ')
                        + (movedAt == null
                                ? ""
                                : " on "
                                        + movedAt.withOffsetSameInstant(ZoneOffset.UTC)
                                                .toLocalDate())
                        + "; nothing to "
                        + (approve ? "approve" : "reject"));
        this.review = review;
        this.denial = denial;
        this.denialStatus = denialStatus;
        this.movedAt = movedAt;
    }

    public UUID denial() {
        return denial;
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "The review's denial moved on";
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("review", review.toString());
        m.put("denial", denial.toString());
        m.put("denialStatus", denialStatus.name());
        if (movedAt != null)
            m.put("movedAt", movedAt.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString());
        return m;
    }
}
