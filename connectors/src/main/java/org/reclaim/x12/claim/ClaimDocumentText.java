package org.reclaim.x12.claim;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.common.Money;
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
 * The text form of a {@link ClaimDocument}, for a database text column. One record per line, fields
 * separated by {@code |}; the first field is the record's tag. The first line is {@code
 * claim-document|1} (format version). A field that holds a list separates its items with {@code ^}.
 * An empty field is null. {@code \}, {@code |}, {@code ^}, line feed and carriage return inside a
 * value are written {@code \\}, {@code \|}, {@code \^}, {@code \n}, {@code \r}. Amounts are plain
 * decimals ({@code 120.50}), dates ISO ({@code 2024-03-01}), units as written.
 *
 * <p>Composite fields, written in line: <b>name</b> = 7 fields (entity type, last/organization,
 * first, middle, suffix, id qualifier, id); <b>address</b> = 6 fields (line 1, line 2, city, state,
 * ZIP, country); <b>party</b> = name, address, taxonomy (14 fields), its REFs on following {@code
 * <TAG>-REF} lines; <b>contact</b> = name then up to three (qualifier, number) pairs.
 *
 * <pre>
 * SUBMITTER|name          SUBMITTER-CONTACT|contact      RECEIVER|name
 * BILLING|party|tax id qualifier|tax id                  BILLING-REF|qualifier|value
 * BILLING-CONTACT|contact PAY-TO|address
 * SUBSCRIBER|SBR01|SBR02|group number|group name|SBR05|SBR09|name|address|birth date|gender
 * PAYER|party             PAYER-REF|qualifier|value
 * PATIENT|PAT01|name|address|birth date|gender
 * CLAIM|CLM01|CLM02|place of service|frequency|CLM06|CLM07|CLM08|CLM09|CLM10|related causes^|accident
 *       state|CLM12|CLM20|REF*F8|REF*G1|REF*9F
 * CLAIM-REF|qualifier|value   DATE|qualifier|format|value   NOTE|code|text
 * ATTACHMENT|report type|transmission|id qualifier|control number   DIAGNOSIS|qualifier|code
 * REFERRING|party  RENDERING|party  FACILITY|party   (each with its -REF lines)
 * OTHER-PAYER|SBR01|SBR02|group number|group name|SBR05|SBR09|AMT*D|AMT*EAF|OI03|OI04|OI06|subscriber
 *       name|subscriber address|payer name|payer address|DTP*573|REF*F8
 * OTHER-PAYER-CAS|group|CARC|amount|quantity             (belongs to the OTHER-PAYER above it)
 * LINE|SV101-1|SV101-2|modifiers^|SV101-7|SV102|SV103|SV104|SV105|pointers^|SV109|from|to|REF*6R
 * LINE-RENDERING|party    LINE-RENDERING-REF|qualifier|value
 * LINE-ADJUDICATION|SVD01|SVD02|SVD03-1|SVD03-2|modifiers^|SVD05|DTP*573|AMT*EAF
 * LINE-ADJUDICATION-CAS|group|CARC|amount|quantity       (belongs to the LINE-ADJUDICATION above it)
 * END
 * </pre>
 */
final class ClaimDocumentText {

    static final String HEADER = "claim-document|1";

    private ClaimDocumentText() {}

