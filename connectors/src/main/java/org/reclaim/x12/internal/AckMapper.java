package org.reclaim.x12.internal;

import java.util.ArrayList;
import java.util.List;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.ack.SetResponse;

/**
 * 999 (IK…) and 997 (AK3/AK4/AK5) → one {@link Acknowledgment} with a {@link SetResponse} per AK2
 * loop. The group's AK9 has the last word (docs/contracts.md §1): R, M, W or X rejects every set of
 * the group, whatever its IK5/AK5 said; A, E and P leave each set its own answer. A group rejected
 * without AK2 loops names none of its sets, so one answer with no set control number stands for all
 * of them: the rejection stays visible (counted, stored, matched by the group control number)
 * instead of vanishing.
 */
public final class AckMapper implements TransactionMapper {

    private final X12Handler handler;
    private final String type;
    private final int transaction;
    private String controlNumber = "";
    private long segment;
    private long offset;
    private String group;
    private String function;
    private String groupCode;
    private int setsInGroup;
    private final List<String> groupErrors = new ArrayList<>(2);
    private final List<SetResponse> sets = new ArrayList<>();
    private SetBuilder set;

    public AckMapper(X12Handler handler, String type, int transaction) {
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
            case "AK1" -> {
                function = s.elementOrNull(1);
                group = s.elementOrNull(2);
            }
            case "AK2" -> {
                finishSet();
                set = new SetBuilder(s.element(1).trim(), s.element(2).trim());
            }
            case "IK3", "IK4", "AK3", "AK4", "CTX" -> {
                if (set != null) set.errors.add(s.toString());
            }
            case "IK5", "AK5" -> {
                if (set != null) {
                    set.code = s.elementOrNull(1);
                    for (int i = 2; i <= 6; i++)
                        if (s.has(i)) set.errors.add(s.id() + "0" + i + " " + s.element(i).trim());
                    finishSet();
                }
            }
            case "AK9" -> {
                finishSet();
                groupCode = s.elementOrNull(1);
                setsInGroup = count(s.elementOrNull(2));
                for (int i = 5; i <= 9; i++)
                    if (s.has(i)) groupErrors.add("AK90" + i + " " + s.element(i).trim());
            }
            default -> {}
        }
    }

    /**
     * AK902, a count; 0 when missing or not a number (a finding elsewhere, not a reason to fail
     * here).
     */
    private static int count(String value) {
        if (value == null || value.isBlank()) return 0;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void finishSet() {
        if (set == null) return;
        sets.add(set.build());
        set = null;
    }

    @Override
    public void end(boolean closed) {
        finishSet();
        boolean groupAccepted = groupAccepted(groupCode);
        List<SetResponse> out = new ArrayList<>(sets.size() + 1);
        for (SetResponse r : sets) out.add(groupAccepted ? decided(r) : rejectedByGroup(r));
        if (out.isEmpty() && !groupAccepted) {
            out.add(
                    new SetResponse(
                            setOf(function), null, groupCode, false, List.copyOf(groupErrors)));
        }
        handler.acknowledgment(
                new Acknowledgment(
                        type,
                        transaction,
                        controlNumber,
                        group,
                        groupCode,
                        groupAccepted,
                        setsInGroup,
                        List.copyOf(out),
                        List.of(),
                        null,
                        null,
                        segment,
                        offset));
    }

    /**
     * The transaction set a functional group of this functional identifier (GS01, echoed in AK101)
     * carries, for the groups this product sends or reads (X12 GS01 code list: HC health care
     * claim, HR claim status request, HS eligibility inquiry, HN claim status notification, HB
     * eligibility response, HP payment advice); null for another or none, so a whole-group
     * rejection is never taken for a claim's by mistake.
     */
    public static String setOf(String functionalId) {
        if (functionalId == null) return null;
        return switch (functionalId.trim()) {
            case "HC" -> "837";
            case "HR" -> "276";
            case "HS" -> "270";
            case "HN" -> "277";
            case "HB" -> "271";
            case "HP" -> "835";
            default -> null;
        };
    }

    /**
     * Under an accepting group: a set without IK5/AK5 shares the fate of its group, the others keep
     * their own.
     */
    private SetResponse decided(SetResponse r) {
        return r.code() == null
                ? new SetResponse(
                        r.transactionSetId(),
                        r.controlNumber(),
                        null,
                        groupCode != null,
                        r.errors())
                : r;
    }

    /**
     * Under a rejecting group: rejected, with the group's verdict as the reason when the set's own
     * answer had none.
     */
    private SetResponse rejectedByGroup(SetResponse r) {
        if (!r.accepted() && r.code() != null) return r;
        List<String> errors = new ArrayList<>(r.errors());
        errors.add("AK901 " + groupCode);
        return new SetResponse(
                r.transactionSetId(), r.controlNumber(), r.code(), false, List.copyOf(errors));
    }

    public static boolean groupAccepted(String code) {
        return code == null
                || !(code.equals("R") || code.equals("M") || code.equals("W") || code.equals("X"));
    }

    private static final class SetBuilder {
        final String id;
        final String control;
        final List<String> errors = new ArrayList<>(2);
        String code;

        SetBuilder(String id, String control) {
            this.id = id;
            this.control = control;
        }

        SetResponse build() {
            boolean accepted = "A".equals(code) || "E".equals(code);
            return new SetResponse(id, control, code, accepted, List.copyOf(errors));
        }
    }
}
