package org.reclaim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code inspect} against the real X12 reader, on small synthetic files written here. No Spring.
 */
class InspectCommandTest {

    private static final String ISA =
            "ISA*00*          *00*          *ZZ*ACMEPAYER      *ZZ*SYNCLINIC      *240105*1200*^*00501*000000001*0*T*:~\n";

    /**
     * One payment of five claims: a denied line inside a paid claim, a claim with only patient
     * responsibility, contractual and prior-payer adjustments, a claim-level denial, and a reversal
     * followed by its correction under a new payer claim number. Everything balances.
     */
    static final String REMITTANCE =
            ISA
                    + """
            GS*HP*ACMEPAYER*SYNCLINIC*20240105*1200*1*X*005010X221A1~
            ST*835*0001~
            BPR*I*245*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20240105~
            TRN*1*EFT0001*1512345678~
            DTM*405*20240104~
            N1*PR*ACME HEALTH PLAN*XV*ACME01~
            N1*PE*SYNTHETIC CLINIC*XX*1999999984~
            LX*1~
            CLP*PCN001*1*300*150*0*12*CN001*11*1~
            NM1*QC*1*DOE*JANE~
            SVC*HC:99213*100*100**1~
            DTM*472*20231215~
            SVC*HC:97110:GP*200*50**1~
            DTM*472*20231215~
            CAS*CO*45*50~
            CAS*CO*197*100~
            LQ*HE*N54~
            CLP*PCN002*1*200*100*60*12*CN002*11*1~
            NM1*QC*1*ROE*RICHARD~
            SVC*HC:99214*200*100**1~
            DTM*472*20231216~
            CAS*PR*1*40**2*20~
            CAS*CO*45*30~
            CAS*OA*23*10~
            CLP*PCN003*4*120*0**12*CN003*11*1~
            CAS*CO*16*120~
            NM1*QC*1*POE*PAT~
            MOA***MA130~
            DTM*232*20231201~
            CLP*PCN004*22*-100*-80**12*CN004*11*1~
            CAS*CO*45*-20~
            NM1*QC*1*LOE*LEE~
            CLP*PCN004*1*100*95**12*CN004B*11*1~
            CAS*CO*45*5~
            NM1*QC*1*LOE*LEE~
            REF*F8*CN004~
            PLB*1999999984*20241231*WO:CN999*20~
            SE*37*0001~
            GE*1*1~
            IEA*1*000000001~
            """;

    static final String TRUNCATED =
            ISA
                    + """
            GS*HP*ACMEPAYER*SYNCLINIC*20240105*1200*1*X*005010X221A1~
            ST*835*0001~
            BPR*I*100*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20240105~
            TRN*1*EFT0002*1512345678~
            N1*PR*ACME HEALTH PLAN~
            N1*PE*SYNTHETIC CLINIC*XX*1999999984~
            CLP*PCN010*1*100*100**12*CN010~
            SVC*HC:99213*100*100**1~
            """;

    static final String ACKNOWLEDGMENT =
            ISA
                    + """
            GS*FA*ACMEPAYER*SYNCLINIC*20240105*1200*2*X*005010X231A1~
            ST*999*0001*005010X231A1~
            AK1*HC*1*005010X222A1~
            AK2*837*0001*005010X222A1~
            IK5*A~
            AK2*837*0002*005010X222A1~
            IK5*R*5~
            AK9*P*2*2*1~
            SE*8*0001~
            GE*1*2~
            IEA*1*000000001~
            """;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @TempDir Path dir;

