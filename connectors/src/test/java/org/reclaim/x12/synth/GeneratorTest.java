package org.reclaim.x12.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratorTest {

    /** Output of one run, both files in memory. */
    record Run(GeneratedSummary summary, byte[] claims, byte[] remit) {
        String claimsText() {
            return new String(claims, StandardCharsets.US_ASCII);
        }
    }

    static Run generate(GeneratorOptions options) {
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        ByteArrayOutputStream remit = new ByteArrayOutputStream();
        GeneratedSummary summary = Generator.write(options, claims, remit);
        return new Run(summary, claims.toByteArray(), remit.toByteArray());
    }

    static final GeneratorOptions BUSY =
            GeneratorOptions.defaults()
                    .withClaims(1500)
                    .withSeed(11)
                    .withClaimsPerTransaction(40)
                    .withReversalRate(0.08)
                    .withProviderAdjustmentRate(0.5)
                    .withSecondaryRate(0.1);

    static Stream<GeneratorOptions> variants() {
        GeneratorOptions d = GeneratorOptions.defaults().withClaims(400);
        return Stream.of(
                d,
                BUSY,
                d.withLineBreaks(false).withSeed(2),
                d.withClaimsPerTransaction(1).withSeed(3),
                d.withLinesPerClaim(1, 6).withSeed(4),
                d.withDenialRate(1).withReversalRate(0.5).withSeed(5),
                d.withDenialRate(0).withReversalRate(0).withProviderAdjustmentRate(0).withSeed(6),
                d.withClaims(0),
                d.withClaims(1).withSeed(-9));
    }

    @Test
    void sameSeedAndOptionsGiveIdenticalBytes() {
        Run a = generate(BUSY);
        Run b = generate(BUSY);
        assertThat(a.claims).isEqualTo(b.claims);
        assertThat(a.remit).isEqualTo(b.remit);
        assertThat(a.summary).isEqualTo(b.summary);
    }

    @Test
    void differentSeedGivesDifferentFiles() {
        Run a = generate(BUSY);
        Run b = generate(BUSY.withSeed(12));
        assertThat(a.claims).isNotEqualTo(b.claims);
        assertThat(a.remit).isNotEqualTo(b.remit);
        assertThat(BUSY.resolvedBaseDate())
                .isEqualTo(GeneratorOptions.defaults().withSeed(11).resolvedBaseDate());
    }

    @Test
    void leavingOneFileOutDoesNotChangeTheOther() {
        Run both = generate(BUSY);
        ByteArrayOutputStream remit = new ByteArrayOutputStream();
        GeneratedSummary onlyRemit = Generator.write(BUSY, null, remit);
        assertThat(remit.toByteArray()).isEqualTo(both.remit);
        assertThat(onlyRemit.claimBytes()).isZero();
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        GeneratedSummary onlyClaims = Generator.write(BUSY, claims, null);
        assertThat(claims.toByteArray()).isEqualTo(both.claims);
        assertThat(onlyClaims.remitBytes()).isZero();
        assertThat(onlyClaims.denials()).isEqualTo(both.summary.denials());
    }

    @ParameterizedTest
    @MethodSource("variants")
    void staediReadsBothFilesWithoutErrors(GeneratorOptions options) throws Exception {
        Run run = generate(options);
        X12Segments claims = X12Segments.read(run.claims);
        X12Segments remit = X12Segments.read(run.remit);
        assertThat(claims.errors).isEmpty();
        assertThat(remit.errors).isEmpty();
        assertThat(claims.interchanges).isEqualTo(1);
        assertThat(remit.interchanges).isEqualTo(1);
        assertThat(claims.transactions).isEqualTo(run.summary.claimTransactions());
        assertThat(remit.transactions).isEqualTo(run.summary.remitTransactions());
        assertThat(claims.segments.stream().filter(s -> s[0].equals("CLM")))
                .hasSize((int) run.summary.claims());
        assertThat(remit.segments.stream().filter(s -> s[0].equals("CLP")))
                .hasSize((int) run.summary.remitClaims());
        assertThat((long) run.claims.length).isEqualTo(run.summary.claimBytes());
        assertThat((long) run.remit.length).isEqualTo(run.summary.remitBytes());
    }

    @Test
    void staediCatchesAWrongSegmentCount() throws Exception {
        // proves the oracle above would notice a miscounted SE01
        String text =
                new String(
                        generate(GeneratorOptions.defaults().withClaims(3)).remit,
                        StandardCharsets.US_ASCII);
        String broken = text.replaceFirst("SE\\*(\\d+)\\*", "SE*999*");
        assertThat(X12Segments.read(broken.getBytes(StandardCharsets.US_ASCII)).errors)
                .isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("variants")
    void remittanceBalancesAtEveryLevel(GeneratorOptions options) throws Exception {
        Run run = generate(options);
        Remit remit = Remit.of(X12Segments.read(run.remit).segments);
        long totalPaid = 0;
        Set<String> traces = new HashSet<>();
        for (Remit.Transaction t : remit.transactions) {
            long claimsPaid = 0;
            for (Remit.Claim c : t.claims) {
                claimsPaid += c.paid;
                assertThat(c.charge - c.allCas()).as("claim %s", c.pcn).isEqualTo(c.paid);
                for (Remit.Line l : c.lines) {
                    long cas = l.cas.stream().mapToLong(Remit.Cas::amount).sum();
                    assertThat(l.charge - cas)
                            .as("line %s of %s", l.procedure, c.pcn)
                            .isEqualTo(l.paid);
                }
            }
            assertThat(t.bpr03).isEqualTo("C");
            assertThat(t.bpr02)
                    .as("BPR02 of %s", t.control)
                    .isNotNegative()
                    .isEqualTo(claimsPaid - t.plbTotal);
            assertThat(traces.add(t.payerId + "|" + t.payeeId + "|" + t.trace))
                    .as("TRN02 unique per payer and payee")
                    .isTrue();
            totalPaid += t.bpr02;
        }
        assertThat(totalPaid).isEqualTo(run.summary.totalPaid().cents());
        assertThat(remit.transactions.stream().mapToLong(t -> t.plbCount).sum())
                .isEqualTo(run.summary.providerAdjustments());
    }

    @Test
    void deniedClaimsMatchTheRateAndTheSummary() throws Exception {
        for (double rate : new double[] {0.2, 0.5}) {
            Run run =
                    generate(
                            GeneratorOptions.defaults()
                                    .withClaims(4000)
                                    .withSeed(21)
                                    .withDenialRate(rate));
            Remit remit = Remit.of(X12Segments.read(run.remit).segments);
            long denied = 0;
            long deniedLines = 0;
            long claimLevel = 0;
            long originals = 0;
            for (Remit.Claim c : remit.claims()) {
                if (c.status.equals("22") || c.originalPayerClaimNumber != null) continue;
                originals++;
                long claimWorkable =
                        c.cas.stream()
                                .filter(GeneratorTest::workable)
                                .mapToLong(Remit.Cas::amount)
                                .sum();
                long lines =
                        c.lines.stream()
                                .filter(
                                        l ->
                                                l.cas.stream()
                                                                .filter(GeneratorTest::workable)
                                                                .mapToLong(Remit.Cas::amount)
                                                                .sum()
                                                        > 0)
                                .count();
                if (claimWorkable > 0) claimLevel++;
                deniedLines += lines;
                if (claimWorkable > 0 || lines > 0) denied++;
            }
            assertThat(originals).isEqualTo(run.summary.claims());
            assertThat(denied).isEqualTo(run.summary.deniedClaims());
            assertThat(deniedLines).isEqualTo(run.summary.deniedLines());
            assertThat(claimLevel).isEqualTo(run.summary.claimLevelDenials());
            assertThat((double) denied / originals).isCloseTo(rate, within(0.03));
        }
    }

    @Test
    void deniedLinesHideInsidePaidClaimsAndCarryRemarks() throws Exception {
        Run run = generate(GeneratorOptions.defaults().withClaims(2000).withSeed(8));
        Remit remit = Remit.of(X12Segments.read(run.remit).segments);
        long hidden =
                remit.claims().stream()
                        .filter(c -> c.status.equals("1"))
                        .filter(
                                c ->
                                        c.lines.stream()
                                                .anyMatch(
                                                        l ->
                                                                l.paid == 0
                                                                        && l.cas.stream()
                                                                                .anyMatch(
                                                                                        GeneratorTest
                                                                                                ::workable)))
                        .count();
        assertThat(hidden).isGreaterThan(50);
        assertThat(
                        remit.claims().stream()
                                .flatMap(c -> c.lines.stream())
                                .filter(l -> !l.rarcs.isEmpty()))
                .isNotEmpty();
        Set<String> carcs = new HashSet<>();
        for (Remit.Claim c : remit.claims()) {
            c.cas.forEach(a -> carcs.add(a.group() + "-" + a.carc()));
            c.lines.forEach(l -> l.cas.forEach(a -> carcs.add(a.group() + "-" + a.carc())));
        }
        assertThat(carcs)
                .contains(
                        "CO-45", "PR-1", "PR-2", "PR-3", "OA-23", "CO-197", "CO-16", "OA-18",
                        "CO-29", "CO-50", "CO-97");
    }

    @Test
    void everyReversalIsFollowedByItsCorrection() throws Exception {
        Run run = generate(BUSY);
        Remit remit = Remit.of(X12Segments.read(run.remit).segments);
        Map<String, Remit.Claim> byPayerClaimNumber = new HashMap<>();
        int reversals = 0;
        for (Remit.Transaction t : remit.transactions) {
            List<Remit.Claim> claims = t.claims;
            for (int i = 0; i < claims.size(); i++) {
                Remit.Claim c = claims.get(i);
                if (c.status.equals("22")) {
                    reversals++;
                    Remit.Claim original = byPayerClaimNumber.get(c.payerClaimNumber);
                    assertThat(original)
                            .as("original of reversal %s", c.payerClaimNumber)
                            .isNotNull();
                    assertThat(original.pcn).isEqualTo(c.pcn);
                    assertThat(c.charge).isEqualTo(-original.charge);
                    assertThat(c.paid).isEqualTo(-original.paid);
                    assertThat(c.allCas()).isEqualTo(-original.allCas());
                    assertThat(i + 1).as("correction follows").isLessThan(claims.size());
                    Remit.Claim correction = claims.get(i + 1);
                    assertThat(correction.pcn).isEqualTo(c.pcn);
                    assertThat(correction.status).isIn("1", "2");
                    assertThat(correction.payerClaimNumber).isNotEqualTo(c.payerClaimNumber);
                    assertThat(correction.originalPayerClaimNumber).isEqualTo(c.payerClaimNumber);
                } else {
                    assertThat(byPayerClaimNumber.put(c.payerClaimNumber, c))
                            .as("CLP07 unique")
                            .isNull();
                }
            }
        }
        assertThat(reversals).isEqualTo(run.summary.reversals()).isGreaterThan(50);
    }

    @Test
    void everyRemittedClaimWasSubmitted() throws Exception {
        Run run = generate(BUSY);
        List<String[]> claimSegments = X12Segments.read(run.claims).segments;
        Set<String> submitted = new HashSet<>();
        long charge = 0;
        long lineCharges = -1;
        List<Long> mismatches = new ArrayList<>();
        long claimCharge = 0;
        for (String[] s : claimSegments) {
            if (s[0].equals("CLM")) {
                if (lineCharges >= 0 && lineCharges != claimCharge) mismatches.add(claimCharge);
                assertThat(submitted.add(s[1])).as("CLM01 unique").isTrue();
                claimCharge = Remit.cents(s[2]);
                charge += claimCharge;
                lineCharges = 0;
                assertThat(s[5]).matches("\\d\\d:B:1");
            } else if (s[0].equals("SV1")) {
                lineCharges += Remit.cents(s[2]);
                assertThat(s[1]).matches("HC:[0-9A-Z]{5}(:[0-9A-Z]{2})?");
            } else if (s[0].equals("NM1") && X12Segments.el(s, 8).equals("XX")) {
                assertThat(Npi.isValid(s[9])).as("NPI %s", s[9]).isTrue();
            } else if (s[0].equals("HI")) {
                assertThat(s[1]).startsWith("ABK:");
            }
        }
        if (lineCharges != claimCharge) mismatches.add(claimCharge);
        assertThat(mismatches).as("CLM02 = Σ SV102").isEmpty();
        assertThat(charge).isEqualTo(run.summary.totalCharge().cents());
        assertThat(submitted).hasSize((int) run.summary.claims());

        Remit remit = Remit.of(X12Segments.read(run.remit).segments);
        for (Remit.Claim c : remit.claims()) assertThat(submitted).contains(c.pcn);
        String text = run.claimsText();
        assertThat(text)
                .contains("REF*G1*", "REF*9F*", "HL*3*2*23*0", "PAT*19", "SBR*S*", "AMT*D*");
    }

    @Test
    void benchmarkProfileHasFourToFiveAdjustmentsPerClaim() {
        GeneratedSummary s =
                generate(GeneratorOptions.defaults().withClaims(3000).withSeed(31)).summary;
        assertThat((double) s.adjustments() / s.remitClaims()).isBetween(4.0, 5.0);
    }

    @Test
    void sizeTargetStopsJustPastTheSize() {
        long target = 2L << 20;
        ByteArrayOutputStream remit = new ByteArrayOutputStream();
        GeneratedSummary s =
                Generator.write(
                        GeneratorOptions.defaults().withTargetRemitBytes(target).withSeed(4),
                        null,
                        remit);
        assertThat((long) remit.size())
                .isEqualTo(s.remitBytes())
                .isGreaterThanOrEqualTo(target)
                .isLessThan(target + target / 20);
        assertThat(s.claims()).isGreaterThan(1000);
    }

    @Test
    void optionsRejectNonsense() {
        GeneratorOptions d = GeneratorOptions.defaults();
        assertThatThrownBy(() -> d.withDenialRate(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withLinesPerClaim(3, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withClaimsPerTransaction(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withDenialReasons(List.of()).withDenialRate(0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DenialReason.line("PR", "96", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DenialReason.line("CO", "45", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCustomMixIsHonoured() throws Exception {
        Run run =
                generate(
                        GeneratorOptions.defaults()
                                .withClaims(300)
                                .withDenialRate(1)
                                .withDenialReasons(
                                        List.of(DenialReason.line("CO", "242", 1, "N130"))));
        Remit remit = Remit.of(X12Segments.read(run.remit).segments);
        Set<String> workable = new HashSet<>();
        for (Remit.Claim c : remit.claims()) {
            c.lines.forEach(
                    l ->
                            l.cas.stream()
                                    .filter(GeneratorTest::workable)
                                    .forEach(a -> workable.add(a.carc())));
        }
        assertThat(workable).containsExactly("242");
    }

    @Test
    void catalogNpisPassTheLuhnCheck() {
        for (Catalog.Practice p : Catalog.PRACTICES) {
            assertThat(Npi.isValid(p.npi())).isTrue();
            for (Catalog.Doctor d : p.doctors()) assertThat(Npi.isValid(d.npi())).isTrue();
        }
        assertThat(Npi.isValid("1234567893")).isTrue(); // the CMS worked example
        assertThat(Npi.isValid("1234567890")).isFalse();
    }

    /** docs/contracts.md §1: PR, the contractual CARCs and OA-23 are never workable. */
    static boolean workable(Remit.Cas a) {
        if (a.group().equals("PR")) return false;
        if (Set.of("45", "42", "59", "94", "131", "A2").contains(a.carc())) return false;
        return !(a.group().equals("OA") && a.carc().equals("23"));
    }
}
