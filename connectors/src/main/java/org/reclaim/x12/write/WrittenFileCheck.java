package org.reclaim.x12.write;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.Problem;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.ack.Eligibility;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.PaymentSummary;

/**
 * Reads a written file back with our own reader ({@link X12Files#read}) and checks what a file we
 * send must satisfy: readable with no problem at all (error or warning), exactly one interchange,
 * envelope control numbers and counts that match (ISA13 = IEA02, GS06 = GE02, ST02 = SE02, IEA01,
 * GE01, SE01), the segments its type requires, and per type: 837P CLM02 = Σ SV102 and REF*F8 on a
 * replacement or void; 835 balanced at line, claim and payment level; acknowledgments, statuses and
 * eligibility that map. Every writer of this package runs it on its own output.
 */
public final class WrittenFileCheck {

    /** What a check found: the type read and every failure (none when the file is fit to send). */
    public record Result(String type, List<String> failures) {
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    /** Segment ids (optionally "ID*first element") each type must contain at least once. */
    private static final Map<String, List<String>> REQUIRED =
            Map.of(
                    "837P",
                            List.of(
                                    "BHT", "NM1*41", "PER", "NM1*40", "HL", "NM1*85", "N3", "N4",
                                    "REF", "SBR", "NM1*IL", "NM1*PR", "CLM", "HI", "LX", "SV1",
                                    "DTP*472"),
                    "276",
                            List.of(
                                    "BHT", "HL", "NM1*PR", "NM1*41", "NM1*1P", "NM1*IL", "TRN",
                                    "DTP*472"),
                    "270", List.of("BHT", "HL", "NM1*PR", "NM1*1P", "NM1*IL", "TRN", "EQ"),
                    "835", List.of("BPR", "TRN", "N1*PR", "N1*PE"),
                    "277",
                            List.of(
                                    "BHT", "HL", "NM1*PR", "NM1*41", "NM1*1P", "NM1*IL", "TRN",
                                    "STC"),
                    "277CA",
                            List.of(
                                    "BHT", "HL", "NM1*PR", "NM1*41", "NM1*85", "NM1*QC", "TRN",
                                    "STC"),
                    "271", List.of("BHT", "HL", "NM1*PR", "NM1*1P", "NM1*IL"),
                    "999", List.of("AK1", "AK9"));

    private WrittenFileCheck() {}

