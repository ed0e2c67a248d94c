package org.reclaim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The demo counts escalations by their reason without its particulars: amounts, dates, claim, payer
 * and provider ids are left out, so denials escalated for the same reason share one key.
 */
class EscalationReasonsTest {

    @Test
    void aReasonsKeyHoldsNoIdDateOrAmount() {
        String a =
                DemoCommand.Demo.reasonKind(
                        "provider enrollment (CARC 170): enroll NPI 1990000121 (taxonomy"
                                + " 207Q00000X) with payer TSTCOMB2 by 2026-05-01");
        String b =
                DemoCommand.Demo.reasonKind(
                        "provider enrollment (CARC B7): enroll NPI 1990000999 (taxonomy"
                                + " 208D00000X) with payer SBXMCR9 by 2026-07-31");
        assertThat(a)
                .isEqualTo(
                        "provider enrollment (CARC #): enroll NPI # (taxonomy #) with payer #"
                                + " by #")
                .isEqualTo(b);
        assertThat(DemoCommand.Demo.reasonKind("the write-off of $150.00 on claim CHP1500000379"))
                .isEqualTo("the write-off of # on claim #");
    }
}
