package org.reclaim.rules;

import java.math.BigDecimal;

/**
 * What a category means for the work (catalog {@code categories.csv}).
 *
 * @param recoveryPrior likelihood that working such a denial recovers its amount, 0–1
 * @param rootCause sentence template: {@code {code}} is group-CARC, {@code {carcText}} the CARC's
 *     text
 */
public record CategoryPolicy(
        Category category,
        NextAction action,
        boolean appealable,
        BigDecimal recoveryPrior,
        String rootCause) {}
