package org.reclaim.prevention.learn;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.Finding;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.SubmittedClaim;

/**
 * A learned rule as the scrubber runs it: a warning on each line that matches its pattern and does
 * not meet its condition (an authorization on the claim or on file; a modifier on the line).
 *
 * @param rule what qualified it (the practice's own counts, or the installation's when learning
 *     across practices is on)
 * @param evidence the practice's own counts and denials, the only ones it is shown
 * @param onFile the practice's authorizations on file, or null when the rule needs none
 * @param modifierFix for a modifier rule, the modifiers (':'-joined, as observed) the practice's
 *     lines of the same payer and procedure carried when they were not denied with the rule's CARC,
 *     or null when no such modifiers are known: the fix the finding names
 */
record LearnedRule(
        Candidate rule, Candidate evidence, boolean pooled, OnFile onFile, String modifierFix)
        implements ClaimRule {

    LearnedRule(Candidate rule, Candidate evidence, boolean pooled, OnFile onFile) {
        this(rule, evidence, pooled, onFile, null);
    }

    LearnedRule withModifierFix(String modifiers) {
        return new LearnedRule(rule, evidence, pooled, onFile, modifiers);
    }

    String id() {
        return "learned." + rule.id();
    }

    static String category(String triaged) {
        return triaged == null ? null : triaged.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public List<Finding> check(SubmittedClaim claim, LocalDate today) {
        List<Finding> out = new ArrayList<>();
        for (ClaimLine line : claim.lines()) {
            Features f = features(claim, line);
            if (!f.matches(rule.pattern()) || meets(claim, line, f)) continue;
            Finding found = finding().atLine(line.index());
            if (modifierFix != null && rule.condition().equals("modifier")) {
                List<String> mods = new ArrayList<>(line.modifiers());
                for (String m : modifierFix.split(":")) if (!mods.contains(m)) mods.add(m);
                found =
                        found.withFix(
                                Map.<String, Object>of(
                                        "line[" + line.index() + "].modifiers",
                                        String.join(",", mods)));
            }
            out.add(found);
        }
        return out;
    }

    static Features features(SubmittedClaim claim, ClaimLine line) {
        return Features.of(
                claim.payer() == null ? null : claim.payer().id(),
                claim.payer() == null ? null : claim.payer().name(),
                line.procedure(),
                line.modifiers(),
                claim.diagnoses(),
                line.diagnosisPointers(),
                line.placeOfService(),
                claim.facilityCode(),
                claim.renderingProvider() == null ? null : claim.renderingProvider().id());
    }

    private boolean meets(SubmittedClaim claim, ClaimLine line, Features f) {
        return switch (rule.condition()) {
            case "authorization" -> {
                if (claim.priorAuthorization() != null && !claim.priorAuthorization().isBlank())
                    yield true;
                LocalDate from =
                        line.serviceFrom() != null ? line.serviceFrom() : claim.serviceFrom();
                LocalDate to =
                        line.serviceTo() != null
                                ? line.serviceTo()
                                : line.serviceFrom() != null
                                        ? line.serviceFrom()
                                        : claim.serviceTo();
                yield onFile != null
                        && onFile.covers(
                                claim.patientControlNumber(),
                                claim.payer() == null ? null : claim.payer().id(),
                                claim.subscriber() == null ? null : claim.subscriber().memberId(),
                                f.procedure(),
                                from,
                                to);
            }
            case "modifier" -> f.hasModifier();
            default -> false;
        };
    }

    private Finding finding() {
        Features p = rule.pattern();
        String what =
                switch (rule.condition()) {
                    case "authorization" -> " without an authorization";
                    case "modifier" -> " without a modifier";
                    default -> "";
                };
        String message =
                "payer "
                        + p.payer()
                        + " denied procedure "
                        + p.procedure()
                        + narrower(p)
                        + what
                        + " with CARC "
                        + rule.carc()
                        + " in "
                        + rule.denied()
                        + " of "
                        + rule.claims()
                        + " claim lines"
                        + (pooled ? " across this installation's practices" : " of this practice");
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("ruleId", rule.id());
        ev.put("pattern", pattern(p));
        ev.put("condition", rule.condition());
        ev.put("claims", evidence.claims());
        ev.put("denied", evidence.denied());
        ev.put("rate", round(evidence.rate()));
        ev.put("lowerBound", round(rule.lowerBound()));
        if (evidence.lastSeen() != null) ev.put("lastSeen", evidence.lastSeen().toString());
        ev.put("denials", evidence.denials().stream().limit(5).map(Object::toString).toList());
        if (pooled) ev.put("learnedAcrossPractices", true);
        Finding f =
                Finding.warning(id(), category(rule.category()), rule.carc(), message)
                        .withEvidence(ev);
        if (rule.condition().equals("authorization")) {
            f = f.withFix(Map.of("priorAuthorization", "an authorization number (REF*G1)"));
        }
        return f;
    }

    private static String narrower(Features p) {
        StringBuilder b = new StringBuilder();
        if (!Features.ANY.equals(p.modifiers()))
            b.append(
                    p.modifiers().isEmpty()
                            ? " with no modifier"
                            : " with modifiers " + p.modifiers());
        if (!Features.ANY.equals(p.dxCategory()))
            b.append(" for diagnoses ").append(p.dxCategory());
        if (!Features.ANY.equals(p.pos())) b.append(" at place of service ").append(p.pos());
        if (!Features.ANY.equals(p.rendering()))
            b.append(" by rendering provider ").append(p.rendering());
        return b.toString();
    }

    static Map<String, Object> pattern(Features p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("payer", p.payer());
        m.put("procedure", p.procedure());
        if (!Features.ANY.equals(p.modifiers())) m.put("modifiers", p.modifiers());
        if (!Features.ANY.equals(p.dxCategory())) m.put("diagnosisCategory", p.dxCategory());
        if (!Features.ANY.equals(p.pos())) m.put("placeOfService", p.pos());
        if (!Features.ANY.equals(p.rendering())) m.put("renderingProvider", p.rendering());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
