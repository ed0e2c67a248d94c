package org.reclaim.work.steps;

import java.util.function.Function;
import org.reclaim.connector.clearinghouse.SubmissionReceipt;
import org.reclaim.connector.payer.PortalReceipt;
import org.reclaim.partner.Submissions;
import org.reclaim.work.StepResult;

/**
 * A partner's answer to what a step sent, once for every step that sends: a receipt the step goes
 * on with, or a refusal, which ends the step as {@link StepResult#refused} with the partner's
 * reason (a person acts on it; it is not retried as a fault is).
 */
final class Answers {

    private Answers() {}

    /** The clearinghouse took the file (its id), or rejected it (its reason). */
    static Submissions.Answer of(SubmissionReceipt r) {
        return r.accepted()
                ? Submissions.Answer.taken(r.id())
                : Submissions.Answer.refused(r.reason());
    }

    /** The payer's portal accepted the request (its case id), or refused it (its reason). */
    static Submissions.Answer of(PortalReceipt r) {
        return r.accepted()
                ? Submissions.Answer.taken(r.caseId())
                : Submissions.Answer.refused(r.reason());
    }

    /**
     * The step's result: {@code taken} applied to the receipt, or the refusal of {@code what} by
     * {@code partner}.
     */
    static StepResult result(
            Submissions.Answer answer,
            StepResult.Partner partner,
            String what,
            Function<String, StepResult> taken) {
        if (answer instanceof Submissions.Answer.Refused r)
            return StepResult.refused(partner, what, r.reason());
        return taken.apply(((Submissions.Answer.Taken) answer).receipt());
    }
}
