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

    /**
     * Throws what a file that could not be read whole is (docs/contracts.md §3): over a structure
     * cap (422), truncated (422), not X12 (400), naming the segment and offset where it failed;
     * returns when the file was read. Uploads and the scrub API answer the same way.
     */
    public static void check(org.reclaim.x12.FileReport report) {
        org.reclaim.x12.X12Limits.Exceeded cap = report.capExceeded();
        if (cap != null) throw overCap(cap);
        if (report.error() != null) {
            org.reclaim.x12.Problem where = firstError(report);
            throw new UnreadableFileException(
                    report.error(),
                    report.truncated(),
                    where == null ? null : where.segment(),
                    where == null ? null : where.offset());
        }
    }

    /**
     * Where the file failed: the problem the report's error names, not an element error read before
     * it.
     */
    private static org.reclaim.x12.Problem firstError(org.reclaim.x12.FileReport r) {
        org.reclaim.x12.Problem first = null;
        for (org.reclaim.x12.Problem p : r.problems()) {
            if (p.severity() != org.reclaim.x12.Severity.ERROR) continue;
            if (p.message().equals(r.error())) return p;
            if (first == null) first = p;
        }
        return first;
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