    record Result(int code, String out, String err) {
        List<JsonNode> lines() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) nodes.add(JSON.readTree(line));
            }
            return nodes;
        }

        JsonNode only() {
            List<JsonNode> nodes = lines();
            assertThat(nodes).hasSize(1);
            return nodes.get(0);
        }
    }

    static Result inspect(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                InspectCommand.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.US_ASCII);
        return f.toString();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }

    private static JsonNode adjustment(JsonNode remittance, String pcn, String group, String carc) {
        return list(remittance.get("adjustments")).stream()
                .filter(
                        a ->
                                a.get("patientControlNumber").asString().equals(pcn)
                                        && a.get("group").asString().equals(group)
                                        && a.get("carc").asString().equals(carc))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + group + "-" + carc + " for " + pcn));
    }

    @Test
    void remittanceCountsBalancingAndHeader() throws IOException {
        Result r = inspect("--json", file("remit.835", REMITTANCE));

        assertThat(r.code()).isZero();
        JsonNode j = r.only();
        assertThat(j.get("type").asString()).isEqualTo("835");
        assertThat(j.get("interchanges").asInt()).isEqualTo(1);
        assertThat(j.get("transactions").asInt()).isEqualTo(1);
        assertThat(j.has("error")).isFalse();
        assertThat(j.get("problems")).isEmpty();
        assertThat(j.get("claims").asInt()).isEqualTo(5);
        assertThat(j.get("serviceLines").asInt()).isEqualTo(3);
        assertThat(j.get("claimStatusCounts").get("1").asInt()).isEqualTo(3);
        assertThat(j.get("claimStatusCounts").get("4").asInt()).isEqualTo(1);
        assertThat(j.get("claimStatusCounts").get("22").asInt()).isEqualTo(1);
        assertThat(j.get("balanced").get("payment").asBoolean()).isTrue();
        assertThat(j.get("balanced").get("claims").asBoolean()).isTrue();
        assertThat(j.get("balanced").get("lines").asBoolean()).isTrue();
        assertThat(j.get("plbTotal").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(j.get("payer").get("name").asString()).isEqualTo("ACME HEALTH PLAN");
        assertThat(j.get("payee").get("id").asString()).isEqualTo("1999999984");
        assertThat(j.get("payee").get("name").asString()).isEqualTo("SYNTHETIC CLINIC");
        assertThat(j.get("paymentDate").asString()).isEqualTo("2024-01-05");
        assertThat(j.get("adjustments")).hasSize(9);
        assertThat(r.out()).contains("\"plbTotal\":20.00");
    }

    @Test
    void deniedLineInsidePaidClaimIsListed() throws IOException {
        JsonNode j = inspect("--json", file("remit.835", REMITTANCE)).only();

        List<JsonNode> denials = list(j.get("denials"));
        assertThat(denials).hasSize(2);
        JsonNode d =
                denials.stream()
                        .filter(n -> n.get("patientControlNumber").asString().equals("PCN001"))
                        .findFirst()
                        .orElseThrow();
        assertThat(d.get("payerClaimNumber").asString()).isEqualTo("CN001");
        assertThat(d.get("line").asInt()).isEqualTo(2);
        assertThat(d.get("procedure").asString()).isEqualTo("97110");
        assertThat(list(d.get("modifiers"))).extracting(JsonNode::asString).containsExactly("GP");
        assertThat(d.get("serviceDate").asString()).isEqualTo("2023-12-15");
        assertThat(d.get("charge").decimalValue()).isEqualByComparingTo("200");
        assertThat(d.get("paid").decimalValue()).isEqualByComparingTo("50");
        assertThat(d.get("group").asString()).isEqualTo("CO");
        assertThat(d.get("carc").asString()).isEqualTo("197");
        assertThat(list(d.get("rarcs"))).extracting(JsonNode::asString).containsExactly("N54");
        assertThat(d.get("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(d.get("workable").asBoolean()).isTrue();
        List<JsonNode> own = list(d.get("adjustments"));
        assertThat(own).extracting(a -> a.get("carc").asString()).containsExactly("45", "197");
        assertThat(own).extracting(a -> a.get("workable").asBoolean()).containsExactly(false, true);
        assertThat(own).allSatisfy(a -> assertThat(a.get("line").asInt()).isEqualTo(2));
    }

    @Test
    void denialsCarryTheirTriage() throws IOException {
        JsonNode j = inspect("--json", file("remit.835", REMITTANCE)).only();

        // ACME01 is not in config/payers.yml: type OTHER, appeal 60 days, timely filing 90
        // (docs/contracts.md §4)
        JsonNode auth = denial(j, "PCN001");
        assertThat(auth.get("category").asString()).isEqualTo("AUTHORIZATION");
        assertThat(auth.get("workable").asBoolean()).isTrue();
        assertThat(auth.get("appealable").asBoolean()).isTrue();
        assertThat(auth.get("playbook").asString()).isEqualTo("authorization");
        assertThat(auth.get("deadline").asString())
                .isEqualTo("2024-03-05"); // BPR16 2024-01-05 + 60
        assertThat(auth.get("payerConfigured").asBoolean()).isFalse();
        assertThat(auth.get("expired").asBoolean()).isTrue();
        assertThat(auth.get("priority").decimalValue()).isEqualByComparingTo("0");
        assertThat(auth.get("rootCause").asString()).contains("CO-197").contains("N54");
        assertThat(list(auth.get("adjustments")))
                .extracting(a -> a.get("category").asString())
                .containsExactly("CONTRACTUAL", "AUTHORIZATION");

        JsonNode unprocessable = denial(j, "PCN003");
        assertThat(unprocessable.get("category").asString()).isEqualTo("CLAIM_DATA");
        assertThat(unprocessable.get("appealable").asBoolean()).isFalse();
        assertThat(unprocessable.get("playbook").asString()).isEqualTo("claim-data-unprocessable");
        assertThat(unprocessable.get("deadline").asString())
                .isEqualTo("2024-02-29"); // DOS 2023-12-01 + 90

        assertThat(adjustment(j, "PCN002", "PR", "1").get("category").asString())
                .isEqualTo("PATIENT_RESPONSIBILITY");
        assertThat(adjustment(j, "PCN002", "CO", "45").get("category").asString())
                .isEqualTo("CONTRACTUAL");
        assertThat(adjustment(j, "PCN002", "OA", "23").get("category").asString())
                .isEqualTo("PRIOR_PAYER");
    }

    @Test
    void aBrokenPlaybookOverlayIsAUsageErrorNamingFileAndLine() throws IOException {
        Path overlay = Files.createDirectories(dir.resolve("playbooks"));
        Files.writeString(
                overlay.resolve("coding.yml"),
                "id: coding\nname: Coding\nhandles: {categories: [CODING]}\n"
                        + "steps:\n  - step: GUESS\n");
        System.setProperty("reclaim.triage.playbooks-dir", overlay.toString());
        try {
            Result r = inspect("--json", file("remit.835", REMITTANCE));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains(overlay.resolve("coding.yml") + ":5:").contains("GUESS");
        } finally {
            System.clearProperty("reclaim.triage.playbooks-dir");
        }
    }

    @Test
    void payerRulesThatWouldCrashTriageAreAUsageErrorNamingFileAndLine() throws IOException {
        // ACME01 is unconfigured: type OTHER, whose appeal window dates PCN001's CO-197
        String payers;
        try (var in =
                getClass()
                        .getClassLoader()
                        .getResourceAsStream("reclaim-defaults/config/payers.yml")) {
            payers = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(
                config.resolve("payers.yml"),
                payers.replace(
                        "    appealLevels:\n      - {name: Appeal, days: 60}\n",
                        "    appealLevels: []\n"));
        System.setProperty("reclaim.triage.config-dir", config.toString());
        try {
            Result r = inspect("--json", file("remit.835", REMITTANCE));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err())
                    .contains(config.resolve("payers.yml") + ":")
                    .contains("type OTHER")
                    .doesNotContain("Exception");
        } finally {
            System.clearProperty("reclaim.triage.config-dir");
        }
    }

    private static JsonNode denial(JsonNode j, String pcn) {
        return list(j.get("denials")).stream()
                .filter(n -> n.get("patientControlNumber").asString().equals(pcn))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void amountsAreNumbersWithTwoDecimals() throws IOException {
        String out = inspect("--json", file("remit.835", REMITTANCE)).out();

        assertThat(out)
                .contains(
                        "\"amount\":100.00",
                        "\"charge\":200.00",
                        "\"paid\":50.00",
                        "\"amount\":-20.00");
    }

    @Test
    void patientResponsibilityContractualAndPriorPayerAreNotWorkableAndMakeNoDenial()
            throws IOException {
        JsonNode j = inspect("--json", file("remit.835", REMITTANCE)).only();

        JsonNode pr1 = adjustment(j, "PCN002", "PR", "1");
        assertThat(pr1.get("amount").decimalValue()).isEqualByComparingTo("40");
        assertThat(pr1.get("line").asInt()).isEqualTo(1);
        assertThat(pr1.get("payerClaimNumber").asString()).isEqualTo("CN002");
        assertThat(pr1.get("workable").asBoolean()).isFalse();
        assertThat(adjustment(j, "PCN002", "PR", "2").get("amount").decimalValue())
                .isEqualByComparingTo("20");
        assertThat(adjustment(j, "PCN002", "PR", "2").get("workable").asBoolean()).isFalse();
        assertThat(adjustment(j, "PCN002", "CO", "45").get("workable").asBoolean()).isFalse();
        assertThat(adjustment(j, "PCN002", "OA", "23").get("workable").asBoolean()).isFalse();
        assertThat(list(j.get("denials")))
                .noneMatch(d -> d.get("patientControlNumber").asString().equals("PCN002"));
        assertThat(adjustment(j, "PCN001", "CO", "197").get("workable").asBoolean()).isTrue();
        assertThat(list(adjustment(j, "PCN001", "CO", "197").get("rarcs")))
                .extracting(JsonNode::asString)
                .containsExactly("N54");
    }

    @Test
    void claimLevelDenialHasNullLine() throws IOException {
        JsonNode j = inspect("--json", file("remit.835", REMITTANCE)).only();

        JsonNode d =
                list(j.get("denials")).stream()
                        .filter(n -> n.get("patientControlNumber").asString().equals("PCN003"))
                        .findFirst()
                        .orElseThrow();
        assertThat(d.get("line").isNull()).isTrue();
        assertThat(d.get("procedure").isNull()).isTrue();
        assertThat(d.get("group").asString()).isEqualTo("CO");
        assertThat(d.get("carc").asString()).isEqualTo("16");
        assertThat(d.get("amount").decimalValue()).isEqualByComparingTo("120");
        assertThat(d.get("serviceDate").asString()).isEqualTo("2023-12-01");
        assertThat(list(d.get("rarcs"))).extracting(JsonNode::asString).containsExactly("MA130");
        assertThat(d.get("adjustments")).hasSize(1);
        JsonNode a = adjustment(j, "PCN003", "CO", "16");
        assertThat(a.get("line").isNull()).isTrue();
        assertThat(list(a.get("rarcs"))).extracting(JsonNode::asString).containsExactly("MA130");
    }

    @Test
    void reversalAndCorrectionGiveOneReversalWithNetChange() throws IOException {
        JsonNode j = inspect("--json", file("remit.835", REMITTANCE)).only();

        List<JsonNode> reversals = list(j.get("reversals"));
        assertThat(reversals).hasSize(1);
        JsonNode r = reversals.get(0);
        assertThat(r.get("patientControlNumber").asString()).isEqualTo("PCN004");
        assertThat(r.get("originalPayerClaimNumber").asString()).isEqualTo("CN004");
        assertThat(r.get("correctionPayerClaimNumber").asString()).isEqualTo("CN004B");
        assertThat(r.get("reversedAmount").decimalValue()).isEqualByComparingTo("80");
        assertThat(r.get("correctedAmount").decimalValue()).isEqualByComparingTo("95");
        assertThat(r.get("netChange").decimalValue()).isEqualByComparingTo("15");
        assertThat(list(j.get("denials")))
                .noneMatch(d -> d.get("patientControlNumber").asString().equals("PCN004"));
    }

    @Test
    void reversalWithoutCorrectionIsListedWithNulls() throws IOException {
        String onlyReversal =
                REMITTANCE.replace(
                        "CLP*PCN004*1*100*95**12*CN004B*11*1~\nCAS*CO*45*5~\n"
                                + "NM1*QC*1*LOE*LEE~\nREF*F8*CN004~\n",
                        "");
        JsonNode r =
                inspect("--json", file("reversal.835", onlyReversal))
                        .only()
                        .get("reversals")
                        .get(0);

        assertThat(r.get("originalPayerClaimNumber").asString()).isEqualTo("CN004");
        assertThat(r.get("correctionPayerClaimNumber").isNull()).isTrue();
        assertThat(r.get("correctedAmount").isNull()).isTrue();
        assertThat(r.get("netChange").decimalValue()).isEqualByComparingTo("-80");
    }

    @Test
    void unbalancedLevelsAreFindingsNotErrors() throws IOException {
        String off =
                REMITTANCE
                        .replace("SVC*HC:99213*100*100**1~", "SVC*HC:99213*100*90**1~")
                        .replace("BPR*I*245*", "BPR*I*999*");
        Result r = inspect("--json", file("off.835", off));

        assertThat(r.code()).isZero();
        JsonNode balanced = r.only().get("balanced");
        assertThat(balanced.get("payment").asBoolean()).isFalse();
        assertThat(balanced.get("claims").asBoolean()).isTrue();
        assertThat(balanced.get("lines").asBoolean()).isFalse();
    }

    @Test
    void missingFileIsReportedWithErrorAndExitOne() throws IOException {
        String good = file("remit.835", REMITTANCE);
        String missing = dir.resolve("nope.835").toString();
        Result r = inspect("--json", missing, good);

        assertThat(r.code()).isEqualTo(1);
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("file").asString()).isEqualTo(missing);
        assertThat(lines.get(0).get("error").asString()).isNotBlank();
        assertThat(lines.get(0).get("problems")).isEmpty();
        assertThat(lines.get(1).get("file").asString()).isEqualTo(good);
        assertThat(lines.get(1).has("error")).isFalse();
        assertThat(lines.get(1).get("denials")).hasSize(2);
    }

    @Test
    void truncatedFileIsUnreadableWhileTheOthersAreStillReported() throws IOException {
        String truncated = file("truncated.835", TRUNCATED);
        String good = file("remit.835", REMITTANCE);
        Result r = inspect("--json", truncated, good);

        assertThat(r.code()).isEqualTo(1);
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("file").asString()).isEqualTo(truncated);
        assertThat(lines.get(0).get("error").asString()).isNotBlank();
        assertThat(lines.get(1).get("file").asString()).isEqualTo(good);
        assertThat(lines.get(1).get("claims").asInt()).isEqualTo(5);
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void aGroupNeverClosedByGeIsTruncatedAndTheErrorSaysWhereItOpened() throws IOException {
        String noGe = file("no-ge.835", REMITTANCE.replace("GE*1*1~\n", ""));
        Result r = inspect("--json", noGe);

        assertThat(r.code()).isEqualTo(1);
        JsonNode j = r.only();
        assertThat(j.get("error").asString())
                .startsWith(
                        "GS at segment 2 (byte "
                                + ISA.length()
                                + ") has no GE before IEA at segment 40");
        assertThat(j.get("problems"))
                .anySatisfy(
                        p -> {
                            assertThat(p.get("severity").asString()).isEqualTo("error");
                            assertThat(p.get("segmentId").asString()).isEqualTo("GS");
                            assertThat(p.get("segment").asLong()).isEqualTo(2);
                            assertThat(p.get("offset").asLong()).isEqualTo(ISA.length());
                        });
        // the human summary reads 835s on the fast path: the same verdict
        assertThat(inspect(noGe).code()).isEqualTo(1);
    }

    @Test
    void notX12IsUnreadable() throws IOException {
        Result r =
                inspect("--json", file("notes.txt", "Dear colleague,\nthis is not an X12 file.\n"));

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.only().get("error").asString()).isNotBlank();
        assertThat(r.only().get("type").asString()).isEqualTo("unknown");
    }

    @Test
    void filesAreReportedInInputOrder() throws IOException {
        String a = file("a.835", REMITTANCE);
        String b = file("b.999", ACKNOWLEDGMENT);
        String c = file("c.835", REMITTANCE.replace("PCN00", "PCX00"));
        Result r = inspect("--json", b, c, a);

        assertThat(r.code()).isZero();
        assertThat(r.lines()).extracting(n -> n.get("file").asString()).containsExactly(b, c, a);
    }

    @Test
    void acknowledgmentCountsAcceptedAndRejectedSets() throws IOException {
        JsonNode j = inspect("--json", file("ack.999", ACKNOWLEDGMENT)).only();

        assertThat(j.get("type").asString()).isEqualTo("999");
        assertThat(j.get("accepted").asInt()).isEqualTo(1);
        assertThat(j.get("rejected").asInt()).isEqualTo(1);
        assertThat(j.has("denials")).isFalse();
    }

    @Test
    void noFilesIsAUsageError() {
        Result r = inspect();

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("usage");
    }

    @Test
    void unknownOptionIsAUsageError() throws IOException {
        Result r = inspect("--xml", file("remit.835", REMITTANCE));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void humanSummaryMentionsDenials() throws IOException {
        Result r = inspect(file("remit.835", REMITTANCE));

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "835",
                        "5 claims",
                        "3 service lines",
                        "2 denials totalling 220.00",
                        "1 reversal",
                        "balanced: payment yes, claims yes, lines yes");
    }

    @Test
    void humanSummaryNamesAnUnreadableFile() {
        Result r = inspect(dir.resolve("nope.835").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("nope.835", "error: no such file");
    }
}
