package org.reclaim.x12.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.reclaim.common.Money;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.Person;
import org.reclaim.x12.claim.Provider;
import org.reclaim.x12.claim.SubmittedClaim;

/**
 * 837P/837I (5010 X222/X223 and 4010 X098/X096) → one {@link SubmittedClaim} per CLM. A claim
 * inherits the billing provider, subscriber and patient of the most recent HL of each level before
 * it.
 */
public final class ClaimMapper implements TransactionMapper {

    private static final int ST = 'S' << 8 | 'T';
    private static final int BHT = 'B' << 16 | 'H' << 8 | 'T';
    private static final int HL = 'H' << 8 | 'L';
    private static final int NM1 = 'N' << 16 | 'M' << 8 | '1';
    private static final int REF = 'R' << 16 | 'E' << 8 | 'F';
    private static final int DMG = 'D' << 16 | 'M' << 8 | 'G';
    private static final int SBR = 'S' << 16 | 'B' << 8 | 'R';
    private static final int PAT = 'P' << 16 | 'A' << 8 | 'T';
    private static final int CLM = 'C' << 16 | 'L' << 8 | 'M';
    private static final int HI = 'H' << 8 | 'I';
    private static final int DTP = 'D' << 16 | 'T' << 8 | 'P';
    private static final int LX = 'L' << 8 | 'X';
    private static final int SV1 = 'S' << 16 | 'V' << 8 | '1';
    private static final int SV2 = 'S' << 16 | 'V' << 8 | '2';

    /**
     * HI qualifiers that carry diagnoses (ICD-10 then ICD-9): principal, other, admitting, reason
     * for visit, external cause.
     */
    private static final Set<String> DIAGNOSIS =
            Set.of("ABK", "ABF", "ABJ", "APR", "ABN", "BK", "BF", "BJ", "PR", "BN");

    private final X12Handler handler;
    private final String variant;
    private final int transaction;
    private final String groupControlNumber;
    private String controlNumber = "";
    private LocalDate submissionDate;
    private Provider submitter;
    private Provider receiver;

    /** Entity code of the last NM1 seen (REF*EI and DMG refer to it). */
    private String entity = "";

    private ProviderBuilder billing;
    private Provider payer;
    private PersonBuilder subscriber;
    private String subscriberRelationship;
    private PersonBuilder patient;
    private String patientRelationship;

    private ClaimBuilder claim;

    /** Non-null when the handler wants {@link X12Handler#claimDocument} (837P only). */
    private final ClaimDocumentMapper documents;

    /**
     * Whether a handler class overrides {@link X12Handler#claimDocument}: building documents costs.
     */
    private static final ClassValue<Boolean> WANTS_DOCUMENTS =
            new ClassValue<>() {
                @Override
                protected Boolean computeValue(Class<?> type) {
                    try {
                        return type.getMethod("claimDocument", ClaimDocument.class)
                                        .getDeclaringClass()
                                != X12Handler.class;
                    } catch (NoSuchMethodException e) {
                        return false;
                    }
                }
            };

    /**
     * @param groupControlNumber GS06 of the enclosing functional group, or null outside one
     */
    public ClaimMapper(
            X12Handler handler, String variant, int transaction, String groupControlNumber) {
        this.handler = handler;
        this.variant = variant;
        this.transaction = transaction;
        this.groupControlNumber = groupControlNumber;
        this.documents =
                "837P".equals(variant) && WANTS_DOCUMENTS.get(handler.getClass())
                        ? new ClaimDocumentMapper(handler)
                        : null;
    }

    @Override
    public void segment(Segment s) {
        map(s);
        if (documents != null) documents.segment(s);
    }

    private void map(Segment s) {
        int tag = s.tag();
        if (claim != null && tag != HL && tag != CLM && claimSegment(tag, s)) return;
        switch (tag) {
            case ST -> controlNumber = s.element(2).trim();
            case BHT -> submissionDate = s.date(4);
            case HL -> {
                finishClaim();
                hl(s);
            }
            case NM1 -> nm1(s);
            case REF -> {
                if ("85".equals(entity) && billing != null && s.elementIs(1, "EI"))
                    billing.taxId = s.elementOrNull(2);
            }
            case DMG -> {
                PersonBuilder p =
                        "IL".equals(entity) ? subscriber : "QC".equals(entity) ? patient : null;
                if (p != null && p.demographicsOpen) {
                    p.birthDate = s.date(2);
                    p.gender = s.elementOrNull(3);
                }
            }
            case SBR -> {
                subscriberRelationship = s.elementOrNull(2);
                if (subscriber != null) subscriber.relationship = subscriberRelationship;
            }
            case PAT -> patientRelationship = s.elementOrNull(1);
            case CLM -> {
                finishClaim();
                claim = new ClaimBuilder(s);
            }
            default -> {}
        }
    }

