package org.reclaim.x12;

/**
 * Caps on the structure of one file, so that hostile or broken input is refused with a located
 * reason instead of exhausting memory or time. A file over a cap is not read further: its report's
 * error and {@link FileReport#capExceeded()} name the cap, its value and where it was passed.
 *
 * <p>Defaults follow the ASC X12 5010 implementation guides where they state a number: the 837P
 * (005010X222A1) repeats loop 2400 (service line) at most 50 times per claim, the 837I
 * (005010X223A2) 999 times, the 835 (005010X221A1) repeats loop 2110 (service payment) at most 999
 * times per claim payment. The guides give no number for the others: segments per claim allows
 * every line of a 999-line claim a generous two dozen segments; an element is at most 1,024
 * characters, well above the longest element the guides define (data element 933, free-form message
 * text, 264 characters), composites included; transactions per file is a sizing choice.
 *
 * @param segmentsPerClaim segments from a claim's CLM (837) or CLP (835) to the next claim, HL, or
 *     SE
 * @param serviceLines837P LX loops (2400) in one 837P claim
 * @param serviceLines837I LX loops (2400) in one 837I claim
 * @param serviceLines835 SVC loops (2110) in one 835 claim payment
 * @param transactionsPerFile ST…SE sets in one file
 * @param elementLength bytes in one element (a composite counts whole)
 */
public record X12Limits(
        long segmentsPerClaim,
        long serviceLines837P,
        long serviceLines837I,
        long serviceLines835,
        long transactionsPerFile,
        long elementLength) {

    /** The configuration prefix the caps are named by in messages. */
    public static final String PREFIX = "reclaim.limits.";

    public static final X12Limits DEFAULT = new X12Limits(25_000, 50, 999, 999, 100_000, 1024);

    public X12Limits {
        positive(segmentsPerClaim, "segments-per-claim");
        positive(serviceLines837P, "service-lines-837p");
        positive(serviceLines837I, "service-lines-837i");
        positive(serviceLines835, "service-lines-835");
        positive(transactionsPerFile, "transactions-per-file");
        positive(elementLength, "element-length");
    }

    /**
     * The caps from settings named {@code reclaim.limits.<cap>} (the service's configuration
     * names), each missing one at its default; for the CLI, which reads them from system
     * properties.
     */
    public static X12Limits from(java.util.function.UnaryOperator<String> settings) {
        return new X12Limits(
                setting(settings, "segments-per-claim", DEFAULT.segmentsPerClaim),
                setting(settings, "service-lines-837p", DEFAULT.serviceLines837P),
                setting(settings, "service-lines-837i", DEFAULT.serviceLines837I),
                setting(settings, "service-lines-835", DEFAULT.serviceLines835),
                setting(settings, "transactions-per-file", DEFAULT.transactionsPerFile),
                setting(settings, "element-length", DEFAULT.elementLength));
    }

    private static long setting(
            java.util.function.UnaryOperator<String> settings, String name, long fallback) {
        String v = settings.apply(PREFIX + name);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Long.parseLong(v.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " is not a whole number: " + v);
        }
    }

    private static void positive(long v, String name) {
        if (v < 1)
            throw new IllegalArgumentException(PREFIX + name + " must be at least 1, was " + v);
    }

    /**
     * A cap a file passed: the setting's full name, its value, and the segment (1-based ordinal)
     * and byte offset where it was passed.
     */
    public record Exceeded(String cap, long value, long segment, long offset, String message) {}
}
