package org.reclaim.drafting;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.common.Money;
import org.reclaim.x12.claim.ClaimDocument;

/**
 * A submitted claim in the drafting vocabulary ({@link ClaimFields}) and back: the original's
 * fields for the drafter, and the drafted changes applied to the original — nothing else of the
 * claim is touched, and nothing is invented.
 */
public final class ClaimEdits {

    private ClaimEdits() {}

    public static Map<String, String> fields(ClaimDocument d) {
        Map<String, String> m = new LinkedHashMap<>();
        ClaimDocument.Claim c = d.claim();
        m.put(ClaimFields.FREQUENCY_CODE, c.frequency());
        m.put(ClaimFields.PRIOR_AUTHORIZATION, c.priorAuthorization());
        m.put(ClaimFields.REFERRAL, c.referral());
        m.put(ClaimFields.PLACE_OF_SERVICE, c.placeOfService());
        m.put(
                ClaimFields.MEMBER_ID,
                d.subscriber() == null || d.subscriber().name() == null
                        ? null
                        : d.subscriber().name().id());
        for (int i = 0; i < c.diagnoses().size() && i < 12; i++) {
            m.put(ClaimFields.diagnosis(i + 1), c.diagnoses().get(i).code());
        }
        for (int n = 1; n <= d.lines().size() && n <= 50; n++) {
            ClaimDocument.Line l = d.lines().get(n - 1);
            m.put(ClaimFields.line(n, "procedure"), l.procedure());
            m.put(ClaimFields.line(n, "modifiers"), String.join(",", l.modifiers()));
            m.put(
                    ClaimFields.line(n, "units"),
                    l.units() == null ? null : l.units().stripTrailingZeros().toPlainString());
            m.put(ClaimFields.line(n, "charge"), l.charge() == null ? null : l.charge().toString());
            m.put(
                    ClaimFields.line(n, "serviceDate"),
                    l.serviceFrom() == null ? null : l.serviceFrom().toString());
        }
        return m;
    }

    /**
     * What a payer adjudicates of a claim: its fields in the drafting vocabulary and the lines'
     * diagnosis pointers, without the frequency (a replacement and the claim it replaces carry the
     * same content). Two claims with the same content are the same claim to the payer.
     */
    public static Map<String, String> content(ClaimDocument d) {
        Map<String, String> m = fields(d);
        m.remove(ClaimFields.FREQUENCY_CODE);
        for (int n = 1; n <= d.lines().size(); n++) {
            m.put(
                    "line[" + n + "].pointers",
                    String.valueOf(d.lines().get(n - 1).diagnosisPointers()));
        }
        m.values().removeIf(v -> v == null || v.isEmpty());
        return m;
    }

    /** The fields whose values differ from {@code before} to {@code after}, as changes. */
    public static List<FieldChange> differences(ClaimDocument before, ClaimDocument after) {
        Map<String, String> a = fields(before);
        Map<String, String> b = fields(after);
        a.remove(ClaimFields.FREQUENCY_CODE);
        b.remove(ClaimFields.FREQUENCY_CODE);
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<FieldChange> out = new ArrayList<>();
        for (String k : keys) {
            String x = a.get(k) == null || a.get(k).isEmpty() ? null : a.get(k);
            String y = b.get(k) == null || b.get(k).isEmpty() ? null : b.get(k);
            if (!java.util.Objects.equals(x, y)) out.add(new FieldChange(k, x, y));
        }
        return out;
    }

    /** "line[1].modifiers: (none) → 25; priorAuthorization: (none) → A1" — no PHI value shown. */
    public static String describe(List<FieldChange> changes) {
        List<String> out = new ArrayList<>();
        for (FieldChange c : changes) {
            boolean phi = c.field().equals(ClaimFields.MEMBER_ID);
            out.add(
                    c.field()
                            + ": "
                            + (phi ? "(member id)" : c.from() == null ? "(none)" : c.from())
                            + " → "
                            + (phi ? "(member id)" : c.to() == null ? "(none)" : c.to()));
        }
        return String.join("; ", out);
    }

