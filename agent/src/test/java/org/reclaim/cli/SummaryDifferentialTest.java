package org.reclaim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.remittance.Identification;
import org.reclaim.remittance.ReversalPairing;
import org.reclaim.remittance.Workability;
import org.reclaim.x12.AdjustmentRules;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.Problem;
import org.reclaim.x12.RemittanceTotals;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.PaymentSummary;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/**
 * The count-only read ({@link X12Files#summarize}, used by {@code inspect} without --json) against
 * the full read ({@link X12Files#read} + {@link Identification} + {@link ReversalPairing}):
 * identical report (problems included, in order, and every problem passed to the handler),
 * identical totals, identical human output — on every sample, on generated files and on seeded
 * mutations of both.
 */
class SummaryDifferentialTest {

    /** the shipped catalog's rule, as inspect applies it */
    private static final Identification IDENTIFICATION =
            new Identification(
                    org.reclaim.triage.Triage.workability(
                            org.reclaim.rules.TriageFiles.locate(null, null)));

    private static final AdjustmentRules RULES = IDENTIFICATION.nonWorkableRules();

    // ---------------------------------------------------------------- inputs

    static List<Path> sampleFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root :
                List.of(
                        Path.of("../connectors/src/test/resources/x12/samples"),
                        Path.of("src/main/resources/samples"))) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).sorted().forEach(out::add);
            }
        }
        assertThat(out).hasSizeGreaterThan(20);
        return out;
    }

    static byte[] generated(GeneratorOptions options, boolean remit) {
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        ByteArrayOutputStream remits = new ByteArrayOutputStream();
        Generator.write(options, remit ? null : claims, remit ? remits : null);
        return (remit ? remits : claims).toByteArray();
    }

    static List<byte[]> generatedFiles() {
        List<byte[]> out = new ArrayList<>();
        GeneratorOptions base = GeneratorOptions.defaults();
        out.add(generated(base.withClaims(300).withSeed(1), true));
        out.add(generated(base.withClaims(400).withSeed(2).withLineBreaks(false), true));
        out.add(
                generated(
                        base.withClaims(250).withSeed(3).withDenialRate(0.9).withReversalRate(0.3),
                        true));
        out.add(
                generated(
                        base.withClaims(250)
                                .withSeed(4)
                                .withDenialRate(0)
                                .withReversalRate(0.5)
                                .withLineBreaks(false),
                        true));
        out.add(
                generated(
                        base.withClaims(200)
                                .withSeed(5)
                                .withDenialRate(0.5)
                                .withProviderAdjustmentRate(0.9)
                                .withClaimsPerTransaction(3)
                                .withLinesPerClaim(1, 8)
                                .withAdjustmentsPerClaim(12),
                        true));
        out.add(
                generated(
                        base.withClaims(150).withSeed(6).withSecondaryRate(0.5).withReversalRate(1),
                        true));
        out.add(generated(base.withClaims(150).withSeed(7), false));
        out.add(generated(base.withClaims(0).withSeed(8), true));
        return out;
    }

    // ---------------------------------------------------------------- the two paths

    /** What a read produced: its report, every problem the handler saw, or what it threw. */
    record Outcome(FileReport report, List<Problem> seen, RemittanceTotals totals, String thrown) {}

    /** The full read, totals made the long way from the records. */
    static Outcome full(byte[] bytes) {
        List<Problem> seen = new ArrayList<>();
        long[] n = new long[10];
        Map<String, Long> statuses = new LinkedHashMap<>();
        ReversalPairing pairing = new ReversalPairing();
        X12Handler handler =
                new X12Handler() {
                    @Override
                    public void remittanceClaim(
                            org.reclaim.x12.remit.Payment payment, ClaimPayment claim) {
                        n[0]++;
                        n[1] += claim.lines().size();
                        statuses.merge(claim.status(), 1L, Long::sum);
                        assertThat(claim.balanced()).isEqualTo(claimBalanced(claim));
                        for (var d : IDENTIFICATION.denials(claim)) {
                            n[7]++;
                            n[8] += d.amount().cents();
                        }
                        if (pairing.accept(claim) != null) n[9]++;
                    }

                    @Override
                    public void paymentEnd(PaymentSummary s) {
                        if (!s.paymentBalanced()) n[3]++;
                        n[4] += s.unbalancedClaims();
                        n[5] += s.unbalancedLines();
                        n[6] += s.providerAdjustmentTotal().cents();
                    }

                    @Override
                    public void problem(Problem p) {
                        seen.add(p);
                    }
                };
        try {
            FileReport report = X12Files.read(new ByteArrayInputStream(bytes), handler);
            n[9] += pairing.unmatched().size();
            return new Outcome(
                    report,
                    seen,
                    new RemittanceTotals(
                            n[0], n[1], statuses, n[3], n[4], n[5], n[6], n[7], n[8], n[9]),
                    null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, seen, null, e.toString());
        }
    }

    private static boolean claimBalanced(ClaimPayment c) {
        long sum = 0;
        for (Adjustment a : c.adjustments()) sum += a.amount().cents();
        for (var l : c.lines()) for (Adjustment a : l.adjustments()) sum += a.amount().cents();
        return c.paid() != null && c.charge().cents() - sum == c.paid().cents();
    }

    static Outcome summary(byte[] bytes) {
        List<Problem> seen = new ArrayList<>();
        X12Handler handler =
                new X12Handler() {
                    @Override
                    public void remittanceClaim(
                            org.reclaim.x12.remit.Payment payment, ClaimPayment claim) {
                        throw new AssertionError(
                                "the summary read passed an 835 claim to the handler");
                    }

                    @Override
                    public void problem(Problem p) {
                        seen.add(p);
                    }
                };
        try {
            X12Files.Summary s =
                    X12Files.summarize(new ByteArrayInputStream(bytes), RULES, handler);
            return new Outcome(s.report(), seen, s.remittances(), null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, seen, null, e.toString());
        }
    }

    static void assertSame(String what, byte[] bytes) {
        Outcome f = full(bytes);
        Outcome s = summary(bytes);
        assertThat(s.thrown()).as(what + ": thrown").isEqualTo(f.thrown());
        assertThat(s.seen()).as(what + ": problems passed to the handler").isEqualTo(f.seen());
        assertThat(s.report()).as(what + ": report").isEqualTo(f.report());
        if (f.report() != null) {
            assertThat(s.report().problems())
                    .as(what + ": problems")
                    .containsExactlyElementsOf(f.report().problems());
        }
        assertThat(s.totals()).as(what + ": totals").isEqualTo(f.totals());
        if (f.totals() != null) {
            assertThat(List.copyOf(s.totals().claimStatusCounts().keySet()))
                    .as(what + ": status order")
                    .isEqualTo(List.copyOf(f.totals().claimStatusCounts().keySet()));
        }
    }

    // ---------------------------------------------------------------- the tests

    @Test
    void everySampleGivesTheSameReportAndTotals() throws IOException {
        int remits = 0;
        for (Path p : sampleFiles()) {
            byte[] bytes = Files.readAllBytes(p);
            assertSame(p.toString(), bytes);
            if (full(bytes).totals().claims() > 0) remits++;
        }
        assertThat(remits).as("samples with 835 claims").isGreaterThan(5);
    }

    @Test
    void generatedFilesGiveTheSameReportAndTotals() {
        for (byte[] g : generatedFiles()) assertSame("generated", g);
    }

    @Test
    void generatedFilesExerciseDenialsReversalsAndPlb() {
        byte[] g =
                generated(
                        GeneratorOptions.defaults()
                                .withClaims(300)
                                .withSeed(11)
                                .withDenialRate(0.6)
                                .withReversalRate(0.2)
                                .withProviderAdjustmentRate(0.8),
                        true);
        RemittanceTotals t = summary(g).totals();
        assertThat(t.denials()).isPositive();
        assertThat(t.denialCents()).isPositive();
        assertThat(t.reversals()).isPositive();
        assertThat(t.plbCents()).isNotZero();
        assertThat(t).isEqualTo(full(g).totals());
    }

    @Test
    void concatenatedAndMixedFilesGiveTheSameReportAndTotals() throws IOException {
        List<byte[]> parts = new ArrayList<>();
        for (Path p : sampleFiles()) parts.add(Files.readAllBytes(p));
        parts.addAll(generatedFiles());
        SplittableRandom r = new SplittableRandom(77);
        for (int i = 0; i < 60; i++) {
            byte[] a = parts.get(r.nextInt(parts.size()));
            byte[] b = parts.get(r.nextInt(parts.size()));
            byte[] both = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            assertSame("concatenation " + i, both);
        }
    }

    @Test
    void mutatedFilesGiveTheSameReportAndTotals() throws IOException {
        List<byte[]> originals = new ArrayList<>();
        for (Path p : sampleFiles()) originals.add(Files.readAllBytes(p));
        List<byte[]> generated = generatedFiles();
        for (byte[] g : generated) originals.add(g.length > 60_000 ? Arrays.copyOf(g, 60_000) : g);
        SplittableRandom r = new SplittableRandom(20261126L);
        int rounds = 1500;
        for (int round = 0; round < rounds; round++) {
            // the 835s more often: they are what the two paths read differently
            byte[] original =
                    round % 3 == 0
                            ? originals.get(r.nextInt(originals.size()))
                            : generated.get(r.nextInt(generated.size() - 2));
            int kind = r.nextInt(9);
            byte[] mutated = mutate(original, kind, r);
            assertSame("round " + round + " (mutation " + kind + ")", mutated);
        }
    }

    @Test
    void problemsBeyondTheCapAreCountedAlike() {
        // every CAS amount unreadable: thousands of problems, more than the report keeps
        byte[] g = generated(GeneratorOptions.defaults().withClaims(800).withSeed(9), true);
        String text =
                new String(g, StandardCharsets.ISO_8859_1)
                        .replaceAll("(CAS\\*[A-Z]{2}\\*[A-Z0-9]+\\*)", "$1X");
        byte[] bad = text.getBytes(StandardCharsets.ISO_8859_1);
        Outcome f = full(bad);
        assertThat(f.report().problemCount()).isGreaterThan(X12Files.MAX_PROBLEMS);
        assertSame("unreadable CAS amounts", bad);
    }

    @Test
    void nonWorkableRulesAreTheContractRuleAndTheCatalogsOnTheBytes() {
        Workability contract = Workability.CONTRACT_DEFAULT;
        for (String group : List.of("CO", "OA", "PI", "PR", "CR", "", "XX")) {
            for (String carc :
                    List.of(
                            "45", "42", "59", "94", "131", "A2", "23", "16", "50", "", "1310", "4",
                            "253")) {
                boolean expected =
                        !"PR".equals(group)
                                && !Set.of("45", "42", "59", "94", "131", "A2").contains(carc)
                                && !("OA".equals(group) && "23".equals(carc));
                Adjustment a = new Adjustment(group, carc, org.reclaim.common.Money.ZERO, null);
                assertThat(contract.workable(a)).as(group + "-" + carc).isEqualTo(expected);
                // the catalog refines the contract's list (docs/contracts.md §1): never takes a
                // listed code back
                if (!expected)
                    assertThat(IDENTIFICATION.workable(a))
                            .as("catalog " + group + "-" + carc)
                            .isFalse();
                // on the bytes the catalog's rule gives what workable() gives: a one-claim 835 with
                // this
                // adjustment as its only one
                String x12 =
                        "ST*835*0001~BPR*I*0*C*NON************20240101~CLP*A*1*100*0~CAS*"
                                + group
                                + "*"
                                + carc
                                + "*100~SVC*HC:99213*50*0~CAS*"
                                + group
                                + "*"
                                + carc
                                + "*50~SE*6*0001~";
                RemittanceTotals t = summary(x12.getBytes(StandardCharsets.US_ASCII)).totals();
                assertThat(t.denials())
                        .as(group + "-" + carc + " on the bytes")
                        .isEqualTo(IDENTIFICATION.workable(a) ? 2 : 0);
                assertSame(group + "-" + carc, x12.getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void craftedEdgeCasesGiveTheSameReportAndTotals() {
        String isa =
                "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*P*:~"
                        + "GS*HP*S*R*20240101*1200*1*X*005010X221A1~";
        String tail = "GE*1*1~IEA*1*000000001~";
        List<String> bodies =
                List.of(
                        // a debit payment: BPR02 negated
                        "ST*835*0001~BPR*I*100*D*ACH************20240101~CLP*A*1*50*-100~SE*4*0001~",
                        "ST*835*0001~BPR*I*100*D*ACH************20240101~CLP*A*1*50*100~SE*4*0001~",
                        "ST*835*0001~BPR*I*100*DD*ACH~CLP*A*1*50*100~SE*4*0001~",
                        // no BPR: zero
                        "ST*835*0001~CLP*A*1*50*0~CAS*CO*45*50~SE*4*0001~",
                        "ST*835*0001~CLP*A*1*50*10~SE*3*0001~",
                        // a BPR after the first claim: the payment keeps the first; its date is
                        // still checked
                        "ST*835*0001~BPR*I*10*C~CLP*A*1*50*10~CAS*CO*16*40~BPR*I*99X*D************2024X101~SE*6*0001~",
                        "ST*835*0001~CLP*A*1*50*10~LX*1~BPR*I*10*C~SE*5*0001~",
                        // DTM*405 checked only before the first claim
                        "ST*835*0001~BPR*I*10*C~DTM*405*20241399~CLP*A*1*50*10~LX*2~DTM*405*2024X~SE*7*0001~",
                        "ST*835*0001~DTM*405*20240101~DTM*405*bad~DTM*406*bad~CLP*A*1*1*1~SE*6*0001~",
                        // dates, amounts and numbers at claim and line level, checked or not by
                        // qualifier
                        "ST*835*0001~CLP*A*1*X*Y*Z~DTM*232*x~DTM*233*20240230~DTM*050*1~DTM*472*bad~SVC*HC:1*a*b**1.2.3~"
                                + "DTM*472*bad~DTM*150*bad~DTM*151*bad~DTM*232*bad~AMT*B6*bad~AMT*AU*bad~CAS*CO*16*x*1e5~"
                                + "SE*16*0001~",
                        "ST*835*0001~AMT*B6*bad~SVC*HC:1*1*1~CAS*CO*16*1~CLP*A*1*1*1~AMT*B6*bad~CAS*OA*23*5*-~SE*9*0001~",
                        // CAS at claim level after the lines belongs to the last line
                        "ST*835*0001~CLP*A*1*100*0~SVC*HC:1*100*0~CAS*CO*16*60~CAS*PI*50*40~SE*6*0001~",
                        "ST*835*0001~CLP*A*1*100*0~CAS*CO*16*60*1*CO*45*40*2*PR*1*0*3*OA*23*0~SVC*HC:1*0*0~SE*6*0001~",
                        // all six triplets of a CAS are read, and nothing past CAS19
                        "ST*835*0001~CLP*A*1*100*0~CAS*CO*1*1**2*2**3*3**4*4**5*5*x*6*bad*y*7*7~SE*4*0001~",
                        "ST*835*0001~CLP*A*1*21*0~CAS*PR*1*1*1*CO*2*2*2*OA*3*3*3*PI*4*4*4*CR*5*5*5*CO*6*6*6~SE*4*0001~",
                        // a reversal has no denial but is balanced like any claim
                        "ST*835*0001~CLP*A*22*-100*-100~CAS*CO*16*0~SVC*HC:1*-100*-100~CAS*CO*50*5~CLP*A*1*100*90~"
                                + "CAS*CO*50*10~SE*8*0001~",
                        // PLB pairs, unreadable amounts, missing halves
                        "ST*835*0001~BPR*I*80*C~CLP*A*1*100*100~PLB*P*20241231*WO*10*FB:1*10~PLB*P*bad*L6**CV*x*WO~"
                                + "SE*6*0001~",
                        // segments outside a claim, LX closing it, MOA/MIA/LQ/REF in odd places
                        "ST*835*0001~SVC*HC:1*1*1~CAS*CO*1*1~CLP*A*1*1*1~MOA***M1~MIA*1****M2~LQ*HE*N1~REF*F8*1~LX*1~"
                                + "CAS*CO*1*1~SVC*HC:1*1*1~SE*13*0001~",
                        // an unterminated transaction, a second ST inside, a claim with no SE
                        "ST*835*0001~BPR*I*1*C~CLP*A*1*1*1~ST*835*0002~CLP*B*4*5*0~CAS*CO*97*5~",
                        "ST*835*0001~CLP*A*1*9999999999999999*0~CAS*CO*16*9999999999999999~SE*4*0001~");
        for (String body : bodies) {
            assertSame(body, (isa + body + tail).getBytes(StandardCharsets.ISO_8859_1));
            assertSame("bare " + body, body.getBytes(StandardCharsets.ISO_8859_1));
        }
        Outcome debit = summary((isa + bodies.get(0) + tail).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(debit.totals().unbalancedPayments()).isZero();
    }

    private static final class Set {
        static java.util.Set<String> of(String... s) {
            return java.util.Set.of(s);
        }
    }

    @Test
    void humanOutputOfInspectIsUnchanged(@TempDir Path dir) throws IOException {
        List<byte[]> files = new ArrayList<>(generatedFiles());
        List<Path> samples = sampleFiles();
        for (int i = 0; i < samples.size(); i += 3) files.add(Files.readAllBytes(samples.get(i)));
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 40; i++) files.add(mutate(files.get(r.nextInt(8)), r.nextInt(9), r));
        int i = 0;
        for (byte[] bytes : files) {
            Path file = dir.resolve("f" + i++ + ".x12");
            Files.write(file, bytes);
            String expected = fullHumanOutput(file.toString(), bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code =
                    InspectCommand.run(
                            new String[] {file.toString()},
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .as(file.toString())
                    .isEqualTo(expected);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(code).isEqualTo(expected.contains("\n  error: ") ? 1 : 0);
        }
    }

    /**
     * What inspect printed before the count-only read: the full read into {@link FileInspection}.
     */
    private static String fullHumanOutput(String file, byte[] bytes) throws IOException {
        try (FileInspection inspection = new FileInspection(IDENTIFICATION, false)) {
            FileReport report;
            String error;
            try {
                report = X12Files.read(new ByteArrayInputStream(bytes), inspection);
                inspection.finish();
                error = report.error();
            } catch (RuntimeException e) {
                report = null;
                error = "internal error while reading: " + e;
            }
            return inspection.summary(file, report, error);
        }
    }

    // ---------------------------------------------------------------- mutations

    static byte[] mutate(byte[] in, int kind, SplittableRandom r) {
        if (in.length == 0) return in;
        byte term = terminator(in);
        switch (kind) {
            case 0: // truncate at random
                return Arrays.copyOf(in, r.nextInt(in.length + 1));
            case 1:
                { // flip random bytes
                    byte[] out = in.clone();
                    int flips = 1 + r.nextInt(20);
                    for (int i = 0; i < flips; i++)
                        out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                    return out;
                }
            case 2: // drop a random segment
            case 3:
                { // duplicate a random segment
                    List<int[]> segs = segments(in, term);
                    if (segs.isEmpty()) return in;
                    int[] s = segs.get(r.nextInt(segs.size()));
                    int len = s[1] - s[0];
                    byte[] out = new byte[kind == 2 ? in.length - len : in.length + len];
                    System.arraycopy(in, 0, out, 0, kind == 2 ? s[0] : s[1]);
                    if (kind == 2) {
                        System.arraycopy(in, s[1], out, s[0], in.length - s[1]);
                    } else {
                        System.arraycopy(in, s[0], out, s[1], len);
                        System.arraycopy(in, s[1], out, s[1] + len, in.length - s[1]);
                    }
                    return out;
                }
            case 4:
                { // move a random segment elsewhere (a CAS before its SVC, a CLP after SE, ...)
                    List<int[]> segs = segments(in, term);
                    if (segs.size() < 2) return in;
                    int[] s = segs.get(r.nextInt(segs.size()));
                    int[] to = segs.get(r.nextInt(segs.size()));
                    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
                    for (int[] t : segs) {
                        if (t != s) out.write(in, t[0], t[1] - t[0]);
                        if (t == to) out.write(in, s[0], s[1] - s[0]);
                    }
                    return out.toByteArray();
                }
            case 5: // an element of an amount-bearing segment made unreadable
            case 6: // an element emptied
            case 7:
                { // an element replaced by an odd value
                    List<int[]> segs = segments(in, term);
                    List<int[]> interesting = new ArrayList<>();
                    for (int[] s : segs) {
                        String id = id(in, s);
                        if (List.of(
                                        "CAS", "CLP", "SVC", "PLB", "BPR", "DTM", "AMT", "MOA",
                                        "MIA", "N1", "LX", "SE", "ST")
                                .contains(id)) {
                            interesting.add(s);
                        }
                    }
                    if (interesting.isEmpty()) return in;
                    int[] s = interesting.get(r.nextInt(interesting.size()));
                    List<Integer> stars = new ArrayList<>();
                    for (int k = s[0]; k < s[1]; k++)
                        if (in[k] == '*' || in[k] == '|' || in[k] == '^') stars.add(k);
                    if (stars.isEmpty()) return in;
                    int from = stars.get(r.nextInt(stars.size())) + 1;
                    int to = from;
                    while (to < s[1]
                            && in[to] != '*'
                            && in[to] != '|'
                            && in[to] != '^'
                            && in[to] != term) to++;
                    String[] odd = {
                        "X",
                        "1.234",
                        "-0",
                        "12.5.3",
                        "",
                        " ",
                        "1E5",
                        "99999999999999999",
                        "20241340",
                        "2024010",
                        "22",
                        "D",
                        "PR",
                        "OA",
                        "23",
                        "45",
                        "1310",
                        "-100",
                        "+3",
                        ".5",
                        "5.",
                        "B6",
                        "405",
                        "472",
                        "150",
                        "151",
                        "232",
                        "050",
                        "HC:99213:25",
                        "9999999999999999.99",
                        "-9999999999999999"
                    };
                    String v =
                            kind == 5
                                    ? "X" + r.nextInt(10)
                                    : kind == 6 ? "" : odd[r.nextInt(odd.length)];
                    byte[] vb = v.getBytes(StandardCharsets.US_ASCII);
                    byte[] out = new byte[in.length - (to - from) + vb.length];
                    System.arraycopy(in, 0, out, 0, from);
                    System.arraycopy(vb, 0, out, from, vb.length);
                    System.arraycopy(in, to, out, from + vb.length, in.length - to);
                    return out;
                }
            default:
                { // several mutations at once
                    byte[] out = in;
                    int n = 2 + r.nextInt(4);
                    for (int i = 0; i < n; i++) out = mutate(out, 1 + r.nextInt(7), r);
                    return out;
                }
        }
    }

    private static byte terminator(byte[] in) {
        return in.length > 106 && in[0] == 'I' && in[1] == 'S' && in[2] == 'A'
                ? in[105]
                : (byte) '~';
    }

    private static String id(byte[] in, int[] s) {
        int k = s[0];
        while (k < s[1] && (in[k] == '\n' || in[k] == '\r')) k++;
        int e = k;
        while (e < s[1] && e - k < 3 && Character.isLetterOrDigit(in[e])) e++;
        return new String(in, k, e - k, StandardCharsets.US_ASCII);
    }

    /** [start, end) of each segment, its terminator (and a following line break) included. */
    private static List<int[]> segments(byte[] in, byte term) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == term) {
                int end = i + 1;
                while (end < in.length && (in[end] == '\n' || in[end] == '\r')) end++;
                out.add(new int[] {from, end});
                from = end;
                i = end - 1;
            }
        }
        if (from < in.length) out.add(new int[] {from, in.length});
        return out;
    }
}
