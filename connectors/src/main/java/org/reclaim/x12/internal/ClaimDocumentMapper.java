package org.reclaim.x12.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.reclaim.common.Money;
import org.reclaim.x12.X12Handler;
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
 * 837P → one {@link ClaimDocument} per CLM, run by {@link ClaimMapper} next to its own reading when
 * the handler overrides {@link X12Handler#claimDocument}. Loops follow 005010X222A1 (and read the
 * same way in 4010 X098): the segment after an NM1 belongs to that NM1's loop until the next NM1,
 * HL, CLM, SBR, LX or SVD.
 */
public final class ClaimDocumentMapper {

    /** HI qualifiers that carry diagnoses (ICD-10 then ICD-9), as in {@link ClaimMapper}. */
    private static final Set<String> DIAGNOSIS =
            Set.of("ABK", "ABF", "ABJ", "APR", "ABN", "BK", "BF", "BJ", "PR", "BN");

    /** What the next N3/N4/REF/PRV/PER/DMG belongs to. */
    private enum Where {
        NONE,
        SUBMITTER,
        RECEIVER,
        BILLING_LEVEL,
        BILLING,
        PAY_TO,
        SUBSCRIBER,
        PAYER,
        PATIENT,
        CLAIM,
        REFERRING,
        RENDERING,
        FACILITY,
        OTHER_PAYER_CLAIM,
        OTHER_SUBSCRIBER,
        OTHER_PAYER,
        LINE,
        LINE_RENDERING,
        LINE_ADJUDICATION,
        IGNORED
    }

    private final X12Handler handler;
    private Where where = Where.NONE;

    private Name submitter;
    private Contact submitterContact;
    private Name receiver;

    private PartyBuilder billing;
    private String billingTaxonomy;
    private String taxIdQualifier;
    private String taxId;
    private Contact billingContact;
    private Address payTo;
    private Subscriber subscriber;
    private PartyBuilder payer;
    private Patient patient;

    private ClaimBuilder claim;

    public ClaimDocumentMapper(X12Handler handler) {
        this.handler = handler;
    }

    public void segment(Segment s) {
        switch (s.id()) {
            case "HL" -> {
                finish();
                hl(s.element(3).trim());
            }
            case "CLM" -> {
                finish();
                claim = new ClaimBuilder(s);
                where = Where.CLAIM;
            }
            case "NM1" -> nm1(s);
            case "N3" -> n3(s);
            case "N4" -> n4(s);
            case "PER" -> per(s);
            case "PRV" -> prv(s);
            case "REF" -> ref(s);
            case "DMG" -> dmg(s);
            case "SBR" -> sbr(s);
            case "PAT" -> {
                if (patient != null && claim == null) {
                    patient =
                            new Patient(
                                    s.elementOrNull(1),
                                    patient.name(),
                                    patient.address(),
                                    patient.birthDate(),
                                    patient.gender());
                }
            }
            default -> {
                if (claim != null) claim.segment(s);
            }
        }
    }

    public void end() {
        finish();
    }

    private void hl(String level) {
        switch (level) {
            case "20" -> {
                billing = null;
                billingTaxonomy = null;
                taxIdQualifier = null;
                taxId = null;
                billingContact = null;
                payTo = null;
                subscriber = null;
                payer = null;
                patient = null;
                where = Where.BILLING_LEVEL;
            }
            case "22" -> {
                subscriber =
                        new Subscriber(null, null, null, null, null, null, null, null, null, null);
                payer = null;
                patient = null;
                where = Where.SUBSCRIBER;
            }
            case "23" -> {
                patient = new Patient(null, null, null, null, null);
                where = Where.PATIENT;
            }
            default -> where = Where.IGNORED;
        }
    }

