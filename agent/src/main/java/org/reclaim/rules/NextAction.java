package org.reclaim.rules;

/** What a denial needs next, which decides the clock its deadline runs on. */
public enum NextAction {
    /** contest the decision: the appeal window runs from the payment date */
    APPEAL,
    /** correct the claim the payer's way (replacement, reopening): the payer's correction window */
    CORRECTED_CLAIM,
    /**
     * send a new original claim (to this payer or another): the timely-filing limit from the date
     * of service
     */
    NEW_CLAIM,
    /** not a denial: nothing to do */
    NONE
}
