package org.reclaim.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reclaim.core.HttpProblem;

/**
 * A file that cannot be stored at all: not X12 (HTTP 400), X12 but incomplete (truncated, missing
 * trailers: HTTP 422), over a structure cap of {@code reclaim.limits.*} (HTTP 422) or over the
 * upload byte cap (HTTP 413). Nothing of it is stored.
 */
public final class UnreadableFileException extends RuntimeException implements HttpProblem {
    private static final long serialVersionUID = 1L;

    private final boolean incomplete;
    private final Long segment;
    private final Long offset;

    /** The cap the file passed, or null; its value is {@link #limit}. */
    private final String cap;

    private final long limit;

    /** Over a byte cap (413) rather than a structure cap (422). */
    private final boolean tooLarge;

    UnreadableFileException(String message, boolean incomplete, Long segment, Long offset) {
        this(message, incomplete, segment, offset, null, 0, false);
    }

    private UnreadableFileException(
            String message,
            boolean incomplete,
            Long segment,
            Long offset,
            String cap,
            long limit,
            boolean tooLarge) {
        super(message);
        this.incomplete = incomplete;
        this.segment = segment;
        this.offset = offset;
        this.cap = cap;
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    /** A file over one of the structure caps (422): nothing of it is stored. */
    static UnreadableFileException overCap(org.reclaim.x12.X12Limits.Exceeded cap) {
        return new UnreadableFileException(
                cap.message(), false, cap.segment(), cap.offset(), cap.cap(), cap.value(), false);
    }

    /**
     * A file larger than {@code reclaim.limits.upload-bytes} (413), found at byte {@code offset}.
     */
    public static UnreadableFileException tooLarge(long limit, long offset) {
        return new UnreadableFileException(
                "cap reclaim.limits.upload-bytes ("
                        + limit
                        + ") exceeded: the file is larger than "
                        + limit
                        + " bytes (read up to byte "
                        + offset
                        + ")",
                false,
                null,
                offset,
                "reclaim.limits.upload-bytes",
                limit,
                true);
    }

    /** The cap's setting name when the file passed one, else null. */
    public String cap() {
        return cap;
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

    @Override
    public int status() {
        if (tooLarge) return 413;
        return incomplete || cap != null ? 422 : 400;
    }

    @Override
    public String title() {
        if (tooLarge) return "File too large";
        if (cap != null) return "File over a limit";
        return incomplete ? "Incomplete X12 file" : "Unreadable file";
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (cap != null) {
            p.put("cap", cap);
            p.put("limit", limit);
        }
        if (segment != null) p.put("segment", segment);
        if (offset != null) p.put("offset", offset);
        return p;
    }
}
