package org.reclaim.work.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** The text of a records document: a PDF's extracted text (PDFBox), else the bytes as UTF-8. */
final class DocumentText {

    private DocumentText() {}

    static String of(String name, byte[] bytes) {
        if (name.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            try (PDDocument doc = Loader.loadPDF(bytes)) {
                return new PDFTextStripper().getText(doc);
            } catch (IOException e) {
                throw new UncheckedIOException("not a readable PDF: " + e.getMessage(), e);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
