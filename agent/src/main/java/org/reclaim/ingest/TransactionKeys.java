package org.reclaim.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.remit.Payment;

/**
 * First pass over a file: the identity of each transaction, by which a transaction already stored
 * is recognised (docs/contracts.md §3). A payment (835) is the same when payer, payee and TRN02
 * are; a claim submission (837) when its set and group control numbers, date, submitter and claims
 * (CLM01, charge, frequency) are — the same set sent again in another group is another sending,
 * which a 999 answers on its own; an acknowledgment when its type, control number and every answer
 * it gives are.
 */
final class TransactionKeys implements X12Handler {

    enum Kind {
        PAYMENT,
        SUBMISSION,
        ACKNOWLEDGMENT
    }

    /**
     * A key as it is stored: without NUL bytes, which PostgreSQL text cannot hold and CopySpool
     * drops, so that the lookup of a file with one (a damaged file, chaos mutate) binds the key
     * that was stored instead of failing with a 500.
     */
    record Key(Kind kind, String value) {
        Key {
            if (value != null && value.indexOf('\0') >= 0) value = value.replace("\0", "");
        }
    }

    private static final String UNTRACED = "835|untraced|";

    private final Map<Integer, Key> keys = new LinkedHashMap<>();
    private final Map<Integer, MessageDigest> submissionDigests = new LinkedHashMap<>();

    @Override
    public void paymentStart(Payment p) {
        String payer =
                firstNonBlank(
                        p.payer() == null ? null : p.payer().id(),
                        p.payer() == null ? null : p.payer().name(),
                        p.traceOriginator());
        String payee =
                firstNonBlank(
                        p.payee() == null ? null : p.payee().id(),
                        p.payee() == null ? null : p.payee().name());
        String value =
                p.traceNumber() == null || p.traceNumber().isBlank()
                        // without a trace number only the identical file is recognised
                        ? UNTRACED
                        : "835|" + payer + "|" + payee + "|" + p.traceNumber().trim();
        keys.put(p.transaction(), new Key(Kind.PAYMENT, value));
    }

    @Override
    public void submittedClaim(SubmittedClaim c) {
        MessageDigest d =
                submissionDigests.computeIfAbsent(
                        c.transaction(),
                        t -> {
                            MessageDigest md = sha256();
                            update(
                                    md,
                                    c.variant(),
                                    c.controlNumber(),
                                    c.groupControlNumber(),
                                    String.valueOf(c.submissionDate()),
                                    c.submitter() == null ? null : c.submitter().id());
                            return md;
                        });
        update(
                d,
                c.patientControlNumber(),
                c.charge().toString(),
                c.frequency(),
                String.valueOf(c.lines().size()));
    }

    @Override
    public void acknowledgment(Acknowledgment a) {
        MessageDigest md = sha256();
        update(md, a.type(), a.controlNumber(), a.acknowledgedGroup(), a.groupCode());
        for (var s : a.sets())
            update(
                    md,
                    s.transactionSetId(),
                    s.controlNumber(),
                    s.code(),
                    String.join(",", s.errors()));
        for (var c : a.claims()) {
            update(
                    md,
                    c.patientControlNumber(),
                    c.payerClaimNumber(),
                    c.category(),
                    c.status(),
                    String.valueOf(c.statusDate()),
                    String.join(",", c.reasons()));
        }
        keys.put(a.transaction(), new Key(Kind.ACKNOWLEDGMENT, "ack|" + a.type() + "|" + hex(md)));
    }

    /**
     * A 271 answer is keyed by its content, so the careful path stores its new transactions; an
     * answer is never mistaken for a stored one except in an identical file (caught by the file
     * digest).
     */
    @Override
    public void eligibility(org.reclaim.x12.ack.Eligibility e) {
        MessageDigest md = sha256();
        update(
                md,
                e.controlNumber(),
                e.traceNumber(),
                e.payerId(),
                e.memberId(),
                String.valueOf(e.active()),
                String.valueOf(e.segment()));
        keys.putIfAbsent(e.transaction(), new Key(Kind.ACKNOWLEDGMENT, "271|" + hex(md)));
    }

    /**
     * The map {@link #keys(String)} completes in place: for a reader that must hold it before the
     * pass ends.
     */
    Map<Integer, Key> live() {
        return keys;
    }

    /**
     * Transaction ordinal → key, in file order; call after the pass with the digest of the whole
     * file.
     */
    Map<Integer, Key> keys(String fileDigest) {
        keys.replaceAll(
                (t, k) ->
                        k.value().startsWith(UNTRACED)
                                ? new Key(k.kind(), UNTRACED + fileDigest + "|" + t)
                                : k);
        submissionDigests.forEach(
                (t, md) -> keys.put(t, new Key(Kind.SUBMISSION, "837|" + hex(md))));
        submissionDigests.clear();
        return keys;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v.trim();
        return "";
    }

    private static void update(MessageDigest md, String... parts) {
        for (String p : parts) {
            md.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0x1f);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}
