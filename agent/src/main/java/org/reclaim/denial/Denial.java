package org.reclaim.denial;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A denial as the modules that work it see it: who it belongs to, where it stands and what the
 * payer's answer and the appeals have made of it. The full view with its triage and adjustments is
 * {@link DenialView}; a status changes only through {@link Lifecycle}.
 *
 * @param answeredBy the later claim payment that answered it, null until one did
 * @param recovered what a later payment recovered, null until one did
 * @param appealLevel the appeal level reached (1 the first)
 */
public record Denial(
        DenialId id,
        UUID practiceId,
        DenialStatus status,
        UUID claimPaymentId,
        Integer line,
        BigDecimal amount,
        LocalDate deadline,
        UUID answeredBy,
        BigDecimal recovered,
        int appealLevel) {}
