package org.reclaim.x12.synth;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of the denial mix: the adjustment the payer sends when it denies.
 *
 * @param group CAS01 group code (CO, OA or PI: a PR adjustment is never a denial)
 * @param carc claim adjustment reason code
 * @param rarcs remark codes sent with it (LQ*HE on a line, MOA at claim level)
 * @param weight relative frequency within the mix
 * @param claimLevel true when the payer denies the whole claim with a claim-level CAS (no SVC
 *     loops)
 */
public record DenialReason(
        String group, String carc, List<String> rarcs, double weight, boolean claimLevel) {

    // docs/contracts.md §1: adjustments with these CARCs are never workable, so they cannot make a
    // denial
    private static final Set<String> NOT_WORKABLE =
            Set.of("45", "42", "59", "94", "131", "A2", "23");

    public DenialReason {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(carc, "carc");
        rarcs = List.copyOf(rarcs == null ? List.of() : rarcs);
        if (!Set.of("CO", "OA", "PI", "CR").contains(group)) {
            throw new IllegalArgumentException(
                    "denial group must be CO, OA, PI or CR, not " + group);
        }
        if (NOT_WORKABLE.contains(carc)) {
            throw new IllegalArgumentException("CARC " + carc + " is not a denial (not workable)");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive: " + weight);
        }
    }

    public static DenialReason line(String group, String carc, double weight, String... rarcs) {
        return new DenialReason(group, carc, List.of(rarcs), weight, false);
    }

    public static DenialReason claim(String group, String carc, double weight, String... rarcs) {
        return new DenialReason(group, carc, List.of(rarcs), weight, true);
    }

    /**
     * A mix spanning every denial category of docs/denial.md, weighted roughly as practices see
     * them.
     */
    public static List<DenialReason> defaults() {
        return DEFAULTS;
    }

    private static final List<DenialReason> DEFAULTS =
            List.of(
                    // authorization
                    line("CO", "197", 10, "N54"),
                    line("CO", "15", 3, "M62"),
                    // claim data
                    claim("CO", "16", 5, "MA130", "M76"),
                    line("CO", "16", 4, "M51"),
                    // documentation
                    line("CO", "226", 3, "N706"),
                    line("CO", "252", 3, "N706"),
                    // coding
                    line("CO", "4", 4, "N519"),
                    line("CO", "5", 1, "M77"),
                    line("CO", "6", 1),
                    line("CO", "11", 4, "M76"),
                    line("CO", "146", 2, "M76"),
                    line("CO", "181", 2),
                    line("CO", "182", 2),
                    // medical necessity
                    line("CO", "50", 6, "N115"),
                    line("CO", "55", 1),
                    line("CO", "151", 2, "N362"),
                    // bundling
                    line("CO", "97", 5, "M15"),
                    line("CO", "234", 2, "N20"),
                    line("CO", "236", 2, "N20"),
                    // duplicate
                    claim("OA", "18", 4),
                    // coordination of benefits
                    claim("OA", "22", 3, "N479"),
                    // eligibility
                    claim("CO", "26", 1),
                    claim("CO", "27", 4, "N30"),
                    claim("CO", "31", 3, "N382"),
                    claim("CO", "200", 1),
                    // timely filing
                    claim("CO", "29", 3),
                    // non-covered
                    line("CO", "96", 4, "N130"),
                    line("CO", "119", 2, "N362"),
                    line("CO", "204", 2, "N130"),
                    // provider enrollment
                    line("CO", "170", 1, "N95"),
                    line("CO", "B7", 1),
                    // network
                    line("CO", "242", 2),
                    // wrong payer
                    claim("CO", "109", 2));
}