    static String write(ClaimDocument d) {
        StringBuilder out = new StringBuilder(2048);
        out.append(HEADER).append('\n');
        if (d.submitter() != null) rec(out, "SUBMITTER").name(d.submitter()).end();
        if (d.submitterContact() != null)
            rec(out, "SUBMITTER-CONTACT").contact(d.submitterContact()).end();
        if (d.receiver() != null) rec(out, "RECEIVER").name(d.receiver()).end();
        BillingProvider b = d.billingProvider();
        if (b != null) {
            rec(out, "BILLING").party(b.party()).s(b.taxIdQualifier()).s(b.taxId()).end();
            refs(out, "BILLING-REF", b.party());
            if (b.contact() != null) rec(out, "BILLING-CONTACT").contact(b.contact()).end();
            if (b.payToAddress() != null) rec(out, "PAY-TO").address(b.payToAddress()).end();
        }
        Subscriber s = d.subscriber();
        if (s != null) {
            rec(out, "SUBSCRIBER")
                    .s(s.payerResponsibility())
                    .s(s.relationship())
                    .s(s.groupNumber())
                    .s(s.groupName())
                    .s(s.insuranceType())
                    .s(s.filingIndicator())
                    .name(s.name())
                    .address(s.address())
                    .date(s.birthDate())
                    .s(s.gender())
                    .end();
        }
        party(out, "PAYER", d.payer());
        Patient p = d.patient();
        if (p != null) {
            rec(out, "PATIENT")
                    .s(p.relationship())
                    .name(p.name())
                    .address(p.address())
                    .date(p.birthDate())
                    .s(p.gender())
                    .end();
        }
        Claim c = d.claim();
        if (c != null) {
            rec(out, "CLAIM")
                    .s(c.patientControlNumber())
                    .money(c.charge())
                    .s(c.placeOfService())
                    .s(c.frequency())
                    .s(c.providerSignature())
                    .s(c.assignment())
                    .s(c.benefitsAssigned())
                    .s(c.releaseOfInformation())
                    .s(c.patientSignatureSource())
                    .list(c.relatedCauses())
                    .s(c.accidentState())
                    .s(c.specialProgram())
                    .s(c.delayReason())
                    .s(c.payerClaimNumber())
                    .s(c.priorAuthorization())
                    .s(c.referral())
                    .end();
            for (Reference r : c.references())
                rec(out, "CLAIM-REF").s(r.qualifier()).s(r.value()).end();
            for (DateValue v : c.dates())
                rec(out, "DATE").s(v.qualifier()).s(v.format()).s(v.value()).end();
            for (Note n : c.notes()) rec(out, "NOTE").s(n.code()).s(n.text()).end();
            for (Attachment a : c.attachments()) {
                rec(out, "ATTACHMENT")
                        .s(a.reportType())
                        .s(a.transmission())
                        .s(a.idQualifier())
                        .s(a.controlNumber())
                        .end();
            }
            for (Diagnosis x : c.diagnoses())
                rec(out, "DIAGNOSIS").s(x.qualifier()).s(x.code()).end();
            party(out, "REFERRING", c.referringProvider());
            party(out, "RENDERING", c.renderingProvider());
            party(out, "FACILITY", c.serviceFacility());
        }
        for (OtherPayer o : d.otherPayers()) {
            rec(out, "OTHER-PAYER")
                    .s(o.payerResponsibility())
                    .s(o.relationship())
                    .s(o.groupNumber())
                    .s(o.groupName())
                    .s(o.insuranceType())
                    .s(o.filingIndicator())
                    .money(o.paid())
                    .money(o.remainingLiability())
                    .s(o.benefitsAssigned())
                    .s(o.patientSignatureSource())
                    .s(o.releaseOfInformation())
                    .name(o.subscriber())
                    .address(o.subscriberAddress())
                    .name(o.payer())
                    .address(o.payerAddress())
                    .date(o.adjudicationDate())
                    .s(o.payerClaimNumber())
                    .end();
            for (Adjustment a : o.adjustments()) cas(out, "OTHER-PAYER-CAS", a);
        }
        for (Line l : d.lines()) {
            List<String> pointers = new ArrayList<>(l.diagnosisPointers().size());
            for (Integer i : l.diagnosisPointers()) pointers.add(i.toString());
            rec(out, "LINE")
                    .s(l.procedureQualifier())
                    .s(l.procedure())
                    .list(l.modifiers())
                    .s(l.description())
                    .money(l.charge())
                    .s(l.unitQualifier())
                    .decimal(l.units())
                    .s(l.placeOfService())
                    .list(pointers)
                    .s(l.emergency())
                    .date(l.serviceFrom())
                    .date(l.serviceTo())
                    .s(l.controlNumber())
                    .end();
            party(out, "LINE-RENDERING", l.renderingProvider());
            for (LineAdjudication a : l.adjudications()) {
                rec(out, "LINE-ADJUDICATION")
                        .s(a.payerId())
                        .money(a.paid())
                        .s(a.procedureQualifier())
                        .s(a.procedure())
                        .list(a.modifiers())
                        .decimal(a.units())
                        .date(a.adjudicationDate())
                        .money(a.remainingLiability())
                        .end();
                for (Adjustment x : a.adjustments()) cas(out, "LINE-ADJUDICATION-CAS", x);
            }
        }
        out.append("END\n");
        return out.toString();
    }

    private static void party(StringBuilder out, String tag, Party p) {
        if (p == null) return;
        rec(out, tag).party(p).end();
        refs(out, tag + "-REF", p);
    }