    private void hl(Segment s) {
        String level = s.element(3).trim();
        entity = "";
        switch (level) {
            case "20" -> {
                billing = null;
                payer = null;
                subscriber = null;
                patient = null;
            }
            case "22" -> {
                subscriber = new PersonBuilder();
                subscriberRelationship = null;
                payer = null;
                patient = null;
            }
            case "23" -> {
                patient = new PersonBuilder();
                patientRelationship = null;
            }
            default -> {}
        }
    }

    private void nm1(Segment s) {
        entity = s.element(1).trim();
        switch (entity) {
            case "41" -> submitter = provider(s, null);
            case "40" -> receiver = provider(s, null);
            case "85" -> {
                billing = new ProviderBuilder();
                billing.qualifier = s.elementOrNull(8);
                billing.id = s.elementOrNull(9);
                billing.name = name(s);
            }
            case "PR" -> payer = provider(s, null);
            case "IL" ->
                    person(s, subscriber == null ? subscriber = new PersonBuilder() : subscriber);
            case "QC" -> person(s, patient == null ? patient = new PersonBuilder() : patient);
            default -> {}
        }
    }

    private static void person(Segment s, PersonBuilder p) {
        p.lastName = s.elementOrNull(3);
        p.firstName = s.elementOrNull(4);
        p.memberId = s.elementOrNull(9);
        p.demographicsOpen = true;
    }

    private static Provider provider(Segment s, String taxId) {
        return new Provider(s.elementOrNull(8), s.elementOrNull(9), name(s), taxId);
    }

    /** An organisation's name, or "LAST, FIRST" for a person. */
    private static String name(Segment s) {
        String last = s.element(3).trim();
        String first = s.element(4).trim();
        if (first.isEmpty()) return last.isEmpty() ? null : last;
        return last + ", " + first;
    }

