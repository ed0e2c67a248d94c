package org.reclaim.connector.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.reclaim.connector.records.RecordFact.Kind;

/** Facts from labelled fields of the practice's documents, whatever the form calls them. */
class RecordFactsTest {

    static List<String> values(List<RecordFact> facts, Kind kind) {
        return facts.stream().filter(f -> f.kind() == kind).map(RecordFact::value).toList();
    }

    @Test
    void anInsuranceCardCopyWithColonsGivesEachFactWithItsDocumentAndLabel() {
        List<RecordFact> facts =
                RecordFacts.facts(
                        "insurance-card.txt",
                        """
                        SYNTHETIC HEALTH PLAN
                        Member ID: XQZ900112233
                        Group: 55012   Subscriber: DOE, JANE A
                        DOB: 04/17/1971
                        """);
        assertThat(facts)
                .containsExactly(
                        new RecordFact(
                                Kind.MEMBER_ID, "XQZ900112233", "insurance-card.txt", "Member ID"),
                        new RecordFact(Kind.GROUP_NUMBER, "55012", "insurance-card.txt", "Group"),
                        new RecordFact(
                                Kind.SUBSCRIBER_NAME,
                                "DOE, JANE A",
                                "insurance-card.txt",
                                "Subscriber"),
                        new RecordFact(
                                Kind.SUBSCRIBER_BIRTH_DATE,
                                "1971-04-17",
                                "insurance-card.txt",
                                "DOB"));
    }

    @Test
    void memberIdLabelsVaryFromFormToForm() {
        String[] lines = {
            "Member #: W1234567",
            "Member # W1234567",
            "Subscriber ID  W1234567",
            "ID No. W1234567",
            "Policy number: W1234567",
            "Insured's ID Number W1234567",
            "Member Identification Number - W1234567",
            "Patient: Jane Doe | Member No. W1234567 | Plan: Gold"
        };
        for (String line : lines) {
            assertThat(values(RecordFacts.facts("a.txt", line), Kind.MEMBER_ID))
                    .as(line)
                    .containsExactly("W1234567");
        }
    }

    @Test
    void otherPeoplesNumbersAndWordsAreNotMemberIdsOrGroups() {
        List<RecordFact> facts =
                RecordFacts.facts(
                        "letter.txt",
                        """
                        Reclaim Medical Group 12 Main St, Philadelphia, PA 19103
                        Tax ID No. 991234567   Provider ID # 1999999999
                        Member ID: pending
                        Group Name: ACME WIDGETS
                        """);
        assertThat(values(facts, Kind.MEMBER_ID)).isEmpty();
        assertThat(values(facts, Kind.GROUP_NUMBER)).isEmpty();
        assertThat(values(facts, Kind.AUTHORIZATION_NUMBER)).isEmpty();
    }

    @Test
    void groupAndSubscriberLabelsVary() {
        List<RecordFact> facts =
                RecordFacts.facts(
                        "intake.txt",
                        """
                        Grp # G-4471
                        Policyholder Name: John Q. Public
                        Subscriber Date of Birth: March 3, 1960
                        """);
        assertThat(values(facts, Kind.GROUP_NUMBER)).containsExactly("G-4471");
        assertThat(values(facts, Kind.SUBSCRIBER_NAME)).containsExactly("PUBLIC, JOHN Q");
        assertThat(values(facts, Kind.SUBSCRIBER_BIRTH_DATE)).containsExactly("1960-03-03");
    }

    @Test
    void aValueOnTheLineBelowItsLabelIsRead() {
        List<RecordFact> facts =
                RecordFacts.facts("form.txt", "Member ID\nXQZ900112233\nGroup Number\n55012\n");
        assertThat(values(facts, Kind.MEMBER_ID)).containsExactly("XQZ900112233");
        assertThat(values(facts, Kind.GROUP_NUMBER)).containsExactly("55012");
    }

