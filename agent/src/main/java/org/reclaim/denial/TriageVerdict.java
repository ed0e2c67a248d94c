package org.reclaim.denial;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What triage decided for one denial: written onto the denial by {@link Lifecycle#triaged}, which
 * also makes the move NEW → TRIAGED for a denial not yet triaged.
 */
public record TriageVerdict(
        UUID denial,
        String category,
        String categoryBasis,
        String rootCause,
        boolean appealable,
        String nextAction,
        LocalDate deadline,
        String deadlineBasis,
        BigDecimal expectedRecovery,
        String playbook,
        String playbookReason,
        String payerType,
        boolean payerConfigured,
        List<String> warnings) {

    public TriageVerdict {
        warnings = List.copyOf(warnings);
    }
}
