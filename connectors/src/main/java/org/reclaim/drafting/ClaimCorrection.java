package org.reclaim.drafting;

import java.util.List;

/**
 * The changes that turn the original claim into a corrected one.
 *
 * @param changes empty when nothing can be changed automatically
 * @param justification why these changes answer the denial (or why there are none)
 */
public record ClaimCorrection(List<FieldChange> changes, String justification) {

    public ClaimCorrection {
        changes = changes == null ? List.of() : List.copyOf(changes);
        justification = Checks.required("justification", justification);
    }
}
