package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reclaim.common.Money;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.SubmittedClaim;

class ClaimSamplesTest {

    static Stream<Samples.Sample> claims() {
        return Samples.ofType("837P", "837I").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claims")
    void everyClaimLineAndDiagnosisIsRead(Samples.Sample sample) throws IOException {
        Recorded r = Recorded.read(sample.path());
        List<String[]> naive = naiveSegments(sample);
        long clm = naive.stream().filter(s -> s[0].equals("CLM")).count();
        long lx = 0;
        boolean lineOpen = false;
        for (String[] s : naive) {
            // a line is an LX, or an SV1/SV2 that has no LX of its own (hand-broken imsweb
            // fixtures)
            if (s[0].equals("CLM")) lineOpen = false;
            if (s[0].equals("LX")) {
                lx++;
                lineOpen = true;
            } else if (s[0].equals("SV1") || s[0].equals("SV2")) {
                if (!lineOpen) lx++;
                lineOpen = false;
            }
        }
        long sv = naive.stream().filter(s -> s[0].equals("SV1") || s[0].equals("SV2")).count();
        long diagnoses = 0;
        for (String[] s : naive) {
            if (!s[0].equals("HI")) continue;
            for (int i = 1; i < s.length; i++) {
                // split by ISA16 only: linuxforhealth demo.example12 / ppo-repriced use '>' in HI
                // while ISA16
                // says ':', so those HI composites are not composites and carry no diagnosis
                String[] composite =
                        s[i].split(java.util.regex.Pattern.quote(String.valueOf(comp)), -1);
                // a qualifier without a code (as in imsweb's hand-made files) is no diagnosis
                if (composite.length > 1
                        && !composite[1].isBlank()
                        && Set.of("ABK", "ABF", "ABJ", "APR", "ABN", "BK", "BF", "BJ", "PR", "BN")
                                .contains(composite[0])) {
                    diagnoses++;
                }
            }
        }
        assertThat(r.report.type()).isEqualTo(sample.type());
        assertThat(r.claims).hasSize((int) clm);
        assertThat(r.claims).allMatch(c -> c.variant().equals(sample.type()));
        assertThat(r.claims.stream().mapToInt(c -> c.lines().size()).sum()).isEqualTo((int) lx);
        assertThat(
                        r.claims.stream()
                                .flatMap(c -> c.lines().stream())
                                .filter(
                                        l ->
                                                l.charge().signum() != 0
                                                        || l.procedure() != null
                                                        || l.revenueCode() != null)
                                .count())
                .as("lines with SV1/SV2")
                .isEqualTo(sv);
        assertThat(r.claims.stream().mapToInt(c -> c.diagnoses().size()).sum())
                .isEqualTo((int) diagnoses);
    }

    /**
     * A 999 names the group (GS06) as well as the set it answers: each claim keeps the group it
     * came in.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("claims")
    void everyClaimKnowsTheFunctionalGroupItWasSentIn(Samples.Sample sample) throws IOException {
        Recorded r = Recorded.read(sample.path());
        List<String> groups = new ArrayList<>();
        String gs06 = null;
        for (String[] s : naiveSegments(sample)) {
            switch (s[0]) {
                case "GS" -> gs06 = s.length > 6 ? s[6].trim() : null;
                case "GE", "IEA" -> gs06 = null;
                case "CLM" -> groups.add(gs06);
                default -> {}
            }
        }
        assertThat(r.claims)
                .extracting(SubmittedClaim::groupControlNumber)
                .containsExactlyElementsOf(groups);
    }

    private static char comp;

    private static char isa16(String text, char elem) {
        int p = -1;
        for (int k = 0; k < 16; k++) p = text.indexOf(elem, p + 1);
        return text.charAt(p + 1);
    }

    /**
     * Splits the file the simplest way: terminator '~' (or newline), element separator after the
     * id.
     */
    static List<String[]> naiveSegments(Samples.Sample sample) throws IOException {
        String text =
                Files.readString(sample.path(), StandardCharsets.ISO_8859_1)
                        .replace("\uFEFF", "")
                        .strip();
        char elem =
                text.startsWith("ISA")
                        ? text.charAt(3)
                        : text.charAt(
                                text.indexOf('*') >= 0 && text.indexOf('*') < 4
                                        ? text.indexOf('*')
                                        : 2);
        char term = '~';
        if (text.startsWith("ISA")) {
            int p = -1;
            for (int k = 0; k < 16; k++) p = text.indexOf(elem, p + 1);
            term = text.charAt(p + 2);
        }
        comp = text.startsWith("ISA") ? isa16(text, elem) : ':';
        List<String[]> out = new ArrayList<>();
        for (String raw : text.split(java.util.regex.Pattern.quote(String.valueOf(term)))) {
            String seg = raw.strip();
            if (!seg.isEmpty())
                out.add(seg.split(java.util.regex.Pattern.quote(String.valueOf(elem)), -1));
        }
        return out;
    }

    @Test
    void institutionalClaimInheritsItsProviderSubscriberAndPayer() {
        Recorded r =
                Recorded.read(
                        Samples.root()
                                .resolve("samples/stupidedi/X223A2_837-institutional-claim.edi"));
        assertThat(r.report.type()).isEqualTo("837I");
        SubmittedClaim c = r.claims.get(0);
        assertThat(c.variant()).isEqualTo("837I");
        assertThat(c.controlNumber()).isEqualTo("987654");
        assertThat(c.submissionDate()).isEqualTo(LocalDate.of(1996, 9, 18));
        assertThat(c.submitter().name()).isEqualTo("JONES HOSPITAL");
        assertThat(c.receiver().id()).isEqualTo("00120");
        assertThat(c.billingProvider().id()).isEqualTo("9876540809");
        assertThat(c.billingProvider().taxId()).isEqualTo("567891234");
        assertThat(c.renderingProvider()).isEqualTo(c.billingProvider());
        assertThat(c.payer().id()).as("2010BB, not the COB payer").isEqualTo("00435");
        assertThat(c.subscriber().memberId())
                .as("2010BA, not the COB subscriber")
                .isEqualTo("030005074A");
        assertThat(c.subscriber().birthDate()).isEqualTo(LocalDate.of(1926, 11, 11));
        assertThat(c.subscriber().gender()).isEqualTo("M");
        assertThat(c.subscriber().relationship()).isEqualTo("18");
        assertThat(c.patient()).as("SBR02=18: the patient is the subscriber").isNull();
        assertThat(c.patientControlNumber()).isEqualTo("756048Q");
        assertThat(c.charge()).isEqualTo(Money.parse("89.93"));
        assertThat(c.facilityCode()).isEqualTo("14");
        assertThat(c.frequency()).isEqualTo("1");
        assertThat(c.serviceFrom()).isEqualTo(LocalDate.of(1996, 9, 11));
        assertThat(c.diagnoses()).containsExactly("3669", "4019", "79431");
        assertThat(c.lines()).hasSize(2);
        ClaimLine second = c.lines().get(1);
        assertThat(second.revenueCode()).isEqualTo("0730");
        assertThat(second.procedureQualifier()).isEqualTo("HC");
        assertThat(second.procedure()).isEqualTo("93005");
        assertThat(second.charge()).isEqualTo(Money.parse("76.54"));
        assertThat(second.unitQualifier()).isEqualTo("UN");
        assertThat(second.units()).isEqualByComparingTo("3");
        assertThat(second.serviceFrom()).isEqualTo(LocalDate.of(1996, 9, 11));
        assertThat(c.lineChargeTotal()).isEqualTo(c.charge());
    }

    @Test
    void professional4010ClaimHasRenderingProviderAndPointers() {
        Recorded r =
                Recorded.read(
                        Samples.root()
                                .resolve("samples/linuxforhealth/4010_patient-is-subscriber.837"));
        assertThat(r.report.type()).isEqualTo("837P");
        SubmittedClaim c = r.claims.get(0);
        assertThat(c.patientControlNumber()).isEqualTo("26462967");
        assertThat(c.charge()).isEqualTo(Money.parse("100.00"));
        assertThat(c.facilityCode()).isEqualTo("11");
        assertThat(c.frequency()).isEqualTo("1");
        assertThat(c.diagnoses()).containsExactly("0340", "V7389");
        assertThat(c.renderingProvider().id()).isEqualTo("112233334");
        assertThat(c.renderingProvider().name()).isEqualTo("KILDARE, BEN");
        assertThat(c.billingProvider().name()).isEqualTo("PREMIER BILLING SERVICE");
        assertThat(c.subscriber().lastName()).isEqualTo("SMITH");
        assertThat(c.patient()).isNull();
        assertThat(c.lines()).hasSize(4);
        assertThat(c.lines().get(0).procedure()).isEqualTo("99213");
        assertThat(c.lines().get(0).diagnosisPointers()).containsExactly(1);
        assertThat(c.lines().get(2).diagnosisPointers()).containsExactly(2);
        assertThat(c.lines().get(3).serviceFrom()).isEqualTo(LocalDate.of(1998, 10, 10));
        assertThat(c.serviceFrom()).isEqualTo(LocalDate.of(1998, 10, 3));
        assertThat(c.serviceTo()).isEqualTo(LocalDate.of(1998, 10, 10));
    }

    @Test
    void dependentPatientIsKeptApartFromTheSubscriber() {
        List<SubmittedClaim> withPatient = new ArrayList<>();
        for (Samples.Sample s : Samples.ofType("837P", "837I")) {
            Recorded r = Recorded.read(s.path());
            r.claims.stream().filter(c -> c.patient() != null).forEach(withPatient::add);
        }
        assertThat(withPatient).isNotEmpty();
        assertThat(withPatient)
                .allSatisfy(
                        c -> {
                            assertThat(c.patient().lastName()).isNotNull();
                            assertThat(c.patient().relationship()).isNotNull();
                        });
    }
}
