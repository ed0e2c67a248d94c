package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reclaim.x12.ClaimWriterRoundTripTest.ENVELOPE;
import static org.reclaim.x12.ClaimWriterRoundTripTest.adj;
import static org.reclaim.x12.ClaimWriterRoundTripTest.commercialClaim;
import static org.reclaim.x12.ClaimWriterRoundTripTest.line;
import static org.reclaim.x12.ClaimWriterRoundTripTest.staediErrors;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reclaim.common.Money;
import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.ack.ClaimStatus;
import org.reclaim.x12.ack.Eligibility;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.ClaimDocument.Name;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.PaymentSummary;
import org.reclaim.x12.write.AcknowledgmentWriter;
import org.reclaim.x12.write.AcknowledgmentWriter.ClaimAcknowledgment;
import org.reclaim.x12.write.AcknowledgmentWriter.ClaimVerdict;
import org.reclaim.x12.write.AcknowledgmentWriter.ReceivedGroup;
import org.reclaim.x12.write.AcknowledgmentWriter.SegmentError;
import org.reclaim.x12.write.AcknowledgmentWriter.SetAnswer;
import org.reclaim.x12.write.ClaimStatusInquiryWriter;
import org.reclaim.x12.write.ClaimStatusInquiryWriter.StatusInquiry;
import org.reclaim.x12.write.ClaimStatusResponseWriter;
import org.reclaim.x12.write.ClaimStatusResponseWriter.StatusAnswer;
import org.reclaim.x12.write.EligibilityInquiryWriter;
import org.reclaim.x12.write.EligibilityInquiryWriter.EligibilityInquiry;
import org.reclaim.x12.write.EligibilityResponseWriter;
import org.reclaim.x12.write.EligibilityResponseWriter.Coverage;
import org.reclaim.x12.write.Envelope;
import org.reclaim.x12.write.RemittanceWriter835;
import org.reclaim.x12.write.RemittanceWriter835.ProviderLevelAdjustment;
import org.reclaim.x12.write.RemittanceWriter835.RemitClaim;
import org.reclaim.x12.write.RemittanceWriter835.Remittance;

class ResponseWritersTest {

    /** The payer's side of {@link ClaimWriterRoundTripTest#ENVELOPE}. */
    static final Envelope PAYER =
            ENVELOPE.reversed(7001, 7001, 1, LocalDateTime.of(2024, 3, 2, 14, 5));

    @Test
    void statusInquiryIsA276ThatBothReadersAccept() {
        byte[] file =
                ClaimStatusInquiryWriter.write(
                        StatusInquiry.of(commercialClaim(), "PAYERCLM1"), ENVELOPE);

        Documents back = Documents.of(file);
        assertThat(back.report.type()).isEqualTo("276");
        assertThat(back.report.interchanges()).isEqualTo(1);
        assertThat(back.problems).isEmpty();
        assertThat(staediErrors(file)).isEmpty();
        assertThat(new String(file, StandardCharsets.US_ASCII))
                .contains("\nHL*5*4*23~\nDMG*D8*19730501*M~\nNM1*QC*1*SMITH*TED~")
                .contains(
                        "\nTRN*1*26463774~\nREF*1K*PAYERCLM1~\nREF*EJ*26463774~\nAMT*T3*100~\nDTP*472*RD8*20061003-20061010~");
    }

    @Test
    void eligibilityInquiryIsA270ThatBothReadersAccept() {
        EligibilityInquiry q =
                EligibilityInquiry.of(commercialClaim(), "ELIG-1", LocalDate.of(2024, 3, 1));
        byte[] file = EligibilityInquiryWriter.write(q, ENVELOPE);

        Documents back = Documents.of(file);
        assertThat(back.report.type()).isEqualTo("270");
        assertThat(back.problems).isEmpty();
        assertThat(staediErrors(file)).isEmpty();
        assertThat(new String(file, StandardCharsets.US_ASCII))
                .contains("\nTRN*1*ELIG-1*1587654321~")
                .contains(
                        "\nNM1*IL*1*SMITH*JANE****MI*JS00111223333~\nDMG*D8*19430501*F~\nDTP*291*D8*20240301~\nEQ*30~");
    }

