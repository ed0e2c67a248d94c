package org.reclaim.prevention.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the learner knows of one claim line: the six features its patterns are made of, each the
 * empty string when the claim does not say. The same derivation serves the stored history (columns
 * of {@code submitted_claim} and {@code submitted_claim_line}) and a claim being scrubbed, so a
 * rule learned from one matches the other.
 *
 * @param payer NM1*PR's id, else its name
 * @param procedure the line's procedure code
 * @param modifiers the line's modifiers, sorted and joined by ':'
 * @param dxCategory the ICD-10-CM category (first three characters) of the line's first pointed
 *     diagnosis, else of the claim's principal one
 * @param pos the line's place of service, else the claim's (CLM05-1)
 * @param rendering the rendering provider's id (NM1*82), else ''
 */
record Features(
        String payer,
        String procedure,
        String modifiers,
        String dxCategory,
        String pos,
        String rendering) {

    /** The value that stands for "any" in a pattern. */
    static final String ANY = "*";

    static Features of(
            String payerId,
            String payerName,
            String procedure,
            List<String> modifiers,
            List<String> diagnoses,
            List<Integer> pointers,
            String linePos,
            String claimPos,
            String rendering) {
        String payer = clean(payerId);
        if (payer.isEmpty()) payer = clean(payerName);
        List<String> mods = new ArrayList<>();
        if (modifiers != null) {
            for (String m : modifiers) if (!clean(m).isEmpty()) mods.add(clean(m));
        }
        mods.sort(null);
        String dx = "";
        if (diagnoses != null && !diagnoses.isEmpty()) {
            String code = diagnoses.get(0);
            if (pointers != null && !pointers.isEmpty()) {
                int p = pointers.get(0);
                if (p >= 1 && p <= diagnoses.size()) code = diagnoses.get(p - 1);
            }
            code = clean(code).replace(".", "");
            dx = code.length() > 3 ? code.substring(0, 3) : code;
        }
        String pos = clean(linePos);
        if (pos.isEmpty()) pos = clean(claimPos);
        return new Features(
                payer, clean(procedure), String.join(":", mods), dx, pos, clean(rendering));
    }

    private static String clean(String v) {
        return v == null ? "" : v.strip().toUpperCase(Locale.ROOT);
    }

    boolean hasModifier() {
        return !modifiers.isEmpty();
    }

    /**
     * Whether a pattern matches these features: payer and procedure always, each other feature when
     * the pattern names it ({@link #ANY} otherwise).
     */
    boolean matches(Features pattern) {
        return payer.equals(pattern.payer)
                && procedure.equals(pattern.procedure)
                && same(pattern.modifiers, modifiers)
                && same(pattern.dxCategory, dxCategory)
                && same(pattern.pos, pos)
                && same(pattern.rendering, rendering);
    }

    private static boolean same(String pattern, String value) {
        return ANY.equals(pattern) || pattern.equals(value);
    }

    /** How many of the four optional features a pattern names (0: payer and procedure alone). */
    int specificity() {
        int n = 0;
        for (String v : List.of(modifiers, dxCategory, pos, rendering)) if (!ANY.equals(v)) n++;
        return n;
    }

    /** Whether this pattern is at least as general as {@code other} (matches all it matches). */
    boolean generalizes(Features other) {
        return payer.equals(other.payer)
                && procedure.equals(other.procedure)
                && (ANY.equals(modifiers) || modifiers.equals(other.modifiers))
                && (ANY.equals(dxCategory) || dxCategory.equals(other.dxCategory))
                && (ANY.equals(pos) || pos.equals(other.pos))
                && (ANY.equals(rendering) || rendering.equals(other.rendering));
    }
}
