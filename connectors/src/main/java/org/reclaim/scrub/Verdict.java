package org.reclaim.scrub;

import java.util.List;

/** What the scrubber says of one claim: send it, send it with a warning, or hold it. */
public enum Verdict {
    /** No finding. */
    CLEAN,
    /** Warnings only: sent or held as the practice's policy says. */
    WARN,
    /** At least one error: the claim would be rejected or denied as it stands. */
    HOLD;

    /** HOLD when any finding is an error, WARN when any is a warning, else CLEAN. */
    public static Verdict of(List<Finding> findings) {
        Verdict v = CLEAN;
        for (Finding f : findings) {
            if (f.severity() == Finding.Severity.ERROR) return HOLD;
            v = WARN;
        }
        return v;
    }
}
