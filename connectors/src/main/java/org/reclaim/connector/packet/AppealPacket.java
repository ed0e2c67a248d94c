package org.reclaim.connector.packet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.reclaim.connector.support.Hashes;

/**
 * Renders an appeal packet as a text-only PDF (US Letter) with PDFBox and the standard Helvetica
 * fonts — nothing embedded, readable by any fax or portal. Characters Helvetica's WinAnsi encoding
 * cannot show are replaced: accented letters by their base letter, anything else by '?'.
 *
 * <p>Output is deterministic: no creation date, and the document id is derived from the content.
 */
public final class AppealPacket {

    private static final PDRectangle PAGE = PDRectangle.LETTER;
    private static final float MARGIN = 54;
    private static final float FOOTER_Y = 30;
    private static final float BODY_SIZE = 11;
    private static final float BODY_LEADING = 14.5f;
    private static final float TABLE_SIZE = 9.5f;
    private static final float TABLE_LEADING = 12;
    private static final float CELL_PAD = 4;

    private AppealPacket() {}

    public static RenderedPacket render(PacketContent content) {
        try (PDDocument doc = new PDDocument()) {
            Writer w = new Writer(doc);
            w.heading(content.title(), 14);
            w.gap(6);
            for (String paragraph : content.letter().split("\r?\n", -1)) {
                w.paragraph(paragraph, w.regular, BODY_SIZE, BODY_LEADING);
            }
            for (PacketContent.Table table : content.tables()) {
                w.gap(14);
                w.table(table);
            }
            w.gap(14);
            w.heading("Evidence index", 12);
            if (content.evidence().isEmpty()) {
                w.paragraph("No documents enclosed.", w.regular, BODY_SIZE, BODY_LEADING);
            }
            for (int i = 0; i < content.evidence().size(); i++) {
                w.paragraph(
                        "Exhibit " + (i + 1) + ": " + content.evidence().get(i),
                        w.regular,
                        BODY_SIZE,
                        BODY_LEADING);
            }
            for (PacketContent.Page page : content.pages()) {
                w.newPage();
                w.heading(page.title(), 14);
                w.paragraph("Enclosure: " + page.name(), w.regular, TABLE_SIZE, TABLE_LEADING);
                w.gap(6);
                for (String paragraph : page.text().split("\r?\n", -1)) {
                    w.paragraph(paragraph, w.regular, BODY_SIZE, BODY_LEADING);
                }
                for (PacketContent.Table table : page.tables()) {
                    w.gap(14);
                    w.table(table);
                }
            }
            w.close();
            w.footers(content.reference());

            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle(w.clean(content.title(), w.regular));
            info.setSubject(w.clean(content.reference(), w.regular));
            info.setProducer("Reclaim");
            doc.setDocumentInformation(info);
            byte[] id =
                    Hashes.sha256(content.toString())
                            .substring(0, 32)
                            .getBytes(StandardCharsets.US_ASCII);
            COSArray ids = new COSArray();
            ids.add(new COSString(id));
            ids.add(new COSString(id));
            doc.getDocument().setDocumentID(ids);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            byte[] pdf = out.toByteArray();
            return new RenderedPacket(pdf, Hashes.sha256(pdf), doc.getNumberOfPages());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render appeal packet", e);
        }
    }

    /** Lays text out top to bottom, starting a page when the next block does not fit. */
    private static final class Writer {
        final PDDocument doc;
        final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        final Map<PDFont, Map<Integer, String>> encodable = new HashMap<>();
        final float width = PAGE.getWidth() - 2 * MARGIN;
        PDPageContentStream out;
        float y;

        Writer(PDDocument doc) throws IOException {
            this.doc = doc;
            newPage();
        }

        void newPage() throws IOException {
            if (out != null) out.close();
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            out = new PDPageContentStream(doc, page);
            y = PAGE.getHeight() - MARGIN;
        }

        void ensure(float height) throws IOException {
            if (y - height < MARGIN) newPage();
        }

        void gap(float height) {
            y -= height;
        }

        void close() throws IOException {
            out.close();
        }

        void heading(String text, float size) throws IOException {
            ensure(size * 2.5f);
            paragraph(text, bold, size, size * 1.3f);
            y -= 2;
        }

        void paragraph(String text, PDFont font, float size, float leading) throws IOException {
            List<String> lines = wrap(clean(text, font), font, size, width);
            for (String line : lines) {
                ensure(leading);
                y -= leading;
                show(line, font, size, MARGIN, y);
            }
        }

        void show(String text, PDFont font, float size, float x, float baseline)
                throws IOException {
            if (text.isEmpty()) return;
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(x, baseline);
            out.showText(text);
            out.endText();
        }