    private void nm1(Segment s) {
        String entity = s.element(1).trim();
        Name name = name(s);
        if (claim == null) {
            switch (entity) {
                case "41" -> {
                    submitter = name;
                    where = Where.SUBMITTER;
                }
                case "40" -> {
                    receiver = name;
                    where = Where.RECEIVER;
                }
                case "85" -> {
                    billing = new PartyBuilder(name);
                    billing.taxonomy = billingTaxonomy;
                    where = Where.BILLING;
                }
                case "87" -> where = Where.PAY_TO;
                case "IL" -> {
                    Subscriber b =
                            subscriber != null
                                    ? subscriber
                                    : new Subscriber(
                                            null, null, null, null, null, null, null, null, null,
                                            null);
                    subscriber = b.withName(name);
                    where = Where.SUBSCRIBER;
                }
                case "PR" -> {
                    payer = new PartyBuilder(name);
                    where = Where.PAYER;
                }
                case "QC" -> {
                    Patient p =
                            patient != null ? patient : new Patient(null, null, null, null, null);
                    patient =
                            new Patient(
                                    p.relationship(), name, p.address(), p.birthDate(), p.gender());
                    where = Where.PATIENT;
                }
                default -> where = Where.IGNORED;
            }
            return;
        }
        ClaimBuilder c = claim;
        if (c.line != null) {
            if (entity.equals("82") && c.line.adjudications.isEmpty()) {
                c.line.rendering = new PartyBuilder(name);
                where = Where.LINE_RENDERING;
            } else {
                where = Where.IGNORED;
            }
            return;
        }
        if (c.other != null) {
            switch (entity) {
                case "IL" -> {
                    c.other.subscriber = name;
                    where = Where.OTHER_SUBSCRIBER;
                }
                case "PR" -> {
                    c.other.payer = name;
                    where = Where.OTHER_PAYER;
                }
                default -> where = Where.IGNORED;
            }
            return;
        }
        switch (entity) {
            case "DN", "P3" -> {
                if (c.referring == null) {
                    c.referring = new PartyBuilder(name);
                    where = Where.REFERRING;
                } else {
                    where = Where.IGNORED;
                }
            }
            case "82" -> {
                c.rendering = new PartyBuilder(name);
                where = Where.RENDERING;
            }
            case "77" -> {
                c.facility = new PartyBuilder(name);
                where = Where.FACILITY;
            }
            default -> where = Where.IGNORED;
        }
    }

    private void n3(Segment s) {
        Address a = new Address(s.elementOrNull(1), s.elementOrNull(2), null, null, null, null);
        address(a, true);
    }

    private void n4(Segment s) {
        Address a =
                new Address(
                        null,
                        null,
                        s.elementOrNull(1),
                        s.elementOrNull(2),
                        s.elementOrNull(3),
                        s.elementOrNull(4));
        address(a, false);
    }

    /** Merges an N3 (street) or N4 (city…) into the address of the current loop. */
    private void address(Address part, boolean street) {
        switch (where) {
            case BILLING -> billing.address = merge(billing.address, part, street);
            case PAY_TO -> payTo = merge(payTo, part, street);
            case SUBSCRIBER -> {
                if (subscriber != null) {
                    Subscriber b = subscriber;
                    subscriber =
                            new Subscriber(
                                    b.payerResponsibility(),
                                    b.relationship(),
                                    b.groupNumber(),
                                    b.groupName(),
                                    b.insuranceType(),
                                    b.filingIndicator(),
                                    b.name(),
                                    merge(b.address(), part, street),
                                    b.birthDate(),
                                    b.gender());
                }
            }
            case PAYER -> payer.address = merge(payer.address, part, street);
            case PATIENT -> {
                if (patient != null) {
                    Patient p = patient;
                    patient =
                            new Patient(
                                    p.relationship(),
                                    p.name(),
                                    merge(p.address(), part, street),
                                    p.birthDate(),
                                    p.gender());
                }
            }
            case REFERRING ->
                    claim.referring.address = merge(claim.referring.address, part, street);
            case RENDERING ->
                    claim.rendering.address = merge(claim.rendering.address, part, street);
            case FACILITY -> claim.facility.address = merge(claim.facility.address, part, street);
            case OTHER_SUBSCRIBER ->
                    claim.other.subscriberAddress =
                            merge(claim.other.subscriberAddress, part, street);
            case OTHER_PAYER ->
                    claim.other.payerAddress = merge(claim.other.payerAddress, part, street);
            case LINE_RENDERING ->
                    claim.line.rendering.address =
                            merge(claim.line.rendering.address, part, street);
            default -> {}
        }
    }

