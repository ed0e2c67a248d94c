package org.reclaim.x12.write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reclaim.common.Money;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.ClaimDocument.Address;
import org.reclaim.x12.claim.ClaimDocument.Attachment;
import org.reclaim.x12.claim.ClaimDocument.BillingProvider;
import org.reclaim.x12.claim.ClaimDocument.Claim;
import org.reclaim.x12.claim.ClaimDocument.Communication;
import org.reclaim.x12.claim.ClaimDocument.Contact;
import org.reclaim.x12.claim.ClaimDocument.DateValue;
import org.reclaim.x12.claim.ClaimDocument.Diagnosis;
import org.reclaim.x12.claim.ClaimDocument.Line;
import org.reclaim.x12.claim.ClaimDocument.LineAdjudication;
import org.reclaim.x12.claim.ClaimDocument.Name;
import org.reclaim.x12.claim.ClaimDocument.Note;
import org.reclaim.x12.claim.ClaimDocument.OtherPayer;
import org.reclaim.x12.claim.ClaimDocument.Party;
import org.reclaim.x12.claim.ClaimDocument.Patient;
import org.reclaim.x12.claim.ClaimDocument.Reference;
import org.reclaim.x12.claim.ClaimDocument.Subscriber;
import org.reclaim.x12.remit.Adjustment;

/**
 * Writes one professional claim as a whole interchange (005010X222A1): one billing provider, one
 * subscriber (and patient, when not the subscriber), one CLM. The claim is written as the document
 * says: frequency (CLM05-3) 1 new original, 7 replacement or 8 void, the latter two with {@code
 * REF*F8} = the payer's claim control number; other payers (loops 2320/2330A/2330B) and their line
 * adjudications (2430) for a claim sent to a next payer. Input a valid claim cannot have is refused
 * with an {@link IllegalArgumentException} listing every reason; the output is re-read by {@link
 * WrittenFileCheck} before it is returned.
 */
public final class ClaimWriter837P {

    public static final String VERSION = "005010X222A1";

    /**
     * 2300 REF qualifiers in the order X222A1 places them (4N service authorization exception … 1J
     * care plan oversight); any other qualifier follows them.
     */
    private static final List<String> REF_ORDER =
            List.of(
                    "4N", "F5", "EW", "9F", "G1", "F8", "X4", "9A", "9C", "LX", "D9", "EA", "P4",
                    "1J");

    private static final Set<String> FREQUENCIES = Set.of("1", "7", "8");

    private ClaimWriter837P() {}

    /**
     * The claim as an interchange, ready for the outbox ({@link Envelope#outboxFileName}{@code
     * ("837P")}).
     */
    public static byte[] write(ClaimDocument claim, Envelope envelope) {
        refuseInvalid(claim);
        X12Out out = new X12Out(envelope, "837P", "HC", VERSION);
        write(out, claim, envelope);
        byte[] bytes = out.finish();
        WrittenFileCheck.verify(bytes);
        return bytes;
    }

