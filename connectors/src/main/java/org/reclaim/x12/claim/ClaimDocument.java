package org.reclaim.x12.claim;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.reclaim.common.Money;
import org.reclaim.x12.remit.Adjustment;

/**
 * Everything needed to write one professional claim (one CLM, 005010X222A1) again: the parties of
 * its transaction header, its billing-provider, subscriber and patient hierarchy, the claim loop
 * (2300) with its provider loops (2310x), other payers (2320/2330) and service lines (2400, with
 * 2430 line adjudications). Produced by the 837P reader ({@code X12Handler.claimDocument}), changed
 * with the {@code with…} methods, written by {@code org.reclaim.x12.write.ClaimWriter837P}, stored
 * as text with {@link #toText()} / {@link #parse(String)}.
 *
 * <p>Read from files in the wild, so nothing is required here: the writer refuses what a valid
 * claim cannot lack. Empty text is held as null; lists are never null.
 *
 * <p>Not carried (dropped when a claim is rewritten): ambulance, spinal manipulation, vision and
 * home-health segments (CR1, CR2, CRC, CR3), K3, CN1, HCP repricing, drug identification (LIN/CTP),
 * line-level notes and references other than REF*6R, supervising / ordering / purchased-service
 * provider loops, and the 2330C–G provider loops of other payers.
 *
 * @param submitter NM1*41 (1000A)
 * @param submitterContact PER*IC of the submitter
 * @param receiver NM1*40 (1000B)
 * @param patient 2000C/2010CA, null when the patient is the subscriber (SBR02 = 18)
 */