    private static void refs(StringBuilder out, String tag, Party p) {
        if (p == null) return;
        for (Reference r : p.references()) rec(out, tag).s(r.qualifier()).s(r.value()).end();
    }

    private static void cas(StringBuilder out, String tag, Adjustment a) {
        rec(out, tag).s(a.group()).s(a.carc()).money(a.amount()).decimal(a.quantity()).end();
    }

    private static Rec rec(StringBuilder out, String tag) {
        out.append(tag);
        return new Rec(out);
    }

    /** Appends the fields of one line. */
    private record Rec(StringBuilder out) {

        Rec s(String v) {
            out.append('|');
            if (v != null) escape(v);
            return this;
        }

        Rec money(Money m) {
            return s(m == null ? null : m.toString());
        }

        Rec date(LocalDate d) {
            return s(d == null ? null : d.toString());
        }

        Rec decimal(BigDecimal d) {
            return s(d == null ? null : d.toPlainString());
        }

        Rec list(List<String> items) {
            out.append('|');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) out.append('^');
                escape(items.get(i));
            }
            return this;
        }

        Rec name(Name n) {
            if (n == null) return s(null).s(null).s(null).s(null).s(null).s(null).s(null);
            return s(n.entityType())
                    .s(n.last())
                    .s(n.first())
                    .s(n.middle())
                    .s(n.suffix())
                    .s(n.idQualifier())
                    .s(n.id());
        }

        Rec address(Address a) {
            if (a == null) return s(null).s(null).s(null).s(null).s(null).s(null);
            return s(a.line1()).s(a.line2()).s(a.city()).s(a.state()).s(a.zip()).s(a.country());
        }

        Rec party(Party p) {
            return name(p.name()).address(p.address()).s(p.taxonomy());
        }

        Rec contact(Contact c) {
            s(c.name());
            for (Communication n : c.numbers()) s(n.qualifier()).s(n.number());
            return this;
        }

        void end() {
            out.append('\n');
        }

        private void escape(String v) {
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                switch (ch) {
                    case '\\' -> out.append("\\\\");
                    case '|' -> out.append("\\|");
                    case '^' -> out.append("\\^");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(ch);
                }
            }
        }
    }

    // ---------------------------------------------------------------- reading

    static ClaimDocument read(String text) {
        if (text == null) throw new IllegalArgumentException("claim document text is null");
        String[] rows = text.split("\n", -1);
        if (rows.length == 0 || !rows[0].equals(HEADER)) {
            throw new IllegalArgumentException(
                    "claim document text: line 1 must be '" + HEADER + "'");
        }
        Builder b = new Builder();
        boolean ended = false;
        for (int i = 1; i < rows.length; i++) {
            String row = rows[i];
            if (row.isEmpty() && (i == rows.length - 1)) break;
            if (ended)
                throw new IllegalArgumentException(
                        "claim document text: line " + (i + 1) + " after END");
            Fields f = new Fields(row, i + 1);
            try {
                ended = b.add(f);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("claim document text"))
                    throw e;
                throw f.error(e.getMessage());
            }
            f.requireEnd();
        }
        if (!ended)
            throw new IllegalArgumentException("claim document text: no END line (truncated)");
        return b.build();
    }

    private static final class Builder {
        Name submitter;
        Contact submitterContact;
        Name receiver;
        Party billing;
        List<Reference> billingRefs = new ArrayList<>();
        String taxIdQualifier;
        String taxId;
        Contact billingContact;
        Address payTo;
        boolean hasBilling;
        Subscriber subscriber;
        Party payer;
        List<Reference> payerRefs = new ArrayList<>();
        Patient patient;
        Fields claim;
        Claim claimHead;
        final List<Reference> claimRefs = new ArrayList<>();
        final List<DateValue> dates = new ArrayList<>();
        final List<Note> notes = new ArrayList<>();
        final List<Attachment> attachments = new ArrayList<>();
        final List<Diagnosis> diagnoses = new ArrayList<>();
        Party referring;
        final List<Reference> referringRefs = new ArrayList<>();
        Party rendering;
        final List<Reference> renderingRefs = new ArrayList<>();
        Party facility;
        final List<Reference> facilityRefs = new ArrayList<>();
        final List<OtherPayer> others = new ArrayList<>();
        final List<List<Adjustment>> otherCas = new ArrayList<>();
        final List<Line> lines = new ArrayList<>();
        final List<Party> lineRendering = new ArrayList<>();
        final List<List<Reference>> lineRenderingRefs = new ArrayList<>();
        final List<List<LineAdjudication>> lineAdjudications = new ArrayList<>();
        final List<List<List<Adjustment>>> lineAdjudicationCas = new ArrayList<>();

        /** True at END. */
        boolean add(Fields f) {
            String tag = f.tag();
            switch (tag) {
                case "SUBMITTER" -> submitter = f.name();
                case "SUBMITTER-CONTACT" -> submitterContact = f.contact();
                case "RECEIVER" -> receiver = f.name();
                case "BILLING" -> {
                    hasBilling = true;
                    billing = f.party();
                    taxIdQualifier = f.s();
                    taxId = f.s();
                }
                case "BILLING-REF" -> billingRefs.add(f.reference());
                case "BILLING-CONTACT" -> billingContact = f.contact();
                case "PAY-TO" -> payTo = f.address();
                case "SUBSCRIBER" ->
                        subscriber =
                                new Subscriber(
                                        f.s(),
                                        f.s(),
                                        f.s(),
                                        f.s(),
                                        f.s(),
                                        f.s(),
                                        f.name(),
                                        f.address(),
                                        f.date(),
                                        f.s());
                case "PAYER" -> payer = f.party();
                case "PAYER-REF" -> payerRefs.add(f.reference());
                case "PATIENT" ->
                        patient = new Patient(f.s(), f.name(), f.address(), f.date(), f.s());
                case "CLAIM" ->
                        claimHead =
                                new Claim(
                                        f.s(), f.money(), f.s(), f.s(), f.s(), f.s(), f.s(), f.s(),
                                        f.s(), f.list(), f.s(), f.s(), f.s(), f.s(), f.s(), f.s(),
                                        List.of(), List.of(), List.of(), List.of(), List.of(), null,
                                        null, null);
                case "CLAIM-REF" -> claimRefs.add(f.reference());
                case "DATE" -> dates.add(new DateValue(f.s(), f.s(), f.s()));
                case "NOTE" -> notes.add(new Note(f.s(), f.s()));
                case "ATTACHMENT" -> attachments.add(new Attachment(f.s(), f.s(), f.s(), f.s()));
                case "DIAGNOSIS" -> diagnoses.add(new Diagnosis(f.s(), f.s()));
                case "REFERRING" -> referring = f.party();
                case "REFERRING-REF" -> referringRefs.add(f.reference());
                case "RENDERING" -> rendering = f.party();
                case "RENDERING-REF" -> renderingRefs.add(f.reference());
                case "FACILITY" -> facility = f.party();
                case "FACILITY-REF" -> facilityRefs.add(f.reference());
                case "OTHER-PAYER" -> {
                    others.add(
                            new OtherPayer(
                                    f.s(),
                                    f.s(),
                                    f.s(),
                                    f.s(),
                                    f.s(),
                                    f.s(),
                                    List.of(),
                                    f.money(),
                                    f.money(),
                                    f.s(),
                                    f.s(),
                                    f.s(),
                                    f.name(),
                                    f.address(),
                                    f.name(),
                                    f.address(),
                                    f.date(),
                                    f.s()));
                    otherCas.add(new ArrayList<>());
                }
                case "OTHER-PAYER-CAS" -> {
                    if (otherCas.isEmpty()) throw f.error("OTHER-PAYER-CAS before any OTHER-PAYER");
                    otherCas.get(otherCas.size() - 1).add(f.adjustment());
                }
                case "LINE" -> {
                    List<Integer> pointers = new ArrayList<>();
                    String pq = f.s();
                    String proc = f.s();
                    List<String> mods = f.list();
                    String desc = f.s();
                    Money charge = f.money();
                    String uq = f.s();
                    BigDecimal units = f.decimal();
                    String pos = f.s();
                    for (String p : f.list()) {
                        try {
                            pointers.add(Integer.valueOf(p));
                        } catch (NumberFormatException e) {
                            throw f.error("diagnosis pointer is not a number");
                        }
                    }
                    lines.add(
                            new Line(
                                    pq, proc, mods, desc, charge, uq, units, pos, pointers, f.s(),
                                    f.date(), f.date(), f.s(), null, List.of()));
                    lineRendering.add(null);
                    lineRenderingRefs.add(new ArrayList<>());
                    lineAdjudications.add(new ArrayList<>());
                    lineAdjudicationCas.add(new ArrayList<>());
                }
                case "LINE-RENDERING" -> {
                    requireLine(f);
                    lineRendering.set(lines.size() - 1, f.party());
                }
                case "LINE-RENDERING-REF" -> {
                    requireLine(f);
                    lineRenderingRefs.get(lines.size() - 1).add(f.reference());
                }
                case "LINE-ADJUDICATION" -> {
                    requireLine(f);
                    lineAdjudications
                            .get(lines.size() - 1)
                            .add(
                                    new LineAdjudication(
                                            f.s(),
                                            f.money(),
                                            f.s(),
                                            f.s(),
                                            f.list(),
                                            f.decimal(),
                                            List.of(),
                                            f.date(),
                                            f.money()));
                    lineAdjudicationCas.get(lines.size() - 1).add(new ArrayList<>());
                }
                case "LINE-ADJUDICATION-CAS" -> {
                    requireLine(f);
                    List<List<Adjustment>> cas = lineAdjudicationCas.get(lines.size() - 1);
                    if (cas.isEmpty())
                        throw f.error(
                                "LINE-ADJUDICATION-CAS before any LINE-ADJUDICATION of its line");
                    cas.get(cas.size() - 1).add(f.adjustment());
                }
                case "END" -> {
                    return true;
                }
                default -> throw f.error("unknown record '" + tag + "'");
            }
            return false;
        }

        private void requireLine(Fields f) {
            if (lines.isEmpty()) throw f.error(f.tag() + " before any LINE");
        }

        ClaimDocument build() {
            BillingProvider bp = null;
            if (hasBilling) {
                bp =
                        new BillingProvider(
                                withRefs(billing, billingRefs),
                                taxIdQualifier,
                                taxId,
                                billingContact,
                                payTo);
            }
            Claim c = null;
            if (claimHead != null) {
                Claim h = claimHead;
                c =
                        new Claim(
                                h.patientControlNumber(),
                                h.charge(),
                                h.placeOfService(),
                                h.frequency(),
                                h.providerSignature(),
                                h.assignment(),
                                h.benefitsAssigned(),
                                h.releaseOfInformation(),
                                h.patientSignatureSource(),
                                h.relatedCauses(),
                                h.accidentState(),
                                h.specialProgram(),
                                h.delayReason(),
                                h.payerClaimNumber(),
                                h.priorAuthorization(),
                                h.referral(),
                                claimRefs,
                                dates,
                                notes,
                                attachments,
                                diagnoses,
                                withRefs(referring, referringRefs),
                                withRefs(rendering, renderingRefs),
                                withRefs(facility, facilityRefs));
            }
            List<OtherPayer> op = new ArrayList<>(others.size());
            for (int i = 0; i < others.size(); i++) {
                OtherPayer o = others.get(i);
                op.add(
                        new OtherPayer(
                                o.payerResponsibility(),
                                o.relationship(),
                                o.groupNumber(),
                                o.groupName(),
                                o.insuranceType(),
                                o.filingIndicator(),
                                otherCas.get(i),
                                o.paid(),
                                o.remainingLiability(),
                                o.benefitsAssigned(),
                                o.patientSignatureSource(),
                                o.releaseOfInformation(),
                                o.subscriber(),
                                o.subscriberAddress(),
                                o.payer(),
                                o.payerAddress(),
                                o.adjudicationDate(),
                                o.payerClaimNumber()));
            }
            List<Line> ls = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                List<LineAdjudication> adj = new ArrayList<>();
                List<LineAdjudication> raw = lineAdjudications.get(i);
                for (int k = 0; k < raw.size(); k++) {
                    LineAdjudication a = raw.get(k);
                    adj.add(
                            new LineAdjudication(
                                    a.payerId(),
                                    a.paid(),
                                    a.procedureQualifier(),
                                    a.procedure(),
                                    a.modifiers(),
                                    a.units(),
                                    lineAdjudicationCas.get(i).get(k),
                                    a.adjudicationDate(),
                                    a.remainingLiability()));
                }
                ls.add(
                        new Line(
                                l.procedureQualifier(),
                                l.procedure(),
                                l.modifiers(),
                                l.description(),
                                l.charge(),
                                l.unitQualifier(),
                                l.units(),
                                l.placeOfService(),
                                l.diagnosisPointers(),
                                l.emergency(),
                                l.serviceFrom(),
                                l.serviceTo(),
                                l.controlNumber(),
                                withRefs(lineRendering.get(i), lineRenderingRefs.get(i)),
                                adj));
            }
            return new ClaimDocument(
                    submitter,
                    submitterContact,
                    receiver,
                    bp,
                    subscriber,
                    withRefs(payer, payerRefs),
                    patient,
                    c,
                    op,
                    ls);
        }

        private static Party withRefs(Party p, List<Reference> refs) {
            if (p == null) return null;
            return new Party(p.name(), p.address(), p.taxonomy(), refs);
        }
    }

    /** The fields of one line, read left to right. */
    private static final class Fields {
        private final List<String> values = new ArrayList<>(24);
        private final List<List<String>> lists = new ArrayList<>(24);
        private final int line;
        private int next = 1;

        Fields(String row, int line) {
            this.line = line;
            StringBuilder cur = new StringBuilder();
            List<String> items = new ArrayList<>(2);
            for (int i = 0; i < row.length(); i++) {
                char ch = row.charAt(i);
                if (ch == '\\') {
                    if (++i == row.length()) throw error("dangling escape at the end of the line");
                    char e = row.charAt(i);
                    switch (e) {
                        case '\\', '|', '^' -> cur.append(e);
                        case 'n' -> cur.append('\n');
                        case 'r' -> cur.append('\r');
                        default -> throw error("unknown escape \\" + e);
                    }
                } else if (ch == '|') {
                    finish(cur, items);
                    items = new ArrayList<>(2);
                } else if (ch == '^') {
                    items.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(ch);
                }
            }
            finish(cur, items);
        }

        private void finish(StringBuilder cur, List<String> items) {
            items.add(cur.toString());
            values.add(items.size() == 1 ? items.get(0) : String.join("^", items));
            lists.add(items);
            cur.setLength(0);
        }

        String tag() {
            return values.get(0);
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException(
                    "claim document text: line " + line + " (" + tag() + "): " + message);
        }

        void requireEnd() {
            if (next < values.size()) {
                throw error("has " + (values.size() - 1) + " fields, expected " + (next - 1));
            }
        }

        private int take() {
            if (next >= values.size()) throw error("too few fields (field " + next + " missing)");
            if (lists.get(next).size() > 1)
                throw error("field " + next + " is a list where a value belongs");
            return next++;
        }

        String s() {
            String v = values.get(take());
            return v.isEmpty() ? null : v;
        }

        List<String> list() {
            if (next >= values.size()) throw error("too few fields (field " + next + " missing)");
            List<String> items = lists.get(next++);
            if (items.size() == 1 && items.get(0).isEmpty()) return List.of();
            return List.copyOf(items);
        }

        Money money() {
            String v = s();
            if (v == null) return null;
            try {
                return Money.parse(v);
            } catch (NumberFormatException e) {
                throw error("field " + (next - 1) + " is not an amount");
            }
        }

        BigDecimal decimal() {
            String v = s();
            if (v == null) return null;
            try {
                return new BigDecimal(v);
            } catch (NumberFormatException e) {
                throw error("field " + (next - 1) + " is not a number");
            }
        }

        LocalDate date() {
            String v = s();
            if (v == null) return null;
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw error("field " + (next - 1) + " is not a date (yyyy-MM-dd)");
            }
        }

        Name name() {
            String type = s();
            String last = s();
            String first = s();
            String middle = s();
            String suffix = s();
            String q = s();
            String id = s();
            if (type == null
                    && last == null
                    && first == null
                    && middle == null
                    && suffix == null
                    && q == null
                    && id == null) {
                return null;
            }
            return new Name(type, last, first, middle, suffix, q, id);
        }

        Address address() {
            String l1 = s();
            String l2 = s();
            String city = s();
            String state = s();
            String zip = s();
            String country = s();
            if (l1 == null
                    && l2 == null
                    && city == null
                    && state == null
                    && zip == null
                    && country == null) return null;
            return new Address(l1, l2, city, state, zip, country);
        }

        Party party() {
            return new Party(name(), address(), s(), List.of());
        }

        Contact contact() {
            String name = s();
            List<Communication> numbers = new ArrayList<>(3);
            while (next < values.size()) numbers.add(new Communication(s(), s()));
            return new Contact(name, numbers);
        }

        Reference reference() {
            return new Reference(s(), s());
        }

        Adjustment adjustment() {
            String group = s();
            String carc = s();
            Money amount = money();
            if (amount == null) throw error("adjustment without an amount");
            return new Adjustment(group, carc, amount, decimal());
        }
    }
}
