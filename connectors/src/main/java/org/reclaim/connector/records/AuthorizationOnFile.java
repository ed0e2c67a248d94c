package org.reclaim.connector.records;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of {@code authorizations.csv}.
 *
 * @param memberId the member authorized; empty or null when the row does not say
 * @param payerId the payer that authorized; empty or null when the row does not say
 * @param to last day covered, inclusive; null when open-ended
 */
public record AuthorizationOnFile(
        String patientControlNumber,
        String memberId,
        String payerId,
        String procedure,
        LocalDate from,
        LocalDate to,
        String authorizationNumber) {

    public AuthorizationOnFile {
        Objects.requireNonNull(patientControlNumber, "patientControlNumber");
        Objects.requireNonNull(procedure, "procedure");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(authorizationNumber, "authorizationNumber");
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("'to' " + to + " is before 'from' " + from);
        }
    }

    /**
     * Whether this authorization covers what is sought: the same claim; the same payer when this
     * row names one (a remittance names its payer, so a denial whose payer is unknown cannot be
     * shown to be the one); the same member when this row and the query both know one (the row is
     * the claim's own, and the member id is known only when the original claim or an eligibility
     * answer is on file); the same procedure (ignoring case and spaces), unless the whole claim is
     * sought; and every date of service from the first to the last. Unknown dates of service are
     * never covered: an authorization number goes into an appeal or a corrected claim only for a
     * service it is shown to cover, so the look-up goes on as when none is on file (the payer's
     * portal, else a person).
     */
    public boolean covers(AuthorizationQuery q) {
        return patientControlNumber.equals(q.patientControlNumber().strip())
                && samePayer(q.payerId())
                && sameMember(q.memberId())
                && (q.procedure() == null
                        || normalized(procedure).equals(normalized(q.procedure())))
                && q.from() != null
                && !q.from().isBefore(from)
                && (to == null || !q.to().isAfter(to));
    }

    private boolean samePayer(String sought) {
        return blank(payerId) || !blank(sought) && payerId.strip().equalsIgnoreCase(sought.strip());
    }

    private boolean sameMember(String sought) {
        return blank(memberId)
                || blank(sought)
                || memberId.strip().equalsIgnoreCase(sought.strip());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static String normalized(String procedure) {
        return procedure.strip().toUpperCase(Locale.ROOT);
    }
}