    public static Result check(byte[] file) {
        Recorder r = new Recorder();
        FileReport report;
        try {
            report = X12Files.read(new ByteArrayInputStream(file), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> failures = new ArrayList<>();
        if (report.error() != null) failures.add("unreadable: " + report.error());
        for (Problem p : report.problems()) {
            failures.add(
                    p.severity().label()
                            + " at segment "
                            + p.segment()
                            + (p.segmentId() == null ? "" : " " + p.segmentId())
                            + ": "
                            + p.message());
        }
        if (report.interchanges() != 1)
            failures.add("expected one interchange, found " + report.interchanges());
        if (report.transactions() != 1)
            failures.add("expected one transaction, found " + report.transactions());
        String type = report.type();
        List<String[]> segments = split(file, failures);
        envelopes(segments, failures);
        List<String> required = REQUIRED.get(type);
        if (required == null) {
            failures.add("not a type this package writes: " + type);
        } else {
            for (String need : required) {
                if (!has(segments, need)) failures.add(type + " lacks " + need);
            }
        }
        switch (type) {
            case "837P" -> {
                if (r.claims.isEmpty()) failures.add("837P holds no claim");
                for (SubmittedClaim c : r.claims) {
                    if (!c.charge().equals(c.lineChargeTotal())) {
                        failures.add(
                                "claim "
                                        + c.patientControlNumber()
                                        + ": CLM02 "
                                        + c.charge()
                                        + " ≠ Σ SV102 "
                                        + c.lineChargeTotal());
                    }
                    if (("7".equals(c.frequency()) || "8".equals(c.frequency()))
                            && c.payerClaimNumber() == null) {
                        failures.add(
                                "claim "
                                        + c.patientControlNumber()
                                        + ": frequency "
                                        + c.frequency()
                                        + " without REF*F8");
                    }
                    if (c.lines().isEmpty())
                        failures.add("claim " + c.patientControlNumber() + " has no line");
                }
            }
            case "835" -> {
                for (PaymentSummary s : r.summaries) {
                    if (!s.paymentBalanced()) {
                        failures.add(
                                "BPR02 ≠ Σ CLP04 − Σ PLB ("
                                        + s.claimsPaid()
                                        + " − "
                                        + s.providerAdjustmentTotal()
                                        + ")");
                    }
                    if (s.unbalancedClaims() > 0)
                        failures.add(s.unbalancedClaims() + " claim(s) out of balance");
                    if (s.unbalancedLines() > 0)
                        failures.add(s.unbalancedLines() + " line(s) out of balance");
                }
                if (r.summaries.isEmpty()) failures.add("835 holds no payment");
            }
            case "999" -> {
                if (r.acks.isEmpty() || r.acks.get(0).sets().isEmpty())
                    failures.add("999 acknowledges no set");
            }
            case "277", "277CA" -> {
                if (r.acks.isEmpty() || r.acks.get(0).claims().isEmpty())
                    failures.add(type + " answers about no claim");
            }
            case "271" -> {
                if (r.eligibility.isEmpty()) failures.add("271 answers about no subscriber");
            }
            default -> {}
        }
        return new Result(type, List.copyOf(failures));
    }

    /** {@link #check}, throwing {@link X12WriteException} when anything fails. */
    public static void verify(byte[] file) {
        Result r = check(file);
        if (!r.ok()) throw new X12WriteException(r.type(), r.failures());
    }

    /**
     * Splits by the delimiters the ISA declares: element separator its 4th byte, terminator after
     * ISA16.
     */
    private static List<String[]> split(byte[] file, List<String> failures) {
        String text = new String(file, StandardCharsets.UTF_8);
        List<String[]> out = new ArrayList<>();
        if (!text.startsWith("ISA") || text.length() < 106) {
            failures.add("does not start with a full ISA");
            return out;
        }
        char element = text.charAt(3);
        char terminator = text.charAt(105);
        for (String raw : text.split(java.util.regex.Pattern.quote(String.valueOf(terminator)))) {
            String s = raw.strip();
            if (!s.isEmpty())
                out.add(s.split(java.util.regex.Pattern.quote(String.valueOf(element)), -1));
        }
        return out;
    }

    private static void envelopes(List<String[]> segments, List<String> failures) {
        String isa13 = null;
        String gs06 = null;
        String st02 = null;
        int groups = 0;
        int sets = 0;
        int inSet = 0;
        for (String[] s : segments) {
            switch (s[0]) {
                case "ISA" -> {
                    isa13 = el(s, 13);
                    groups = 0;
                }
                case "GS" -> {
                    gs06 = el(s, 6);
                    groups++;
                    sets = 0;
                }
                case "ST" -> {
                    st02 = el(s, 2);
                    sets++;
                    inSet = 1;
                }
                case "SE" -> {
                    inSet++;
                    if (!el(s, 1).equals(Integer.toString(inSet))) {
                        failures.add(
                                "SE01 "
                                        + el(s, 1)
                                        + " but the transaction has "
                                        + inSet
                                        + " segments");
                    }
                    if (!el(s, 2).equals(st02))
                        failures.add("SE02 " + el(s, 2) + " ≠ ST02 " + st02);
                    inSet = 0;
                }
                case "GE" -> {
                    if (!el(s, 1).equals(Integer.toString(sets)))
                        failures.add("GE01 " + el(s, 1) + " but " + sets + " sets");
                    if (!el(s, 2).equals(gs06))
                        failures.add("GE02 " + el(s, 2) + " ≠ GS06 " + gs06);
                }
                case "IEA" -> {
                    if (!el(s, 1).equals(Integer.toString(groups)))
                        failures.add("IEA01 " + el(s, 1) + " but " + groups + " groups");
                    if (!el(s, 2).equals(isa13))
                        failures.add("IEA02 " + el(s, 2) + " ≠ ISA13 " + isa13);
                }
                default -> {
                    if (inSet > 0) inSet++;
                }
            }
        }
    }

    private static boolean has(List<String[]> segments, String need) {
        int star = need.indexOf('*');
        String id = star < 0 ? need : need.substring(0, star);
        String first = star < 0 ? null : need.substring(star + 1);
        for (String[] s : segments) {
            if (s[0].equals(id) && (first == null || el(s, 1).equals(first))) return true;
        }
        return false;
    }

    private static String el(String[] s, int i) {
        return i < s.length ? s[i].trim() : "";
    }

    private static final class Recorder implements X12Handler {
        final List<SubmittedClaim> claims = new ArrayList<>();
        final List<PaymentSummary> summaries = new ArrayList<>();
        final List<ClaimPayment> remits = new ArrayList<>();
        final List<Acknowledgment> acks = new ArrayList<>();
        final List<Eligibility> eligibility = new ArrayList<>();

        @Override
        public void submittedClaim(SubmittedClaim claim) {
            claims.add(claim);
        }

        @Override
        public void remittanceClaim(org.reclaim.x12.remit.Payment payment, ClaimPayment claim) {
            remits.add(claim);
        }

        @Override
        public void paymentEnd(PaymentSummary summary) {
            summaries.add(summary);
        }

        @Override
        public void acknowledgment(Acknowledgment ack) {
            acks.add(ack);
        }

        @Override
        public void eligibility(Eligibility e) {
            eligibility.add(e);
        }
    }
}
