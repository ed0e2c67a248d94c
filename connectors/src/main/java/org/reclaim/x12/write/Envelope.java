package org.reclaim.x12.write;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The ISA/GS/ST settings of one written interchange (one functional group, one transaction).
 * Control numbers are allocated and persisted by the caller; this record only checks their ranges.
 *
 * @param senderQualifier ISA05 (ZZ mutually defined, 30 US federal tax id, 01 DUNS…)
 * @param senderId ISA06, 1–15 characters (padded on writing)
 * @param receiverQualifier ISA07
 * @param receiverId ISA08
 * @param applicationSender GS02, 2–15 characters
 * @param applicationReceiver GS03, 2–15 characters
 * @param usage ISA15
 * @param interchangeControlNumber ISA13 = IEA02, 1–999999999
 * @param groupControlNumber GS06 = GE02, 1–999999999
 * @param transactionControlNumber ST02 = SE02, 1–999999999 (written with at least 4 digits)
 * @param created ISA09/10, GS04/05 and the transaction's own date and time (BHT04/05…)
 */
public record Envelope(
        String senderQualifier,
        String senderId,
        String receiverQualifier,
        String receiverId,
        String applicationSender,
        String applicationReceiver,
        Usage usage,
        long interchangeControlNumber,
        long groupControlNumber,
        long transactionControlNumber,
        LocalDateTime created) {

    /** ISA15. */
    public enum Usage {
        TEST("T"),
        PRODUCTION("P");

        private final String code;

        Usage(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    public Envelope {
        qualifier("ISA05 sender qualifier", senderQualifier);
        qualifier("ISA07 receiver qualifier", receiverQualifier);
        id("ISA06 sender id", senderId, 1, 15);
        id("ISA08 receiver id", receiverId, 1, 15);
        id("GS02 application sender", applicationSender, 2, 15);
        id("GS03 application receiver", applicationReceiver, 2, 15);
        if (usage == null)
            throw new IllegalArgumentException("ISA15 usage is required (TEST or PRODUCTION)");
        control("ISA13 interchange control number", interchangeControlNumber);
        control("GS06 group control number", groupControlNumber);
        control("ST02 transaction control number", transactionControlNumber);
        if (created == null)
            throw new IllegalArgumentException("envelope creation time is required");
    }

    /** The same settings with other control numbers. */
    public Envelope withControlNumbers(long interchange, long group, long transaction) {
        return new Envelope(
                senderQualifier,
                senderId,
                receiverQualifier,
                receiverId,
                applicationSender,
                applicationReceiver,
                usage,
                interchange,
                group,
                transaction,
                created);
    }

    /**
     * The same parties seen from the other side: what a payer or clearinghouse answering this
     * interchange uses.
     */
    public Envelope reversed(long interchange, long group, long transaction, LocalDateTime at) {
        return new Envelope(
                receiverQualifier,
                receiverId,
                senderQualifier,
                senderId,
                applicationReceiver,
                applicationSender,
                usage,
                interchange,
                group,
                transaction,
                at);
    }

    /** ISA13 as written: nine digits. */
    public String interchangeControl() {
        return String.format("%09d", interchangeControlNumber);
    }

    /** ST02 as written: at least four digits. */
    public String transactionControl() {
        return String.format("%04d", transactionControlNumber);
    }

    /**
     * The outbox file name (docs/contracts.md §7): {@code <yyyyMMddHHmmss>-<type>-<interchange
     * control number>.x12}, e.g. {@code 20240301093000-837P-000000042.x12}.
     */
    public String outboxFileName(String type) {
        if (type == null || !type.matches("[0-9A-Z]{3,5}"))
            throw new IllegalArgumentException("file type like 837P, 276, 270");
        return created.format(FILE_TIME) + "-" + type + "-" + interchangeControl() + ".x12";
    }

    private static void qualifier(String what, String v) {
        if (v == null || v.length() != 2 || !v.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException(what + " must be 2 letters or digits");
        }
    }

    private static void id(String what, String v, int min, int max) {
        if (v == null || v.isBlank() || v.length() < min || v.length() > max) {
            throw new IllegalArgumentException(
                    what + " must be " + min + "–" + max + " characters");
        }
        if (!v.equals(v.strip()))
            throw new IllegalArgumentException(what + " must not start or end with spaces");
        X12Out.checkText(what, v);
    }

    private static void control(String what, long n) {
        if (n < 1 || n > 999_999_999L)
            throw new IllegalArgumentException(what + " must be 1–999999999, was " + n);
    }
}
