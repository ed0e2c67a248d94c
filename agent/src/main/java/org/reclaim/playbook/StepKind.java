package org.reclaim.playbook;

import java.util.Set;

/** The fixed vocabulary of playbook steps, with the parameters each one takes. */
public enum StepKind {
    CHECK_CLAIM_STATUS("channel", "attempts", "wait"),
    VERIFY_ELIGIBILITY("attempts", "wait"),
    LOOKUP_AUTHORIZATION("channel"),
    GATHER_RECORDS("documents", "evidence", "wait"),
    DRAFT_CORRECTED_CLAIM("correction"),
    DRAFT_APPEAL("documents"),
    REVIEW("review", "reviewAbove"),
    SUBMIT("channel"),
    AWAIT_RESPONSE("wait"),
    FOLLOW_UP("attempts", "wait", "channel"),
    NEXT_APPEAL_LEVEL("maxLevel"),
    ROUTE_TO_PATIENT_BILLING,
    REBILL_OTHER_PAYER,
    WRITE_OFF("review"),
    ESCALATE;

    private final Set<String> parameters;

    StepKind(String... parameters) {
        this.parameters = Set.of(parameters);
    }

    public Set<String> parameters() {
        return parameters;
    }
}
