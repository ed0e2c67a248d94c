package org.reclaim.connector.records;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of {@code authorizations.csv}.
 *
 * @param to last day covered, inclusive; null when open-ended
 */
public record AuthorizationOnFile(String patientControlNumber, String memberId, String payerId, String procedure,
        LocalDate from, LocalDate to, String authorizationNumber) {

    public AuthorizationOnFile {
        Objects.requireNonNull(patientControlNumber, "patientControlNumber");
        Objects.requireNonNull(procedure, "procedure");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(authorizationNumber, "authorizationNumber");
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("'to' " + to + " is before 'from' " + from);
        }
    }

    /** Whether this authorization is for {@code procedure} (ignoring case and spaces) on {@code date}. */
    public boolean covers(String procedure, LocalDate date) {
        return normalized(this.procedure).equals(normalized(procedure)) && !date.isBefore(from)
                && (to == null || !date.isAfter(to));
    }

    static String normalized(String procedure) {
        return procedure.strip().toUpperCase(Locale.ROOT);
    }
}
