package org.reclaim.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of events a practice can subscribe an endpoint to, by their names on the wire. */
public enum WebhookKind {
    DENIAL_RESOLVED("denial.resolved"),
    DENIAL_ESCALATED("denial.escalated"),
    REVIEW_WAITING("review.waiting"),
    CLAIM_HELD("claim.held"),
    INVOICE_ISSUED("invoice.issued");

    private final String wire;

    WebhookKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<WebhookKind> of(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
    }

    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(WebhookKind::wire).toList());
    }
}
