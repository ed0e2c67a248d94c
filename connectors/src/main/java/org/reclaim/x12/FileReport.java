package org.reclaim.x12;

import java.util.List;
import java.util.Map;

/**
 * What reading a whole file found, beyond what went to the {@link X12Handler}.
 *
 * @param type docs/contracts.md §2 file type: "835", "837P", "837I", "999", "997", "277CA", "277",
 *     "276", "270", "271", "TA1" or "unknown" (from the first transaction, or TA1)
 * @param interchanges ISA count (0 for a file with no envelope)
 * @param transactions ST count, all types
 * @param transactionTypes ST01 (837 split into 837P/837I, 277 into 277/277CA) → count
 * @param truncated an envelope or transaction never closed: ISA without IEA, GS without GE, ST
 *     without SE (docs/contracts.md §2)
 * @param error non-null when the file could not be read at all: empty, not X12, truncated
 * @param problems the first {@link X12Files#MAX_PROBLEMS} problems, in file order
 * @param problemCount all problems found, also those beyond the cap
 * @param bytes bytes read
 * @param segments segments read
 * @param capExceeded the {@link X12Limits} cap the file passed (reading stopped there), or null
 */
public record FileReport(
        String type,
        int interchanges,
        int transactions,
        Map<String, Integer> transactionTypes,
        boolean truncated,
        String error,
        List<Problem> problems,
        long problemCount,
        long bytes,
        long segments,
        X12Limits.Exceeded capExceeded) {

    public boolean readable() {
        return error == null;
    }
}