    /** A segment inside the current CLM loop; false when it is not the claim's. */
    private boolean claimSegment(int tag, Segment s) {
        ClaimBuilder c = claim;
        switch (tag) {
            case LX -> {
                c.finishLine();
                c.line = new LineBuilder(s, ++c.lineCount);
                return true;
            }
            case SV1 -> {
                if (c.line == null || c.line.hasService) {
                    c.finishLine();
                    c.line = new LineBuilder(s, ++c.lineCount);
                }
                c.line.sv1(s);
                return true;
            }
            case SV2 -> {
                if (c.line == null || c.line.hasService) {
                    c.finishLine();
                    c.line = new LineBuilder(s, ++c.lineCount);
                }
                c.line.sv2(s);
                return true;
            }
            case DTP -> {
                boolean service = s.elementIs(1, "472");
                if (c.line != null) {
                    if (service) {
                        c.line.from = s.dateInRange(3, false);
                        c.line.to = s.dateInRange(3, true);
                    }
                } else if (service || s.elementIs(1, "434")) {
                    c.from = s.dateInRange(3, false);
                    c.to = s.dateInRange(3, true);
                }
                return true;
            }
            case REF -> {
                if (c.line != null) {
                    if (s.elementIs(1, "6R")) c.line.controlNumber = s.elementOrNull(2);
                } else if (c.inCob) {
                    // 2330B REF*F8/G1/9F are the other payer's claim number and authorizations, not
                    // this claim's
                    return true;
                } else if (s.elementIs(1, "G1")) {
                    c.priorAuthorization = s.elementOrNull(2);
                } else if (s.elementIs(1, "9F")) {
                    c.referral = s.elementOrNull(2);
                } else if (s.elementIs(1, "F8")) {
                    c.payerClaimNumber = s.elementOrNull(2);
                }
                return true;
            }
            case HI -> {
                for (int i = 1; i <= 12 && i <= s.count(); i++) {
                    if (!s.has(i)) continue;
                    if (DIAGNOSIS.contains(s.component(i, 1).trim())) {
                        String code = s.component(i, 2).trim();
                        if (!code.isEmpty()) c.diagnoses.add(code);
                    }
                }
                return true;
            }
            case NM1 -> {
                // 2310B rendering provider; NM1s of COB (2330x) and line (2420x) loops are not the
                // claim's
                if (c.line == null && s.elementIs(1, "82") && !c.inCob)
                    c.rendering = provider(s, null);
                return true;
            }
            case SBR -> {
                c.inCob = true;
                return true;
            }
            case ST -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    private void finishClaim() {
        if (claim == null) return;
        handler.submittedClaim(claim.build());
        claim = null;
    }

    @Override
    public void end(boolean closed) {
        finishClaim();
        if (documents != null) documents.end();
    }

    private static final class ProviderBuilder {
        String qualifier;
        String id;
        String name;
        String taxId;
        Provider built;

        Provider build() {
            if (built == null) built = new Provider(qualifier, id, name, taxId);
            return built;
        }
    }

    private static final class PersonBuilder {
        String memberId;
        String lastName;
        String firstName;
        LocalDate birthDate;
        String gender;
        String relationship;
        boolean demographicsOpen;

        Person build(String relationshipCode) {
            return new Person(memberId, lastName, firstName, birthDate, gender, relationshipCode);
        }
    }

    private final class ClaimBuilder {
        final String patientControlNumber;
        final Money charge;
        final String facilityCode;
        final String frequency;
        final long segment;
        final long offset;
        final List<String> diagnoses = new ArrayList<>(4);
        final List<ClaimLine> lines = new ArrayList<>(4);
        String priorAuthorization;
        String referral;
        String payerClaimNumber;
        LocalDate from;
        LocalDate to;
        Provider rendering;
        boolean inCob;
        LineBuilder line;
        int lineCount;

        ClaimBuilder(Segment s) {
            patientControlNumber = s.element(1).trim();
            charge = s.moneyOrZero(2);
            String facility = s.component(5, 1).trim();
            String freq = s.component(5, 3).trim();
            facilityCode = facility.isEmpty() ? null : facility;
            frequency = freq.isEmpty() ? null : freq;
            segment = s.ordinal();
            offset = s.offset();
            entity = "";
        }

        void finishLine() {
            if (line == null) return;
            lines.add(line.build());
            line = null;
        }

        SubmittedClaim build() {
            finishLine();
            LocalDate f = from;
            LocalDate t = to;
            if (f == null || t == null) {
                for (ClaimLine l : lines) {
                    if (l.serviceFrom() != null && (f == null || l.serviceFrom().isBefore(f)))
                        f = l.serviceFrom();
                    LocalDate e = l.serviceTo() != null ? l.serviceTo() : l.serviceFrom();
                    if (e != null && (t == null || e.isAfter(t))) t = e;
                }
            }
            Provider billingProvider = billing == null ? null : billing.build();
            Person sub = subscriber == null ? null : subscriber.build(subscriberRelationship);
            Person pat = patient == null ? null : patient.build(patientRelationship);
            return new SubmittedClaim(
                    variant,
                    transaction,
                    controlNumber,
                    groupControlNumber,
                    submissionDate,
                    submitter,
                    receiver,
                    billingProvider,
                    rendering != null ? rendering : billingProvider,
                    payer,
                    sub,
                    pat,
                    patientControlNumber,
                    charge,
                    facilityCode,
                    frequency,
                    List.copyOf(diagnoses),
                    priorAuthorization,
                    referral,
                    payerClaimNumber,
                    f,
                    t,
                    List.copyOf(lines),
                    segment,
                    offset);
        }
    }

    private static final class LineBuilder {
        final int index;
        boolean hasService;
        long segment;
        String qualifier;
        String procedure;
        List<String> modifiers = List.of();
        Money charge = Money.ZERO;
        String unitQualifier;
        BigDecimal units;
        LocalDate from;
        LocalDate to;
        String revenueCode;
        String placeOfService;
        List<Integer> pointers = List.of();
        String controlNumber;

        LineBuilder(Segment s, int index) {
            this.index = index;
            this.segment = s.ordinal();
        }

        void sv1(Segment s) {
            hasService = true;
            segment = s.ordinal();
            procedure(s, 1);
            charge = s.moneyOrZero(2);
            unitQualifier = s.elementOrNull(3);
            units = s.decimal(4);
            placeOfService = s.elementOrNull(5);
            if (s.has(7)) {
                List<Integer> p = new ArrayList<>(4);
                for (String c : s.components(7)) {
                    String v = c.trim();
                    if (v.isEmpty()) continue;
                    try {
                        p.add(Integer.valueOf(v));
                    } catch (NumberFormatException e) {
                        s.report(7, "diagnosis pointer is not a number");
                    }
                }
                pointers = List.copyOf(p);
            }
        }

        void sv2(Segment s) {
            hasService = true;
            segment = s.ordinal();
            revenueCode = s.elementOrNull(1);
            procedure(s, 2);
            charge = s.moneyOrZero(3);
            unitQualifier = s.elementOrNull(4);
            units = s.decimal(5);
        }

        private void procedure(Segment s, int i) {
            List<String> parts = s.components(i);
            qualifier = parts.isEmpty() || parts.get(0).isEmpty() ? null : parts.get(0);
            procedure = parts.size() > 1 && !parts.get(1).isEmpty() ? parts.get(1) : null;
            List<String> mods = new ArrayList<>(2);
            for (int k = 2; k < parts.size() && k < 6; k++)
                if (!parts.get(k).isEmpty()) mods.add(parts.get(k));
            modifiers = List.copyOf(mods);
        }

        ClaimLine build() {
            return new ClaimLine(
                    index,
                    qualifier,
                    procedure,
                    modifiers,
                    charge,
                    unitQualifier,
                    units,
                    from,
                    to != null ? to : from,
                    revenueCode,
                    placeOfService,
                    pointers,
                    controlNumber,
                    segment);
        }
    }
}
