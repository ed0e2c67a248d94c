package org.reclaim.drafting;

import static org.reclaim.drafting.Checks.codes;
import static org.reclaim.drafting.Checks.matching;
import static org.reclaim.drafting.Checks.required;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What is known about a denied claim that might be fixed by a corrected claim: the denial, the
 * original claim in the {@link ClaimFields} vocabulary, and hints found by earlier steps.
 *
 * @param claim the original claim, field → value; every key in the vocabulary, every value valid
 *     for its field; a field absent from the claim is absent from the map
 * @param hints keys from {@link ClaimFields#HINTS}
 * @param deniedLine 1-based number of the denied line, or null when the whole claim was denied;
 *     must be a line present in {@code claim}
 * @param codingRules the coding rules in force ({@link CodingRules}); empty: none
 * @param documents the text of the documents on file for the claim, by name (PHI)
 */
public record CorrectionFacts(
        String denialRef,
        String category,
        String group,
        String carc,
        String carcText,
        List<String> rarcs,
        List<String> rarcTexts,
        String payerClaimNumber,
        String patientControlNumber,
        Map<String, String> claim,
        Map<String, String> hints,
        Integer deniedLine,
        List<CodingRule> codingRules,
        Map<String, String> documents) {

    /** Without coding rules or documents. */
    public CorrectionFacts(
            String denialRef,
            String category,
            String group,
            String carc,
            String carcText,
            List<String> rarcs,
            List<String> rarcTexts,
            String payerClaimNumber,
            String patientControlNumber,
            Map<String, String> claim,
            Map<String, String> hints,
            Integer deniedLine) {
        this(
                denialRef,
                category,
                group,
                carc,
                carcText,
                rarcs,
                rarcTexts,
                payerClaimNumber,
                patientControlNumber,
                claim,
                hints,
                deniedLine,
                List.of(),
                Map.of());
    }

    /**
     * The same facts with the coding rules in force and the text of the documents on file for the
     * claim (name → text; PHI: never logged, never shown to a model unmasked).
     */
    public CorrectionFacts withRecords(List<CodingRule> rules, Map<String, String> documents) {
        return new CorrectionFacts(
                denialRef,
                category,
                group,
                carc,
                carcText,
                rarcs,
                rarcTexts,
                payerClaimNumber,
                patientControlNumber,
                claim,
                hints,
                deniedLine,
                rules,
                documents);
    }

    public CorrectionFacts {
        denialRef = required("denialRef", denialRef);
        category = required("category", category).toUpperCase(Locale.ROOT);
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
        payerClaimNumber = required("payerClaimNumber", payerClaimNumber);
        patientControlNumber = required("patientControlNumber", patientControlNumber);
        claim = copy("claim", claim);
        for (Map.Entry<String, String> e : claim.entrySet()) {
            String problem = ClaimFields.problem(e.getKey(), e.getValue());
            if (problem != null) throw new IllegalArgumentException("claim: " + problem);
        }
        hints = copy("hint", hints);
        for (String key : hints.keySet()) {
            if (!ClaimFields.HINTS.contains(key)) {
                throw new IllegalArgumentException(
                        "hint '" + key + "' is not one of " + ClaimFields.HINTS);
            }
            if (!ClaimFields.IDENTIFIER.matcher(hints.get(key)).matches()) {
                throw new IllegalArgumentException(
                        "hint " + key + " is not an identifier: '" + hints.get(key) + "'");
            }
        }
        codingRules = codingRules == null ? List.of() : List.copyOf(codingRules);
        documents =
                documents == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(documents));
        if (deniedLine != null && !claim.containsKey(ClaimFields.line(deniedLine, "procedure"))) {
            throw new IllegalArgumentException(
                    "deniedLine "
                            + deniedLine
                            + " has no line["
                            + deniedLine
                            + "].procedure in the claim");
        }
    }

    /** The original value of a field, or null when the claim does not carry it. */
    public String original(String field) {
        return claim.get(field);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(claim);
        shown.computeIfPresent(ClaimFields.MEMBER_ID, (k, v) -> "(set)");
        Map<String, String> shownHints = new LinkedHashMap<>(hints);
        shownHints.computeIfPresent(ClaimFields.HINT_ELIGIBLE_MEMBER_ID, (k, v) -> "(set)");
        return "CorrectionFacts[denialRef="
                + denialRef
                + ", category="
                + category
                + ", "
                + group
                + "-"
                + carc
                + ", rarcs="
                + rarcs
                + ", payerClaimNumber="
                + payerClaimNumber
                + ", claim="
                + shown
                + ", hints="
                + shownHints
                + ", deniedLine="
                + deniedLine
                + "]";
    }

    /**
     * Keeps the caller's order (the prompt lists fields in it) and refuses null or blank values.
     */
    private static Map<String, String> copy(String what, Map<String, String> map) {
        if (map == null) return Map.of();
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach(
                (k, v) -> {
                    if (k == null || v == null || v.isBlank()) {
                        throw new IllegalArgumentException(
                                what + " '" + k + "' has no value; leave it out instead");
                    }
                    copy.put(k, v.strip());
                });
        return Collections.unmodifiableMap(copy);
    }
}
