package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamReader;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reclaim.common.Money;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.ClaimDocument.Name;
import org.reclaim.x12.claim.ClaimDocument.Party;
import org.reclaim.x12.claim.ClaimDocument.Subscriber;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.write.ClaimWriter837P;
import org.reclaim.x12.write.CoordinationOfBenefits;
import org.reclaim.x12.write.Envelope;
import org.reclaim.x12.write.RemittanceWriter835;
import org.reclaim.x12.write.RemittanceWriter835.RemitClaim;
import org.reclaim.x12.write.RemittanceWriter835.RemitLine;
import org.reclaim.x12.write.RemittanceWriter835.Remittance;
import org.reclaim.x12.write.WrittenFileCheck;

class ClaimWriterRoundTripTest {

    static final Envelope ENVELOPE =
            new Envelope(
                    "ZZ",
                    "RECLAIMTEST",
                    "ZZ",
                    "CLEARINGHOUSE",
                    "RECLAIMTEST",
                    "CLEARINGHOUSE",
                    Envelope.Usage.TEST,
                    42,
                    42,
                    1,
                    LocalDateTime.of(2024, 3, 1, 9, 30));

    /**
     * The claim of stupidedi's X222A1 commercial health insurance example (dependent patient, 4
     * lines).
     */
    static ClaimDocument commercialClaim() {
        Documents d =
                Documents.of(
                        Samples.root()
                                .resolve(
                                        "samples/stupidedi/X222A1_commercial-health-insurance.edi"));
        assertThat(d.hasErrors()).isFalse();
        assertThat(d.documents).hasSize(1);
        return d.documents.get(0);
    }

    @Test
    void replacementKeepsTheClaimAndAddsFrequency7AndPayerClaimNumber() {
        ClaimDocument original = commercialClaim();
        ClaimDocument replacement = original.asReplacement("PCN2006101500042");

        byte[] file = ClaimWriter837P.write(replacement, ENVELOPE);

        Documents back = Documents.of(file);
        assertThat(back.problems).isEmpty();
        assertThat(back.report.type()).isEqualTo("837P");
        assertThat(back.documents).containsExactly(replacement);
        SubmittedClaim before =
                Documents.of(
                                Samples.root()
                                        .resolve(
                                                "samples/stupidedi/X222A1_commercial-health-insurance.edi"))
                        .claims
                        .get(0);
        SubmittedClaim after = back.claims.get(0);
        assertThat(after.frequency()).isEqualTo("7");
        assertThat(after.payerClaimNumber()).isEqualTo("PCN2006101500042");
        assertThat(before.frequency()).isEqualTo("1");
        assertThat(before.payerClaimNumber()).isNull();
        assertThat(after.patientControlNumber()).isEqualTo(before.patientControlNumber());
        assertThat(after.charge()).isEqualTo(before.charge());
        assertThat(after.facilityCode()).isEqualTo(before.facilityCode());
        assertThat(after.diagnoses()).isEqualTo(before.diagnoses());
        assertThat(after.payer()).isEqualTo(before.payer());
        assertThat(after.billingProvider()).isEqualTo(before.billingProvider());
        assertThat(after.subscriber()).isEqualTo(before.subscriber());
        assertThat(after.patient()).isEqualTo(before.patient());
        assertThat(after.serviceFrom()).isEqualTo(before.serviceFrom());
        assertThat(after.serviceTo()).isEqualTo(before.serviceTo());
        assertThat(after.lines()).hasSameSizeAs(before.lines());
        for (int i = 0; i < before.lines().size(); i++) {
            var a = after.lines().get(i);
            var b = before.lines().get(i);
            assertThat(
                            List.of(
                                    a.procedure(),
                                    a.modifiers(),
                                    a.charge(),
                                    a.units(),
                                    a.serviceFrom(),
                                    a.diagnosisPointers()))
                    .isEqualTo(
                            List.of(
                                    b.procedure(),
                                    b.modifiers(),
                                    b.charge(),
                                    b.units(),
                                    b.serviceFrom(),
                                    b.diagnosisPointers()));
        }
        String text = new String(file, StandardCharsets.US_ASCII);
        assertThat(text)
                .contains("CLM*26463774*100***11:B:7*")
                .contains("\nREF*F8*PCN2006101500042~");
        assertThat(staediErrors(file)).isEmpty();
        assertThat(ENVELOPE.outboxFileName("837P")).isEqualTo("20240301093000-837P-000000042.x12");
    }

