package org.reclaim.x12;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems (capped at {@link X12Files#MAX_PROBLEMS}), counts all, and passes each to the
 * handler.
 */
public final class ProblemSink {

    private final X12Handler handler;
    private final List<Problem> kept = new ArrayList<>();
    private long count;

    public ProblemSink(X12Handler handler) {
        this.handler = handler;
    }

    public void add(Problem p) {
        count++;
        if (kept.size() < X12Files.MAX_PROBLEMS) kept.add(p);
        handler.problem(p);
    }

    public List<Problem> kept() {
        return kept;
    }

    public long count() {
        return count;
    }
}
