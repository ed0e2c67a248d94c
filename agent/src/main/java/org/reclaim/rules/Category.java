package org.reclaim.rules;

/**
 * Root-cause category of a denial: it decides the fix. The last three are not denials at all (the
 * contract, a prior payer or the patient accounts for the money) and are never worked.
 */
public enum Category {
    AUTHORIZATION,
    ELIGIBILITY,
    COORDINATION_OF_BENEFITS,
    CLAIM_DATA,
    DOCUMENTATION,
    CODING,
    MEDICAL_NECESSITY,
    BUNDLING,
    DUPLICATE,
    TIMELY_FILING,
    NON_COVERED,
    PROVIDER_ENROLLMENT,
    NETWORK,
    WRONG_PAYER,
    CONTRACTUAL,
    PRIOR_PAYER,
    PATIENT_RESPONSIBILITY,
    OTHER;

    public boolean workable() {
        return this != CONTRACTUAL && this != PRIOR_PAYER && this != PATIENT_RESPONSIBILITY;
    }
}
