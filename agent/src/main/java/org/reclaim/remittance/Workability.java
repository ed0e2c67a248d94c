package org.reclaim.remittance;

import org.reclaim.x12.AdjustmentRules;
import org.reclaim.x12.remit.Adjustment;

/**
 * Decides whether an adjustment is something the agent can work. Until triage brings its catalog,
 * exactly the set pinned by docs/contracts.md §1 is not workable: every group PR adjustment, CARC
 * 45, 42, 59, 94, 131 and A2 in any group, and OA-23.
 */
public interface Workability {

    boolean workable(Adjustment adjustment);

    /**
     * The rule as (group, CARC) patterns of the adjustments that are NOT workable, when it can be
     * put that way (then {@link #workable} must be exactly "matches none of them"); null otherwise.
     * The count-only 835 reader ({@code X12Files.summarize}) works from these on the bytes.
     */
    default AdjustmentRules nonWorkableRules() {
        return null;
    }

    /**
     * docs/contracts.md §1, written once: the patterns are the rule, {@link #workable} only applies
     * them.
     */
    AdjustmentRules CONTRACT_NON_WORKABLE =
            AdjustmentRules.of(
                    AdjustmentRules.group("PR"),
                    AdjustmentRules.carc("45"),
                    AdjustmentRules.carc("42"),
                    AdjustmentRules.carc("59"),
                    AdjustmentRules.carc("94"),
                    AdjustmentRules.carc("131"),
                    AdjustmentRules.carc("A2"),
                    AdjustmentRules.groupAndCarc("OA", "23"));

    Workability CONTRACT_DEFAULT =
            new Workability() {
                @Override
                public boolean workable(Adjustment a) {
                    return !CONTRACT_NON_WORKABLE.matches(a.group(), a.carc());
                }

                @Override
                public AdjustmentRules nonWorkableRules() {
                    return CONTRACT_NON_WORKABLE;
                }
            };
}
