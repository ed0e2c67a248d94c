package org.reclaim.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.reclaim.common.Money;
import org.reclaim.x12.X12Limits;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.Person;
import org.reclaim.x12.claim.Provider;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

class TransactionSetRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);

    private static final Scrubber SCRUBBER = Scrubber.transactionSet();

    @Test
    void theGeneratorsClaimsAreAllCleanAndComeInFileOrder() throws IOException {
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        Generator.write(GeneratorOptions.defaults(), claims, null);
        Scrubber.Result r =
                SCRUBBER.scrubFile(
                        new ByteArrayInputStream(claims.toByteArray()),
                        LocalDate.of(2100, 1, 1),
                        X12Limits.DEFAULT);
        assertThat(r.report().readable()).isTrue();
        assertThat(r.claims()).hasSize(100);
        assertThat(r.claims())
                .allSatisfy(
                        c ->
                                assertThat(c.findings())
                                        .as(c.claim().patientControlNumber())
                                        .isEmpty());
        List<Integer> order = new ArrayList<>();
        for (ClaimScrub c : r.claims()) order.add(c.claim().transaction());
        assertThat(order).isSorted();
    }

    @Test
    void aCleanClaimIsClean() {
        ClaimScrub s = SCRUBBER.scrub(clean(), TODAY);
        assertThat(s.verdict()).isEqualTo(Verdict.CLEAN);
        assertThat(s.findings()).isEmpty();
    }

    @Test
    void aWrongNpiCheckDigitIsHeldNamingTheLoop() {
        // 1234567893 is the CMS example's valid NPI; its last digit changed breaks the check
        Finding f =
                only(
                        with(
                                c ->
                                        copy(c).billing(
                                                        new Provider(
                                                                "XX",
                                                                "1234567890",
                                                                "CLINIC",
                                                                "123456789"))
                                                .build()),
                        "tx.npi-check-digit");
        assertThat(f.message()).contains("billing provider (loop 2010AA NM109)", "1234567890");
        assertThat(SCRUBBER.scrub(clean(), TODAY).findings()).isEmpty();
    }

    @Test
    void eachRuleFlagsItsCase() {
        assertThat(rules(copy(clean()).member(null).build())).contains("tx.required");
        assertThat(rules(copy(clean()).diagnoses(List.of("J06.9")).build()))
                .contains("tx.diagnosis-code");
        assertThat(rules(copy(clean()).line(l -> line(l, "9921", List.of(), "1", 1)).build()))
                .contains("tx.procedure-code");
        assertThat(
                        rules(
                                copy(clean())
                                        .line(l -> line(l, "99213", List.of("2", "25"), "1", 1))
                                        .build()))
                .contains("tx.modifier");
        assertThat(rules(copy(clean()).line(l -> line(l, "99213", List.of(), "0", 1)).build()))
                .contains("tx.units");
        assertThat(rules(copy(clean()).line(l -> line(l, "99213", List.of(), "1", 3)).build()))
                .contains("tx.diagnosis-pointer");
        assertThat(rules(copy(clean()).facility("1").build())).contains("tx.place-of-service");
        assertThat(rules(copy(clean()).charge(new Money(9999)).build())).contains("tx.charge-sum");
        assertThat(rules(copy(clean()).frequency("7").build())).contains("tx.frequency-reference");
        assertThat(rules(copy(clean()).frequency("7").payerClaimNumber("PCN1").build()))
                .doesNotContain("tx.frequency-reference");
        assertThat(rules(copy(clean()).from(TODAY.plusDays(1)).build()))
                .contains("tx.service-date");
        assertThat(
                        rules(
                                copy(clean())
                                        .birth(TODAY.minusDays(10))
                                        .from(TODAY.minusDays(20))
                                        .build()))
                .contains("tx.service-date");
    }

    @Test
    void aChargeThatIsNotTheSumOfItsLinesCarriesTheFix() {
        Finding f = only(copy(clean()).charge(new Money(9999)).build(), "tx.charge-sum");
        assertThat(f.fix()).containsEntry("charge", new BigDecimal("125.00"));
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
    }

    @Test
    void aWrongDiagnosisPredictsCarc146() {
        Finding f = only(copy(clean()).diagnoses(List.of("9999")).build(), "tx.diagnosis-code");
        assertThat(f.carc()).isEqualTo("146");
        assertThat(f.category()).isEqualTo("coding");
    }

    @Test
    void aRuleThatThrowsIsAWarningNamingItNeverAHold() {
        Scrubber s =
                new Scrubber(
                        List.of(
                                (claim, today) -> {
                                    throw new IllegalStateException("broken");
                                }));
        ClaimScrub r = s.scrub(clean(), TODAY);
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        assertThat(r.findings()).extracting(Finding::rule).containsExactly("scrub.rule-failed");
    }

    @Test
    void aFileThatIsNotX12IsUnreadable() throws IOException {
        Scrubber.Result r =
                SCRUBBER.scrubFile(
                        new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)),
                        TODAY,
                        X12Limits.DEFAULT);
        assertThat(r.report().readable()).isFalse();
        assertThat(r.claims()).isEmpty();
    }

    private static List<String> rules(SubmittedClaim c) {
        return SCRUBBER.scrub(c, TODAY).findings().stream().map(Finding::rule).toList();
    }

    private static Finding only(SubmittedClaim c, String rule) {
        ClaimScrub s = SCRUBBER.scrub(c, TODAY);
        assertThat(s.verdict()).isEqualTo(Verdict.HOLD);
        List<Finding> hits = s.findings().stream().filter(f -> f.rule().equals(rule)).toList();
        assertThat(hits).as(s.findings().toString()).hasSize(1);
        return hits.get(0);
    }

    private static SubmittedClaim with(UnaryOperator<SubmittedClaim> change) {
        return change.apply(clean());
    }

    private static ClaimLine line(
            ClaimLine l, String procedure, List<String> mods, String units, int pointer) {
        return new ClaimLine(
                l.index(),
                "HC",
                procedure,
                mods,
                l.charge(),
                "UN",
                new BigDecimal(units),
                l.serviceFrom(),
                l.serviceTo(),
                null,
                l.placeOfService(),
                List.of(pointer),
                null,
                l.segment());
    }

    /** An 837P claim every rule passes: two lines of $100 and $25, two diagnoses. */
    static SubmittedClaim clean() {
        LocalDate dos = TODAY.minusDays(30);
        List<ClaimLine> lines =
                List.of(
                        new ClaimLine(
                                1,
                                "HC",
                                "99213",
                                List.of("25"),
                                new Money(10000),
                                "UN",
                                BigDecimal.ONE,
                                dos,
                                dos,
                                null,
                                null,
                                List.of(1, 2),
                                null,
                                20),
                        new ClaimLine(
                                2,
                                "HC",
                                "36415",
                                List.of(),
                                new Money(2500),
                                "UN",
                                BigDecimal.ONE,
                                dos,
                                dos,
                                null,
                                null,
                                List.of(1),
                                null,
                                24));
        return new SubmittedClaim(
                "837P",
                1,
                "0001",
                "1",
                TODAY.minusDays(1),
                new Provider("46", "SUB1", "SUBMITTER", null),
                new Provider("46", "RCV1", "RECEIVER", null),
                new Provider("XX", "1234567893", "CLINIC", "123456789"),
                null,
                new Provider("PI", "PAYER1", "SYNTH PAYER", null),
                new Person("MEM001", "DOE", "ALEX", LocalDate.of(1980, 1, 1), "F", "18"),
                null,
                "PCN-1",
                new Money(12500),
                "11",
                "1",
                List.of("J069", "R05"),
                null,
                null,
                null,
                dos,
                dos,
                lines,
                10,
                100);
    }

    static Builder copy(SubmittedClaim c) {
        return new Builder(c);
    }

    /** Changes one part of a claim at a time. */
    static final class Builder {
        private SubmittedClaim c;

        Builder(SubmittedClaim c) {
            this.c = c;
        }

        Builder billing(Provider p) {
            return set(
                    p,
                    c.subscriber(),
                    c.charge(),
                    c.facilityCode(),
                    c.frequency(),
                    c.diagnoses(),
                    c.payerClaimNumber(),
                    c.lines());
        }

        Builder member(String id) {
            Person s = c.subscriber();
            return set(
                    c.billingProvider(),
                    new Person(
                            id,
                            s.lastName(),
                            s.firstName(),
                            s.birthDate(),
                            s.gender(),
                            s.relationship()),
                    c.charge(),
                    c.facilityCode(),
                    c.frequency(),
                    c.diagnoses(),
                    c.payerClaimNumber(),
                    c.lines());
        }

        Builder birth(LocalDate d) {
            Person s = c.subscriber();
            return set(
                    c.billingProvider(),
                    new Person(
                            s.memberId(),
                            s.lastName(),
                            s.firstName(),
                            d,
                            s.gender(),
                            s.relationship()),
                    c.charge(),
                    c.facilityCode(),
                    c.frequency(),
                    c.diagnoses(),
                    c.payerClaimNumber(),
                    c.lines());
        }

        Builder diagnoses(List<String> d) {
            return set(
                    c.billingProvider(),
                    c.subscriber(),
                    c.charge(),
                    c.facilityCode(),
                    c.frequency(),
                    d,
                    c.payerClaimNumber(),
                    c.lines());
        }

        Builder charge(Money m) {
            return set(
                    c.billingProvider(),
                    c.subscriber(),
                    m,
                    c.facilityCode(),
                    c.frequency(),
                    c.diagnoses(),
                    c.payerClaimNumber(),
                    c.lines());
        }

        Builder facility(String f) {
            return set(
                    c.billingProvider(),
                    c.subscriber(),
                    c.charge(),
                    f,
                    c.frequency(),
                    c.diagnoses(),
                    c.payerClaimNumber(),
                    c.lines());
        }

        Builder frequency(String f) {
            return set(
                    c.billingProvider(),
                    c.subscriber(),
                    c.charge(),
                    c.facilityCode(),
                    f,
                    c.diagnoses(),
                    c.payerClaimNumber(),
                    c.lines());
        }

        Builder payerClaimNumber(String n) {
            return set(
                    c.billingProvider(),
                    c.subscriber(),
                    c.charge(),
                    c.facilityCode(),
                    c.frequency(),
                    c.diagnoses(),
                    n,
                    c.lines());
        }

        /** The first line changed. */
        Builder line(UnaryOperator<ClaimLine> change) {
            List<ClaimLine> lines = new ArrayList<>(c.lines());
            lines.set(0, change.apply(lines.get(0)));
            return set(
                    c.billingProvider(),
                    c.subscriber(),
                    c.charge(),
                    c.facilityCode(),
                    c.frequency(),
                    c.diagnoses(),
                    c.payerClaimNumber(),
                    lines);
        }

        /** Every line's date of service. */
        Builder from(LocalDate d) {
            List<ClaimLine> lines = new ArrayList<>();
            for (ClaimLine l : c.lines())
                lines.add(
                        new ClaimLine(
                                l.index(),
                                l.procedureQualifier(),
                                l.procedure(),
                                l.modifiers(),
                                l.charge(),
                                l.unitQualifier(),
                                l.units(),
                                d,
                                d,
                                l.revenueCode(),
                                l.placeOfService(),
                                l.diagnosisPointers(),
                                l.controlNumber(),
                                l.segment()));
            return set(
                    c.billingProvider(),
                    c.subscriber(),
                    c.charge(),
                    c.facilityCode(),
                    c.frequency(),
                    c.diagnoses(),
                    c.payerClaimNumber(),
                    lines);
        }

        private Builder set(
                Provider billing,
                Person subscriber,
                Money charge,
                String facility,
                String frequency,
                List<String> diagnoses,
                String payerClaimNumber,
                List<ClaimLine> lines) {
            c =
                    new SubmittedClaim(
                            c.variant(),
                            c.transaction(),
                            c.controlNumber(),
                            c.groupControlNumber(),
                            c.submissionDate(),
                            c.submitter(),
                            c.receiver(),
                            billing,
                            c.renderingProvider(),
                            c.payer(),
                            subscriber,
                            c.patient(),
                            c.patientControlNumber(),
                            charge,
                            facility,
                            frequency,
                            diagnoses,
                            c.priorAuthorization(),
                            c.referral(),
                            payerClaimNumber,
                            c.serviceFrom(),
                            c.serviceTo(),
                            lines,
                            c.segment(),
                            c.offset());
            return this;
        }

        SubmittedClaim build() {
            return c;
        }
    }
}
