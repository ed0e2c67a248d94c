package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reclaim.common.Money;
import org.reclaim.x12.internal.Segment;
import org.reclaim.x12.internal.X12Reader;
import org.reclaim.x12.remit.ClaimPayment;

class TokenizerEdgeCasesTest {

    static final String ISA =
            "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*P*:~";

    static String remit(String isa, String sep, String term) {
        String body =
                String.join(
                                term,
                                "GS*HP*S*R*20240101*1200*1*X*005010X221A1",
                                "ST*835*0001",
                                "BPR*I*80*C*CHK************20240105",
                                "TRN*1*CHK1*1999999999",
                                "N1*PR*PAYER",
                                "N1*PE*CLINIC*XX*1234567893",
                                "LX*1",
                                "CLP*PCN1*1*100*80**12*PAY1",
                                "SVC*HC:99213:25*100*80**1",
                                "DTM*472*20231201",
                                "CAS*CO*45*20",
                                "SE*11*0001",
                                "GE*1*1",
                                "IEA*1*000000001")
                        + term;
        return isa
                + body.replace("*", sep)
                        .replace(":", isa.substring(isa.length() - 2, isa.length() - 1));
    }

    static List<String> segments(String text) throws IOException {
        return segments(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static List<String> segments(byte[] bytes) throws IOException {
        X12Reader reader =
                new X12Reader(
                        new ByteArrayInputStream(bytes), new ProblemSink(new X12Handler() {}));
        List<String> out = new ArrayList<>();
        Segment s;
        while ((s = reader.next()) != null) out.add(s.toString());
        return out;
    }

    @Test
    void plainFileReadsAsOneBalancedPayment() {
        Recorded r = Recorded.read(remit(ISA, "*", "~"));
        assertThat(r.report.error()).isNull();
        assertThat(r.report.type()).isEqualTo("835");
        assertThat(r.report.interchanges()).isEqualTo(1);
        assertThat(r.problems).isEmpty();
        assertThat(r.remittanceClaims)
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.balanced()).isTrue();
                            assertThat(c.lines().get(0).modifiers()).containsExactly("25");
                        });
        assertThat(r.summaries.get(0).paymentBalanced()).isTrue();
    }

    @Test
    void byteOrderMarkIsSkippedWithAWarning() {
        byte[] text = remit(ISA, "*", "~").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Recorded r = Recorded.read(withBom);
        assertThat(r.report.error()).isNull();
        assertThat(r.remittanceClaims).hasSize(1);
        assertThat(r.hasProblem("byte order mark")).isTrue();
        assertThat(r.payments.get(0).offset())
                .as("offsets count the BOM")
                .isEqualTo(3 + remit(ISA, "*", "~").indexOf("ST*835"));
    }

    @Test
    void textBeforeIsaIsIgnoredWithAWarning() {
        Recorded r =
                Recorded.read(
                        "Remittance from the portal, printed 2024-01-05\r\n\r\n"
                                + remit(ISA, "*", "~"));
        assertThat(r.report.error()).isNull();
        assertThat(r.remittanceClaims).hasSize(1);
        assertThat(r.hasProblem("text before ISA")).isTrue();
    }

    @Test
    void fileWithoutEnvelopeTakesDelimitersFromItsFirstSegment() {
        String full = remit(ISA, "|", "\n");
        String bare = full.substring(full.indexOf("ST|"), full.indexOf("GE|"));
        Recorded r = Recorded.read(bare);
        assertThat(r.report.error()).isNull();
        assertThat(r.report.interchanges()).isZero();
        assertThat(r.report.type()).isEqualTo("835");
        assertThat(r.remittanceClaims)
                .singleElement()
                .satisfies(c -> assertThat(c.paid()).isEqualTo(Money.parse("80")));
        assertThat(r.hasProblem("no ISA envelope")).isTrue();
    }

    @Test
    void twoInterchangesWithDifferentDelimitersAreBothRead() {
        String second =
                ISA.replace('*', '|')
                        .replace(":~", ">\n")
                        .replace("^", "U")
                        .replace("00501", "00401");
        Recorded r = Recorded.read(remit(ISA, "*", "~") + "\r\n" + remit(second, "|", "\n"));
        assertThat(r.report.error()).isNull();
        assertThat(r.report.interchanges()).isEqualTo(2);
        assertThat(r.remittanceClaims).hasSize(2);
        assertThat(r.remittanceClaims.get(1).lines().get(0).procedure()).isEqualTo("99213");
        assertThat(r.remittanceClaims.get(1).lines().get(0).modifiers()).containsExactly("25");
    }

    @Test
    void in4010TheIsa11UIsNotARepetitionSeparator() throws IOException {
        String isa4010 = ISA.replace("*^*00501*", "*U*00401*");
        List<String> segs =
                segments(
                        isa4010
                                + "GS*HP*S*R*20240101*1200*1*X*004010X091A1~ST*835*1~REF*EV*AUB^C~SE*3*1~");
        Recorded r = Recorded.read(isa4010 + "ST*835*1~N1*PR*A^B U~SE*3*1~");
        assertThat(segs.get(3)).isEqualTo("REF*EV*AUB^C");
        Segment probe = probe(isa4010 + "ST*835*1~REF*EV*AUB^C~", 3);
        assertThat(probe.repetitions(2)).containsExactly("AUB^C");
        Segment probe5010 = probe(ISA + "ST*835*1~REF*EV*AUB^C~", 3);
        assertThat(probe5010.repetitions(2)).containsExactly("AUB", "C");
        assertThat(r.report.transactions()).isEqualTo(1);
    }

    private static Segment probe(String text, int ordinal) throws IOException {
        X12Reader reader =
                new X12Reader(
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)),
                        new ProblemSink(new X12Handler() {}));
        Segment s = null;
        for (int i = 0; i < ordinal; i++) s = reader.next();
        return s;
    }

    @Test
    void newlineBeforeTheTerminatorIsNotData() throws IOException {
        String isa = ISA.substring(0, ISA.length() - 1) + "\r\n~";
        String text =
                isa
                        + "GS*HP*S*R*20240101*1200*1*X*005010X221A1\r\n~ST*835*0001\r\n~SE*2*0001\r\n~GE*1*1\n~IEA*1*000000001\n~";
        assertThat(segments(text))
                .containsExactly(
                        ISA.substring(0, ISA.length() - 1),
                        "GS*HP*S*R*20240101*1200*1*X*005010X221A1",
                        "ST*835*0001",
                        "SE*2*0001",
                        "GE*1*1",
                        "IEA*1*000000001");
        Recorded r = Recorded.read(text);
        assertThat(r.report.error()).isNull();
        assertThat(r.hasProblem("whitespace between ISA16")).isTrue();
    }

    @Test
    void newlineAsTheSegmentTerminator() throws IOException {
        String text = remit(ISA.substring(0, ISA.length() - 1) + "\r\n", "*", "\r\n");
        Recorded r = Recorded.read(text);
        assertThat(r.report.error()).isNull();
        assertThat(r.remittanceClaims).hasSize(1);
        assertThat(r.hasProblem("newline used as the segment terminator")).isTrue();
        assertThat(segments(text).get(1)).isEqualTo("GS*HP*S*R*20240101*1200*1*X*005010X221A1");
    }

    @Test
    void linesWrappedInsideSegmentsAreJoined() throws IOException {
        String text = remit(ISA, "*", "~");
        StringBuilder wrapped = new StringBuilder();
        for (int i = 0; i < text.length(); i += 80)
            wrapped.append(text, i, Math.min(text.length(), i + 80)).append("\r\n");
        assertThat(segments(wrapped.toString())).isEqualTo(segments(text));
        Recorded r = Recorded.read(wrapped.toString());
        assertThat(r.remittanceClaims).hasSize(1);
        assertThat(r.hasProblem("wrapped lines")).isTrue();
    }

    @Test
    void indentedSegmentsAreRead() throws IOException {
        String text = remit(ISA, "*", "~\n    ");
        assertThat(segments(text)).isEqualTo(segments(remit(ISA, "*", "~")));
    }

    @Test
    void unpaddedIsaIsReadWithAWarning() {
        String isa = "ISA*00**00**ZZ*SENDER*ZZ*RECEIVER*240101*1200*^*00501*1*0*P*:~";
        Recorded r = Recorded.read(remit(isa, "*", "~").replace("IEA*1*000000001", "IEA*1*1"));
        assertThat(r.report.error()).isNull();
        assertThat(r.remittanceClaims).hasSize(1);
        assertThat(r.hasProblem("expected 106")).isTrue();
    }

    @Test
    void isaWithoutIeaMakesTheFileTruncated() {
        String text = remit(ISA, "*", "~");
        Recorded r = Recorded.read(text.substring(0, text.indexOf("IEA*")));
        assertThat(r.report.truncated()).isTrue();
        assertThat(r.report.readable()).isFalse();
        assertThat(r.report.error()).contains("ISA").contains("no IEA");
        assertThat(r.remittanceClaims).as("what was read is still delivered").hasSize(1);
    }

    @Test
    void stWithoutSeMakesTheFileTruncated() {
        String text = remit(ISA, "*", "~");
        Recorded r = Recorded.read(text.substring(0, text.indexOf("CAS*")));
        assertThat(r.report.truncated()).isTrue();
        assertThat(r.report.error()).contains("ST at segment 3");
        assertThat(r.summaries).singleElement().satisfies(s -> assertThat(s.closed()).isFalse());
    }

    @Test
    void gsWithoutGeMakesTheFileTruncatedEvenWhenItsInterchangeCloses() {
        Recorded r = Recorded.read(remit(ISA, "*", "~").replace("GE*1*1~", ""));
        assertThat(r.report.truncated()).isTrue();
        assertThat(r.report.readable()).isFalse();
        assertThat(r.report.error())
                .isEqualTo(
                        "GS at segment 2 (byte "
                                + ISA.length()
                                + ") has no GE before IEA at segment 14: functional group truncated");
        assertThat(r.problems)
                .filteredOn(p -> p.severity() == Severity.ERROR)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.segmentId()).isEqualTo("GS");
                            assertThat(p.segment()).isEqualTo(2);
                            assertThat(p.offset()).isEqualTo(ISA.length());
                        });
        assertThat(r.remittanceClaims).as("what was read is still delivered").hasSize(1);
    }

    @Test
    void gsWithoutGeBeforeTheNextGroupMakesTheFileTruncated() {
        String text = remit(ISA, "*", "~");
        String group = text.substring(text.indexOf("GS*"), text.indexOf("IEA*"));
        String twoGroups =
                text.replace(
                                group,
                                group.replace("GE*1*1~", "")
                                        + group.replace("*1*X*", "*2*X*")
                                                .replace("GE*1*1~", "GE*1*2~"))
                        .replace("IEA*1*", "IEA*2*");
        Recorded r = Recorded.read(twoGroups);
        assertThat(r.report.truncated()).isTrue();
        assertThat(r.report.error())
                .startsWith("GS at segment 2 ")
                .contains("no GE before GS at segment 14");
        assertThat(r.remittanceClaims).hasSize(2);
    }

    @Test
    void fileCutInsideAGroupNamesTheGroupAndTheInterchange() {
        String text = remit(ISA, "*", "~");
        Recorded r = Recorded.read(text.substring(0, text.indexOf("GE*")));
        assertThat(r.report.error())
                .isEqualTo(
                        "GS at segment 2 (byte "
                                + ISA.length()
                                + ") has no GE before the end of the file: functional group truncated");
        assertThat(r.problems)
                .filteredOn(p -> p.severity() == Severity.ERROR)
                .extracting(Problem::segmentId)
                .containsExactly("GS", "ISA");
    }

    @Test
    void mismatchedOrUnopenedEnvelopeTrailersAreFindingsNotTruncation() {
        Recorded r = Recorded.read(remit(ISA, "*", "~").replace("GE*1*1~", "GE*1*7~GE*1*1~"));
        assertThat(r.report.truncated()).isFalse();
        assertThat(r.report.error()).isNull();
        assertThat(r.problems)
                .allSatisfy(p -> assertThat(p.severity()).isEqualTo(Severity.WARNING))
                .extracting(Problem::message)
                .containsExactly("GE02 does not match GS06", "GE without GS");
    }

    @Test
    void bytesThatAreNotX12AreAnError() {
        Recorded r = Recorded.read("%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >>\n");
        assertThat(r.report.error()).startsWith("not X12");
        assertThat(r.report.type()).isEqualTo("unknown");
        Recorded csv = Recorded.read("PCN,AMOUNT\nABC,12.00\n");
        assertThat(csv.report.error()).startsWith("not X12");
    }

    /**
     * Issue 14 (chaos mutate): every refusal says where — bytes that are not X12, or none, name a
     * byte in the error and carry it as an error problem (the upload's 400 answers with it).
     */
    @Test
    void aFileThatCannotBeReadAtAllNamesAByte() {
        String[] inputs = {
            "", " \r\n ", "%PDF-1.7\n1 0 obj\n", "  hello, this is not X12", "PCN,AMOUNT\n"
        };
        for (String in : inputs) {
            FileReport report = Recorded.read(in).report;
            assertThat(report.error()).as(in).isNotNull().containsPattern("byte \\d+");
            assertThat(report.problems())
                    .as(in)
                    .anySatisfy(
                            p -> {
                                assertThat(p.severity()).isEqualTo(Severity.ERROR);
                                assertThat(p.message()).isEqualTo(report.error());
                            });
        }
        assertThat(Recorded.read("  hello").report.problems().get(0).offset()).isEqualTo(2);
    }

    @Test
    void emptyFileIsAnError() {
        assertThat(Recorded.read(new byte[0]).report.error())
                .isEqualTo("empty file: no data at byte 0");
        assertThat(Recorded.read(" \r\n ").report.error()).startsWith("empty file");
    }

    @Test
    void unreadableAmountIsAProblemAtItsElementAndReadsAsZero() {
        Recorded r =
                Recorded.read(
                        remit(ISA, "*", "~").replace("CLP*PCN1*1*100*80", "CLP*PCN1*1*1OO*80"));
        assertThat(r.report.error()).isNull();
        Problem p =
                r.problems.stream()
                        .filter(x -> x.message().contains("not an amount"))
                        .findFirst()
                        .orElseThrow();
        assertThat(p.segmentId()).isEqualTo("CLP");
        assertThat(p.element()).isEqualTo(3);
        assertThat(p.segment()).isEqualTo(9);
        assertThat(p.severity()).isEqualTo(Severity.ERROR);
        assertThat(p.message()).contains("read as 0");
        ClaimPayment c = r.remittanceClaims.get(0);
        assertThat(c.charge()).isEqualTo(Money.ZERO);
        assertThat(c.balanced()).isFalse();
    }

    @Test
    void envelopeCountsAndControlNumbersAreChecked() {
        Recorded r =
                Recorded.read(
                        remit(ISA, "*", "~")
                                .replace("SE*11*0001", "SE*9*0002")
                                .replace("GE*1*1", "GE*2*1")
                                .replace("IEA*1*000000001", "IEA*2*000000009"));
        assertThat(r.report.error()).isNull();
        assertThat(r.problems)
                .extracting(Problem::message)
                .contains(
                        "SE01 is 9 but the transaction has 11 segments",
                        "SE02 does not match ST02",
                        "GE01 is 2 but the group has 1 transactions",
                        "IEA01 is 2 but the interchange has 1 groups",
                        "IEA02 does not match ISA13");
    }

    @Test
    void segmentOrdinalsAndOffsetsPointIntoTheFile() {
        String text = remit(ISA, "*", "~\r\n");
        Recorded r = Recorded.read(text);
        ClaimPayment c = r.remittanceClaims.get(0);
        assertThat(c.segment()).isEqualTo(9);
        assertThat(text.substring((int) c.offset())).startsWith("CLP*PCN1");
    }

    @Test
    void ta1AloneIsTypeTa1() {
        Recorded r = Recorded.read(ISA + "TA1*000000001*240101*1200*A*000~IEA*0*000000001~");
        assertThat(r.report.type()).isEqualTo("TA1");
        assertThat(r.report.error()).isNull();
    }

    @Test
    void problemsBeyondTheCapAreCountedNotKept() {
        StringBuilder b = new StringBuilder(ISA).append("ST*835*1~");
        for (int i = 0; i < X12Files.MAX_PROBLEMS + 50; i++) b.append("CLP*X*1*BAD*0~");
        b.append("SE*").append(X12Files.MAX_PROBLEMS + 52).append("*1~IEA*0*000000001~");
        Recorded r = Recorded.read(b.toString());
        assertThat(r.report.problems()).hasSize(X12Files.MAX_PROBLEMS);
        assertThat(r.report.problemCount())
                .isEqualTo(r.problems.size())
                .isGreaterThan(X12Files.MAX_PROBLEMS);
    }
}
