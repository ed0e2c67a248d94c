package org.reclaim.partner;

import java.time.LocalDateTime;
import java.util.Set;
import org.reclaim.x12.write.Envelope;

/**
 * Who an outgoing interchange is from and to, as agreed with the clearinghouse: ISA05/ISA06 sender,
 * ISA07/ISA08 receiver, GS02/GS03 application sender and receiver, and ISA15 usage. Checked when it
 * is built, so a practice's setting is refused at the API instead of failing a file later.
 *
 * @param applicationSender GS02; the ISA sender id when not agreed otherwise
 * @param applicationReceiver GS03; the ISA receiver id when not agreed otherwise
 */
public record TradingPartner(
        String senderQualifier,
        String senderId,
        String receiverQualifier,
        String receiverId,
        String applicationSender,
        String applicationReceiver,
        Envelope.Usage usage) {

    /**
     * ISA05/ISA07 codes the HIPAA 5010 implementation guides allow (the ISA segment of the X12N
     * TR3s, e.g. 005010X222A1; as listed in pyx12's maps, https://pyx12.sourceforge.net/doc/maps/):
     * D-U-N-S, D-U-N-S plus suffix, Health Industry Number, carrier id, fiscal intermediary id,
     * Medicare provider id, US federal tax id, NAIC company code, mutually defined.
     */
    public static final Set<String> QUALIFIERS =
            Set.of("01", "14", "20", "27", "28", "29", "30", "33", "ZZ");

    public TradingPartner {
        qualifier("senderQualifier (ISA05)", senderQualifier);
        qualifier("receiverQualifier (ISA07)", receiverQualifier);
        id("senderId (ISA06)", senderId, 1, 15);
        id("receiverId (ISA08)", receiverId, 1, 15);
        applicationSender = blank(applicationSender) ? senderId : applicationSender;
        applicationReceiver = blank(applicationReceiver) ? receiverId : applicationReceiver;
        id("applicationSender (GS02)", applicationSender, 2, 15);
        id("applicationReceiver (GS03)", applicationReceiver, 2, 15);
        if (usage == null)
            throw new IllegalArgumentException(
                    "usage (ISA15) is required: T (test) or P (production)");
    }

    /** ISA15 as written: {@code T} or {@code P}, nothing else. */
    public static Envelope.Usage usage(String code) {
        if ("T".equals(code)) return Envelope.Usage.TEST;
        if ("P".equals(code)) return Envelope.Usage.PRODUCTION;
        throw new IllegalArgumentException(
                "usage (ISA15) must be T (test) or P (production)"
                        + (code == null ? "" : ", was '" + printable(code) + "'"));
    }

    static TradingPartner of(ClearinghouseProperties p) {
        return new TradingPartner(
                p.senderQualifier(),
                p.senderId(),
                p.receiverQualifier(),
                p.receiverId(),
                p.applicationSender(),
                p.applicationReceiver(),
                usage(p.usage()));
    }

    /**
     * The envelope of one interchange with one group and one transaction, all numbered {@code
     * control}.
     */
    public Envelope envelope(long control, LocalDateTime created) {
        return new Envelope(
                senderQualifier,
                senderId,
                receiverQualifier,
                receiverId,
                applicationSender,
                applicationReceiver,
                usage,
                control,
                control,
                control,
                created);
    }

    private static void qualifier(String what, String v) {
        if (v == null || !QUALIFIERS.contains(v)) {
            throw new IllegalArgumentException(
                    what
                            + " must be one of "
                            + new java.util.TreeSet<>(QUALIFIERS)
                            + (v == null ? "" : ", was '" + printable(v) + "'"));
        }
    }

    private static void id(String what, String v, int min, int max) {
        if (blank(v)) throw new IllegalArgumentException(what + " is required");
        if (v.length() < min || v.length() > max) {
            throw new IllegalArgumentException(
                    what + " must be " + min + "–" + max + " characters, was " + v.length());
        }
        if (!v.equals(v.strip()))
            throw new IllegalArgumentException(what + " must not start or end with spaces");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(what + " must be printable ASCII");
            }
            if ("*:^~".indexOf(c) >= 0) {
                throw new IllegalArgumentException(
                        what + " must not hold an X12 delimiter (* : ^ ~)");
            }
        }
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }

    /**
     * A short, safe echo of a refused code in an error message (never an id: those may be tax ids).
     */
    private static String printable(String v) {
        String s = v.length() > 4 ? v.substring(0, 4) + "…" : v;
        return s.replaceAll("[^ -~]", "?");
    }
}
