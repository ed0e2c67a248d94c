package org.reclaim.drafting;

import static org.reclaim.drafting.Checks.codes;
import static org.reclaim.drafting.Checks.matching;
import static org.reclaim.drafting.Checks.money;
import static org.reclaim.drafting.Checks.required;
import static org.reclaim.drafting.Checks.strings;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything an appeal letter may state about one denied service line. A drafted letter may cite
 * nothing that is not here: the model's answer is checked against these facts.
 *
 * <p>{@code patientName}, {@code patientBirthDate}, {@code memberId} and {@code
 * patientControlNumber} never leave the machine: a model sees placeholders, and {@link
 * AppealLetter#render(AppealFacts)} fills them in locally. {@link #toString()} leaves them out so
 * that a logged fact sheet carries no PHI.
 *
 * @param denialRef opaque id of the denial, for the caller's bookkeeping
 * @param category root-cause category name (AUTHORIZATION, MEDICAL_NECESSITY, ...); upper-cased
 * @param rarcs remark codes, in the order of {@code rarcTexts}
 * @param billed charge of the line, scale 2
 * @param deniedAmount amount the payer did not pay, scale 2
 * @param appealLevel 1 for the first appeal
 * @param evidence names of the documents available to attach
 * @param documents the text of the documents on file for the claim, by name (PHI: never logged,
 *     never shown to a model unmasked); empty: none read
 */
public record AppealFacts(
        String denialRef,
        String payerName,
        String payerClaimNumber,
        String patientControlNumber,
        String patientName,
        LocalDate patientBirthDate,
        String memberId,
        LocalDate serviceDate,
        String procedure,
        List<String> modifiers,
        String group,
        String carc,
        String carcText,
        List<String> rarcs,
        List<String> rarcTexts,
        BigDecimal billed,
        BigDecimal deniedAmount,
        String category,
        String rootCause,
        int appealLevel,
        String appealLevelName,
        List<String> evidence,
        String providerName,
        String providerNpi,
        Map<String, String> documents) {

    /** Without the records' text. */
    public AppealFacts(
            String denialRef,
            String payerName,
            String payerClaimNumber,
            String patientControlNumber,
            String patientName,
            LocalDate patientBirthDate,
            String memberId,
            LocalDate serviceDate,
            String procedure,
            List<String> modifiers,
            String group,
            String carc,
            String carcText,
            List<String> rarcs,
            List<String> rarcTexts,
            BigDecimal billed,
            BigDecimal deniedAmount,
            String category,
            String rootCause,
            int appealLevel,
            String appealLevelName,
            List<String> evidence,
            String providerName,
            String providerNpi) {
        this(
                denialRef,
                payerName,
                payerClaimNumber,
                patientControlNumber,
                patientName,
                patientBirthDate,
                memberId,
                serviceDate,
                procedure,
                modifiers,
                group,
                carc,
                carcText,
                rarcs,
                rarcTexts,
                billed,
                deniedAmount,
                category,
                rootCause,
                appealLevel,
                appealLevelName,
                evidence,
                providerName,
                providerNpi,
                Map.of());
    }

    /**
     * The same facts with the text of the documents on file for the claim (name → text), which the
     * model reads, identifiers replaced, to judge whether they support the appeal.
     */
    public AppealFacts withRecords(Map<String, String> documents) {
        return new AppealFacts(
                denialRef,
                payerName,
                payerClaimNumber,
                patientControlNumber,
                patientName,
                patientBirthDate,
                memberId,
                serviceDate,
                procedure,
                modifiers,
                group,
                carc,
                carcText,
                rarcs,
                rarcTexts,
                billed,
                deniedAmount,
                category,
                rootCause,
                appealLevel,
                appealLevelName,
                evidence,
                providerName,
                providerNpi,
                documents);
    }

    public AppealFacts {
        denialRef = required("denialRef", denialRef);
        payerName = required("payerName", payerName);
        payerClaimNumber = required("payerClaimNumber", payerClaimNumber);
        patientControlNumber = required("patientControlNumber", patientControlNumber);
        patientName = required("patientName", patientName);
        required("patientBirthDate", patientBirthDate);
        memberId = required("memberId", memberId);
        required("serviceDate", serviceDate);
        procedure = matching("procedure", procedure, Checks.PROCEDURE);
        modifiers = codes("modifiers", modifiers, Checks.MODIFIER);
        group = matching("group", group, Checks.GROUP);
        carc = matching("carc", carc, Checks.CARC);
        carcText = carcText == null ? "" : carcText.strip();
        rarcs = codes("rarcs", rarcs, Checks.RARC);
        rarcTexts = rarcTexts == null ? List.of() : List.copyOf(rarcTexts);
        if (rarcTexts.size() != rarcs.size()) {
            throw new IllegalArgumentException(
                    "rarcTexts must have one text per RARC: "
                            + rarcs.size()
                            + " codes, "
                            + rarcTexts.size()
                            + " texts");
        }
        billed = money("billed", billed);
        deniedAmount = money("deniedAmount", deniedAmount);
        category = required("category", category).toUpperCase(Locale.ROOT);
        rootCause = rootCause == null ? "" : rootCause.strip();
        if (appealLevel < 1)
            throw new IllegalArgumentException("appealLevel must be >= 1, was " + appealLevel);
        appealLevelName = required("appealLevelName", appealLevelName);
        evidence = strings("evidence", evidence);
        providerName = required("providerName", providerName);
        providerNpi = matching("providerNpi", providerNpi, Checks.NPI);
        documents =
                documents == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(documents));
    }

    @Override
    public String toString() {
        return "AppealFacts[denialRef="
                + denialRef
                + ", payer="
                + payerName
                + ", payerClaimNumber="
                + payerClaimNumber
                + ", serviceDate="
                + serviceDate
                + ", procedure="
                + procedure
                + ", "
                + group
                + "-"
                + carc
                + ", rarcs="
                + rarcs
                + ", billed="
                + billed
                + ", denied="
                + deniedAmount
                + ", category="
                + category
                + ", appealLevel="
                + appealLevel
                + ", evidence="
                + evidence
                + ", documents="
                + documents.keySet()
                + "]";
    }
}
