package org.reclaim.x12.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.ack.Eligibility;

/**
 * 271 (005010X279A1, and 4010 X092) → one {@link Eligibility} per subscriber (HL 22) or dependent
 * (HL 23) loop that has an EB or AAA of its own (a subscriber loop that only heads dependents is
 * skipped). DTPs before the first EB are the member's plan dates; those after belong to a benefit
 * and are not read. An AAA of the information source or receiver (no member loop at all) yields
 * nothing.
 */
public final class EligibilityMapper implements TransactionMapper {

    private final X12Handler handler;
    private final int transaction;
    private String controlNumber = "";
    private String level = "";

    /** The NM1 entity of the loop the next segments belong to. */
    private String entity = "";

    private String payerId;
    private String payerName;
    private String subscriberMemberId;
    private Member member;

    public EligibilityMapper(X12Handler handler, int transaction) {
        this.handler = handler;
        this.transaction = transaction;
    }

    @Override
    public void segment(Segment s) {
        switch (s.id()) {
            case "ST" -> controlNumber = s.element(2).trim();
            case "HL" -> {
                finish();
                level = s.element(3).trim();
                entity = "";
                if (level.equals("22")) subscriberMemberId = null;
                if (level.equals("22") || level.equals("23")) {
                    member = new Member(level.equals("23"), s.ordinal());
                    member.parent = s.elementIs(4, "1");
                }
            }
            case "NM1" -> {
                entity = s.element(1).trim();
                if (level.equals("20") && entity.equals("PR")) {
                    payerId = s.elementOrNull(9);
                    payerName = s.elementOrNull(3);
                } else if (member != null
                        && member.eb == 0
                        && (entity.equals("IL") || entity.equals("03"))) {
                    member.lastName = s.elementOrNull(3);
                    member.firstName = s.elementOrNull(4);
                    String id = s.elementOrNull(9);
                    if (!member.dependent) subscriberMemberId = id;
                    member.memberId = id != null ? id : subscriberMemberId;
                }
            }
            case "TRN" -> {
                if (member != null && member.trace == null) member.trace = s.elementOrNull(2);
            }
            case "DMG" -> {
                if (member != null && member.eb == 0) member.birthDate = s.date(2);
            }
            case "AAA" -> {
                // at 2100C/D an AAA rejects the member; inside a benefit (after EB) it is about
                // that benefit only
                if (member != null && member.eb == 0 && s.has(3))
                    member.rejections.add(s.element(3).trim());
            }
            case "DTP" -> {
                if (member == null || member.eb > 0) return;
                String q = s.element(1).trim();
                switch (q) {
                    case "346", "356" -> member.begin = s.dateInRange(3, false);
                    case "347", "357" -> member.end = s.dateInRange(3, true);
                    case "291", "307" -> {
                        if (member.begin == null) member.begin = s.dateInRange(3, false);
                        if (s.element(2).trim().equals("RD8") && member.end == null)
                            member.end = s.dateInRange(3, true);
                    }
                    default -> {}
                }
            }
            case "EB" -> {
                if (member == null) return;
                String code = s.element(1).trim();
                if (member.eb++ == 0) {
                    member.coverage = code.isEmpty() ? null : code;
                    member.planName = s.elementOrNull(5);
                }
                if (code.length() == 1 && code.charAt(0) >= '1' && code.charAt(0) <= '5')
                    member.active = true;
            }
            default -> {}
        }
    }

    @Override
    public void end(boolean closed) {
        finish();
    }

    private void finish() {
        if (member == null) return;
        Member m = member;
        member = null;
        // a subscriber loop that only heads its dependents' loops says nothing about coverage
        // itself
        if (m.parent && m.eb == 0 && m.rejections.isEmpty()) return;
        handler.eligibility(
                new Eligibility(
                        transaction,
                        controlNumber,
                        payerId,
                        payerName,
                        m.trace,
                        m.memberId,
                        m.lastName,
                        m.firstName,
                        m.birthDate,
                        m.dependent,
                        m.active && m.rejections.isEmpty(),
                        m.coverage,
                        m.planName,
                        m.begin,
                        m.end,
                        m.rejections,
                        m.segment));
    }

    private static final class Member {
        final boolean dependent;
        final long segment;
        final List<String> rejections = new ArrayList<>(1);
        String trace;
        String memberId;
        String lastName;
        String firstName;
        LocalDate birthDate;
        int eb;
        boolean parent;
        boolean active;
        String coverage;
        String planName;
        LocalDate begin;
        LocalDate end;

        Member(boolean dependent, long segment) {
            this.dependent = dependent;
            this.segment = segment;
        }
    }
}
