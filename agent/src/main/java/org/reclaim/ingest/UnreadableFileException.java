package org.reclaim.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reclaim.core.HttpProblem;

/**
 * A file that cannot be stored at all: not X12 (HTTP 400), or X12 but incomplete (truncated,
 * missing trailers: HTTP 422). Nothing of it is stored.
 */
public final class UnreadableFileException extends RuntimeException implements HttpProblem {
    private static final long serialVersionUID = 1L;

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

    @Override
    public int status() {
        return incomplete ? 422 : 400;
    }

    @Override
    public String title() {
        return incomplete ? "Incomplete X12 file" : "Unreadable file";
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (segment != null) p.put("segment", segment);
        if (offset != null) p.put("offset", offset);
        return p;
    }
}
