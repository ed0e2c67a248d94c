package org.reclaim.rules;

/** How a payer takes a corrected claim (docs/denial.md, "Corrected claims and appeals"). */
public enum CorrectionMethod {
    /** an 837 with frequency code 7 and REF*F8 = the payer claim number */
    REPLACEMENT_CLAIM,
    /** a reopening request (portal, phone, form): Medicare Part B */
    REOPENING,
    /** a new original claim, frequency 1 */
    NEW_CLAIM
}
