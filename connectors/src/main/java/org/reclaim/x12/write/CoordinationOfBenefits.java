package org.reclaim.x12.write;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.ClaimDocument.Claim;
import org.reclaim.x12.claim.ClaimDocument.Line;
import org.reclaim.x12.claim.ClaimDocument.LineAdjudication;
import org.reclaim.x12.claim.ClaimDocument.OtherPayer;
import org.reclaim.x12.claim.ClaimDocument.Party;
import org.reclaim.x12.claim.ClaimDocument.Subscriber;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.ServiceLine;

/**
 * Turns a claim and what its payer did with it (the CLP loop of its 835) into the claim for the
 * next payer: a new original (frequency 1) to {@code nextPayer}, with the prior payer in loop
 * 2320/2330 (its claim-level CAS, AMT*D paid, AMT*EAF patient responsibility, REF*F8 its claim
 * number, DTP*573 when) and its line adjudications in loop 2430 (SVD paid, line CAS, DTP*573).
 */
public final class CoordinationOfBenefits {

    private CoordinationOfBenefits() {}

    /**
     * @param prior the claim as the prior payer received it
     * @param remit the prior payer's CLP loop for it
     * @param adjudicated the prior payer's payment date (BPR16 of the 835)
     * @param nextPayer who the claim goes to now (2010BB)
     * @param nextSubscriber the subscriber of the next payer's coverage (SBR01 S when the prior was
     *     primary)
     */
    public static ClaimDocument rebill(
            ClaimDocument prior,
            ClaimPayment remit,
            LocalDate adjudicated,
            Party nextPayer,
            Subscriber nextSubscriber) {
        if (remit.paid() == null)
            throw new IllegalArgumentException("the prior payer's CLP04 is missing");
        Subscriber s = prior.subscriber();
        Claim c = prior.claim();
        String relationship = prior.patient() == null ? "18" : prior.patient().relationship();
        OtherPayer other =
                new OtherPayer(
                        s.payerResponsibility(),
                        relationship,
                        s.groupNumber(),
                        s.groupName(),
                        s.insuranceType(),
                        s.filingIndicator(),
                        remit.adjustments(),
                        remit.paid(),
                        remit.patientResponsibility(),
                        c.benefitsAssigned() != null ? c.benefitsAssigned() : "Y",
                        c.patientSignatureSource(),
                        c.releaseOfInformation() != null ? c.releaseOfInformation() : "Y",
                        s.name(),
                        s.address(),
                        prior.payer().name(),
                        prior.payer().address(),
                        adjudicated,
                        remit.payerClaimNumber());
        String payerId = prior.payer().name().id();
        List<Line> lines = new ArrayList<>(prior.lines().size());
        boolean[] used = new boolean[remit.lines().size()];
        for (Line l : prior.lines()) {
            int k = match(l, remit.lines(), used);
            if (k < 0) {
                if (!remit.lines().isEmpty()) {
                    throw new IllegalArgumentException(
                            "the prior payer's remit has no line for "
                                    + l.procedureQualifier()
                                    + ":"
                                    + l.procedure()
                                    + " (REF*6R "
                                    + l.controlNumber()
                                    + ")");
                }
                lines.add(l);
                continue;
            }
            used[k] = true;
            ServiceLine v = remit.lines().get(k);
            LineAdjudication a =
                    new LineAdjudication(
                            payerId,
                            v.paid(),
                            v.procedureQualifier(),
                            v.procedure(),
                            v.modifiers(),
                            v.units(),
                            v.adjustments(),
                            adjudicated,
                            null);
            List<LineAdjudication> all = new ArrayList<>(l.adjudications());
            all.add(a);
            lines.add(l.withAdjudications(all));
        }
        List<OtherPayer> others = new ArrayList<>(prior.otherPayers());
        others.add(other);
        return prior.withPayer(nextPayer)
                .withSubscriber(nextSubscriber)
                .withOtherPayers(others)
                .withLines(lines)
                .asNewOriginal();
    }

    /**
     * The remit line for a claim line: same REF*6R, else the first unused one with the same
     * procedure.
     */
    private static int match(Line l, List<ServiceLine> remit, boolean[] used) {
        if (l.controlNumber() != null) {
            for (int k = 0; k < remit.size(); k++) {
                if (!used[k] && l.controlNumber().equals(remit.get(k).controlNumber())) return k;
            }
        }
        for (int k = 0; k < remit.size(); k++) {
            if (!used[k] && l.procedure() != null && l.procedure().equals(remit.get(k).procedure()))
                return k;
        }
        return -1;
    }
}
