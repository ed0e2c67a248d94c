package org.reclaim.x12.ack;

import java.time.LocalDate;
import java.util.List;

/**
 * What a 271 (005010X279A1) says about one subscriber or dependent (loop 2000C/2000D).
 *
 * @param transaction 1-based ordinal of the transaction in the file
 * @param controlNumber ST02 of the 271
 * @param payerId NM109 of the information source (2100A NM1*PR)
 * @param traceNumber TRN02 of the subscriber/dependent loop: the 270's trace number, echoed
 * @param memberId 2100C NM109 (a dependent inherits its subscriber's)
 * @param dependent true for a 2000D dependent
 * @param active some EB01 of the loop is 1–5 (active coverage, in some form), and no AAA rejects it
 * @param coverageCode the first EB01 of the loop (1 active, 6 inactive, 7/8 inactive pending…), or
 *     null
 * @param planName EB05 of the first EB, or null
 * @param planBegin DTP*346 (plan begin), 356 (eligibility begin) or the start of 291/307, of the
 *     subscriber/dependent loop (not of a benefit)
 * @param planEnd DTP*347, 357 or the end of a 291/307 range
 * @param rejections AAA03 reject reasons of the loop (72 invalid member id, 75 subscriber not
 *     found…)
 * @param segment 1-based ordinal of the HL segment of the loop
 */
public record Eligibility(
        int transaction,
        String controlNumber,
        String payerId,
        String payerName,
        String traceNumber,
        String memberId,
        String lastName,
        String firstName,
        LocalDate birthDate,
        boolean dependent,
        boolean active,
        String coverageCode,
        String planName,
        LocalDate planBegin,
        LocalDate planEnd,
        List<String> rejections,
        long segment) {

    public Eligibility {
        rejections = rejections == null ? List.of() : List.copyOf(rejections);
    }
}
