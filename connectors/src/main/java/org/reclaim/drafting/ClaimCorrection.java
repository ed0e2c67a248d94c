package org.reclaim.drafting;

import java.util.List;

/**
 * The changes that turn the original claim into a corrected one.
 *
 * @param changes empty when nothing can be changed automatically
 * @param justification why these changes answer the denial (or why there are none)
 * @param evidence what supports the changes: the rules applied and the documents they read ({@link
 *     CodingRules.Finding#describe}); empty when the changes follow from other facts
 */
public record ClaimCorrection(
        List<FieldChange> changes, String justification, List<String> evidence) {

    public ClaimCorrection(List<FieldChange> changes, String justification) {
        this(changes, justification, List.of());
    }

    public ClaimCorrection {
        changes = changes == null ? List.of() : List.copyOf(changes);
        justification = Checks.required("justification", justification);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
