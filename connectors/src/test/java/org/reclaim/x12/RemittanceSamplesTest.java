package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reclaim.common.Money;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.remit.PaymentSummary;
import org.reclaim.x12.remit.ServiceLine;

class RemittanceSamplesTest {

    /**
     * Sample files where this reader and check835.py disagree on purpose: file → (field → why).
     * Mirrored in src/test/resources/x12/CHECKER-DISAGREEMENTS.md.
     */
    static final Map<String, Map<String, String>> CHECKER_DISAGREEMENTS = Map.of();

    static Stream<Samples.Sample> remittances() {
        return Samples.ofType("835").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("remittances")
    void everyRemittanceSampleReadsWithoutErrorsInCallbackOrder(Samples.Sample sample) {
        Recorded r = Recorded.read(sample.path());
        assertThat(r.report).isNotNull();
        assertThat(r.report.error()).isNull();
        assertThat(r.report.type()).isEqualTo("835");
        assertThat(r.orderViolations).isEmpty();
        assertThat(r.payments).hasSameSizeAs(r.summaries);
        assertThat(r.summaries).allMatch(PaymentSummary::closed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("remittances")
    void countsAndBalancingAgreeWithCheck835(Samples.Sample sample) throws Exception {
        Map<String, Object> checker = check835(sample);
        Recorded r = Recorded.read(sample.path());
        Map<String, Object> mine = verdicts(r);
        Map<String, String> excused = CHECKER_DISAGREEMENTS.getOrDefault(sample.name(), Map.of());
        for (Map.Entry<String, Object> e : mine.entrySet()) {
            Object theirs = normalise(checker.get(e.getKey()));
            if (excused.containsKey(e.getKey())) {
                assertThat(e.getValue())
                        .as("still disagrees on " + e.getKey() + ": " + excused.get(e.getKey()))
                        .isNotEqualTo(theirs);
            } else {
                assertThat(e.getValue()).as(sample + " " + e.getKey()).isEqualTo(theirs);
            }
        }
    }

    static Map<String, Object> verdicts(Recorded r) {
        Map<String, Object> m = new TreeMap<>();
        m.put("transactions", (long) r.summaries.size());
        m.put("claims", (long) r.remittanceClaims.size());
        m.put("lines", (long) r.remittanceClaims.stream().mapToInt(c -> c.lines().size()).sum());
        Map<String, Long> statuses = new TreeMap<>();
        for (ClaimPayment c : r.remittanceClaims) statuses.merge(c.status(), 1L, Long::sum);
        m.put("claim_status_codes", statuses);
        m.put(
                "balance_transaction_ok",
                r.summaries.stream().allMatch(PaymentSummary::paymentBalanced));
        m.put("balance_claims_ok", r.summaries.stream().allMatch(s -> s.unbalancedClaims() == 0));
        m.put("balance_lines_ok", r.summaries.stream().allMatch(s -> s.unbalancedLines() == 0));
        return m;
    }

    private static Object normalise(Object v) {
        if (v instanceof BigDecimal d) return d.longValueExact();
        if (v instanceof Map<?, ?> map) {
            Map<String, Long> out = new TreeMap<>();
            map.forEach((k, x) -> out.put((String) k, ((BigDecimal) x).longValueExact()));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> check835(Samples.Sample sample)
            throws IOException, InterruptedException {
        Process p;
        try {
            p =
                    new ProcessBuilder(
                                    "python3",
                                    Samples.root().resolve("check835.py").toString(),
                                    "--json",
                                    sample.path().toString())
                            .redirectErrorStream(false)
                            .start();
        } catch (IOException e) {
            assumeTrue(false, "python3 not available: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(
                p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "check835.py did not run");
        return (Map<String, Object>) Json.parse(out.trim());
    }

    @Test
    void deniedLinesInsideAPaidClaimAreKeptWithTheirAdjustments() {
        Recorded r =
                Recorded.read(Samples.root().resolve("samples/tigershark/5010-835-example-2.txt"));
        ClaimPayment claim = r.remittanceClaims.get(1);
        assertThat(claim.patientControlNumber()).isEqualTo("EDI DENIED");
        assertThat(claim.status()).isEqualTo("1");
        assertThat(claim.charge()).isEqualTo(Money.parse("207.16"));
        assertThat(claim.paid()).isEqualTo(Money.ZERO);
        assertThat(claim.payerClaimNumber()).isEqualTo("CLAIMNUMBER2");
        assertThat(claim.facilityType()).isEqualTo("13");
        assertThat(claim.serviceFrom()).isEqualTo(LocalDate.of(2011, 9, 8));
        assertThat(claim.received()).isEqualTo(LocalDate.of(2011, 9, 8));
        assertThat(claim.lines()).hasSize(5);
        ServiceLine first = claim.lines().get(0);
        assertThat(first.procedureQualifier()).isEqualTo("NU");
        assertThat(first.procedure()).isEqualTo("0250");
        assertThat(first.charge()).isEqualTo(Money.parse("9.2"));
        assertThat(first.paid()).isEqualTo(Money.ZERO);
        assertThat(first.units()).isEqualByComparingTo("4");
        assertThat(first.serviceFrom()).isEqualTo(LocalDate.of(2011, 9, 8));
        assertThat(first.adjustments())
                .containsExactly(new Adjustment("CO", "16", Money.parse("9.20"), null));
        assertThat(first.rarcs()).containsExactly("N142");
        assertThat(first.balanced()).isTrue();
        ServiceLine third = claim.lines().get(2);
        assertThat(third.procedureQualifier()).isEqualTo("HC");
        assertThat(third.procedure()).isEqualTo("85025");
        assertThat(third.revenueCode()).isEqualTo("0300");
        assertThat(claim.balanced()).isTrue();

        ClaimPayment paid = r.remittanceClaims.get(0);
        assertThat(paid.lines())
                .singleElement()
                .satisfies(
                        l -> {
                            assertThat(l.allowed()).isEqualTo(Money.parse("100"));
                            assertThat(l.controlNumber()).isEqualTo("1");
                            assertThat(l.adjustments())
                                    .containsExactly(
                                            new Adjustment("CO", "45", Money.parse("1983"), null));
                        });
    }

    @Test
    void paymentHeaderComesFromBprTrnAndTheN1Loops() {
        Recorded r =
                Recorded.read(Samples.root().resolve("samples/tigershark/5010-835-example-2.txt"));
        Payment p = r.payments.get(0);
        assertThat(p.controlNumber()).isEqualTo("0001");
        assertThat(p.version()).isEqualTo("005010X221A1");
        assertThat(p.handlingCode()).isEqualTo("I");
        assertThat(p.amount()).isEqualTo(Money.parse("100"));
        assertThat(p.creditDebit()).isEqualTo("C");
        assertThat(p.method()).isEqualTo("CHK");
        assertThat(p.paymentDate()).isEqualTo(LocalDate.of(2011, 9, 30));
        assertThat(p.traceNumber()).isEqualTo("123456789");
        assertThat(p.payer().name()).isEqualTo("PAYER NAME");
        assertThat(p.payer().id()).as("no N104 and no REF*2U: TRN03").isEqualTo("1123456789");
        assertThat(p.payee().id()).isEqualTo("1122334455");
        assertThat(p.payee().idQualifier()).isEqualTo("XX");
        PaymentSummary s = r.summaries.get(0);
        assertThat(s.claims()).isEqualTo(2);
        assertThat(s.serviceLines()).isEqualTo(6);
        assertThat(s.claimsPaid()).isEqualTo(Money.parse("100"));
        assertThat(s.paymentBalanced()).isTrue();
    }

    @Test
    void payerIdFallsBackToRef2UWhenN1PrHasNone() {
        Recorded r =
                Recorded.read(Samples.root().resolve("samples/stupidedi/4010_X091A1_case_1.edi"));
        Payment p = r.payments.get(0);
        assertThat(p.payer().idQualifier()).isEqualTo("2U");
        assertThat(p.payer().id()).isEqualTo("80214");
        assertThat(p.paymentDate()).isEqualTo(LocalDate.of(2012, 1, 25));
    }
}
