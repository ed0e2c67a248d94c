package org.reclaim.x12.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.ack.ClaimStatus;

/**
 * 277CA (X214) and 277 (X212) → one {@link Acknowledgment} with a {@link ClaimStatus} per claim
 * loop: a TRN under a patient-level HL (PT in X214, subscriber 22 or dependent 23 in X212).
 */
public final class ClaimStatusMapper implements TransactionMapper {

    private final X12Handler handler;
    private final String type;
    private final int transaction;
    private String controlNumber = "";
    private long segment;
    private long offset;
    private String level = "";
    private String payerId;
    private String payerName;
    private final List<ClaimStatus> claims = new ArrayList<>();
    private ClaimBuilder claim;

    public ClaimStatusMapper(X12Handler handler, String type, int transaction) {
        this.handler = handler;
        this.type = type;
        this.transaction = transaction;
    }

    @Override
    public void segment(Segment s) {
        switch (s.id()) {
            case "ST" -> {
                controlNumber = s.element(2).trim();
                segment = s.ordinal();
                offset = s.offset();
            }
            case "HL" -> {
                finishClaim();
                level = s.element(3).trim();
            }
            case "TRN" -> {
                finishClaim();
                if (level.equals("PT") || level.equals("22") || level.equals("23")) {
                    claim = new ClaimBuilder(s.element(2).trim(), s.ordinal());
                }
            }
            case "NM1" -> {
                // loop 2100A, the information source: the payer (PR), or a clearinghouse (AY)
                if (level.equals("20") && s.elementIs(1, "PR") && payerName == null) {
                    payerName = s.elementOrNull(3);
                    payerId = s.elementOrNull(9);
                }
            }
            case "STC" -> {
                if (claim != null) claim.stc(s);
            }
            case "REF" -> {
                if (claim != null && !claim.inLines && s.elementIs(1, "1K"))
                    claim.payerClaimNumber = s.elementOrNull(2);
            }
            case "DTP" -> {
                if (claim != null && !claim.inLines && s.elementIs(1, "472")) {
                    claim.from = s.dateInRange(3, false);
                    claim.to = s.dateInRange(3, true);
                }
            }
            case "SVC" -> {
                if (claim != null) claim.inLines = true;
            }
            default -> {}
        }
    }

    private void finishClaim() {
        if (claim == null) return;
        claims.add(claim.build());
        claim = null;
    }

    @Override
    public void end(boolean closed) {
        finishClaim();
        handler.acknowledgment(
                new Acknowledgment(
                        type,
                        transaction,
                        controlNumber,
                        null,
                        null,
                        true,
                        0,
                        List.of(),
                        List.copyOf(claims),
                        payerId,
                        payerName,
                        segment,
                        offset));
    }

    public static boolean rejecting(String category) {
        return category.equals("A3")
                || category.equals("A6")
                || category.equals("A7")
                || category.equals("A8");
    }

    private static final class ClaimBuilder {
        final String patientControlNumber;
        final long segment;
        final List<String> reasons = new ArrayList<>(2);
        String payerClaimNumber;
        String category;
        String status;
        String entity;
        boolean rejected;
        LocalDate statusDate;
        Money charge;
        Money paid;
        LocalDate paidOn;
        LocalDate from;
        LocalDate to;
        boolean inLines;

        ClaimBuilder(String patientControlNumber, long segment) {
            this.patientControlNumber = patientControlNumber;
            this.segment = segment;
        }

        void stc(Segment s) {
            boolean first = category == null && !inLines;
            for (int i : new int[] {1, 10, 11}) {
                if (!s.has(i)) continue;
                List<String> parts = s.components(i);
                if (parts.isEmpty()) continue;
                reasons.add(String.join(":", parts));
                if (!inLines && rejecting(parts.get(0).trim())) rejected = true;
            }
            if (first) {
                category = s.component(1, 1).trim();
                status = s.component(1, 2).trim();
                String e = s.component(1, 3).trim();
                entity = e.isEmpty() ? null : e;
                statusDate = s.date(2);
                charge = s.money(4);
                paid = s.has(5) ? s.money(5) : null;
                paidOn = s.has(6) ? s.date(6) : null;
            }
        }

        ClaimStatus build() {
            return new ClaimStatus(
                    patientControlNumber,
                    payerClaimNumber,
                    category,
                    status,
                    entity,
                    !rejected,
                    statusDate,
                    charge,
                    from,
                    to,
                    List.copyOf(reasons),
                    segment,
                    paid,
                    paidOn);
        }
    }
}
