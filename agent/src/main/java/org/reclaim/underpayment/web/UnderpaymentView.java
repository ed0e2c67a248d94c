package org.reclaim.underpayment.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A paid service line the payer allowed less for than the contract: {@code underpaid} = {@code
 * expected} (rate × units) − {@code allowed}. Its {@code id} is its claim payment's and its line's,
 * {@code <claimPaymentId>:<line>}: an underpayment is derived from stored lines, not kept as a row.
 *
 * @param allowedFrom {@code AMT*B6} when the payer reported the allowed amount, else how it was
 *     worked out
 * @param feeSchedule the row of config/fee-schedules.csv the line was measured against
 */
record UnderpaymentView(
        String id,
        UUID claimPaymentId,
        UUID remittanceId,
        String patientControlNumber,
        String payerClaimNumber,
        int line,
        String procedure,
        List<String> modifiers,
        BigDecimal units,
        LocalDate serviceDate,
        LocalDate paymentDate,
        BigDecimal charge,
        BigDecimal allowed,
        String allowedFrom,
        BigDecimal paid,
        BigDecimal expected,
        BigDecimal underpaid,
        Party payer,
        Rate feeSchedule) {

    /**
     * @param id the payer's id in config/payers.yml
     * @param remittancePayerId the id the remittance named it by (N1*PR)
     */
    record Party(String id, String remittancePayerId, String name) {}

    /**
     * @param source {@code file:line} of the row; {@code modifier}, {@code from}, {@code to} null
     *     when open
     */
    record Rate(
            String source,
            String procedure,
            String modifier,
            BigDecimal rate,
            LocalDate from,
            LocalDate to) {}
}
