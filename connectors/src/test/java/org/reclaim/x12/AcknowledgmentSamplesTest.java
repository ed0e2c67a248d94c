package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.reclaim.common.Money;
import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.ack.ClaimStatus;
import org.reclaim.x12.ack.SetResponse;

class AcknowledgmentSamplesTest {

    static Stream<Samples.Sample> acknowledgments() {
        return Samples.ofType("999", "997", "277CA", "277").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acknowledgments")
    void everyAcknowledgmentTransactionIsMapped(Samples.Sample sample) {
        Recorded r = Recorded.read(sample.path());
        assertThat(r.report.error()).isNull();
        assertThat(r.report.type()).isEqualTo(sample.type());
        assertThat(r.acks).hasSize(r.report.transactions());
        assertThat(r.acks).allMatch(a -> a.type().equals(sample.type()));
    }

    @Test
    void rejected999ShowsTheRejectedSetAndGroup() {
        Acknowledgment a = single("samples/imsweb/x12_999_rejected.txt");
        assertThat(a.acknowledgedGroup()).isEqualTo("28");
        assertThat(a.groupCode()).isEqualTo("R");
        assertThat(a.groupAccepted()).isFalse();
        assertThat(a.rejectedCount()).isEqualTo(1);
        assertThat(a.acceptedCount()).isZero();
        SetResponse s = a.sets().get(0);
        assertThat(s.transactionSetId()).isEqualTo("837");
        assertThat(s.controlNumber()).isEqualTo("0028");
        assertThat(s.code()).isEqualTo("R");
        assertThat(s.errors()).anyMatch(e -> e.startsWith("IK3*NM*17"));
    }

    @Test
    void accepted999HasNoRejection() {
        Acknowledgment a = single("samples/imsweb/x12_999_accepted.txt");
        assertThat(a.groupAccepted()).isTrue();
        assertThat(a.rejectedCount()).isZero();
        assertThat(a.acceptedCount()).isPositive();
    }

    @Test
    void partiallyAccepted997DecidesPerSet() {
        Acknowledgment a = single("samples/stupidedi/X230_997_response-to-837s.edi");
        assertThat(a.type()).isEqualTo("997");
        assertThat(a.groupCode()).isEqualTo("P");
        assertThat(a.groupAccepted()).isTrue();
        assertThat(a.sets()).extracting(SetResponse::accepted).containsExactly(true, false);
        assertThat(a.sets().get(1).errors()).contains("AK3*CLM*22**8", "AK4*1*1028*1");
    }

    @ParameterizedTest(name = "AK9*{0}")
    @ValueSource(strings = {"R", "M", "W", "X"})
    void aRejectedGroupRejectsEverySetItAcknowledgesEvenOnesItsIk5Accepted(String code) {
        Acknowledgment a =
                edited(
                        "samples/stupidedi/X231A1_999_response-to-3-837s.edi",
                        "AK9*P*3*3*1",
                        "AK9*" + code + "*3*3*0");
        assertThat(a.groupAccepted()).isFalse();
        assertThat(a.sets()).extracting(SetResponse::accepted).containsExactly(false, false, false);
        assertThat(a.sets().get(0).code()).isEqualTo("A");
        assertThat(a.sets().get(0).errors()).containsExactly("AK901 " + code);
        assertThat(a.sets().get(1).errors()).doesNotContain("AK901 " + code);
        assertThat(a.acceptedCount()).isZero();
        assertThat(a.rejectedCount()).isEqualTo(3);
    }

    @Test
    void a997GroupRejectionRejectsTheSetItsAk5Accepted() {
        Acknowledgment a =
                edited(
                        "samples/stupidedi/X230_997_response-to-837s.edi",
                        "AK9*P*2*2*1",
                        "AK9*R*2*2*0");
        assertThat(a.sets()).extracting(SetResponse::accepted).containsExactly(false, false);
        assertThat(a.rejectedCount()).isEqualTo(2);
    }

    @Test
    void aGroupAcceptedWithErrorsLeavesEverySetItsOwnAnswer() {
        Acknowledgment a =
                edited(
                        "samples/stupidedi/X231A1_999_response-to-3-837s.edi",
                        "AK9*P*3*3*1",
                        "AK9*E*3*3*1");
        assertThat(a.groupAccepted()).isTrue();
        assertThat(a.sets()).extracting(SetResponse::accepted).containsExactly(true, false, false);
    }

    @Test
    void aGroupRejectedWithoutSetLoopsIsOneRejectionStandingForTheWholeGroup() {
        Acknowledgment a =
                edited(
                        "samples/imsweb/x12_999_accepted.txt",
                        "AK2*837*0001*005010X223A2~\nIK5*A~\nAK9*A*1*1*1~\nSE*6*",
                        "AK9*R*1*1*0*5~\nSE*4*");
        assertThat(a.acknowledgedGroup()).isEqualTo("17456");
        Acknowledgment three =
                edited(
                        "samples/imsweb/x12_999_accepted.txt",
                        "AK2*837*0001*005010X223A2~\nIK5*A~\nAK9*A*1*1*1~\nSE*6*",
                        "AK9*R*3*3*0*5~\nSE*4*");
        assertThat(three.rejectedCount()).as("the group held three sets (AK902)").isEqualTo(3);
        assertThat(three.sets()).hasSize(1);
        assertThat(a.groupAccepted()).isFalse();
        assertThat(a.sets())
                .singleElement()
                .satisfies(
                        s -> {
                            // AK1*HC: the group carried claims, so the answer is about 837 sets,
                            // whichever they were
                            assertThat(s.transactionSetId()).isEqualTo("837");
                            assertThat(s.controlNumber()).isNull();
                            assertThat(s.code()).isEqualTo("R");
                            assertThat(s.accepted()).isFalse();
                            assertThat(s.errors()).containsExactly("AK905 5");
                        });
        assertThat(a.rejectedCount()).isEqualTo(1);
        assertThat(a.acceptedCount()).isZero();
    }

    @Test
    void aWholeGroupRejectionNamesTheSetItsFunctionalIdentifierCarriesAndNoneForAnother() {
        Acknowledgment status =
                edited(
                        "samples/imsweb/x12_999_accepted.txt",
                        "AK2*837*0001*005010X223A2~\nIK5*A~\nAK9*A*1*1*1~\nSE*6*",
                        "AK9*R*1*1*0*5~\nSE*4*",
                        "AK1*HC*",
                        "AK1*HR*");
        assertThat(status.sets())
                .singleElement()
                .satisfies(s -> assertThat(s.transactionSetId()).isEqualTo("276"));
        Acknowledgment unknown =
                edited(
                        "samples/imsweb/x12_999_accepted.txt",
                        "AK2*837*0001*005010X223A2~\nIK5*A~\nAK9*A*1*1*1~\nSE*6*",
                        "AK9*R*1*1*0*5~\nSE*4*",
                        "AK1*HC*",
                        "AK1*ZZ*");
        assertThat(unknown.sets())
                .singleElement()
                .satisfies(s -> assertThat(s.transactionSetId()).isNull());
    }

    @Test
    void rejected277caClaimCarriesItsStatusAndNumbers() {
        Acknowledgment a = single("samples/imsweb/x12_277CA_rejected.txt");
        assertThat(a.type()).isEqualTo("277CA");
        // the information source (loop 2100A): who answers, the payer
        assertThat(a.payerId()).isEqualTo("141797357");
        assertThat(a.payerName()).isEqualTo("NYSDOH");
        assertThat(a.claims()).hasSize(1);
        ClaimStatus c = a.claims().get(0);
        assertThat(c.patientControlNumber()).isEqualTo("3920394930203");
        assertThat(c.payerClaimNumber()).isEqualTo("1107000000001120");
        assertThat(c.category()).isEqualTo("A7");
        assertThat(c.status()).isEqualTo("562");
        assertThat(c.entity()).isEqualTo("85");
        assertThat(c.accepted()).isFalse();
        assertThat(c.statusDate()).isEqualTo(LocalDate.of(2011, 3, 11));
        assertThat(c.charge()).isEqualTo(Money.parse("199.14"));
        assertThat(c.serviceFrom()).isEqualTo(LocalDate.of(2009, 3, 11));
        assertThat(c.reasons()).containsExactly("A7:562:85");
        assertThat(a.rejectedCount()).isEqualTo(1);
    }

    @Test
    void accepted277caHasNoRejection() {
        Acknowledgment a = single("samples/imsweb/x12_277CA_accepted.txt");
        assertThat(a.claims()).isNotEmpty();
        assertThat(a.rejectedCount()).isZero();
    }

    @Test
    void claimStatus277ReadsEveryClaimLoop() {
        Acknowledgment a = single("samples/stupidedi/X212_277_claim-response.edi");
        assertThat(a.type()).isEqualTo("277");
        assertThat(a.claims())
                .extracting(ClaimStatus::patientControlNumber)
                .containsExactly("ABCXYZ1", "ABCXYZ2", "ABCXYC3");
        assertThat(a.claims()).extracting(ClaimStatus::category).containsExactly("P3", "F0", "F2");
        assertThat(a.claims().get(0).serviceTo()).isEqualTo(LocalDate.of(2005, 9, 6));
        assertThat(a.claims().get(2).reasons()).containsExactly("F2:88:QC", "F2:88:QC");
        assertThat(a.rejectedCount()).isZero();
    }

    private static Acknowledgment single(String path) {
        return single(Recorded.read(Samples.root().resolve(path)));
    }

    /**
     * A sample with one passage replaced: a scenario the public samples lack, on a real file
     * otherwise.
     */
    /**
     * The sample with each passage replaced: {@code edits} are passage, replacement, passage,
     * replacement…
     */
    private static Acknowledgment edited(String path, String... edits) {
        try {
            String text =
                    Files.readString(Samples.root().resolve(path), StandardCharsets.ISO_8859_1);
            for (int i = 0; i < edits.length; i += 2) {
                assertThat(text).contains(edits[i]);
                text = text.replace(edits[i], edits[i + 1]);
            }
            return single(Recorded.read(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Acknowledgment single(Recorded r) {
        assertThat(r.report.error()).isNull();
        assertThat(r.acks).hasSize(1);
        return r.acks.get(0);
    }
}
