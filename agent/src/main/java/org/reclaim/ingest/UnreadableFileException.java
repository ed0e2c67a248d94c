package org.reclaim.ingest;

/**
 * A file that cannot be stored at all: not X12 (HTTP 400), or X12 but incomplete (truncated, missing
 * trailers: HTTP 422). Nothing of it is stored.
 */
public final class UnreadableFileException extends RuntimeException {

    private final boolean incomplete;
    private final Long segment;
    private final Long offset;

    UnreadableFileException(String message, boolean incomplete, Long segment, Long offset) {
        super(message);
        this.incomplete = incomplete;
        this.segment = segment;
        this.offset = offset;
    }

    public boolean incomplete() {
        return incomplete;
    }

    public Long segment() {
        return segment;
    }

    public Long offset() {
        return offset;
    }
}