        void table(PacketContent.Table table) throws IOException {
            ensure(BODY_LEADING + 2 * TABLE_LEADING + 2 * CELL_PAD);
            paragraph(table.caption(), bold, BODY_SIZE, BODY_LEADING);
            y -= 4;
            float[] widths = columnWidths(table);
            List<String> header = table.headers();
            row(header, widths, bold);
            for (List<String> cells : table.rows()) {
                List<List<String>> wrapped = wrapCells(cells, widths, regular);
                float height = height(wrapped);
                if (y - height < MARGIN) {
                    newPage();
                    row(header, widths, bold);
                }
                draw(wrapped, widths, regular, height);
            }
        }

        void row(List<String> cells, float[] widths, PDFont font) throws IOException {
            List<List<String>> wrapped = wrapCells(cells, widths, font);
            draw(wrapped, widths, font, height(wrapped));
        }

        List<List<String>> wrapCells(List<String> cells, float[] widths, PDFont font)
                throws IOException {
            List<List<String>> wrapped = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                wrapped.add(
                        wrap(
                                clean(cells.get(c), font),
                                font,
                                TABLE_SIZE,
                                widths[c] - 2 * CELL_PAD));
            }
            return wrapped;
        }

        float height(List<List<String>> wrapped) {
            int lines = wrapped.stream().mapToInt(List::size).max().orElse(1);
            return lines * TABLE_LEADING + 2 * CELL_PAD;
        }

        void draw(List<List<String>> wrapped, float[] widths, PDFont font, float height)
                throws IOException {
            float x = MARGIN;
            out.setLineWidth(0.5f);
            for (int c = 0; c < wrapped.size(); c++) {
                out.addRect(x, y - height, widths[c], height);
                float baseline = y - CELL_PAD - TABLE_SIZE;
                for (String line : wrapped.get(c)) {
                    show(line, font, TABLE_SIZE, x + CELL_PAD, baseline);
                    baseline -= TABLE_LEADING;
                }
                x += widths[c];
            }
            out.stroke();
            y -= height;
        }

        /**
         * Shares the line width in proportion to each column's widest cell, each at least a sixth
         * of an even share.
         */
        float[] columnWidths(PacketContent.Table table) throws IOException {
            int n = table.headers().size();
            float[] natural = new float[n];
            for (int c = 0; c < n; c++) {
                natural[c] = textWidth(clean(table.headers().get(c), bold), bold, TABLE_SIZE);
                for (List<String> row : table.rows()) {
                    natural[c] =
                            Math.max(
                                    natural[c],
                                    textWidth(clean(row.get(c), regular), regular, TABLE_SIZE));
                }
                natural[c] = Math.max(natural[c] + 2 * CELL_PAD, width / n / 6);
            }
            float sum = 0;
            for (float w : natural) sum += w;
            float[] widths = new float[n];
            for (int c = 0; c < n; c++) widths[c] = natural[c] * width / sum;
            return widths;
        }

        float textWidth(String text, PDFont font, float size) throws IOException {
            return font.getStringWidth(text) / 1000 * size;
        }

        /** Greedy word wrap; a word wider than the line is cut. An empty text is one empty line. */
        List<String> wrap(String text, PDFont font, float size, float max) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ", -1)) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (textWidth(candidate, font, size) <= max) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (textWidth(rest, font, size) > max && rest.length() > 1) {
                    int cut = rest.length() - 1;
                    while (cut > 1 && textWidth(rest.substring(0, cut), font, size) > max) cut--;
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            lines.add(line.toString());
            return lines;
        }

        /**
         * Text the font can show: tabs become spaces, controls go, unencodable characters are
         * replaced.
         */
        String clean(String text, PDFont font) {
            Map<Integer, String> cache = encodable.computeIfAbsent(font, f -> new HashMap<>());
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints()
                    .forEach(
                            cp -> {
                                if (cp == '\t') {
                                    out.append("    ");
                                } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
                                    // control characters print as nothing
                                } else {
                                    out.append(
                                            cache.computeIfAbsent(cp, c -> replacement(c, font)));
                                }
                            });
            return out.toString();
        }

        private static String replacement(int cp, PDFont font) {
            String s = new String(Character.toChars(cp));
            if (canEncode(font, s)) return s;
            String base = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
            if (!base.isEmpty() && canEncode(font, base)) return base;
            return "?";
        }

        private static boolean canEncode(PDFont font, String s) {
            try {
                font.encode(s);
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }

        /** "reference — page i of n" at the foot of every page, once the page count is known. */
        void footers(String reference) throws IOException {
            int n = doc.getNumberOfPages();
            for (int i = 0; i < n; i++) {
                PDPage page = doc.getPage(i);
                try (PDPageContentStream foot =
                        new PDPageContentStream(
                                doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                    out = foot;
                    String text = clean(reference, regular) + " - page " + (i + 1) + " of " + n;
                    show(text, regular, 8, MARGIN, FOOTER_Y);
                }
            }
        }
    }
}
