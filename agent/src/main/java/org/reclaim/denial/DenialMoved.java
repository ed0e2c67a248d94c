package org.reclaim.denial;

import java.time.Instant;
import java.util.UUID;

/**
 * A denial moved from one status to another ({@link Lifecycle#move}).
 *
 * @param event the id of the denial event recording the move: unique per move
 * @param reason why, as recorded on the denial's timeline
 */
public record DenialMoved(
        UUID event,
        UUID denial,
        UUID practice,
        DenialStatus from,
        DenialStatus to,
        String actor,
        String reason,
        Instant at) {}
