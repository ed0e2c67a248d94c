package org.reclaim.connector.records;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What an authorization on file is sought for: a claim, the payer and member it names when they are
 * known, and either one service line (its procedure on its date) or, for a claim-level denial, the
 * whole claim (no procedure; the claim's dates of service).
 *
 * @param payerId the payer the claim went to; null when unknown
 * @param memberId the member's id as the payer knows it (an eligibility answer) or as the claim was
 *     billed; null when unknown
 * @param procedure the line's procedure code; null for the whole claim
 * @param from first date of service; null when unknown (then {@code to} stands for it)
 * @param to last date of service, inclusive; null when unknown (then {@code from} stands for it)
 */
public record AuthorizationQuery(
        String patientControlNumber,
        String payerId,
        String memberId,
        String procedure,
        LocalDate from,
        LocalDate to) {

    public AuthorizationQuery {
        Objects.requireNonNull(patientControlNumber, "patientControlNumber");
        if (from == null) from = to;
        if (to == null) to = from;
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException(
                    "last date of service " + to + " is before the first " + from);
        }
    }
}
