package org.reclaim.x12;

import java.util.ArrayList;
import java.util.List;
import org.reclaim.x12.internal.Segment;

/**
 * A small set of (group, CARC) patterns, each part optional: a CAS triplet matches when some rule's
 * group (if given) and CARC (if given) both equal its own. Written once by whoever owns the rule
 * (the denial definition) and checked either on {@link String}s or, by the 835 summary reader,
 * straight on the bytes of a CAS segment without making a String.
 */
public final class AdjustmentRules {

    /** One pattern; a null part matches anything. */
    public record Rule(String group, String carc) {}

    private final List<Rule> rules;

    /**
     * The rules that name only a CARC (the bulk: a catalog lists dozens of non-workable codes), as
     * sorted packed keys for a binary search, and as text; only the others are tried one by one.
     */
    private final int[] carcOnlyKeys;

    private final java.util.Set<String> carcOnly;
    private final String[] groups;
    private final String[] carcs;

    /**
     * {@link Segment#packed(String)} of the part, or -1 when longer than 3 (compared as text then).
     */
    private final int[] groupKeys;

    private final int[] carcKeys;

    private AdjustmentRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        java.util.Set<String> carcOnlyCodes = new java.util.HashSet<>();
        List<Rule> others = new ArrayList<>();
        for (Rule r : rules) {
            if (r.group() == null && r.carc() != null && key(r.carc()) != -1)
                carcOnlyCodes.add(r.carc());
            else others.add(r);
        }
        carcOnly = carcOnlyCodes;
        // no streams or lambdas here: this runs once per inspect, cold, where their bootstrap costs
        // ms
        int[] keys = new int[carcOnlyCodes.size()];
        int k = 0;
        for (String code : carcOnlyCodes) keys[k++] = key(code);
        java.util.Arrays.sort(keys);
        carcOnlyKeys = keys;
        int n = others.size();
        groups = new String[n];
        carcs = new String[n];
        groupKeys = new int[n];
        carcKeys = new int[n];
        for (int i = 0; i < n; i++) {
            Rule r = others.get(i);
            groups[i] = r.group();
            carcs[i] = r.carc();
            groupKeys[i] = key(r.group());
            carcKeys[i] = key(r.carc());
        }
    }

    private static int key(String code) {
        if (code == null) return 0;
        return code.length() > 3 ? -1 : Segment.packed(code);
    }

    public static Rule group(String group) {
        return new Rule(group, null);
    }

    public static Rule carc(String carc) {
        return new Rule(null, carc);
    }

    public static Rule groupAndCarc(String group, String carc) {
        return new Rule(group, carc);
    }

    public static AdjustmentRules of(Rule... rules) {
        List<Rule> list = new ArrayList<>(rules.length);
        for (Rule r : rules) list.add(r);
        return new AdjustmentRules(list);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Does some rule match this (group, CARC)? */
    public boolean matches(String group, String carc) {
        if (carc != null && carcOnly.contains(carc)) return true;
        for (int i = 0; i < groups.length; i++) {
            if ((groups[i] == null || groups[i].equals(group))
                    && (carcs[i] == null || carcs[i].equals(carc))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The byte form of {@link #matches(String, String)} for a CAS triplet: the group is element
     * {@code groupElement} (its {@link Segment#code} text), the CARC element {@code carcElement}.
     */
    public boolean matches(Segment s, int groupPacked, int carcElement) {
        int carcPacked = -2;
        if (carcOnlyKeys.length > 0) {
            carcPacked = s.packed(carcElement);
            if (java.util.Arrays.binarySearch(carcOnlyKeys, carcPacked) >= 0) return true;
        }
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] != null) {
                boolean ok =
                        groupKeys[i] == -1
                                ? s.elementIs(1, groups[i])
                                : groupKeys[i] == groupPacked;
                if (!ok) continue;
            }
            if (carcs[i] != null) {
                boolean ok;
                if (carcKeys[i] == -1) {
                    ok = s.elementIs(carcElement, carcs[i]);
                } else {
                    if (carcPacked == -2) carcPacked = s.packed(carcElement);
                    ok = carcKeys[i] == carcPacked;
                }
                if (!ok) continue;
            }
            return true;
        }
        return false;
    }
}