    @Test
    void remittanceIsBalancedAtEveryLevelAndReadByTheRemittanceMapper() {
        Remittance r =
                new Remittance(
                        Name.organization("KEY INSURANCE COMPANY", null, "999996666"),
                        new ClaimDocument.Address(
                                "1 PAYER WAY", null, "MIAMI", "FL", "33111", null),
                        "591234567",
                        Name.organization("BEN KILDARE SERVICE", "XX", "9876543210"),
                        "587654321",
                        "CHK",
                        "CHK000123",
                        LocalDate.of(2024, 3, 15),
                        List.of(
                                new RemitClaim(
                                        "26463774",
                                        "1",
                                        Money.parse("100"),
                                        Money.parse("70"),
                                        Money.parse("5"),
                                        "CI",
                                        "PAYERCLM1",
                                        "11",
                                        "1",
                                        Name.person("SMITH", "TED", "MI", "JS001"),
                                        null,
                                        LocalDate.of(2024, 2, 1),
                                        LocalDate.of(2024, 2, 1),
                                        List.of(),
                                        List.of("MA01"),
                                        List.of(
                                                line(
                                                        "99213",
                                                        "40",
                                                        "25",
                                                        adj("CO", "45", "10"),
                                                        adj("PR", "3", "5")),
                                                line("87070", "15", "15"),
                                                line("99214", "35", "30", adj("CO", "45", "5")),
                                                line("86663", "10", "0", adj("CO", "97", "10")))),
                                new RemitClaim(
                                        "CORR-9",
                                        "2",
                                        Money.parse("50"),
                                        Money.parse("20"),
                                        null,
                                        "CI",
                                        "PAYERCLM2",
                                        "11",
                                        "7",
                                        Name.person("DOE", "JOHN", "MI", "D77"),
                                        "PAYERCLM0",
                                        null,
                                        null,
                                        List.of(adj("OA", "23", "30")),
                                        List.of(),
                                        List.of()),
                                new RemitClaim(
                                        "DEN-1",
                                        "4",
                                        Money.parse("80"),
                                        Money.ZERO,
                                        null,
                                        "CI",
                                        "PAYERCLM3",
                                        "11",
                                        "1",
                                        Name.person("ROE", "RITA", "MI", "R1"),
                                        null,
                                        null,
                                        null,
                                        List.of(adj("CO", "197", "80")),
                                        List.of(),
                                        List.of())),
                        List.of(
                                new ProviderLevelAdjustment(
                                        "WO", "OVERPAID-1", Money.parse("12.50"))));

        byte[] file = RemittanceWriter835.write(r, PAYER);

        Documents back = Documents.of(file);
        assertThat(back.problems).isEmpty();
        assertThat(back.report.type()).isEqualTo("835");
        assertThat(back.payments.get(0).amount()).isEqualTo(Money.parse("77.50"));
        PaymentSummary s = back.summaries.get(0);
        assertThat(s.paymentBalanced()).isTrue();
        assertThat(s.unbalancedClaims()).isZero();
        assertThat(s.unbalancedLines()).isZero();
        assertThat(back.remittanceClaims).hasSize(3).allMatch(ClaimPayment::balanced);
        ClaimPayment first = back.remittanceClaims.get(0);
        assertThat(first.lines()).hasSize(4).allMatch(l -> l.balanced());
        assertThat(first.remarks()).containsExactly("MA01");
        assertThat(back.remittanceClaims.get(1).originalPayerClaimNumber()).isEqualTo("PAYERCLM0");
        assertThat(s.providerAdjustments().get(0).amount()).isEqualTo(Money.parse("12.50"));
        assertThat(staediErrors(file)).isEmpty();
    }

