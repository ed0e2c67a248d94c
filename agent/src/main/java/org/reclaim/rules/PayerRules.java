package org.reclaim.rules;

import java.util.List;
import java.util.Set;

/**
 * What triage knows of one payer: from {@code config/payers.yml}, or the conservative defaults of
 * its type (a payer not in the file is type OTHER and {@code configured} false, flagged for an
 * operator).
 *
 * @param identifiers as they appear in files: N1*PR id, TRN03, REF*2U, the 837 payer id
 * @param overrides this payer's own category refinements, consulted before the catalog's
 * @param priorAuthorization the procedure codes this payer authorizes before the service (the
 *     scrubber flags a line with one when no authorization covers it)
 * @param timelyFilingWarningDays the scrubber warns when this many days or fewer are left of the
 *     timely-filing window
 */
public record PayerRules(
        String id,
        String name,
        PayerType type,
        boolean configured,
        Set<String> identifiers,
        int timelyFilingDays,
        List<AppealLevel> appealLevels,
        Correction correction,
        List<Channel> channels,
        Set<Category> notAppealable,
        List<CategoryRule> overrides,
        Set<String> priorAuthorization,
        int timelyFilingWarningDays) {

    /** One level of appeal and how long after the decision it can be filed. */
    public record AppealLevel(String name, int days) {}

    /** From which date a correction window runs. */
    public enum WindowStart {
        SERVICE_DATE,
        PAYMENT_DATE
    }

    public record Correction(CorrectionMethod method, int days, WindowStart from) {}

    public PayerRules {
        identifiers = Set.copyOf(identifiers);
        appealLevels = List.copyOf(appealLevels);
        channels = List.copyOf(channels);
        notAppealable = Set.copyOf(notAppealable);
        overrides = List.copyOf(overrides);
        priorAuthorization = Set.copyOf(priorAuthorization);
    }

    /** The payer's rules under another id, for a payer met in a file but not configured. */
    PayerRules unconfigured(String seenId, String seenName) {
        return new PayerRules(
                seenId,
                seenName,
                type,
                false,
                seenId == null ? Set.of() : Set.of(seenId),
                timelyFilingDays,
                appealLevels,
                correction,
                channels,
                notAppealable,
                List.of(),
                priorAuthorization,
                timelyFilingWarningDays);
    }
}