    /** The original with the changes applied, or an exception naming the change that cannot be. */
    public static ClaimDocument apply(ClaimDocument d, List<FieldChange> changes) {
        ClaimDocument out = d;
        for (FieldChange ch : changes) {
            String f = ch.field();
            String to = ch.to();
            ClaimDocument.Claim c = out.claim();
            if (f.equals(ClaimFields.PRIOR_AUTHORIZATION)) {
                out = out.withClaim(c.withPriorAuthorization(to));
            } else if (f.equals(ClaimFields.REFERRAL)) {
                out = out.withClaim(c.withReferral(to));
            } else if (f.equals(ClaimFields.FREQUENCY_CODE)) {
                // the frequency follows the payer's correction method, set when the claim is
                // written
                continue;
            } else if (f.equals(ClaimFields.MEMBER_ID)) {
                ClaimDocument.Name n = out.subscriber().name();
                out =
                        out.withSubscriber(
                                out.subscriber()
                                        .withName(
                                                new ClaimDocument.Name(
                                                        n.entityType(),
                                                        n.last(),
                                                        n.first(),
                                                        n.middle(),
                                                        n.suffix(),
                                                        n.idQualifier() == null
                                                                ? "MI"
                                                                : n.idQualifier(),
                                                        to)));
            } else if (f.startsWith("diagnosis[")) {
                int i = Integer.parseInt(f.substring(10, f.indexOf(']'))) - 1;
                List<ClaimDocument.Diagnosis> dx = new ArrayList<>(c.diagnoses());
                if (i > dx.size())
                    throw new IllegalArgumentException(f + " skips a diagnosis position");
                String q = dx.isEmpty() ? "ABK" : dx.get(Math.min(i, dx.size() - 1)).qualifier();
                ClaimDocument.Diagnosis nd =
                        new ClaimDocument.Diagnosis(
                                i == 0 ? "ABK" : "ABF".equals(q) || "ABK".equals(q) ? "ABF" : q,
                                to == null ? null : to.replace(".", ""));
                if (i == dx.size()) dx.add(nd);
                else dx.set(i, nd);
                out = out.withClaim(c.withDiagnoses(dx));
            } else if (f.startsWith("line[")) {
                int n = Integer.parseInt(f.substring(5, f.indexOf(']')));
                String part = f.substring(f.indexOf("].") + 2);
                List<ClaimDocument.Line> lines = new ArrayList<>(out.lines());
                if (n < 1 || n > lines.size())
                    throw new IllegalArgumentException(f + ": the claim has no line " + n);
                ClaimDocument.Line l = lines.get(n - 1);
                lines.set(
                        n - 1,
                        switch (part) {
                            case "modifiers" ->
                                    l.withModifiers(
                                            to == null || to.isBlank()
                                                    ? List.of()
                                                    : Arrays.asList(to.split(",")));
                            case "charge" -> l.withCharge(Money.parse(to));
                            case "procedure" ->
                                    new ClaimDocument.Line(
                                            l.procedureQualifier(),
                                            to,
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
                                            l.renderingProvider(),
                                            l.adjudications());
                            case "units" ->
                                    new ClaimDocument.Line(
                                            l.procedureQualifier(),
                                            l.procedure(),
                                            l.modifiers(),
                                            l.description(),
                                            l.charge(),
                                            l.unitQualifier(),
                                            new BigDecimal(to),
                                            l.placeOfService(),
                                            l.diagnosisPointers(),
                                            l.emergency(),
                                            l.serviceFrom(),
                                            l.serviceTo(),
                                            l.controlNumber(),
                                            l.renderingProvider(),
                                            l.adjudications());
                            case "serviceDate" ->
                                    new ClaimDocument.Line(
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
                                            LocalDate.parse(to),
                                            LocalDate.parse(to),
                                            l.controlNumber(),
                                            l.renderingProvider(),
                                            l.adjudications());
                            default -> throw new IllegalArgumentException("cannot change " + f);
                        });
                out = out.withLines(lines);
            } else {
                throw new IllegalArgumentException("cannot change " + f);
            }
        }
        return out;
    }
}