    @Test
    void newOriginalHasFrequency1AndNoPayerClaimNumber() {
        ClaimDocument replaced = commercialClaim().asReplacement("X1");
        ClaimDocument original = replaced.asNewOriginal();

        Documents back =
                Documents.of(
                        ClaimWriter837P.write(original, ENVELOPE.withControlNumbers(43, 43, 1)));

        assertThat(back.problems).isEmpty();
        assertThat(back.claims.get(0).frequency()).isEqualTo("1");
        assertThat(back.claims.get(0).payerClaimNumber()).isNull();
        assertThat(back.documents).containsExactly(original);
    }

    @Test
    void voidCarriesFrequency8AndTheClaimItVoids() {
        Documents back =
                Documents.of(ClaimWriter837P.write(commercialClaim().asVoid("V-77"), ENVELOPE));
        assertThat(back.claims.get(0).frequency()).isEqualTo("8");
        assertThat(back.claims.get(0).payerClaimNumber()).isEqualTo("V-77");
    }

    @Test
    void everyWritableProfessionalSampleIsWrittenAndReadBackUnchanged() {
        List<String> written = new ArrayList<>();
        for (Samples.Sample s : Samples.ofType("837P")) {
            Documents d = Documents.of(s.path());
            if (d.hasErrors()) continue;
            for (ClaimDocument doc : d.documents) {
                if (!ClaimWriter837P.problems(doc).isEmpty()) continue;
                byte[] file = ClaimWriter837P.write(doc, ENVELOPE);
                Documents back = Documents.of(file);
                assertThat(back.problems).as(s.name()).isEmpty();
                assertThat(back.documents).as(s.name()).containsExactly(doc);
                assertThat(staediErrors(file)).as(s.name()).isEmpty();
                written.add(s.name());
            }
        }
        // stupidedi's six X222A1 examples and four linuxforhealth ones, COB with line adjudications
        // included
        assertThat(written)
                .hasSizeGreaterThanOrEqualTo(9)
                .contains(
                        "stupidedi/X222A1_medicare-secondary-payer-COB.edi",
                        "linuxforhealth/demo.drug.example10.1.837");
    }

    @Test
    void everyProfessionalSampleClaimDocumentSurvivesItsTextForm() {
        int n = 0;
        for (Samples.Sample s : Samples.ofType("837P")) {
            Documents d = Documents.of(s.path());
            if (d.hasErrors()) continue;
            assertThat(d.documents).as(s.name()).hasSize(d.claims.size());
            for (ClaimDocument doc : d.documents) {
                assertThat(ClaimDocument.parse(doc.toText())).as(s.name()).isEqualTo(doc);
                n++;
            }
        }
        assertThat(n).isGreaterThan(800);
    }

    @Test
    void textFormEscapesItsSeparatorsAndRefusesDamage() {
        ClaimDocument doc = commercialClaim();
        ClaimDocument odd =
                doc.withClaim(
                        doc.claim()
                                .withNotes(
                                        List.of(
                                                new ClaimDocument.Note(
                                                        "ADD", "a|b^c\\d\nnext line"))));
        assertThat(ClaimDocument.parse(odd.toText())).isEqualTo(odd);
        assertThat(doc.toText()).startsWith("claim-document|1\n").endsWith("END\n");

        String cut = doc.toText().replace("END\n", "");
        assertThatThrownBy(() -> ClaimDocument.parse(cut))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no END line");
        String bad = doc.toText().replaceFirst("CLAIM\\|26463774\\|100.00", "CLAIM|26463774|ten");
        assertThatThrownBy(() -> ClaimDocument.parse(bad))
                .hasMessageContaining("(CLAIM)")
                .hasMessageContaining("not an amount");
        assertThatThrownBy(() -> ClaimDocument.parse("{\"json\":true}"))
                .hasMessageContaining("line 1");
    }

