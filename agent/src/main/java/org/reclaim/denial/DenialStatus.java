package org.reclaim.denial;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a denial is in its life. A status changes only through {@link #canMoveTo}: the lifecycle
 * service refuses any other move and records every one it makes as an event.
 */
public enum DenialStatus {
    NEW,
    TRIAGED,
    IN_PROGRESS,
    AWAITING_REVIEW,
    SUBMITTED,
    AWAITING_PAYER,
    UPHELD,
    NEXT_LEVEL,
    ESCALATED,
    RESOLVED_PAID,
    RESOLVED_PARTIAL,
    WRITTEN_OFF,
    ROUTED_TO_PATIENT,
    REBILLED,
    CLOSED;

    private static final Set<DenialStatus> TERMINAL =
            EnumSet.of(
                    RESOLVED_PAID,
                    RESOLVED_PARTIAL,
                    WRITTEN_OFF,
                    ROUTED_TO_PATIENT,
                    REBILLED,
                    CLOSED);

    /** A payment can arrive whatever the agent is doing: every open status may resolve. */
    private static final Set<DenialStatus> PAID = EnumSet.of(RESOLVED_PAID, RESOLVED_PARTIAL);

    private static final Map<DenialStatus, Set<DenialStatus>> MOVES =
            Map.ofEntries(
                    Map.entry(NEW, EnumSet.of(TRIAGED)),
                    Map.entry(TRIAGED, EnumSet.of(IN_PROGRESS, ESCALATED, WRITTEN_OFF, CLOSED)),
                    Map.entry(
                            IN_PROGRESS,
                            EnumSet.of(
                                    AWAITING_REVIEW,
                                    SUBMITTED,
                                    AWAITING_PAYER,
                                    ESCALATED,
                                    WRITTEN_OFF,
                                    ROUTED_TO_PATIENT,
                                    REBILLED,
                                    CLOSED)),
                    Map.entry(
                            AWAITING_REVIEW,
                            EnumSet.of(IN_PROGRESS, ESCALATED, WRITTEN_OFF, CLOSED)),
                    Map.entry(
                            UPHELD,
                            EnumSet.of(
                                    NEXT_LEVEL,
                                    IN_PROGRESS,
                                    AWAITING_REVIEW,
                                    WRITTEN_OFF,
                                    ROUTED_TO_PATIENT,
                                    ESCALATED,
                                    CLOSED)),
                    // while the payer has it, the playbook may still act: follow up, resubmit, ask
                    // a person, close
                    Map.entry(
                            SUBMITTED,
                            EnumSet.of(
                                    AWAITING_PAYER,
                                    SUBMITTED,
                                    IN_PROGRESS,
                                    AWAITING_REVIEW,
                                    UPHELD,
                                    ESCALATED,
                                    WRITTEN_OFF,
                                    ROUTED_TO_PATIENT,
                                    REBILLED,
                                    CLOSED)),
                    Map.entry(
                            AWAITING_PAYER,
                            EnumSet.of(
                                    IN_PROGRESS,
                                    SUBMITTED,
                                    AWAITING_REVIEW,
                                    UPHELD,
                                    ESCALATED,
                                    WRITTEN_OFF,
                                    ROUTED_TO_PATIENT,
                                    REBILLED,
                                    CLOSED)),
                    Map.entry(NEXT_LEVEL, EnumSet.of(IN_PROGRESS, ESCALATED)),
                    Map.entry(ESCALATED, EnumSet.of(IN_PROGRESS, WRITTEN_OFF, CLOSED)),
                    Map.entry(RESOLVED_PAID, EnumSet.noneOf(DenialStatus.class)),
                    Map.entry(RESOLVED_PARTIAL, EnumSet.noneOf(DenialStatus.class)),
                    Map.entry(WRITTEN_OFF, EnumSet.noneOf(DenialStatus.class)),
                    Map.entry(ROUTED_TO_PATIENT, EnumSet.noneOf(DenialStatus.class)),
                    Map.entry(REBILLED, EnumSet.noneOf(DenialStatus.class)),
                    Map.entry(CLOSED, EnumSet.noneOf(DenialStatus.class)));

    public boolean terminal() {
        return TERMINAL.contains(this);
    }

    public boolean canMoveTo(DenialStatus next) {
        if (PAID.contains(next)) return !terminal();
        return MOVES.get(this).contains(next);
    }

    /**
     * The statuses in which the agent still owes work or waits on someone: everything not terminal.
     */
    public static Set<DenialStatus> open() {
        return EnumSet.complementOf(EnumSet.copyOf(TERMINAL));
    }

    /** SQL list of the terminal statuses, for queries. */
    public static String terminalSql() {
        return sql(TERMINAL.toArray(DenialStatus[]::new));
    }

    /**
     * SQL list of {@code statuses} ({@code 'NEW', 'TRIAGED'}), for {@code status IN (…)}: queries
     * name statuses through the enum, so a renamed or removed status fails to compile instead of
     * matching nothing.
     */
    public static String sql(DenialStatus... statuses) {
        StringBuilder b = new StringBuilder();
        for (DenialStatus s : statuses)
            b.append(b.length() == 0 ? "" : ", ").append('\'').append(s.name()).append('\'');
        return b.toString();
    }
}