public record ClaimDocument(
        Name submitter,
        Contact submitterContact,
        Name receiver,
        BillingProvider billingProvider,
        Subscriber subscriber,
        Party payer,
        Patient patient,
        Claim claim,
        List<OtherPayer> otherPayers,
        List<Line> lines) {

    public ClaimDocument {
        otherPayers = list(otherPayers);
        lines = list(lines);
    }

    /** Σ SV102: what CLM02 must equal. */
    public Money lineChargeTotal() {
        Money sum = Money.ZERO;
        for (Line l : lines) if (l.charge() != null) sum = sum.plus(l.charge());
        return sum;
    }

    /**
     * A frequency-7 replacement of the claim the payer knows as {@code payerClaimNumber} (CLP07).
     */
    public ClaimDocument asReplacement(String payerClaimNumber) {
        return withClaim(claim.withFrequency("7", payerClaimNumber));
    }

    /** A frequency-8 void of the claim the payer knows as {@code payerClaimNumber}. */
    public ClaimDocument asVoid(String payerClaimNumber) {
        return withClaim(claim.withFrequency("8", payerClaimNumber));
    }

    /**
     * A new original (frequency 1, no REF*F8): a claim returned unprocessable, or a rebill to
     * another payer.
     */
    public ClaimDocument asNewOriginal() {
        return withClaim(claim.withFrequency("1", null));
    }

    public ClaimDocument withClaim(Claim c) {
        return new ClaimDocument(
                submitter,
                submitterContact,
                receiver,
                billingProvider,
                subscriber,
                payer,
                patient,
                c,
                otherPayers,
                lines);
    }

    public ClaimDocument withPayer(Party p) {
        return new ClaimDocument(
                submitter,
                submitterContact,
                receiver,
                billingProvider,
                subscriber,
                p,
                patient,
                claim,
                otherPayers,
                lines);
    }

    public ClaimDocument withSubscriber(Subscriber s) {
        return new ClaimDocument(
                submitter,
                submitterContact,
                receiver,
                billingProvider,
                s,
                payer,
                patient,
                claim,
                otherPayers,
                lines);
    }

    public ClaimDocument withPatient(Patient p) {
        return new ClaimDocument(
                submitter,
                submitterContact,
                receiver,
                billingProvider,
                subscriber,
                payer,
                p,
                claim,
                otherPayers,
                lines);
    }

    public ClaimDocument withBillingProvider(BillingProvider b) {
        return new ClaimDocument(
                submitter,
                submitterContact,
                receiver,
                b,
                subscriber,
                payer,
                patient,
                claim,
                otherPayers,
                lines);
    }

    public ClaimDocument withParties(Name submitter, Contact submitterContact, Name receiver) {
        return new ClaimDocument(
                submitter,
                submitterContact,
                receiver,
                billingProvider,
                subscriber,
                payer,
                patient,
                claim,
                otherPayers,
                lines);
    }

    public ClaimDocument withOtherPayers(List<OtherPayer> o) {
        return new ClaimDocument(
                submitter,
                submitterContact,
                receiver,
                billingProvider,
                subscriber,
                payer,
                patient,
                claim,
                o,
                lines);
    }

    /** New lines; CLM02 is set to their total so that the claim stays balanced. */
    public ClaimDocument withLines(List<Line> l) {
        ClaimDocument d =
                new ClaimDocument(
                        submitter,
                        submitterContact,
                        receiver,
                        billingProvider,
                        subscriber,
                        payer,
                        patient,
                        claim,
                        otherPayers,
                        l);
        return d.withClaim(claim.withCharge(d.lineChargeTotal()));
    }

    /** The text form for storage: see {@link ClaimDocumentText} for the format. */
    public String toText() {
        return ClaimDocumentText.write(this);
    }

    /**
     * Reads {@link #toText()}; throws {@link IllegalArgumentException} naming the line for anything
     * else.
     */
    public static ClaimDocument parse(String text) {
        return ClaimDocumentText.read(text);
    }

    /**
     * An NM1 name: NM102 entity type (1 person, 2 non-person), NM103 last or organization name,
     * NM104 first, NM105 middle, NM107 suffix, NM108 id qualifier (XX NPI, MI member id, PI payer
     * id, 46 ETIN…), NM109 id.
     */
    public record Name(
            String entityType,
            String last,
            String first,
            String middle,
            String suffix,
            String idQualifier,
            String id) {

        public static Name organization(String name, String idQualifier, String id) {
            return new Name("2", name, null, null, null, idQualifier, id);
        }

        public static Name person(String last, String first, String idQualifier, String id) {
            return new Name("1", last, first, null, null, idQualifier, id);
        }
    }

    /** N3 (two lines) and N4 (city, state, ZIP, country). */
    public record Address(
            String line1, String line2, String city, String state, String zip, String country) {}

    /**
     * PER: contact name and up to three (qualifier, number) pairs: TE phone, EX extension, FX fax,
     * EM e-mail.
     */
    public record Contact(String name, List<Communication> numbers) {
        public Contact {
            numbers = list(numbers);
        }
    }

    public record Communication(String qualifier, String number) {}

    /** A REF: qualifier and value. */
    public record Reference(String qualifier, String value) {}

    /**
     * A provider or payer loop: NM1, N3/N4, PRV taxonomy (PXC) and its secondary REFs (e.g. REF*G2,
     * REF*2U).
     */
    public record Party(Name name, Address address, String taxonomy, List<Reference> references) {
        public Party {
            references = list(references);
        }

        public static Party of(Name name) {
            return new Party(name, null, null, List.of());
        }
    }

    /**
     * Loop 2000A/2010AA: PRV*BI taxonomy, NM1*85, N3/N4, REF*EI (or SY) tax id, other REFs, PER,
     * and the pay-to address (2010AB NM1*87), when it differs.
     */
    public record BillingProvider(
            Party party,
            String taxIdQualifier,
            String taxId,
            Contact contact,
            Address payToAddress) {}

    /**
     * Loop 2000B/2010BA: SBR01 payer responsibility (P, S, T…), SBR02 relationship (18 self, else
     * empty), SBR03 group number, SBR04 group name, SBR05 insurance type, SBR09 claim filing
     * indicator (CI, MB, MC, BL…); NM1*IL, N3/N4, DMG.
     */
    public record Subscriber(
            String payerResponsibility,
            String relationship,
            String groupNumber,
            String groupName,
            String insuranceType,
            String filingIndicator,
            Name name,
            Address address,
            LocalDate birthDate,
            String gender) {

        public Subscriber withName(Name n) {
            return new Subscriber(
                    payerResponsibility,
                    relationship,
                    groupNumber,
                    groupName,
                    insuranceType,
                    filingIndicator,
                    n,
                    address,
                    birthDate,
                    gender);
        }

        public Subscriber withCoverage(
                String payerResponsibility,
                String groupNumber,
                String groupName,
                String filingIndicator) {
            return new Subscriber(
                    payerResponsibility,
                    relationship,
                    groupNumber,
                    groupName,
                    insuranceType,
                    filingIndicator,
                    name,
                    address,
                    birthDate,
                    gender);
        }
    }

    /** Loop 2000C/2010CA: PAT01 relationship to the subscriber, NM1*QC, N3/N4, DMG. */
    public record Patient(
            String relationship, Name name, Address address, LocalDate birthDate, String gender) {}

    /**
     * A DTP: qualifier, format (D8 or RD8) and the value as written (CCYYMMDD or
     * CCYYMMDD-CCYYMMDD).
     */
    public record DateValue(String qualifier, String format, String value) {}

    /** NTE: note reference code (ADD, CER, DCP, DGN, TPO) and text. */
    public record Note(String code, String text) {}

    /**
     * PWK: report type, transmission code (BM mail, EL electronic, FX fax…), id qualifier (AC),
     * control number.
     */
    public record Attachment(
            String reportType, String transmission, String idQualifier, String controlNumber) {}

    /**
     * One HI composite: qualifier (ABK principal, ABF other; BK/BF for ICD-9) and code without the
     * dot.
     */
    public record Diagnosis(String qualifier, String code) {}

    /**
     * Loop 2300 and its 2310 providers.
     *
     * @param placeOfService CLM05-1 (CLM05-2 is always B for a professional claim)
     * @param frequency CLM05-3: 1 original, 7 replacement, 8 void
     * @param providerSignature CLM06 (Y/N)
     * @param assignment CLM07 (A, B, C)
     * @param benefitsAssigned CLM08 (Y, N, W)
     * @param releaseOfInformation CLM09 (I, Y)
     * @param patientSignatureSource CLM10 (P)
     * @param relatedCauses CLM11-1..3 (AA auto, EM employment, OA other accident)
     * @param accidentState CLM11-4
     * @param specialProgram CLM12
     * @param delayReason CLM20
     * @param payerClaimNumber REF*F8: the payer's claim control number of the claim a 7 or 8
     *     replaces
     * @param priorAuthorization REF*G1
     * @param referral REF*9F
     * @param references every other REF of the claim (D9, EA, X4…)
     * @param referringProvider 2310A (NM1*DN)
     * @param renderingProvider 2310B (NM1*82 with PRV*PE taxonomy)
     * @param serviceFacility 2310C (NM1*77)
     */
    public record Claim(
            String patientControlNumber,
            Money charge,
            String placeOfService,
            String frequency,
            String providerSignature,
            String assignment,
            String benefitsAssigned,
            String releaseOfInformation,
            String patientSignatureSource,
            List<String> relatedCauses,
            String accidentState,
            String specialProgram,
            String delayReason,
            String payerClaimNumber,
            String priorAuthorization,
            String referral,
            List<Reference> references,
            List<DateValue> dates,
            List<Note> notes,
            List<Attachment> attachments,
            List<Diagnosis> diagnoses,
            Party referringProvider,
            Party renderingProvider,
            Party serviceFacility) {

        public Claim {
            relatedCauses = list(relatedCauses);
            references = list(references);
            dates = list(dates);
            notes = list(notes);
            attachments = list(attachments);
            diagnoses = list(diagnoses);
        }

        public Claim withFrequency(String frequency, String payerClaimNumber) {
            return new Claim(
                    patientControlNumber,
                    charge,
                    placeOfService,
                    frequency,
                    providerSignature,
                    assignment,
                    benefitsAssigned,
                    releaseOfInformation,
                    patientSignatureSource,
                    relatedCauses,
                    accidentState,
                    specialProgram,
                    delayReason,
                    payerClaimNumber,
                    priorAuthorization,
                    referral,
                    references,
                    dates,
                    notes,
                    attachments,
                    diagnoses,
                    referringProvider,
                    renderingProvider,
                    serviceFacility);
        }

        public Claim withCharge(Money charge) {
            return new Claim(
                    patientControlNumber,
                    charge,
                    placeOfService,
                    frequency,
                    providerSignature,
                    assignment,
                    benefitsAssigned,
                    releaseOfInformation,
                    patientSignatureSource,
                    relatedCauses,
                    accidentState,
                    specialProgram,
                    delayReason,
                    payerClaimNumber,
                    priorAuthorization,
                    referral,
                    references,
                    dates,
                    notes,
                    attachments,
                    diagnoses,
                    referringProvider,
                    renderingProvider,
                    serviceFacility);
        }

        public Claim withPriorAuthorization(String priorAuthorization) {
            return new Claim(
                    patientControlNumber,
                    charge,
                    placeOfService,
                    frequency,
                    providerSignature,
                    assignment,
                    benefitsAssigned,
                    releaseOfInformation,
                    patientSignatureSource,
                    relatedCauses,
                    accidentState,
                    specialProgram,
                    delayReason,
                    payerClaimNumber,
                    priorAuthorization,
                    referral,
                    references,
                    dates,
                    notes,
                    attachments,
                    diagnoses,
                    referringProvider,
                    renderingProvider,
                    serviceFacility);
        }

        public Claim withReferral(String referral) {
            return new Claim(
                    patientControlNumber,
                    charge,
                    placeOfService,
                    frequency,
                    providerSignature,
                    assignment,
                    benefitsAssigned,
                    releaseOfInformation,
                    patientSignatureSource,
                    relatedCauses,
                    accidentState,
                    specialProgram,
                    delayReason,
                    payerClaimNumber,
                    priorAuthorization,
                    referral,
                    references,
                    dates,
                    notes,
                    attachments,
                    diagnoses,
                    referringProvider,
                    renderingProvider,
                    serviceFacility);
        }

        public Claim withDiagnoses(List<Diagnosis> diagnoses) {
            return new Claim(
                    patientControlNumber,
                    charge,
                    placeOfService,
                    frequency,
                    providerSignature,
                    assignment,
                    benefitsAssigned,
                    releaseOfInformation,
                    patientSignatureSource,
                    relatedCauses,
                    accidentState,
                    specialProgram,
                    delayReason,
                    payerClaimNumber,
                    priorAuthorization,
                    referral,
                    references,
                    dates,
                    notes,
                    attachments,
                    diagnoses,
                    referringProvider,
                    renderingProvider,
                    serviceFacility);
        }

        public Claim withNotes(List<Note> notes) {
            return new Claim(
                    patientControlNumber,
                    charge,
                    placeOfService,
                    frequency,
                    providerSignature,
                    assignment,
                    benefitsAssigned,
                    releaseOfInformation,
                    patientSignatureSource,
                    relatedCauses,
                    accidentState,
                    specialProgram,
                    delayReason,
                    payerClaimNumber,
                    priorAuthorization,
                    referral,
                    references,
                    dates,
                    notes,
                    attachments,
                    diagnoses,
                    referringProvider,
                    renderingProvider,
                    serviceFacility);
        }

        public Claim withAttachments(List<Attachment> attachments) {
            return new Claim(
                    patientControlNumber,
                    charge,
                    placeOfService,
                    frequency,
                    providerSignature,
                    assignment,
                    benefitsAssigned,
                    releaseOfInformation,
                    patientSignatureSource,
                    relatedCauses,
                    accidentState,
                    specialProgram,
                    delayReason,
                    payerClaimNumber,
                    priorAuthorization,
                    referral,
                    references,
                    dates,
                    notes,
                    attachments,
                    diagnoses,
                    referringProvider,
                    renderingProvider,
                    serviceFacility);
        }
    }

    /**
     * Loop 2320 with its 2330A (other subscriber) and 2330B (other payer): what another payer did
     * with the claim, sent to the next payer.
     *
     * @param payerResponsibility SBR01 of the other payer (P when it was primary)
     * @param relationship SBR02: the patient's relationship to the other subscriber (18 self)
     * @param adjustments claim-level CAS of the other payer
     * @param paid AMT*D: what the other payer paid
     * @param remainingLiability AMT*EAF: remaining patient liability
     * @param benefitsAssigned OI03 (Y, N, W)
     * @param patientSignatureSource OI04
     * @param releaseOfInformation OI06 (I, Y)
     * @param subscriber 2330A NM1*IL
     * @param payer 2330B NM1*PR (its NM109 is what SVD01 of the line adjudications names)
     * @param adjudicationDate 2330B DTP*573
     * @param payerClaimNumber 2330B REF*F8: the other payer's claim control number
     */
    public record OtherPayer(
            String payerResponsibility,
            String relationship,
            String groupNumber,
            String groupName,
            String insuranceType,
            String filingIndicator,
            List<Adjustment> adjustments,
            Money paid,
            Money remainingLiability,
            String benefitsAssigned,
            String patientSignatureSource,
            String releaseOfInformation,
            Name subscriber,
            Address subscriberAddress,
            Name payer,
            Address payerAddress,
            LocalDate adjudicationDate,
            String payerClaimNumber) {

        public OtherPayer {
            adjustments = list(adjustments);
        }
    }

    /**
     * Loop 2400: LX, SV1, DTP*472, REF*6R, 2420A rendering provider, 2430 line adjudications.
     *
     * @param procedureQualifier SV101-1 (HC, WK…)
     * @param modifiers SV101-3..6
     * @param description SV101-7
     * @param unitQualifier SV103 (UN units, MJ minutes)
     * @param placeOfService SV105, when it differs from CLM05-1
     * @param diagnosisPointers SV107, 1-based into the claim's diagnoses
     * @param emergency SV109 (Y)
     * @param controlNumber REF*6R line item control number
     */
    public record Line(
            String procedureQualifier,
            String procedure,
            List<String> modifiers,
            String description,
            Money charge,
            String unitQualifier,
            BigDecimal units,
            String placeOfService,
            List<Integer> diagnosisPointers,
            String emergency,
            LocalDate serviceFrom,
            LocalDate serviceTo,
            String controlNumber,
            Party renderingProvider,
            List<LineAdjudication> adjudications) {

        public Line {
            modifiers = list(modifiers);
            diagnosisPointers = list(diagnosisPointers);
            adjudications = list(adjudications);
        }

        public Line withAdjudications(List<LineAdjudication> a) {
            return new Line(
                    procedureQualifier,
                    procedure,
                    modifiers,
                    description,
                    charge,
                    unitQualifier,
                    units,
                    placeOfService,
                    diagnosisPointers,
                    emergency,
                    serviceFrom,
                    serviceTo,
                    controlNumber,
                    renderingProvider,
                    a);
        }

        public Line withModifiers(List<String> m) {
            return new Line(
                    procedureQualifier,
                    procedure,
                    m,
                    description,
                    charge,
                    unitQualifier,
                    units,
                    placeOfService,
                    diagnosisPointers,
                    emergency,
                    serviceFrom,
                    serviceTo,
                    controlNumber,
                    renderingProvider,
                    adjudications);
        }

        public Line withCharge(Money c) {
            return new Line(
                    procedureQualifier,
                    procedure,
                    modifiers,
                    description,
                    c,
                    unitQualifier,
                    units,
                    placeOfService,
                    diagnosisPointers,
                    emergency,
                    serviceFrom,
                    serviceTo,
                    controlNumber,
                    renderingProvider,
                    adjudications);
        }
    }

    /**
     * Loop 2430: one other payer's adjudication of this line. SVD01 names the payer (2330B NM109),
     * SVD02 what it paid, SVD03 the procedure it paid, SVD05 the units; CAS its line adjustments;
     * DTP*573 when.
     */
    public record LineAdjudication(
            String payerId,
            Money paid,
            String procedureQualifier,
            String procedure,
            List<String> modifiers,
            BigDecimal units,
            List<Adjustment> adjustments,
            LocalDate adjudicationDate,
            Money remainingLiability) {

        public LineAdjudication {
            modifiers = list(modifiers);
            adjustments = list(adjustments);
        }
    }

    private static <T> List<T> list(List<T> l) {
        if (l == null) return List.of();
        return List.copyOf(l);
    }
}