    @Test
    void rebillToTheNextPayerCarriesThePriorPayersAdjudication() {
        ClaimDocument claim = commercialClaim();
        // the prior payer's 835 for it, written and read back: 99213 cut by CO-45, 86663 denied
        // CO-97
        Remittance remit =
                new Remittance(
                        Name.organization("KEY INSURANCE COMPANY", "PI", "999996666"),
                        new ClaimDocument.Address(
                                "1 PAYER WAY", null, "MIAMI", "FL", "33111", null),
                        "591234567",
                        Name.organization("BEN KILDARE SERVICE", "XX", "9876543210"),
                        null,
                        "CHK",
                        "CHK000123",
                        LocalDate.of(2006, 11, 1),
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
                                        Name.person("SMITH", "TED", "MI", "JS00111223333"),
                                        null,
                                        null,
                                        null,
                                        List.of(),
                                        List.of(),
                                        List.of(
                                                line(
                                                        "99213",
                                                        "40",
                                                        "25",
                                                        adj("CO", "45", "10"),
                                                        adj("PR", "3", "5")),
                                                line("87070", "15", "15"),
                                                line("99214", "35", "30", adj("CO", "45", "5")),
                                                line("86663", "10", "0", adj("CO", "97", "10"))))),
                        List.of());
        Documents remitRead = Documents.of(RemittanceWriter835.write(remit, ENVELOPE));
        ClaimPayment paid = remitRead.remittanceClaims.get(0);
        assertThat(paid.balanced()).isTrue();

        Party nextPayer =
                new Party(
                        Name.organization("SECOND INSURANCE", "PI", "77777"),
                        null,
                        null,
                        List.of());
        Subscriber s = claim.subscriber();
        Subscriber nextSubscriber =
                new Subscriber(
                        "S",
                        s.relationship(),
                        "GRP-2",
                        null,
                        null,
                        "CI",
                        Name.person("SMITH", "JANE", "MI", "SEC-555"),
                        s.address(),
                        s.birthDate(),
                        s.gender());
        ClaimDocument rebill =
                CoordinationOfBenefits.rebill(
                        claim, paid, LocalDate.of(2006, 11, 1), nextPayer, nextSubscriber);

        byte[] file = ClaimWriter837P.write(rebill, ENVELOPE);

        Documents back = Documents.of(file);
        assertThat(back.problems).isEmpty();
        assertThat(back.documents).containsExactly(rebill);
        SubmittedClaim c = back.claims.get(0);
        assertThat(c.payer().id()).as("2010BB is the next payer, not 2330B").isEqualTo("77777");
        assertThat(c.subscriber().memberId()).isEqualTo("SEC-555");
        assertThat(c.frequency()).isEqualTo("1");
        assertThat(c.payerClaimNumber()).isNull();
        ClaimDocument.OtherPayer other = rebill.otherPayers().get(0);
        assertThat(other.paid()).isEqualTo(Money.parse("70"));
        assertThat(other.payerClaimNumber()).isEqualTo("PAYERCLM1");
        assertThat(rebill.lines().get(3).adjudications().get(0).adjustments())
                .containsExactly(new Adjustment("CO", "97", Money.parse("10"), null));
        String text = new String(file, StandardCharsets.US_ASCII);
        assertThat(text)
                .contains("\nSBR*P*19*2222-SJ******CI~")
                .contains("\nAMT*D*70~")
                .contains("\nOI***Y***I~")
                .contains(
                        "\nNM1*PR*2*KEY INSURANCE COMPANY*****PI*999996666~\nDTP*573*D8*20061101~\nREF*F8*PAYERCLM1~")
                .contains(
                        "\nSVD*999996666*25*HC:99213**1~\nCAS*CO*45*10~\nCAS*PR*3*5~\nDTP*573*D8*20061101~");
        assertThat(staediErrors(file)).isEmpty();
    }

    @Test
    void writerRefusesAReplacementWithoutThePayerClaimNumber() {
        ClaimDocument doc = commercialClaim();
        ClaimDocument bad = doc.withClaim(doc.claim().withFrequency("7", null));
        assertThatThrownBy(() -> ClaimWriter837P.write(bad, ENVELOPE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot write claim 26463774 as 837P")
                .hasMessageContaining(
                        "frequency 7 needs the payer claim number (REF*F8) of the claim it replaces");
    }

    @Test
    void writerRefusesAClaimWhoseChargeIsNotTheSumOfItsLines() {
        ClaimDocument doc = commercialClaim();
        ClaimDocument bad = doc.withClaim(doc.claim().withCharge(Money.parse("120")));
        assertThatThrownBy(() -> ClaimWriter837P.write(bad, ENVELOPE))
                .hasMessageContaining("claim charge CLM02 120.00 ≠ Σ line charges SV102 100.00");
        // withLines keeps CLM02 in step
        ClaimDocument fewer = doc.withLines(doc.lines().subList(0, 2));
        assertThat(fewer.claim().charge()).isEqualTo(Money.parse("55"));
        assertThat(Documents.of(ClaimWriter837P.write(fewer, ENVELOPE)).claims.get(0).charge())
                .isEqualTo(Money.parse("55"));
    }

    @Test
    void writerRefusesDelimitersInsideValuesWithoutRepeatingThem() {
        ClaimDocument doc = commercialClaim();
        ClaimDocument bad = doc.withClaim(doc.claim().withPriorAuthorization("AUTH*1~"));
        assertThatThrownBy(() -> ClaimWriter837P.write(bad, ENVELOPE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REF02 holds an X12 delimiter")
                .hasMessageNotContaining("AUTH");
    }

    @Test
    void envelopeRefusesOutOfRangeSettings() {
        assertThatThrownBy(() -> ENVELOPE.withControlNumbers(1_000_000_000L, 1, 1))
                .hasMessageContaining("ISA13 interchange control number must be 1–999999999");
        assertThatThrownBy(
                        () ->
                                new Envelope(
                                        "ZZ",
                                        "A SENDER ID THAT IS TOO LONG",
                                        "ZZ",
                                        "R",
                                        "SS",
                                        "RR",
                                        Envelope.Usage.TEST,
                                        1,
                                        1,
                                        1,
                                        LocalDateTime.now()))
                .hasMessageContaining("ISA06 sender id");
    }

    @Test
    void checkReportsAFileThatDoesNotAddUp() {
        byte[] good = ClaimWriter837P.write(commercialClaim(), ENVELOPE);
        assertThat(WrittenFileCheck.check(good).ok()).isTrue();
        String text = new String(good, StandardCharsets.US_ASCII);
        byte[] bad =
                text.replace("SV1*HC:99213*40*", "SV1*HC:99213*41*")
                        .replace("IEA*1*000000042", "IEA*1*000000043")
                        .getBytes(StandardCharsets.US_ASCII);
        WrittenFileCheck.Result r = WrittenFileCheck.check(bad);
        assertThat(r.ok()).isFalse();
        assertThat(r.failures())
                .anyMatch(f -> f.contains("CLM02 100.00 ≠ Σ SV102 101.00"))
                .anyMatch(f -> f.contains("IEA02 000000043 ≠ ISA13 000000042"));
    }

    static RemitLine line(String procedure, String charge, String paid, Adjustment... adjustments) {
        return new RemitLine(
                "HC",
                procedure,
                List.of(),
                Money.parse(charge),
                Money.parse(paid),
                BigDecimal.ONE,
                null,
                null,
                null,
                List.of(adjustments),
                List.of());
    }

    static Adjustment adj(String group, String carc, String amount) {
        return new Adjustment(group, carc, Money.parse(amount), null);
    }

    /** StAEDI's reading of a file: its syntax errors, none when it accepts the file. */
    static List<String> staediErrors(byte[] file) {
        List<String> errors = new ArrayList<>();
        try (EDIStreamReader r =
                EDIInputFactory.newFactory()
                        .createEDIStreamReader(new ByteArrayInputStream(file))) {
            while (r.hasNext()) {
                EDIStreamEvent e = r.next();
                if (e == EDIStreamEvent.SEGMENT_ERROR
                        || e == EDIStreamEvent.ELEMENT_DATA_ERROR
                        || e == EDIStreamEvent.ELEMENT_OCCURRENCE_ERROR) {
                    errors.add(e + " " + r.getErrorType() + " at " + r.getLocation());
                }
            }
        } catch (Exception e) {
            errors.add(e.toString());
        }
        return errors;
    }
}
