package org.reclaim.denial;

import java.util.Locale;

/**
 * What the person must do about an escalated denial, from who escalated it and the reason they gave
 * (the denial_event that moved it to ESCALATED). The reasons are the ones the agent writes: the
 * playbook's ESCALATE step (with the reason an earlier step left, or the step that led there), the
 * deadline watch, a connector a person must fix, a step that kept failing, a partner that kept
 * faulting; and an operator's rejection of a draft.
 */
public final class EscalationTodo {

    private EscalationTodo() {}

    /**
     * @param by the actor of the move ({@code agent:ESCALATE}, {@code agent:DEADLINE_WATCH}, {@code
     *     operator:ann}, ...)
     * @param reason the move's reason as stored
     */
    public static String of(String by, String reason) {
        String actor = by == null ? "" : by;
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (actor.startsWith("agent:DEADLINE_WATCH") || actor.startsWith("agent:WATCH"))
            return "The deadline is near or past and nothing was sent: submit the appeal or"
                    + " corrected claim yourself today, or write the amount off with the reason.";
        if (r.contains("credentials"))
            return "An admin must fix the connector's credentials; then hand the denial back to the"
                    + " agent from the step that failed.";
        if (r.contains("host is refused") || r.contains("hosts an admin allows"))
            return "An admin must fix the connector's URL or the allowed hosts (nothing was sent);"
                    + " then hand the denial back to the agent from the step that failed.";
        if (r.contains("cannot be read"))
            return "The partner answered in a form the agent cannot read: check the answer with the"
                    + " partner, then hand the denial back or work it by hand.";
        if (actor.startsWith("agent:FAULT") || r.contains("faults in a row"))
            return "The partner kept failing: check that it is up (its status page or a call), then"
                    + " hand the denial back to the agent from the step that failed.";
        if (r.contains("has no implementation"))
            return "The agent cannot do this step: do it by hand, then close the denial with what"
                    + " you did, or hand it back from the next step.";
        if (r.matches(".*failed \\d+ times.*"))
            return "A step kept failing: read its runs in the timeline, fix the cause, then hand the"
                    + " denial back from that step, or work it by hand.";
        if (actor.startsWith("operator:"))
            return "A reviewer turned down the agent's work (reason above): work the denial by"
                    + " hand, or hand it back to the agent from a chosen step.";
        if (r.contains("asks for a person"))
            return "The playbook has no step left the agent can take (what led here is above):"
                    + " decide by hand (appeal, correct, write off or close with a reason), or hand"
                    + " it back from a chosen step.";
        return "The agent stopped and needs a decision (reason above): fix what it names and hand"
                + " the denial back from a chosen step, or close it or write it off with a reason.";
    }
}
