package org.reclaim.prevention;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.Finding;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.SubmittedClaim;

/**
 * The NCCI edits of {@link NcciEdits} on one claim (docs/prevention.md, "NCCI files"):
 *
 * <ul>
 *   <li>{@code ncci.ptp}: a column-2 code billed with its column-1 code on the same date of service
 *       — an error when the edit's modifier indicator is 0 (never bypassed), and when it is 1 and
 *       neither line carries an NCCI-associated modifier; indicator 9 (not applicable) is skipped;
 *   <li>{@code ncci.mue}: units above the code's MUE — per line when its adjudication indicator is
 *       1, summed over the claim's lines of that code on one date of service when it is 2 or 3.
 * </ul>
 */
public final class NcciRules implements ClaimRule {

    public static final String PTP = "ncci.ptp";
    public static final String MUE = "ncci.mue";

    /**
     * The NCCI-associated modifiers that may bypass a PTP edit with modifier indicator 1: CMS,
     * "National Correct Coding Initiative Policy Manual for Medicare Services", Chapter I, section
     * E "Modifiers and Modifier Indicators" (anatomic E1–E4, FA, F1–F9, TA, T1–T9, LT, RT, LC, LD,
     * RC, LM, RI; global surgery 24, 25, 57, 58, 78, 79; 27; 59; XE, XS, XP, XU; 91). The manual
     * allows the modifier on either code of the pair.
     */
    static final Set<String> BYPASS_MODIFIERS =
            Set.of(
                    "E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8",
                    "F9", "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "LT", "RT",
                    "LC", "LD", "RC", "LM", "RI", "24", "25", "27", "57", "58", "59", "78", "79",
                    "91", "XE", "XS", "XP", "XU");

    private final NcciEdits edits;

    public NcciRules(NcciEdits edits) {
        this.edits = Objects.requireNonNull(edits, "edits");
    }

    @Override
    public List<Finding> check(SubmittedClaim c, LocalDate today) {
        List<Finding> out = new ArrayList<>();
        List<ClaimLine> lines = c.lines();
        for (ClaimLine col1 : lines) {
            String code1 = code(col1);
            if (code1 == null) continue;
            Map<String, List<NcciEdits.Ptp>> pairs = edits.ptpWithColumn1(code1);
            if (pairs.isEmpty()) continue;
            LocalDate dos1 = dos(c, col1);
            for (ClaimLine col2 : lines) {
                if (col2 == col1) continue;
                String code2 = code(col2);
                List<NcciEdits.Ptp> found = code2 == null ? null : pairs.get(code2);
                if (found == null) continue;
                LocalDate dos = dos(c, col2);
                if (dos == null || !dos.equals(dos1)) continue;
                for (NcciEdits.Ptp e : found) {
                    if (e.modifierIndicator() == 9 || !e.activeOn(dos)) continue;
                    String bypass = e.modifierIndicator() == 1 ? bypass(col1, col2) : null;
                    if (bypass != null) continue;
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    evidence.put("column1", code1);
                    evidence.put("column1Line", col1.index());
                    evidence.put("column2", code2);
                    evidence.put("dateOfService", dos.toString());
                    evidence.put("modifierIndicator", e.modifierIndicator());
                    evidence.put("effective", e.effective().toString());
                    out.add(
                            Finding.error(
                                            PTP,
                                            "bundling",
                                            "236",
                                            "line "
                                                    + col2.index()
                                                    + ": "
                                                    + code2
                                                    + " is bundled into "
                                                    + code1
                                                    + " (line "
                                                    + col1.index()
                                                    + ") on "
                                                    + dos
                                                    + (e.modifierIndicator() == 0
                                                            ? " by an NCCI edit no modifier"
                                                                    + " bypasses"
                                                            : " by an NCCI edit, and neither line"
                                                                    + " carries an NCCI-associated"
                                                                    + " modifier (such as 59, XE,"
                                                                    + " XS, XP, XU)"))
                                    .atLine(col2.index())
                                    .withEvidence(evidence));
                    break;
                }
            }
        }
        mue(c, out);
        return out;
    }

    private void mue(SubmittedClaim c, List<Finding> out) {
        Set<String> dayDone = new HashSet<>();
        for (ClaimLine l : c.lines()) {
            String code = code(l);
            NcciEdits.Mue m = code == null ? null : edits.mue(code);
            if (m == null || l.units() == null) continue;
            BigDecimal limit = BigDecimal.valueOf(m.value());
            LocalDate dos = dos(c, l);
            if (m.adjudicationIndicator() == 1 || dos == null) {
                if (l.units().compareTo(limit) > 0) out.add(mueFinding(l, code, m, l.units(), dos));
                continue;
            }
            if (!dayDone.add(code + "|" + dos)) continue;
            BigDecimal sum = BigDecimal.ZERO;
            for (ClaimLine o : c.lines())
                if (code.equals(code(o)) && dos.equals(dos(c, o)) && o.units() != null)
                    sum = sum.add(o.units());
            if (sum.compareTo(limit) > 0) out.add(mueFinding(l, code, m, sum, dos));
        }
    }

    private static Finding mueFinding(
            ClaimLine l, String code, NcciEdits.Mue m, BigDecimal units, LocalDate dos) {
        boolean perDay = m.adjudicationIndicator() != 1;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("procedure", code);
        evidence.put("units", units);
        evidence.put("mue", m.value());
        evidence.put("adjudicationIndicator", m.adjudicationIndicator());
        if (dos != null) evidence.put("dateOfService", dos.toString());
        return Finding.error(
                        MUE,
                        "coding",
                        "151",
                        "line "
                                + l.index()
                                + ": "
                                + units.stripTrailingZeros().toPlainString()
                                + " unit(s) of "
                                + code
                                + (perDay ? " on " + dos : "")
                                + " exceed the medically unlikely edit of "
                                + m.value()
                                + (perDay ? " per date of service" : " per line"))
                .atLine(l.index())
                .withEvidence(evidence);
    }

    private static String bypass(ClaimLine a, ClaimLine b) {
        for (ClaimLine l : List.of(a, b))
            for (String m : l.modifiers())
                if (m != null && BYPASS_MODIFIERS.contains(m.toUpperCase(Locale.ROOT))) return m;
        return null;
    }

    private static String code(ClaimLine l) {
        return l.procedure() == null ? null : l.procedure().strip().toUpperCase(Locale.ROOT);
    }

    private static LocalDate dos(SubmittedClaim c, ClaimLine l) {
        return l.serviceFrom() != null ? l.serviceFrom() : c.serviceFrom();
    }
}