    /** Every reason the claim cannot be written, empty when it can. */
    public static List<String> problems(ClaimDocument d) {
        List<String> p = new ArrayList<>();
        if (d == null) return List.of("no claim document");
        need(
                p,
                d.submitter() != null && d.submitter().last() != null && d.submitter().id() != null,
                "submitter (NM1*41) name and id are required");
        need(
                p,
                d.submitterContact() != null && !d.submitterContact().numbers().isEmpty(),
                "submitter contact (PER*IC) with a number is required");
        need(
                p,
                d.receiver() != null && d.receiver().last() != null && d.receiver().id() != null,
                "receiver (NM1*40) name and id are required");
        BillingProvider b = d.billingProvider();
        if (b == null || b.party() == null || b.party().name() == null) {
            p.add("billing provider (NM1*85) is required");
        } else {
            Name n = b.party().name();
            need(p, n.last() != null, "billing provider name is required");
            need(
                    p,
                    "XX".equals(n.idQualifier()) && n.id() != null,
                    "billing provider NPI (NM108 XX) is required");
            Address a = b.party().address();
            need(
                    p,
                    a != null
                            && a.line1() != null
                            && a.city() != null
                            && a.state() != null
                            && a.zip() != null,
                    "billing provider address (N3, N4 with city, state, ZIP) is required");
            need(
                    p,
                    b.taxId() != null
                            && ("EI".equals(b.taxIdQualifier()) || "SY".equals(b.taxIdQualifier())),
                    "billing provider tax id (REF*EI or REF*SY) is required");
        }
        Subscriber s = d.subscriber();
        if (s == null || s.name() == null) {
            p.add("subscriber (SBR, NM1*IL) is required");
        } else {
            need(
                    p,
                    s.payerResponsibility() != null,
                    "subscriber SBR01 payer responsibility is required");
            need(
                    p,
                    s.name().last() != null && s.name().id() != null,
                    "subscriber name and member id are required");
        }
        need(
                p,
                d.payer() != null
                        && d.payer().name() != null
                        && d.payer().name().last() != null
                        && d.payer().name().id() != null,
                "payer (NM1*PR) name and id are required");
        Patient pt = d.patient();
        if (pt != null) {
            need(p, pt.relationship() != null, "patient relationship (PAT01) is required");
            need(p, pt.name() != null && pt.name().last() != null, "patient name is required");
        }
        Claim c = d.claim();
        if (c == null) {
            p.add("claim (CLM) is required");
            return p;
        }
        need(p, c.patientControlNumber() != null, "patient control number (CLM01) is required");
        need(
                p,
                c.patientControlNumber() == null || c.patientControlNumber().length() <= 38,
                "patient control number (CLM01) is longer than 38 characters");
        need(p, c.placeOfService() != null, "place of service (CLM05-1) is required");
        if (c.frequency() == null || !FREQUENCIES.contains(c.frequency())) {
            p.add(
                    "frequency (CLM05-3) must be 1 (original), 7 (replacement) or 8 (void), was "
                            + c.frequency());
        } else if (!c.frequency().equals("1") && c.payerClaimNumber() == null) {
            p.add(
                    "frequency "
                            + c.frequency()
                            + " needs the payer claim number (REF*F8) of the claim it "
                            + (c.frequency().equals("7") ? "replaces" : "voids"));
        } else if (c.frequency().equals("1") && c.payerClaimNumber() != null) {
            p.add("a new original (frequency 1) carries no REF*F8 payer claim number");
        }
        if (c.charge() == null) {
            p.add("claim charge (CLM02) is required");
        } else if (!c.charge().equals(d.lineChargeTotal())) {
            p.add(
                    "claim charge CLM02 "
                            + c.charge()
                            + " ≠ Σ line charges SV102 "
                            + d.lineChargeTotal());
        }
        need(p, !c.diagnoses().isEmpty(), "at least one diagnosis (HI) is required");
        need(
                p,
                c.diagnoses().size() <= 12,
                "at most 12 diagnoses fit one HI, found " + c.diagnoses().size());
        need(p, !d.lines().isEmpty(), "at least one service line is required");
        need(
                p,
                d.lines().size() <= 50,
                "at most 50 service lines per claim, found " + d.lines().size());
        Map<String, OtherPayer> others = new HashMap<>();
        for (int i = 0; i < d.otherPayers().size(); i++) {
            OtherPayer o = d.otherPayers().get(i);
            String at = "other payer " + (i + 1) + ": ";
            need(p, o.payerResponsibility() != null, at + "SBR01 payer responsibility is required");
            need(p, o.filingIndicator() != null, at + "SBR09 claim filing indicator is required");
            need(
                    p,
                    o.subscriber() != null
                            && o.subscriber().last() != null
                            && o.subscriber().id() != null,
                    at + "subscriber (2330A NM1*IL) name and id are required");
            need(
                    p,
                    o.payer() != null && o.payer().last() != null && o.payer().id() != null,
                    at + "payer (2330B NM1*PR) name and id are required");
            need(
                    p,
                    o.benefitsAssigned() != null && o.releaseOfInformation() != null,
                    at + "OI03 benefits assignment and OI06 release of information are required");
            if (o.payer() != null && o.payer().id() != null) others.put(o.payer().id(), o);
        }
        Map<String, Money> svdTotals = new LinkedHashMap<>();
        for (int i = 0; i < d.lines().size(); i++) {
            Line l = d.lines().get(i);
            String at = "line " + (i + 1) + ": ";
            need(
                    p,
                    l.procedure() != null && l.procedureQualifier() != null,
                    at + "procedure (SV101) is required");
            need(p, l.charge() != null, at + "charge (SV102) is required");
            need(
                    p,
                    l.units() != null && l.unitQualifier() != null,
                    at + "units (SV103, SV104) are required");
            need(p, l.serviceFrom() != null, at + "date of service (DTP*472) is required");
            need(
                    p,
                    !l.diagnosisPointers().isEmpty() && l.diagnosisPointers().size() <= 4,
                    at + "1 to 4 diagnosis pointers (SV107) are required");
            for (Integer ptr : l.diagnosisPointers()) {
                need(
                        p,
                        ptr >= 1 && ptr <= c.diagnoses().size(),
                        at + "diagnosis pointer " + ptr + " points to no diagnosis");
            }
            need(p, l.modifiers().size() <= 4, at + "at most 4 modifiers");
            for (LineAdjudication a : l.adjudications()) {
                need(
                        p,
                        a.payerId() != null && others.containsKey(a.payerId()),
                        at
                                + "line adjudication (SVD01) names no other payer of the claim (2330B NM109)");
                need(p, a.paid() != null, at + "line adjudication paid amount (SVD02) is required");
                need(
                        p,
                        a.adjudicationDate() != null,
                        at + "line adjudication date (DTP*573) is required");
                need(
                        p,
                        a.procedure() != null,
                        at + "line adjudication procedure (SVD03) is required");
                if (a.paid() != null && l.charge() != null) {
                    Money adjusted = l.charge().minus(sum(a.adjustments()));
                    need(
                            p,
                            adjusted.equals(a.paid()),
                            at
                                    + "SV102 "
                                    + l.charge()
                                    + " − line CAS "
                                    + sum(a.adjustments())
                                    + " ≠ SVD02 "
                                    + a.paid()
                                    + " (payer "
                                    + a.payerId()
                                    + ")");
                    svdTotals.merge(a.payerId(), a.paid(), Money::plus);
                }
            }
        }
        // X222A1 2320 AMT*D: when the other payer adjudicated lines, what it paid = Σ its SVD02 −
        // its claim CAS
        for (Map.Entry<String, Money> e : svdTotals.entrySet()) {
            OtherPayer o = others.get(e.getKey());
            if (o == null || o.paid() == null) continue;
            Money expected = e.getValue().minus(sum(o.adjustments()));
            need(
                    p,
                    expected.equals(o.paid()),
                    "other payer "
                            + e.getKey()
                            + ": AMT*D "
                            + o.paid()
                            + " ≠ Σ SVD02 "
                            + e.getValue()
                            + " − claim CAS "
                            + sum(o.adjustments()));
        }
        return p;
    }

