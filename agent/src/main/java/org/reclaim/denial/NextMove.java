package org.reclaim.denial;

/**
 * Who owns a denial's next move, by its status: an operator (a review or an escalation waits for a
 * person), the agent (it has work to do or is deciding), the payer (it has what was sent), or
 * nobody (done). The worklist colours statuses by it and the "needs me" view lists the operator's.
 */
public enum NextMove {
    OPERATOR,
    AGENT,
    PAYER,
    DONE;

    /** The statuses that wait for a person: the worklist's default view. */
    public static final java.util.List<String> NEEDS_A_PERSON =
            java.util.List.of(DenialStatus.AWAITING_REVIEW.name(), DenialStatus.ESCALATED.name());

    public static NextMove of(DenialStatus s) {
        if (s.terminal()) return DONE;
        return switch (s) {
            case AWAITING_REVIEW, ESCALATED -> OPERATOR;
            case SUBMITTED, AWAITING_PAYER -> PAYER;
            default -> AGENT;
        };
    }

    /** The owner of a status named as stored; null for a name that is no status. */
    public static NextMove of(String status) {
        try {
            return of(DenialStatus.valueOf(status));
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** The CSS class of a status chip owned by this: {@code owner-operator}, ... */
    public String cssClass() {
        return "owner-" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