    @Test
    void remittanceWriterRefusesUnbalancedClaimsAndNegativePayments() {
        RemitClaim unbalanced =
                new RemitClaim(
                        "X",
                        "1",
                        Money.parse("100"),
                        Money.parse("90"),
                        null,
                        "CI",
                        "P1",
                        "11",
                        "1",
                        Name.person("A", "B", "MI", "1"),
                        null,
                        null,
                        null,
                        List.of(adj("CO", "45", "5")),
                        List.of(),
                        List.of());
        Remittance r =
                new Remittance(
                        Name.organization("PAYER", null, "1"),
                        null,
                        "591234567",
                        Name.organization("PAYEE", "XX", "9876543210"),
                        null,
                        "CHK",
                        "T1",
                        LocalDate.of(2024, 3, 15),
                        List.of(unbalanced),
                        List.of(new ProviderLevelAdjustment("WO", null, Money.parse("100"))));
        assertThatThrownBy(() -> RemittanceWriter835.write(r, PAYER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "claim 1 (X): out of balance: CLP03 100.00 − all CAS ≠ CLP04 90.00")
                .hasMessageContaining("payment Σ CLP04 − Σ PLB is negative (-10.00)");
    }

    @Test
    void claimStatusResponseIsReadAsA277WithTheStatusAndPayerClaimNumber() {
        StatusInquiry q = StatusInquiry.of(commercialClaim(), null);
        byte[] file =
                ClaimStatusResponseWriter.write(
                        q,
                        new StatusAnswer(
                                "F1",
                                "65",
                                null,
                                LocalDate.of(2024, 3, 20),
                                "PAYERCLM1",
                                Money.parse("70"),
                                LocalDate.of(2024, 3, 15)),
                        PAYER);

        Documents back = Documents.of(file);
        assertThat(back.problems).isEmpty();
        Acknowledgment a = back.acks.get(0);
        assertThat(a.type()).isEqualTo("277");
        ClaimStatus c = a.claims().get(0);
        assertThat(c.patientControlNumber()).isEqualTo("26463774");
        assertThat(c.payerClaimNumber()).isEqualTo("PAYERCLM1");
        assertThat(c.category()).isEqualTo("F1");
        assertThat(c.status()).isEqualTo("65");
        assertThat(c.charge()).isEqualTo(Money.parse("100"));
        assertThat(c.serviceFrom()).isEqualTo(LocalDate.of(2006, 10, 3));
        assertThat(staediErrors(file)).isEmpty();
    }

    @Test
    void eligibilityResponsesAreReadBackActiveInactiveOrNotFound() {
        EligibilityInquiry q =
                EligibilityInquiry.of(commercialClaim(), "ELIG-1", LocalDate.of(2024, 3, 1));

        Eligibility active =
                single(
                        EligibilityResponseWriter.write(
                                q,
                                Coverage.active(
                                        "GOLD PLAN",
                                        LocalDate.of(2024, 1, 1),
                                        LocalDate.of(2024, 12, 31)),
                                PAYER));
        assertThat(active.active()).isTrue();
        assertThat(active.coverageCode()).isEqualTo("1");
        assertThat(active.memberId()).isEqualTo("JS00111223333");
        assertThat(active.payerId()).isEqualTo("999996666");
        assertThat(active.traceNumber()).isEqualTo("ELIG-1");
        assertThat(active.planName()).isEqualTo("GOLD PLAN");
        assertThat(active.planBegin()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(active.planEnd()).isEqualTo(LocalDate.of(2024, 12, 31));

        Eligibility inactive =
                single(
                        EligibilityResponseWriter.write(
                                q,
                                Coverage.inactive(
                                        "GOLD PLAN",
                                        LocalDate.of(2022, 1, 1),
                                        LocalDate.of(2022, 12, 31)),
                                PAYER));
        assertThat(inactive.active()).isFalse();
        assertThat(inactive.coverageCode()).isEqualTo("6");

        Eligibility missing =
                single(EligibilityResponseWriter.write(q, Coverage.notFound(), PAYER));
        assertThat(missing.active()).isFalse();
        assertThat(missing.rejections()).containsExactly("75");
    }

    private static Eligibility single(byte[] file) {
        Documents back = Documents.of(file);
        assertThat(back.problems).isEmpty();
        assertThat(back.report.type()).isEqualTo("271");
        assertThat(staediErrors(file)).isEmpty();
        assertThat(back.eligibility).hasSize(1);
        return back.eligibility.get(0);
    }

    @Test
    void eligibilityMapperReadsTheSample271s() {
        Documents d =
                Documents.of(
                        Samples.root()
                                .resolve(
                                        "samples/linuxforhealth/subscriber-health-benefit-check.271"));
        assertThat(d.eligibility).hasSize(1);
        Eligibility e = d.eligibility.get(0);
        assertThat(e.active()).isTrue();
        assertThat(e.memberId()).isEqualTo("123456789");
        assertThat(e.lastName()).isEqualTo("SMITH");
        assertThat(e.payerId()).isEqualTo("841610001");
        assertThat(e.traceNumber()).isEqualTo("93175-012547");
        assertThat(e.planName()).isEqualTo("GOLD 123 PLAN");
        assertThat(e.planBegin()).isEqualTo(LocalDate.of(2006, 1, 1));
        assertThat(e.birthDate()).isEqualTo(LocalDate.of(1963, 5, 19));

        Documents dep =
                Documents.of(
                        Samples.root()
                                .resolve(
                                        "samples/linuxforhealth/dependent-health-benefit-check.271"));
        assertThat(dep.eligibility).hasSize(1);
        assertThat(dep.eligibility.get(0).dependent()).isTrue();
        assertThat(dep.eligibility.get(0).firstName()).isEqualTo("MARY");
        assertThat(dep.eligibility.get(0).memberId()).as("the subscriber's").isEqualTo("123456789");
        assertThat(dep.eligibility.get(0).active()).isTrue();

        for (Samples.Sample s : Samples.ofType("271")) {
            Documents x = Documents.of(s.path());
            assertThat(x.report.type()).as(s.name()).isEqualTo("271");
            assertThat(x.eligibility).as(s.name()).allMatch(el -> el.payerId() != null);
        }
    }

    @Test
    void accepting999AndRejecting999AreReadBack() {
        Acknowledgment ok =
                single999(
                        AcknowledgmentWriter.write999(
                                new ReceivedGroup(
                                        "HC",
                                        42,
                                        "005010X222A1",
                                        List.of(new SetAnswer("837", "0001", List.of()))),
                                PAYER));
        assertThat(ok.groupCode()).isEqualTo("A");
        assertThat(ok.acknowledgedGroup()).isEqualTo("42");
        assertThat(ok.sets())
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.accepted()).isTrue();
                            assertThat(s.controlNumber()).isEqualTo("0001");
                        });

