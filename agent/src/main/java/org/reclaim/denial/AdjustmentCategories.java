package org.reclaim.denial;

import java.util.List;
import org.reclaim.rules.Category;

/**
 * The category the rules in force give an adjustment of a denial's payer: how the denial views show
 * each adjustment (implemented by triage, which owns the classification).
 */
public interface AdjustmentCategories {

    /**
     * @param payerName N1*PR's name, or null
     * @param payerIds the ids the payer is known by (N1*PR's id, TRN03), possibly empty
     */
    Category categoryOf(
            String payerName, List<String> payerIds, String group, String carc, List<String> rarcs);
}