    private static Address merge(Address a, Address part, boolean street) {
        if (a == null) return part;
        return street
                ? new Address(part.line1(), part.line2(), a.city(), a.state(), a.zip(), a.country())
                : new Address(
                        a.line1(),
                        a.line2(),
                        part.city(),
                        part.state(),
                        part.zip(),
                        part.country());
    }

    private void per(Segment s) {
        List<Communication> numbers = new ArrayList<>(3);
        for (int i = 3; i + 1 <= 8; i += 2) {
            if (s.has(i) || s.has(i + 1))
                numbers.add(new Communication(s.elementOrNull(i), s.elementOrNull(i + 1)));
        }
        Contact c = new Contact(s.elementOrNull(2), numbers);
        if (where == Where.SUBMITTER) submitterContact = c;
        if (where == Where.BILLING) billingContact = c;
    }

    private void prv(Segment s) {
        String taxonomy = s.elementOrNull(3);
        switch (where) {
            case BILLING_LEVEL -> billingTaxonomy = taxonomy;
            case BILLING -> billing.taxonomy = taxonomy;
            case RENDERING -> claim.rendering.taxonomy = taxonomy;
            case LINE_RENDERING -> claim.line.rendering.taxonomy = taxonomy;
            default -> {}
        }
    }

    private void ref(Segment s) {
        String q = s.element(1).trim();
        Reference r = new Reference(s.elementOrNull(1), s.elementOrNull(2));
        switch (where) {
            case BILLING -> {
                if (q.equals("EI") || q.equals("SY")) {
                    taxIdQualifier = q;
                    taxId = s.elementOrNull(2);
                } else {
                    billing.references.add(r);
                }
            }
            case PAYER -> payer.references.add(r);
            case CLAIM -> claim.ref(q, r);
            case REFERRING -> claim.referring.references.add(r);
            case RENDERING -> claim.rendering.references.add(r);
            case FACILITY -> claim.facility.references.add(r);
            case OTHER_PAYER -> {
                if (q.equals("F8")) claim.other.payerClaimNumber = s.elementOrNull(2);
            }
            case LINE -> {
                if (q.equals("6R")) claim.line.controlNumber = s.elementOrNull(2);
            }
            case LINE_RENDERING -> claim.line.rendering.references.add(r);
            default -> {}
        }
    }

    private void dmg(Segment s) {
        LocalDate birth = s.date(2);
        String gender = s.elementOrNull(3);
        if (where == Where.SUBSCRIBER && subscriber != null) {
            Subscriber b = subscriber;
            subscriber =
                    new Subscriber(
                            b.payerResponsibility(),
                            b.relationship(),
                            b.groupNumber(),
                            b.groupName(),
                            b.insuranceType(),
                            b.filingIndicator(),
                            b.name(),
                            b.address(),
                            birth,
                            gender);
        } else if (where == Where.PATIENT && patient != null) {
            Patient p = patient;
            patient = new Patient(p.relationship(), p.name(), p.address(), birth, gender);
        }
    }

    private void sbr(Segment s) {
        if (claim == null) {
            Subscriber b =
                    subscriber != null
                            ? subscriber
                            : new Subscriber(
                                    null, null, null, null, null, null, null, null, null, null);
            subscriber =
                    new Subscriber(
                            s.elementOrNull(1),
                            s.elementOrNull(2),
                            s.elementOrNull(3),
                            s.elementOrNull(4),
                            s.elementOrNull(5),
                            s.elementOrNull(9),
                            b.name(),
                            b.address(),
                            b.birthDate(),
                            b.gender());
            where = Where.SUBSCRIBER;
            return;
        }
        if (claim.line != null) return;
        claim.finishOther();
        claim.other = new OtherBuilder(s);
        where = Where.OTHER_PAYER_CLAIM;
    }

    private void finish() {
        if (claim == null) return;
        ClaimDocument d = claim.build();
        claim = null;
        where = Where.NONE;
        handler.claimDocument(d);
    }