    @Test
    void authorizationNumbersAndTheirDatesUnderVaryingLabels() {
        assertThat(
                        RecordFacts.facts(
                                "auth-letter.txt",
                                """
                                Prior authorization: PA-7781-22
                                Authorization valid 01/02/2026 - 03/04/2026
                                """))
                .containsExactly(
                        new RecordFact(
                                Kind.AUTHORIZATION_NUMBER,
                                "PA-7781-22",
                                "auth-letter.txt",
                                "Prior authorization"),
                        new RecordFact(
                                Kind.AUTHORIZATION_FROM,
                                "2026-01-02",
                                "auth-letter.txt",
                                "Authorization valid"),
                        new RecordFact(
                                Kind.AUTHORIZATION_TO,
                                "2026-03-04",
                                "auth-letter.txt",
                                "Authorization valid"));
        for (String line :
                new String[] {"Auth # 88231", "PA number: 88231", "Authorization No. 88231"}) {
            assertThat(values(RecordFacts.facts("a.txt", line), Kind.AUTHORIZATION_NUMBER))
                    .as(line)
                    .containsExactly("88231");
        }
        assertThat(
                        values(
                                RecordFacts.facts(
                                        "a.txt",
                                        "Approved: effective 2026-01-05 through 2026-02-28"),
                                Kind.AUTHORIZATION_TO))
                .containsExactly("2026-02-28");
    }

    @Test
    void aPdfsTextIsReadLikeAText() throws IOException {
        byte[] pdf = pdf("Eligibility card copy", "Subscriber #: MBR-55501234", "Grp #: 9001");
        RecordFacts.Reading r = RecordFacts.read("card-scan.pdf", pdf);
        assertThat(r.problem()).isNull();
        assertThat(r.facts())
                .contains(
                        new RecordFact(
                                Kind.MEMBER_ID, "MBR-55501234", "card-scan.pdf", "Subscriber #"),
                        new RecordFact(Kind.GROUP_NUMBER, "9001", "card-scan.pdf", "Grp #"));
    }

    @Test
    void anUnreadablePdfIsAProblemNamingTheFileNotAnError() {
        RecordFacts.Reading r =
                RecordFacts.read(
                        "broken-scan.pdf",
                        "%PDF-1.7 this is not really a pdf".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.facts()).isEmpty();
        assertThat(r.problem()).startsWith("broken-scan.pdf: not a readable PDF");

        RecordFacts.Reading binary =
                RecordFacts.read(
                        "photo.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 1, 2, 3, 4, 5, 6, 7});
        assertThat(binary.problem()).startsWith("photo.jpg: neither text nor PDF");
    }

    @Test
    void documentsThatDisagreeGiveNoCandidate() {
        RecordFacts.Found found =
                RecordFacts.Found.of(
                        List.of(
                                RecordFacts.read(
                                        "a.txt",
                                        "Member ID: AB12345".getBytes(StandardCharsets.UTF_8)),
                                RecordFacts.read(
                                        "b.txt",
                                        "Member #: AB-12345".getBytes(StandardCharsets.UTF_8)),
                                RecordFacts.read(
                                        "c.txt", "Group: 77".getBytes(StandardCharsets.UTF_8))));
        assertThat(found.agreed(Kind.MEMBER_ID)).map(RecordFact::document).contains("a.txt");
        RecordFacts.Found disagree =
                RecordFacts.Found.of(
                        List.of(
                                RecordFacts.read(
                                        "a.txt",
                                        "Member ID: AB12345".getBytes(StandardCharsets.UTF_8)),
                                RecordFacts.read(
                                        "b.txt",
                                        "Member ID: ZZ99999".getBytes(StandardCharsets.UTF_8))));
        assertThat(disagree.agreed(Kind.MEMBER_ID)).isEmpty();
    }

    static byte[] pdf(String... lines) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                cs.setLeading(14);
                cs.newLineAtOffset(72, 720);
                for (String l : lines) {
                    cs.showText(l);
                    cs.newLine();
                }
                cs.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
