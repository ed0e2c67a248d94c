package org.reclaim.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.work.WorkContext;

/** The corrected claim's changes in words, as the review queue shows them. */
class ReviewDraftsTest {

    @Test
    void aReplacementOfTheOriginalClaimGoesFromFrequencyOneToSeven() {
        WorkContext ctx =
                WorkContext.EMPTY.with(
                        Map.of(
                                "claim.method", "REPLACEMENT_CLAIM",
                                "claim.base", "original",
                                "claim.replaces", "CHP1",
                                "draft.changes", "priorAuthorization: (none) → A1"));
        assertThat(ReviewDrafts.claimChanges(ctx))
                .isEqualTo("frequency 1 → 7 (replaces CHP1), prior authorization added (A1)");
    }

    @Test
    void aReplacementOfACorrectedClaimSentBeforeStaysFrequencySeven() {
        WorkContext ctx =
                WorkContext.EMPTY.with(
                        Map.of(
                                "claim.method", "REPLACEMENT_CLAIM",
                                "claim.base", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                                "claim.replaces", "CHP1"));
        assertThat(ReviewDrafts.claimChanges(ctx)).isEqualTo("frequency 7 (replaces CHP1)");
    }
}
