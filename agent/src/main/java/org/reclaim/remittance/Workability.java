package org.reclaim.remittance;

import java.util.Set;
import org.reclaim.x12.remit.Adjustment;

/**
 * Decides whether an adjustment is something the agent can work. Until triage brings its catalog,
 * exactly the set pinned by CONTRACTS §1 is not workable: every group PR adjustment, CARC 45, 42,
 * 59, 94, 131 and A2 in any group, and OA-23.
 */
public interface Workability {

    boolean workable(Adjustment adjustment);

    Workability CONTRACT_DEFAULT = new Workability() {
        private final Set<String> contractual = Set.of("45", "42", "59", "94", "131", "A2");

        @Override
        public boolean workable(Adjustment a) {
            if ("PR".equals(a.group())) return false;
            if (contractual.contains(a.carc())) return false;
            return !("OA".equals(a.group()) && "23".equals(a.carc()));
        }
    };
}
