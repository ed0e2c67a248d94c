package org.reclaim.x12.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.SubmittedClaim;

/**
 * The SIMULATED payers' habits ({@link Habits}): each habit denies every claim that fails its
 * condition and none that meets it, and the habits are off unless asked for.
 */
class HabitsTest {

    /** Per patient control number: what the 837 said (auth, MRI, 97110 without GP). */
    private record Sent(String payer, boolean authorized, boolean mri, boolean therapyWithoutGp) {}

    private static String[] files(boolean habits) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(3000)
                        .withSeed(5)
                        .withReversalRate(0)
                        .withLineBreaks(false)
                        .withHabits(habits),
                c,
                r);
        return new String[] {
            c.toString(StandardCharsets.ISO_8859_1), r.toString(StandardCharsets.ISO_8859_1)
        };
    }

    private static Map<String, Sent> sent(String claims) {
        Map<String, Sent> out = new HashMap<>();
        String payer = null; // 2010BB comes before its claim's CLM
        String claimPayer = null;
        String pcn = null;
        boolean auth = false, mri = false, therapy = false;
        for (String seg : claims.split("~")) {
            String[] e = seg.split("\\*", -1);
            switch (e[0]) {
                case "NM1" -> {
                    // the last before a CLM is its 2010BB (a secondary's 2330B follows the CLM)
                    if (e[1].equals("PR")) payer = e[9];
                }
                case "CLM" -> {
                    if (pcn != null) out.put(pcn, new Sent(claimPayer, auth, mri, therapy));
                    pcn = e[1];
                    claimPayer = payer;
                    auth = mri = therapy = false;
                }
                case "REF" -> auth |= e[1].equals("G1");
                case "SV1" -> {
                    String[] p = e[1].split(":", -1);
                    mri |= p[1].equals(Habits.AUTH_PROCEDURE);
                    therapy |=
                            p[1].equals(Habits.MODIFIER_PROCEDURE)
                                    && (p.length < 3 || !p[2].equals(Habits.MODIFIER));
                }
                default -> {}
            }
        }
        if (pcn != null) out.put(pcn, new Sent(claimPayer, auth, mri, therapy));
        return out;
    }

    /** Per patient control number: the CARCs of its first adjudication. */
    private static Map<String, String> carcs(String remit) {
        Map<String, String> out = new HashMap<>();
        String pcn = null;
        for (String seg : remit.split("~")) {
            String[] e = seg.split("\\*", -1);
            if (e[0].equals("CLP")) {
                pcn = out.containsKey(e[1]) ? null : e[1];
                if (pcn != null) out.put(pcn, "");
            } else if (e[0].equals("CAS") && pcn != null) {
                for (int i = 2; i < e.length; i += 3) out.merge(pcn, " " + e[i], String::concat);
            }
        }
        return out;
    }

    @Test
    void eachHabitDeniesWhatFailsItAndPaysWhatMeetsIt() {
        String[] f = files(true);
        Map<String, Sent> sent = sent(f[0]);
        Map<String, String> carcs = carcs(f[1]);
        int mriDenied = 0, mriPaid = 0, therapyDenied = 0, late = 0;
        for (var e : sent.entrySet()) {
            Sent s = e.getValue();
            String cas = carcs.get(e.getKey()) + " ";
            if (s.payer().equals("TSTCOMA1") && s.mri()) {
                if (s.authorized()) {
                    assertThat(cas).as(e.getKey()).doesNotContain(" 197 ");
                    mriPaid++;
                } else {
                    assertThat(cas).as(e.getKey()).contains(" 197 ");
                    mriDenied++;
                }
            }
            if (s.payer().equals("TSTMCD01") && s.therapyWithoutGp()) {
                assertThat(cas).as(e.getKey()).contains(" 4 ");
                therapyDenied++;
            }
            if (s.payer().equals("TSTCOMB2") && cas.contains(" 29 ")) late++;
            // the habits are each one payer's: the MRI is only billed to plan A
            if (s.mri()) assertThat(s.payer()).isEqualTo("TSTCOMA1");
        }
        assertThat(mriDenied).isGreaterThan(20);
        assertThat(mriPaid).isGreaterThan(20);
        assertThat(therapyDenied).isGreaterThan(10);
        assertThat(late).isGreaterThan(10);
    }

    /**
     * The payer's check ({@link Habits#judge}) on the claims as sent agrees with what the generator
     * planted: every claim it says a habit denies was denied with the habit's CARC on those lines'
     * claim, and the claim fixed as the habit wants (the authorization number, GP) passes.
     */
    @Test
    void judgeAgreesWithThePlantedHabitsAndPassesTheFixedClaim() throws Exception {
        String[] f = files(true);
        Map<String, String> carcs = carcs(f[1]);
        Map<String, ClaimDocument> docs = new HashMap<>();
        Map<String, LocalDate> sentOn = new HashMap<>();
        X12Files.read(
                new ByteArrayInputStream(f[0].getBytes(StandardCharsets.ISO_8859_1)),
                new X12Handler() {
                    @Override
                    public void claimDocument(ClaimDocument d) {
                        docs.put(d.claim().patientControlNumber(), d);
                    }

                    @Override
                    public void submittedClaim(SubmittedClaim c) {
                        sentOn.put(c.patientControlNumber(), c.submissionDate());
                    }
                });
        Map<String, Integer> judged = new HashMap<>();
        for (var e : docs.entrySet()) {
            ClaimDocument d = e.getValue();
            var verdict = Habits.judge(d, sentOn.get(e.getKey()));
            if (verdict.isEmpty()) continue;
            Habits.Denial v = verdict.get();
            judged.merge(v.carc(), 1, Integer::sum);
            assertThat(carcs.get(e.getKey()) + " ").as(e.getKey()).contains(" " + v.carc() + " ");
            if (v.claimLevel()) continue; // late is late: nothing on the claim answers it
            ClaimDocument fixed = d.withClaim(d.claim().withPriorAuthorization("PA12345678"));
            List<ClaimDocument.Line> lines = new ArrayList<>(fixed.lines());
            for (int i : v.lines()) lines.set(i, lines.get(i).withModifiers(List.of("GP")));
            fixed = fixed.withLines(lines);
            assertThat(Habits.judge(fixed, sentOn.get(e.getKey()))).as(e.getKey()).isEmpty();
        }
        assertThat(judged).containsKeys("197", "4", "29");
        // the other payers have no habit
        ClaimDocument other =
                docs.values().stream()
                        .filter(
                                d ->
                                        !List.of("TSTCOMA1", "TSTMCD01", "TSTCOMB2")
                                                .contains(d.payer().name().id()))
                        .findFirst()
                        .orElseThrow();
        assertThat(Habits.judge(other, LocalDate.of(2099, 1, 1))).isEmpty();
    }

    @Test
    void offByDefault() {
        assertThat(GeneratorOptions.defaults().habits()).isFalse();
        assertThat(sent(files(false)[0]).values()).noneMatch(Sent::mri);
    }
}
