package org.reclaim.x12.remit;

import java.time.LocalDate;
import org.reclaim.common.Money;

/**
 * The header of one 835 transaction (ST…SE): BPR, TRN, DTM*405, N1*PR, N1*PE.
 *
 * @param transaction 1-based ordinal of this transaction among the file's transactions (all types)
 * @param controlNumber ST02
 * @param amount BPR02, or null when the transaction has no BPR
 * @param creditDebit BPR03 ("C" or "D")
 * @param paymentDate BPR16, else DTM*405 (docs/contracts.md §4), else null
 * @param traceNumber TRN02 (check or EFT number)
 * @param traceOriginator TRN03 (payer's id, 1 + TIN, or other)
 * @param payer N1*PR, with REF*2U as id when N1*PR carries none
 * @param payee N1*PE
 * @param segment 1-based ordinal of the ST segment in the file
 * @param offset byte offset of the ST segment
 */
public record Payment(
        int transaction,
        String controlNumber,
        String version,
        String handlingCode,
        Money amount,
        String creditDebit,
        String method,
        LocalDate paymentDate,
        String traceNumber,
        String traceOriginator,
        Party payer,
        Party payee,
        long segment,
        long offset) {

    /** BPR02 signed by BPR03 ("D" negates); a missing BPR counts as zero (docs/contracts.md §2). */
    public Money signedAmount() {
        if (amount == null) return Money.ZERO;
        return "D".equals(creditDebit) ? amount.negate() : amount;
    }
}
