package org.reclaim.x12;

/**
 * Something wrong in a file, reported as data with its position (docs/contracts.md §2).
 *
 * @param segment 1-based ordinal of the segment in the file (0 when not tied to a segment)
 * @param segmentId the segment's id, or null
 * @param element 1-based element position, or null
 * @param offset byte offset of the segment's first byte in the file
 */
public record Problem(
        Severity severity,
        long segment,
        String segmentId,
        Integer element,
        long offset,
        String message) {

    public static Problem error(
            long segment, String segmentId, Integer element, long offset, String message) {
        return new Problem(Severity.ERROR, segment, segmentId, element, offset, message);
    }

    public static Problem warning(
            long segment, String segmentId, Integer element, long offset, String message) {
        return new Problem(Severity.WARNING, segment, segmentId, element, offset, message);
    }
}
