package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.synth.HostileInput;

/**
 * Each {@code reclaim.limits.*} structure cap, with a small value: the read stops at the cap, the
 * report names it, its value and the segment and byte where it was passed, and nothing of the
 * transaction open there reaches the handler.
 */
class X12LimitsTest {

    /** Small caps: 3 lines and 20 segments per claim, 5 transactions, 40-byte elements. */
    static final X12Limits SMALL = new X12Limits(20, 3, 3, 3, 5, 40);

    record Read(FileReport report, List<Object> handed) {}

    static Read read(InputStream in, X12Limits limits) throws IOException {
        List<Object> handed = new ArrayList<>();
        X12Handler h =
                new X12Handler() {
                    @Override
                    public void remittanceClaim(Payment p, ClaimPayment c) {
                        handed.add(c);
                    }

                    @Override
                    public void submittedClaim(SubmittedClaim c) {
                        handed.add(c);
                    }
                };
        return new Read(X12Files.read(in, h, limits), handed);
    }

    @Test
    void serviceLinesOfAnRemittanceClaim() throws IOException {
        Read r = read(HostileInput.remittanceServiceLines(4), SMALL);
        X12Limits.Exceeded cap = r.report().capExceeded();
        assertThat(cap).isNotNull();
        assertThat(cap.cap()).isEqualTo("reclaim.limits.service-lines-835");
        assertThat(cap.value()).isEqualTo(3);
        // ISA GS ST BPR TRN N1 N1 LX CLP, then SVC 1..4: the fourth SVC is segment 13
        assertThat(cap.segment()).isEqualTo(13);
        assertThat(r.report().error())
                .contains("reclaim.limits.service-lines-835 (3)")
                .contains("segment 13")
                .contains("byte " + cap.offset());
        assertThat(r.report().problems())
                .anySatisfy(p -> assertThat(p.message()).isEqualTo(r.report().error()));
        assertThat(r.handed()).isEmpty();

        // at the cap itself the file is read whole
        Read within = read(HostileInput.remittanceServiceLines(3), SMALL);
        assertThat(within.report().capExceeded()).isNull();
        assertThat(within.report().error()).isNull();
        assertThat(within.handed()).hasSize(1);
    }

    @Test
    void serviceLinesOfAProfessionalClaim() throws IOException {
        Read r = read(HostileInput.professionalClaimLines(4), SMALL);
        assertThat(r.report().capExceeded().cap()).isEqualTo("reclaim.limits.service-lines-837p");
        assertThat(r.handed()).isEmpty();
        assertThat(read(HostileInput.professionalClaimLines(3), SMALL).handed()).hasSize(1);
    }

    @Test
    void theDefaultsAreTheImplementationGuides() throws IOException {
        // 837P loop 2400: 50 per claim; 835 loop 2110: 999 per claim payment
        assertThat(
                        read(HostileInput.professionalClaimLines(51), X12Limits.DEFAULT)
                                .report()
                                .capExceeded()
                                .cap())
                .isEqualTo("reclaim.limits.service-lines-837p");
        assertThat(
                        read(HostileInput.professionalClaimLines(50), X12Limits.DEFAULT)
                                .report()
                                .error())
                .isNull();
        assertThat(
                        read(HostileInput.remittanceServiceLines(1000), X12Limits.DEFAULT)
                                .report()
                                .capExceeded()
                                .value())
                .isEqualTo(999);
        assertThat(
                        X12Files.read(HostileInput.remittanceServiceLines(999), new X12Handler() {})
                                .error())
                .isNull();
    }

    @Test
    void segmentsOfAClaim() throws IOException {
        Read r = read(HostileInput.remittanceClaimSegments(25), SMALL);
        X12Limits.Exceeded cap = r.report().capExceeded();
        assertThat(cap.cap()).isEqualTo("reclaim.limits.segments-per-claim");
        assertThat(cap.value()).isEqualTo(20);
        // the CLP is segment 9 and the claim's first; its 21st segment is segment 29
        assertThat(cap.segment()).isEqualTo(29);
        assertThat(r.report().error()).contains("the claim at segment 9");
        assertThat(r.handed()).isEmpty();
    }

    @Test
    void transactionsOfAFile() throws IOException {
        Read r = read(HostileInput.tinyTransactions(6), SMALL);
        X12Limits.Exceeded cap = r.report().capExceeded();
        assertThat(cap.cap()).isEqualTo("reclaim.limits.transactions-per-file");
        assertThat(cap.value()).isEqualTo(5);
        // ISA GS, then ST/SE pairs: the sixth ST is segment 13
        assertThat(cap.segment()).isEqualTo(13);
        assertThat(r.report().transactions()).isEqualTo(5);
        assertThat(read(HostileInput.tinyTransactions(5), SMALL).report().capExceeded()).isNull();
    }

    @Test
    void lengthOfAnElement() throws IOException {
        Read r = read(HostileInput.longElement(41), SMALL);
        X12Limits.Exceeded cap = r.report().capExceeded();
        assertThat(cap.cap()).isEqualTo("reclaim.limits.element-length");
        assertThat(cap.value()).isEqualTo(40);
        assertThat(cap.segment()).isEqualTo(5);
        assertThat(r.report().error()).contains("N102 is 41 bytes long");
        assertThat(read(HostileInput.longElement(40), SMALL).report().capExceeded()).isNull();
    }

    @Test
    void capsAreReadFromSettingsByTheirNames() {
        X12Limits l =
                X12Limits.from(
                        Map.of(
                                        "reclaim.limits.service-lines-835", "7",
                                        "reclaim.limits.transactions-per-file", "1_000")
                                ::get);
        assertThat(l.serviceLines835()).isEqualTo(7);
        assertThat(l.transactionsPerFile()).isEqualTo(1000);
        assertThat(l.serviceLines837P()).isEqualTo(50);
        assertThatThrownBy(() -> X12Limits.from(Map.of("reclaim.limits.element-length", "0")::get))
                .hasMessageContaining("reclaim.limits.element-length");
    }
}
