package org.reclaim.connector.payer;

import java.time.LocalDate;
import java.util.Objects;

/**
 * An authorization as the payer has it on file.
 *
 * @param to last day covered, inclusive; null when open-ended
 */
public record AuthorizationRecord(
        String authorizationNumber,
        String memberId,
        String procedure,
        LocalDate from,
        LocalDate to) {

    public AuthorizationRecord {
        Requests.required("authorizationNumber", authorizationNumber);
        Objects.requireNonNull(from, "from");
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException(
                    "authorization " + authorizationNumber + " ends before it starts");
        }
    }
}
