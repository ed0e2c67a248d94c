package org.reclaim.drafting;

import java.util.List;

/**
 * A drafted appeal or correction and how it came about.
 *
 * @param source who wrote {@code value}: the model, or a template (offline, or after the model
 *     failed)
 * @param needsReview a person must look before it is sent
 * @param validationErrors why the model's answers were refused (empty for a template drafted
 *     offline)
 * @param tokensIn prompt tokens over all attempts, as the model server reported them
 * @param tokensOut completion tokens over all attempts
 * @param attempts model calls made (0 offline)
 */
public record Draft<T>(
        T value,
        Source source,
        boolean needsReview,
        List<String> validationErrors,
        long tokensIn,
        long tokensOut,
        int attempts) {

    public enum Source {
        MODEL,
        TEMPLATE
    }

    public Draft {
        Checks.required("value", value);
        Checks.required("source", source);
        validationErrors = validationErrors == null ? List.of() : List.copyOf(validationErrors);
        if (tokensIn < 0 || tokensOut < 0 || attempts < 0) {
            throw new IllegalArgumentException("token counts and attempts cannot be negative");
        }
    }
}
