package org.reclaim.work.steps;

import org.reclaim.work.WorkItem;
import org.reclaim.x12.claim.ClaimDocument;

/**
 * What a person does about a provider enrollment denial (CARC 170, B7 and kin), from the claim on
 * file: enroll or certify the provider who rendered the denied service (the line's rendering
 * provider, else the claim's, else the billing provider), by NPI and taxonomy, with the payer,
 * effective on or before the service date; then the playbook's corrected claim goes out, before the
 * denial's deadline. Enrollment is done with the payer, outside any claim: the agent never bills a
 * service under a provider who did not render it.
 */
final class EnrollmentReason {

    private EnrollmentReason() {}

    static String of(WorkItem item, ClaimDocument claim) {
        ClaimDocument.Party rendering = rendering(item, claim);
        String npi = rendering == null || rendering.name() == null ? null : rendering.name().id();
        StringBuilder b =
                new StringBuilder("provider enrollment (CARC ")
                        .append(item.carc())
                        .append("): enroll or certify the rendering provider");
        if (npi != null) b.append(", NPI ").append(npi);
        if (rendering != null && rendering.taxonomy() != null)
            b.append(" (taxonomy ").append(rendering.taxonomy()).append(')');
        if (npi == null) b.append(" on the claim");
        b.append(", with payer ").append(item.payerId() == null ? "of the claim" : item.payerId());
        if (item.serviceDate() != null)
            b.append(", effective on or before the service date ").append(item.serviceDate());
        b.append("; then approve the corrected claim the agent drafts");
        if (item.deadline() != null) b.append(", to be sent by ").append(item.deadline());
        return b.toString();
    }

    static ClaimDocument.Party rendering(WorkItem item, ClaimDocument claim) {
        if (claim == null) return null;
        Integer line = item.line();
        if (line != null && line >= 1 && line <= claim.lines().size()) {
            ClaimDocument.Party p = claim.lines().get(line - 1).renderingProvider();
            if (p != null) return p;
        }
        if (claim.claim().renderingProvider() != null) return claim.claim().renderingProvider();
        return claim.billingProvider() == null ? null : claim.billingProvider().party();
    }
}
