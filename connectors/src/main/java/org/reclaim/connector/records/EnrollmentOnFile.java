package org.reclaim.connector.records;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of the practice's provider roster, {@code records/<slug>/enrollments.csv}: a rendering
 * provider's enrollment with one payer, as the practice keeps it (docs/data-folders.md).
 *
 * @param renderingNpi the provider's NPI
 * @param payerId the payer enrolled with, as its remittances name it
 * @param status ENROLLED, PENDING, TERMINATED or DENIED
 * @param effectiveFrom the first day the enrollment covers (for PENDING or DENIED: the day asked
 *     for)
 * @param effectiveTo the last day it covers, inclusive (for TERMINATED: the last day before the
 *     termination); null when open-ended
 * @param confirmation the payer's enrollment or confirmation reference; empty when the practice has
 *     none on file
 */
public record EnrollmentOnFile(
        String renderingNpi,
        String payerId,
        Status status,
        LocalDate effectiveFrom,
        LocalDate effectiveTo,
        String confirmation) {

    /** An enrollment's state with the payer. */
    public enum Status {
        ENROLLED,
        PENDING,
        TERMINATED,
        DENIED
    }

    public EnrollmentOnFile {
        Objects.requireNonNull(renderingNpi, "renderingNpi");
        Objects.requireNonNull(payerId, "payerId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (effectiveTo != null && effectiveTo.isBefore(effectiveFrom)) {
            throw new IllegalArgumentException(
                    "'effectiveTo' " + effectiveTo + " is before 'effectiveFrom' " + effectiveFrom);
        }
        confirmation = confirmation == null ? "" : confirmation.strip();
    }

    /** Whether this row is about this provider with this payer (NPI exact, payer ignoring case). */
    public boolean about(String npi, String payer) {
        return npi != null
                && payer != null
                && renderingNpi.strip().equals(npi.strip())
                && payerId.strip()
                        .toUpperCase(Locale.ROOT)
                        .equals(payer.strip().toUpperCase(Locale.ROOT));
    }

    /**
     * Whether the provider was enrolled with the payer on {@code day} by this row: an ENROLLED row,
     * or a TERMINATED one whose last day is known, covering the day. A PENDING or DENIED row never
     * is: the payer had not enrolled the provider.
     */
    public boolean enrolledOn(LocalDate day) {
        if (day == null) return false;
        boolean active =
                status == Status.ENROLLED || status == Status.TERMINATED && effectiveTo != null;
        return active
                && !day.isBefore(effectiveFrom)
                && (effectiveTo == null || !day.isAfter(effectiveTo));
    }
}
