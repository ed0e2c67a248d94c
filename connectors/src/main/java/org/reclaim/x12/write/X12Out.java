package org.reclaim.x12.write;

import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;
import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamConstants;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.reclaim.common.Money;

/**
 * One interchange (ISA, one GS, one ST…SE, GE, IEA) written with StAEDI's {@link EDIStreamWriter},
 * which also checks the envelope segments against its X12 control schema. Delimiters: {@code *}
 * elements, {@code :} components, {@code ^} repetitions, {@code ~} plus a line break after each
 * segment.
 *
 * <p>Element values passed to {@link #seg}: null or "" (empty), String, {@link Money} (X12 R, no
 * superfluous zeros), {@link LocalDate} (CCYYMMDD), Integer/Long, BigDecimal (as given), or a
 * {@link #c composite}.
 */
final class X12Out {

    /** A composite element: its components in order; null components are empty. */
    record Composite(List<String> parts) {}

    private static final DateTimeFormatter D8 = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter D6 = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");
    private static final String DELIMITERS = "*:^~\n\r";

    private static volatile Schema control;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    private final EDIStreamWriter w;
    private final Envelope envelope;
    private final String type;
    private int setSegments;

    /**
     * Opens the interchange and its group.
     *
     * @param type what is written, for messages ("837P", "835"…)
     * @param functionalId GS01 (HC, HR, HN, HS, HB, HP, FA)
     * @param version GS08 (e.g. 005010X222A1)
     */
    X12Out(Envelope envelope, String type, String functionalId, String version) {
        this.envelope = envelope;
        this.type = type;
        EDIOutputFactory factory = EDIOutputFactory.newFactory();
        factory.setProperty(EDIOutputFactory.PRETTY_PRINT, true);
        factory.setProperty(EDIOutputFactory.TRUNCATE_EMPTY_ELEMENTS, true);
        w = factory.createEDIStreamWriter(bytes);
        w.setControlSchema(controlSchema());
        try {
            w.startInterchange();
            w.writeStartSegment("ISA");
            String[] isa = {
                "00",
                " ".repeat(10),
                "00",
                " ".repeat(10),
                envelope.senderQualifier(),
                pad(envelope.senderId()),
                envelope.receiverQualifier(),
                pad(envelope.receiverId()),
                envelope.created().format(D6),
                envelope.created().format(HHMM),
                "^",
                "00501",
                envelope.interchangeControl(),
                "0",
                envelope.usage().code(),
                ":"
            };
            for (String e : isa) w.writeElement(e);
            w.writeEndSegment();
        } catch (EDIStreamException | RuntimeException e) {
            throw new X12WriteException(
                    "StAEDI refused ISA of the " + type + ": " + e.getMessage(), e);
        }
        seg(
                "GS",
                functionalId,
                envelope.applicationSender(),
                envelope.applicationReceiver(),
                envelope.created().toLocalDate(),
                envelope.created().format(HHMM),
                Long.toString(envelope.groupControlNumber()),
                "X",
                version);
    }

    /** ST; starts counting the transaction's segments. */
    void st(String setId, String version) {
        setSegments = 0;
        seg("ST", setId, envelope.transactionControl(), version);
    }

    /** SE (with the count), GE, IEA; returns the whole interchange. */
    byte[] finish() {
        seg("SE", Integer.toString(setSegments + 1), envelope.transactionControl());
        seg("GE", "1", Long.toString(envelope.groupControlNumber()));
        seg("IEA", "1", envelope.interchangeControl());
        try {
            w.endInterchange();
            w.close();
        } catch (EDIStreamException | RuntimeException e) {
            throw new X12WriteException(
                    "StAEDI refused the end of the " + type + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    static Composite c(String... parts) {
        return new Composite(Arrays.asList(parts));
    }

    static Composite c(List<String> parts) {
        return new Composite(new ArrayList<>(parts));
    }

    void seg(String id, Object... elements) {
        setSegments++;
        try {
            w.writeStartSegment(id);
            for (int i = 0; i < elements.length; i++) {
                Object e = elements[i];
                String where = id + String.format("%02d", i + 1);
                if (e instanceof Composite comp) {
                    boolean any = false;
                    for (String p : comp.parts()) any |= p != null && !p.isEmpty();
                    if (!any) {
                        w.writeEmptyElement();
                        continue;
                    }
                    w.writeStartElement();
                    int k = 0;
                    for (String p : comp.parts()) {
                        k++;
                        if (p == null || p.isEmpty()) {
                            w.writeEmptyComponent();
                        } else {
                            checkText(where + "-" + k, p);
                            w.writeComponent(p);
                        }
                    }
                    w.endElement();
                } else {
                    String v = text(e);
                    if (v == null || v.isEmpty()) {
                        w.writeEmptyElement();
                    } else {
                        checkText(where, v);
                        w.writeElement(v);
                    }
                }
            }
            w.writeEndSegment();
        } catch (EDIStreamException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae
                    && iae.getMessage() != null
                    && iae.getMessage().contains("X12 delimiter")) {
                throw iae;
            }
            throw new X12WriteException(
                    "StAEDI refused " + id + " of the " + type + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a value holding one of the delimiters this writer uses (the value itself is not
     * repeated: PHI).
     */
    static void checkText(String where, String v) {
        for (int i = 0; i < v.length(); i++) {
            if (DELIMITERS.indexOf(v.charAt(i)) >= 0) {
                throw new IllegalArgumentException(
                        where + " holds an X12 delimiter (one of * : ^ ~ or a line break)");
            }
        }
    }

    static String text(Object e) {
        if (e == null) return null;
        if (e instanceof String s) return s;
        if (e instanceof Money m) return amount(m);
        if (e instanceof LocalDate d) return d.format(D8);
        if (e instanceof BigDecimal b) return b.toPlainString();
        if (e instanceof Integer || e instanceof Long) return e.toString();
        throw new IllegalStateException("not an element value: " + e.getClass().getSimpleName());
    }

    /** X12 R: 100.00 → "100", 12.50 → "12.5". */
    static String amount(Money m) {
        BigDecimal b = m.toBigDecimal().stripTrailingZeros();
        if (b.scale() < 0) b = b.setScale(0);
        return b.toPlainString();
    }

    /** D8 for one day, RD8 for a range. */
    static String[] period(LocalDate from, LocalDate to) {
        if (to == null || to.equals(from)) return new String[] {"D8", from.format(D8)};
        return new String[] {"RD8", from.format(D8) + "-" + to.format(D8)};
    }

    static String d8(LocalDate d) {
        return d.format(D8);
    }

    static String hhmm(Envelope e) {
        return e.created().format(HHMM);
    }

    private static String pad(String id) {
        return id.length() >= 15 ? id : id + " ".repeat(15 - id.length());
    }

    private static Schema controlSchema() {
        Schema s = control;
        if (s == null) {
            try {
                s =
                        SchemaFactory.newFactory()
                                .getControlSchema(
                                        EDIStreamConstants.Standards.X12, new String[] {"00501"});
            } catch (Exception e) {
                throw new IllegalStateException("StAEDI's X12 00501 control schema is missing", e);
            }
            control = s;
        }
        return s;
    }
}