    private static void refuseInvalid(ClaimDocument d) {
        List<String> p = problems(d);
        if (!p.isEmpty()) {
            String pcn = d == null || d.claim() == null ? "?" : d.claim().patientControlNumber();
            throw new IllegalArgumentException(
                    "cannot write claim " + pcn + " as 837P: " + String.join("; ", p));
        }
    }

    private static void need(List<String> p, boolean ok, String message) {
        if (!ok) p.add(message);
    }

    private static Money sum(List<Adjustment> adjustments) {
        Money m = Money.ZERO;
        for (Adjustment a : adjustments) m = m.plus(a.amount());
        return m;
    }

    private static void write(X12Out o, ClaimDocument d, Envelope e) {
        o.st("837", VERSION);
        // BHT02 00 original transmission; BHT03 our reference: the interchange control number;
        // BHT06 CH chargeable
        o.seg(
                "BHT",
                "0019",
                "00",
                e.interchangeControl(),
                e.created().toLocalDate(),
                X12Out.hhmm(e),
                "CH");
        nm1(o, "41", d.submitter());
        per(o, d.submitterContact());
        nm1(o, "40", d.receiver());

        BillingProvider b = d.billingProvider();
        boolean dependent = d.patient() != null;
        o.seg("HL", "1", null, "20", "1");
        if (b.party().taxonomy() != null) o.seg("PRV", "BI", "PXC", b.party().taxonomy());
        nm1(o, "85", b.party().name());
        address(o, b.party().address());
        o.seg("REF", b.taxIdQualifier(), b.taxId());
        refs(o, b.party().references());
        if (b.contact() != null) per(o, b.contact());
        if (b.payToAddress() != null) {
            o.seg("NM1", "87", "2");
            address(o, b.payToAddress());
        }

        Subscriber s = d.subscriber();
        o.seg("HL", "2", "1", "22", dependent ? "1" : "0");
        // SBR02 is 18 (self) when the patient is the subscriber, empty otherwise (X222A1 2000B)
        o.seg(
                "SBR",
                s.payerResponsibility(),
                dependent ? null : "18",
                s.groupNumber(),
                s.groupName(),
                s.insuranceType(),
                null,
                null,
                null,
                s.filingIndicator());
        nm1(o, "IL", s.name());
        address(o, s.address());
        if (s.birthDate() != null) o.seg("DMG", "D8", s.birthDate(), s.gender());
        party(o, "PR", d.payer());

        if (dependent) {
            Patient p = d.patient();
            o.seg("HL", "3", "2", "23", "0");
            o.seg("PAT", p.relationship());
            nm1(o, "QC", p.name());
            address(o, p.address());
            if (p.birthDate() != null) o.seg("DMG", "D8", p.birthDate(), p.gender());
        }

        Claim c = d.claim();
        List<String> causes = new ArrayList<>(c.relatedCauses());
        while (causes.size() < 3 && c.accidentState() != null) causes.add(null);
        if (c.accidentState() != null) causes.add(c.accidentState());
        o.seg(
                "CLM",
                c.patientControlNumber(),
                c.charge(),
                null,
                null,
                X12Out.c(c.placeOfService(), "B", c.frequency()),
                c.providerSignature(),
                c.assignment(),
                c.benefitsAssigned(),
                c.releaseOfInformation(),
                c.patientSignatureSource(),
                X12Out.c(causes),
                c.specialProgram(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                c.delayReason());
        for (DateValue v : c.dates()) o.seg("DTP", v.qualifier(), v.format(), v.value());
        for (Attachment a : c.attachments()) {
            o.seg(
                    "PWK",
                    a.reportType(),
                    a.transmission(),
                    null,
                    null,
                    a.idQualifier(),
                    a.controlNumber());
        }
        for (Reference r : claimReferences(c)) o.seg("REF", r.qualifier(), r.value());
        for (Note n : c.notes()) o.seg("NTE", n.code(), n.text());
        Object[] hi = new Object[c.diagnoses().size()];
        for (int i = 0; i < hi.length; i++) {
            Diagnosis x = c.diagnoses().get(i);
            hi[i] = X12Out.c(x.qualifier(), x.code());
        }
        o.seg("HI", hi);
        party(o, "DN", c.referringProvider());
        if (c.renderingProvider() != null) {
            nm1(o, "82", c.renderingProvider().name());
            if (c.renderingProvider().taxonomy() != null)
                o.seg("PRV", "PE", "PXC", c.renderingProvider().taxonomy());
            refs(o, c.renderingProvider().references());
        }
        party(o, "77", c.serviceFacility());

        for (OtherPayer p : d.otherPayers()) otherPayer(o, p);

        for (int i = 0; i < d.lines().size(); i++) {
            Line l = d.lines().get(i);
            o.seg("LX", Integer.toString(i + 1));
            List<String> proc = procedure(l.procedureQualifier(), l.procedure(), l.modifiers());
            if (l.description() != null) {
                while (proc.size() < 6) proc.add(null);
                proc.add(l.description());
            }
            List<String> pointers = new ArrayList<>();
            for (Integer ptr : l.diagnosisPointers()) pointers.add(ptr.toString());
            o.seg(
                    "SV1",
                    X12Out.c(proc),
                    l.charge(),
                    l.unitQualifier(),
                    l.units(),
                    l.placeOfService(),
                    null,
                    X12Out.c(pointers),
                    null,
                    l.emergency());
            String[] period = X12Out.period(l.serviceFrom(), l.serviceTo());
            o.seg("DTP", "472", period[0], period[1]);
            if (l.controlNumber() != null) o.seg("REF", "6R", l.controlNumber());
            if (l.renderingProvider() != null) {
                nm1(o, "82", l.renderingProvider().name());
                if (l.renderingProvider().taxonomy() != null)
                    o.seg("PRV", "PE", "PXC", l.renderingProvider().taxonomy());
                refs(o, l.renderingProvider().references());
            }
            for (LineAdjudication a : l.adjudications()) {
                o.seg(
                        "SVD",
                        a.payerId(),
                        a.paid(),
                        X12Out.c(procedure(a.procedureQualifier(), a.procedure(), a.modifiers())),
                        null,
                        a.units());
                cas(o, a.adjustments());
                o.seg("DTP", "573", "D8", a.adjudicationDate());
                if (a.remainingLiability() != null) o.seg("AMT", "EAF", a.remainingLiability());
            }
        }
    }

    /** Loop 2320 and its 2330A/2330B. */
    private static void otherPayer(X12Out o, OtherPayer p) {
        o.seg(
                "SBR",
                p.payerResponsibility(),
                p.relationship(),
                p.groupNumber(),
                p.groupName(),
                p.insuranceType(),
                null,
                null,
                null,
                p.filingIndicator());
        cas(o, p.adjustments());
        if (p.paid() != null) o.seg("AMT", "D", p.paid());
        if (p.remainingLiability() != null) o.seg("AMT", "EAF", p.remainingLiability());
        o.seg(
                "OI",
                null,
                null,
                p.benefitsAssigned(),
                p.patientSignatureSource(),
                null,
                p.releaseOfInformation());
        nm1(o, "IL", p.subscriber());
        address(o, p.subscriberAddress());
        nm1(o, "PR", p.payer());
        address(o, p.payerAddress());
        if (p.adjudicationDate() != null) o.seg("DTP", "573", "D8", p.adjudicationDate());
        if (p.payerClaimNumber() != null) o.seg("REF", "F8", p.payerClaimNumber());
    }

    /** CAS per group code, at most six (reason, amount, quantity) triplets per segment. */
    static void cas(X12Out o, List<Adjustment> adjustments) {
        Map<String, List<Adjustment>> byGroup = new LinkedHashMap<>();
        for (Adjustment a : adjustments)
            byGroup.computeIfAbsent(a.group(), k -> new ArrayList<>()).add(a);
        for (Map.Entry<String, List<Adjustment>> e : byGroup.entrySet()) {
            List<Adjustment> all = e.getValue();
            for (int from = 0; from < all.size(); from += 6) {
                List<Object> el = new ArrayList<>();
                el.add(e.getKey());
                for (Adjustment a : all.subList(from, Math.min(all.size(), from + 6))) {
                    el.add(a.carc());
                    el.add(a.amount());
                    el.add(a.quantity());
                }
                o.seg("CAS", el.toArray());
            }
        }
    }

    private static List<Reference> claimReferences(Claim c) {
        List<Reference> all = new ArrayList<>(c.references());
        if (c.referral() != null) all.add(new Reference("9F", c.referral()));
        if (c.priorAuthorization() != null) all.add(new Reference("G1", c.priorAuthorization()));
        if (c.payerClaimNumber() != null) all.add(new Reference("F8", c.payerClaimNumber()));
        all.removeIf(r -> r.qualifier() == null || r.value() == null);
        all.sort((a, b) -> Integer.compare(rank(a.qualifier()), rank(b.qualifier())));
        return all;
    }

    private static int rank(String qualifier) {
        int i = REF_ORDER.indexOf(qualifier);
        return i < 0 ? REF_ORDER.size() : i;
    }

    static List<String> procedure(String qualifier, String code, List<String> modifiers) {
        List<String> p = new ArrayList<>();
        p.add(qualifier);
        p.add(code);
        p.addAll(modifiers);
        return p;
    }

    static void nm1(X12Out o, String entity, Name n) {
        String type = n.entityType() != null ? n.entityType() : n.first() != null ? "1" : "2";
        o.seg(
                "NM1",
                entity,
                type,
                n.last(),
                n.first(),
                n.middle(),
                null,
                n.suffix(),
                n.idQualifier(),
                n.id());
    }

    private static void party(X12Out o, String entity, Party p) {
        if (p == null || p.name() == null) return;
        nm1(o, entity, p.name());
        address(o, p.address());
        refs(o, p.references());
    }

    static void address(X12Out o, Address a) {
        if (a == null) return;
        if (a.line1() != null) o.seg("N3", a.line1(), a.line2());
        if (a.city() != null || a.state() != null || a.zip() != null)
            o.seg("N4", a.city(), a.state(), a.zip(), a.country());
    }

    private static void refs(X12Out o, List<Reference> refs) {
        for (Reference r : refs)
            if (r.qualifier() != null && r.value() != null) o.seg("REF", r.qualifier(), r.value());
    }

    static void per(X12Out o, Contact c) {
        List<Object> el = new ArrayList<>();
        el.add("IC");
        el.add(c.name());
        for (Communication n : c.numbers()) {
            el.add(n.qualifier());
            el.add(n.number());
        }
        o.seg("PER", el.toArray());
    }
}