    private static Name name(Segment s) {
        return new Name(
                s.elementOrNull(2),
                s.elementOrNull(3),
                s.elementOrNull(4),
                s.elementOrNull(5),
                s.elementOrNull(7),
                s.elementOrNull(8),
                s.elementOrNull(9));
    }

    /** CAS01 group, then (reason, amount, quantity) triplets in CAS02..CAS19. */
    public static void cas(Segment s, List<Adjustment> out) {
        String group = s.element(1).trim();
        for (int i = 2; i + 1 <= 19; i += 3) {
            if (!s.has(i)) continue;
            out.add(
                    new Adjustment(
                            group, s.element(i).trim(), s.moneyOrZero(i + 1), s.decimal(i + 2)));
        }
    }

    private static List<String> procedure(Segment s, int i, String[] head) {
        List<String> parts = s.components(i);
        head[0] = parts.isEmpty() || parts.get(0).isEmpty() ? null : parts.get(0);
        head[1] = parts.size() > 1 && !parts.get(1).isEmpty() ? parts.get(1) : null;
        head[2] = parts.size() > 6 && !parts.get(6).isEmpty() ? parts.get(6) : null;
        List<String> mods = new ArrayList<>(2);
        for (int k = 2; k < parts.size() && k < 6; k++)
            if (!parts.get(k).isEmpty()) mods.add(parts.get(k));
        return mods;
    }

    private static final class PartyBuilder {
        final Name name;
        Address address;
        String taxonomy;
        final List<Reference> references = new ArrayList<>(1);

        PartyBuilder(Name name) {
            this.name = name;
        }

        Party build() {
            return new Party(name, address, taxonomy, references);
        }

        static Party build(PartyBuilder b) {
            return b == null ? null : b.build();
        }
    }

    private static final class OtherBuilder {
        final String responsibility;
        final String relationship;
        final String groupNumber;
        final String groupName;
        final String insuranceType;
        final String filing;
        final List<Adjustment> adjustments = new ArrayList<>(2);
        Money paid;
        Money remaining;
        String benefits;
        String signature;
        String release;
        Name subscriber;
        Address subscriberAddress;
        Name payer;
        Address payerAddress;
        LocalDate adjudicated;
        String payerClaimNumber;

        OtherBuilder(Segment s) {
            responsibility = s.elementOrNull(1);
            relationship = s.elementOrNull(2);
            groupNumber = s.elementOrNull(3);
            groupName = s.elementOrNull(4);
            insuranceType = s.elementOrNull(5);
            filing = s.elementOrNull(9);
        }

        OtherPayer build() {
            return new OtherPayer(
                    responsibility,
                    relationship,
                    groupNumber,
                    groupName,
                    insuranceType,
                    filing,
                    adjustments,
                    paid,
                    remaining,
                    benefits,
                    signature,
                    release,
                    subscriber,
                    subscriberAddress,
                    payer,
                    payerAddress,
                    adjudicated,
                    payerClaimNumber);
        }
    }

    private static final class AdjudicationBuilder {
        final String payerId;
        final Money paid;
        final String qualifier;
        final String procedure;
        final List<String> modifiers;
        final BigDecimal units;
        final List<Adjustment> adjustments = new ArrayList<>(2);
        LocalDate date;
        Money remaining;

        AdjudicationBuilder(Segment s) {
            payerId = s.elementOrNull(1);
            paid = s.money(2);
            String[] head = new String[3];
            modifiers = procedure(s, 3, head);
            qualifier = head[0];
            procedure = head[1];
            units = s.decimal(5);
        }

        LineAdjudication build() {
            return new LineAdjudication(
                    payerId,
                    paid,
                    qualifier,
                    procedure,
                    modifiers,
                    units,
                    adjustments,
                    date,
                    remaining);
        }
    }

