package org.reclaim.connector.packet;

import java.util.List;
import java.util.Objects;
import org.reclaim.connector.support.Names;

/**
 * An appeal packet to leave in the outbox for fax, mail or portal upload.
 *
 * @param payerClaimNumber the payer's claim number (CLP07), or null when the remittance carried
 *     none
 * @param payerId the payer's id as the remittance named it, or null when it named none: a packet
 *     never carries a number the payer did not issue
 * @param attachments names of the evidence documents the packet encloses (its evidence index)
 * @param pdf the rendered packet ({@link AppealPacket#render})
 * @param kind {@value #APPEAL}, or {@value #REOPENING} for a request that the payer reopen and
 *     correct the claim (a clerical correction, not an appeal): a mailroom and a payer tell them
 *     apart by it
 */
public record OutgoingPacket(
        String denialId,
        String patientControlNumber,
        String payerClaimNumber,
        String payerId,
        Channel channel,
        int appealLevel,
        String idempotencyKey,
        List<String> attachments,
        byte[] pdf,
        String kind) {

    public static final String APPEAL = "appeal";
    public static final String REOPENING = "reopening";

    /** An appeal packet. */
    public OutgoingPacket(
            String denialId,
            String patientControlNumber,
            String payerClaimNumber,
            String payerId,
            Channel channel,
            int appealLevel,
            String idempotencyKey,
            List<String> attachments,
            byte[] pdf) {
        this(
                denialId,
                patientControlNumber,
                payerClaimNumber,
                payerId,
                channel,
                appealLevel,
                idempotencyKey,
                attachments,
                pdf,
                APPEAL);
    }

    public OutgoingPacket {
        required("denialId", denialId);
        required("patientControlNumber", patientControlNumber);
        optional("payerClaimNumber", payerClaimNumber);
        optional("payerId", payerId);
        Objects.requireNonNull(channel, "channel");
        if (appealLevel < 1)
            throw new IllegalArgumentException("appeal level starts at 1, was " + appealLevel);
        required("idempotencyKey", idempotencyKey);
        attachments = List.copyOf(attachments == null ? List.of() : attachments);
        attachments.forEach(name -> Names.segment("attachment name", name));
        Objects.requireNonNull(pdf, "pdf");
        if (pdf.length == 0) throw new IllegalArgumentException("a packet needs its PDF");
        if (!APPEAL.equals(kind) && !REOPENING.equals(kind))
            throw new IllegalArgumentException(
                    "packet kind is " + APPEAL + " or " + REOPENING + ", was " + kind);
    }

    private static void required(String name, String value) {
        if (value == null || value.isBlank())
            throw new IllegalArgumentException(name + " is required");
    }

    private static void optional(String name, String value) {
        if (value != null && value.isBlank())
            throw new IllegalArgumentException(name + " is blank: give it or null");
    }

    @Override
    public String toString() {
        return "OutgoingPacket[denial "
                + denialId
                + ", "
                + channel.wireName()
                + ", "
                + kind
                + ", level "
                + appealLevel
                + ", "
                + pdf.length
                + " bytes]";
    }
}
