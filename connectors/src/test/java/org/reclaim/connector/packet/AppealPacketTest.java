package org.reclaim.connector.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.reclaim.connector.support.Hashes;

class AppealPacketTest {

    static final String LETTER =
            """
            Re: Request for redetermination of claim 2026010500123

            We ask you to reconsider the denial of the service of January 5, 2026 (CPT 99214), denied with \
            CARC 50 as not medically necessary. The enclosed progress note documents the patient's worsening \
            symptoms and the medical decision making that the visit required.

            Sincerely,
            The billing office""";

    static PacketContent content(String letter) {
        Map<String, String> claim = new LinkedHashMap<>();
        claim.put("Payer claim number", "2026010500123");
        claim.put("Patient account", "PT-1001");
        claim.put("Date of service", "2026-01-05");
        claim.put("Denial", "CO-50 (RARC N115)");
        claim.put("Amount in dispute", "$120.00");
        PacketContent.Table lines =
                new PacketContent.Table(
                        "Denied lines",
                        List.of("Line", "Procedure", "Charge", "Paid", "Adjustment"),
                        List.of(List.of("1", "99214", "150.00", "0.00", "CO-50 120.00")));
        return new PacketContent(
                "Claim 2026010500123 / account PT-1001",
                "Appeal - level 1",
                letter,
                List.of(PacketContent.Table.fields("Claim and denial", claim), lines),
                List.of("progress-note-2026-01-05.pdf", "lcd-L34567-excerpt.pdf"));
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void thePacketIsAPdfThatPdfBoxReadsBackWithTheLetterSummaryAndEvidenceIndex()
            throws IOException {
        RenderedPacket packet = AppealPacket.render(content(LETTER));

        String text = text(packet.pdf());
        assertThat(text)
                .contains(
                        "Appeal - level 1",
                        "Re: Request for redetermination of claim 2026010500123",
                        "The billing office",
                        "Claim and denial",
                        "Amount in dispute",
                        "$120.00",
                        "CO-50 (RARC N115)",
                        "Denied lines",
                        "99214",
                        "Evidence index",
                        "Exhibit 1: progress-note-2026-01-05.pdf",
                        "Exhibit 2: lcd-L34567-excerpt.pdf",
                        "Claim 2026010500123 / account PT-1001 - page 1 of 1");
        assertThat(text.replaceAll("\\s+", " "))
                .contains("documents the patient's worsening symptoms");
        assertThat(packet.pages()).isEqualTo(1);
    }

    @Test
    void theHashIsTheSha256OfTheBytesAndTheSameContentRendersTheSameBytes() {
        RenderedPacket one = AppealPacket.render(content(LETTER));
        RenderedPacket two = AppealPacket.render(content(LETTER));
        RenderedPacket other = AppealPacket.render(content(LETTER + "\nP.S."));

        assertThat(one.sha256()).isEqualTo(Hashes.sha256(one.pdf())).hasSize(64);
        assertThat(two.pdf()).isEqualTo(one.pdf());
        assertThat(other.sha256()).isNotEqualTo(one.sha256());
    }

    @Test
    void aLongLetterIsWrappedAndPaginatedWithTheReferenceOnEveryPage() throws IOException {
        String paragraph =
                "The documentation enclosed supports medical necessity for each service billed on this claim. ";
        String longLetter =
                (paragraph.repeat(6) + "\n\n").repeat(30)
                        + "Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword end.";

        RenderedPacket packet = AppealPacket.render(content(longLetter));

        assertThat(packet.pages()).isGreaterThan(3);
        String text = text(packet.pdf());
        for (int page = 1; page <= packet.pages(); page++) {
            assertThat(text).contains("account PT-1001 - page " + page + " of " + packet.pages());
        }
        assertThat(text).contains("end.", "Exhibit 2: lcd-L34567-excerpt.pdf");
    }

    @Test
    void charactersHelveticaCannotShowAreReplacedInsteadOfFailing() throws IOException {
        RenderedPacket packet =
                AppealPacket.render(content("Café “quoted” — Źródło Ω 😀 end\ttab"));

        String text = text(packet.pdf());
        // Ź decomposes to Z; ł, Ω and the emoji have no WinAnsi form at all
        assertThat(text).contains("Café “quoted” — Zród?o ? ? end    tab");
    }
}