    private static final class LineBuilder {
        String qualifier;
        String procedure;
        List<String> modifiers = List.of();
        String description;
        Money charge;
        String unitQualifier;
        BigDecimal units;
        String placeOfService;
        List<Integer> pointers = List.of();
        String emergency;
        LocalDate from;
        LocalDate to;
        String controlNumber;
        PartyBuilder rendering;
        final List<AdjudicationBuilder> adjudications = new ArrayList<>(1);

        void sv1(Segment s) {
            String[] head = new String[3];
            modifiers = procedure(s, 1, head);
            qualifier = head[0];
            procedure = head[1];
            description = head[2];
            charge = s.money(2);
            unitQualifier = s.elementOrNull(3);
            units = s.decimal(4);
            placeOfService = s.elementOrNull(5);
            List<Integer> p = new ArrayList<>(4);
            for (String c : s.components(7)) {
                try {
                    if (!c.isBlank()) p.add(Integer.valueOf(c.trim()));
                } catch (NumberFormatException e) {
                    // reported by ClaimMapper, which reads the same SV1
                }
            }
            pointers = p;
            emergency = s.elementOrNull(9);
        }

        Line build() {
            List<LineAdjudication> adj = new ArrayList<>(adjudications.size());
            for (AdjudicationBuilder a : adjudications) adj.add(a.build());
            return new Line(
                    qualifier,
                    procedure,
                    modifiers,
                    description,
                    charge,
                    unitQualifier,
                    units,
                    placeOfService,
                    pointers,
                    emergency,
                    from,
                    to,
                    controlNumber,
                    PartyBuilder.build(rendering),
                    adj);
        }
    }

    private final class ClaimBuilder {
        final String patientControlNumber;
        final Money charge;
        final String placeOfService;
        final String frequency;
        final String signature;
        final String assignment;
        final String benefits;
        final String release;
        final String patientSignature;
        final List<String> causes;
        final String accidentState;
        final String program;
        final String delay;
        String payerClaimNumber;
        String priorAuthorization;
        String referral;
        final List<Reference> references = new ArrayList<>(2);
        final List<DateValue> dates = new ArrayList<>(2);
        final List<Note> notes = new ArrayList<>(1);
        final List<Attachment> attachments = new ArrayList<>(1);
        final List<Diagnosis> diagnoses = new ArrayList<>(4);
        PartyBuilder referring;
        PartyBuilder rendering;
        PartyBuilder facility;
        final List<OtherPayer> others = new ArrayList<>(1);
        OtherBuilder other;
        final List<Line> lines = new ArrayList<>(4);
        LineBuilder line;

        ClaimBuilder(Segment s) {
            patientControlNumber = s.elementOrNull(1);
            charge = s.money(2);
            String pos = s.component(5, 1).trim();
            String freq = s.component(5, 3).trim();
            placeOfService = pos.isEmpty() ? null : pos;
            frequency = freq.isEmpty() ? null : freq;
            signature = s.elementOrNull(6);
            assignment = s.elementOrNull(7);
            benefits = s.elementOrNull(8);
            release = s.elementOrNull(9);
            patientSignature = s.elementOrNull(10);
            List<String> parts = s.components(11);
            List<String> c = new ArrayList<>(3);
            for (int k = 0; k < 3 && k < parts.size(); k++)
                if (!parts.get(k).isEmpty()) c.add(parts.get(k));
            causes = c;
            accidentState = parts.size() > 3 && !parts.get(3).isEmpty() ? parts.get(3) : null;
            program = s.elementOrNull(12);
            delay = s.elementOrNull(20);
        }

        void ref(String q, Reference r) {
            switch (q) {
                case "F8" -> payerClaimNumber = r.value();
                case "G1" -> priorAuthorization = r.value();
                case "9F" -> referral = r.value();
                default -> references.add(r);
            }
        }