        Acknowledgment rejected =
                single999(
                        AcknowledgmentWriter.write999(
                                new ReceivedGroup(
                                        "HC",
                                        42,
                                        "005010X222A1",
                                        List.of(
                                                new SetAnswer(
                                                        "837",
                                                        "0001",
                                                        List.of(
                                                                new SegmentError(
                                                                        "CLM", 22, "2300", "8", 2,
                                                                        "7"))))),
                                PAYER));
        assertThat(rejected.groupCode()).isEqualTo("R");
        assertThat(rejected.groupAccepted()).isFalse();
        assertThat(rejected.sets().get(0).accepted()).isFalse();
        assertThat(rejected.sets().get(0).errors())
                .anyMatch(e -> e.startsWith("IK3*CLM*22*2300*8"));
    }

    private static Acknowledgment single999(byte[] file) {
        Documents back = Documents.of(file);
        assertThat(back.problems).isEmpty();
        assertThat(back.report.type()).isEqualTo("999");
        assertThat(staediErrors(file)).isEmpty();
        return back.acks.get(0);
    }

    @Test
    void claimAcknowledgmentAcceptsAndRejectsClaims() {
        ClaimDocument claim = commercialClaim();
        ClaimDocument other = claim.withClaim(claim.claim().withFrequency("1", null));
        ClaimAcknowledgment ack =
                new ClaimAcknowledgment(
                        claim.payer().name(),
                        claim.submitter(),
                        claim.billingProvider().party().name(),
                        "244579",
                        LocalDate.of(2024, 3, 1),
                        List.of(
                                ClaimVerdict.accepted(claim, "PAYERCLM1"),
                                ClaimVerdict.rejected(other, "A7", "562", "85")));

        byte[] file = AcknowledgmentWriter.write277CA(ack, PAYER);

        Documents back = Documents.of(file);
        assertThat(back.problems).isEmpty();
        assertThat(back.report.type()).isEqualTo("277CA");
        assertThat(staediErrors(file)).isEmpty();
        Acknowledgment a = back.acks.get(0);
        assertThat(a.claims()).hasSize(2);
        assertThat(a.claims().get(0).accepted()).isTrue();
        assertThat(a.claims().get(0).payerClaimNumber()).isEqualTo("PAYERCLM1");
        assertThat(a.claims().get(0).category()).isEqualTo("A2");
        assertThat(a.claims().get(1).accepted()).isFalse();
        assertThat(a.claims().get(1).reasons()).containsExactly("A7:562:85");
        assertThat(a.acceptedCount()).isEqualTo(1);
        assertThat(a.rejectedCount()).isEqualTo(1);
    }
}