        /** A segment of the claim that is not an NM1/N3/N4/PER/PRV/REF/DMG/SBR/HL/CLM. */
        void segment(Segment s) {
            switch (s.id()) {
                case "LX" -> {
                    finishOther();
                    finishLine();
                    line = new LineBuilder();
                    where = Where.LINE;
                }
                case "SV1" -> {
                    if (line == null) {
                        finishOther();
                        line = new LineBuilder();
                    }
                    line.sv1(s);
                    where = Where.LINE;
                }
                case "DTP" -> dtp(s);
                case "PWK" -> {
                    if (line == null && other == null) {
                        attachments.add(
                                new Attachment(
                                        s.elementOrNull(1),
                                        s.elementOrNull(2),
                                        s.elementOrNull(5),
                                        s.elementOrNull(6)));
                    }
                }
                case "NTE" -> {
                    if (line == null && other == null)
                        notes.add(new Note(s.elementOrNull(1), s.elementOrNull(2)));
                }
                case "HI" -> {
                    if (line != null || other != null) return;
                    for (int i = 1; i <= 12 && i <= s.count(); i++) {
                        if (!s.has(i)) continue;
                        String q = s.component(i, 1).trim();
                        String code = s.component(i, 2).trim();
                        if (DIAGNOSIS.contains(q) && !code.isEmpty())
                            diagnoses.add(new Diagnosis(q, code));
                    }
                }
                case "CAS" -> {
                    if (line != null && !line.adjudications.isEmpty()) {
                        cas(s, line.adjudications.get(line.adjudications.size() - 1).adjustments);
                    } else if (line == null && other != null) {
                        cas(s, other.adjustments);
                    }
                }
                case "AMT" -> {
                    String q = s.element(1).trim();
                    if (line != null && !line.adjudications.isEmpty()) {
                        if (q.equals("EAF"))
                            line.adjudications.get(line.adjudications.size() - 1).remaining =
                                    s.money(2);
                    } else if (line == null && other != null) {
                        if (q.equals("D")) other.paid = s.money(2);
                        if (q.equals("EAF")) other.remaining = s.money(2);
                    }
                }
                case "OI" -> {
                    if (line == null && other != null) {
                        other.benefits = s.elementOrNull(3);
                        other.signature = s.elementOrNull(4);
                        other.release = s.elementOrNull(6);
                    }
                }
                case "SVD" -> {
                    if (line != null) {
                        line.adjudications.add(new AdjudicationBuilder(s));
                        where = Where.LINE_ADJUDICATION;
                    }
                }
                default -> {}
            }
        }

        private void dtp(Segment s) {
            String q = s.element(1).trim();
            if (line != null) {
                if (!line.adjudications.isEmpty()) {
                    if (q.equals("573"))
                        line.adjudications.get(line.adjudications.size() - 1).date = s.date(3);
                } else if (q.equals("472")) {
                    line.from = s.dateInRange(3, false);
                    line.to = s.dateInRange(3, true);
                }
                return;
            }
            if (other != null) {
                if (q.equals("573") && where == Where.OTHER_PAYER) other.adjudicated = s.date(3);
                return;
            }
            if (where == Where.CLAIM)
                dates.add(
                        new DateValue(s.elementOrNull(1), s.elementOrNull(2), s.elementOrNull(3)));
        }

        void finishOther() {
            if (other == null) return;
            others.add(other.build());
            other = null;
        }

        void finishLine() {
            if (line == null) return;
            lines.add(line.build());
            line = null;
        }

        ClaimDocument build() {
            finishOther();
            finishLine();
            Claim c =
                    new Claim(
                            patientControlNumber,
                            charge,
                            placeOfService,
                            frequency,
                            signature,
                            assignment,
                            benefits,
                            release,
                            patientSignature,
                            causes,
                            accidentState,
                            program,
                            delay,
                            payerClaimNumber,
                            priorAuthorization,
                            referral,
                            references,
                            dates,
                            notes,
                            attachments,
                            diagnoses,
                            PartyBuilder.build(referring),
                            PartyBuilder.build(rendering),
                            PartyBuilder.build(facility));
            BillingProvider bp =
                    billing == null
                            ? null
                            : new BillingProvider(
                                    billing.build(), taxIdQualifier, taxId, billingContact, payTo);
            return new ClaimDocument(
                    submitter,
                    submitterContact,
                    receiver,
                    bp,
                    subscriber,
                    PartyBuilder.build(payer),
                    patient,
                    c,
                    others,
                    lines);
        }
    }
}
