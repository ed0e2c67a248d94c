package org.reclaim.ingest;

import java.util.List;
import java.util.UUID;

/**
 * What storing one file did.
 *
 * @param fileId the stored file, or the earlier identical file when {@code created} is false
 * @param created true when anything new was stored (HTTP 201), false when all was already there
 *     (200)
 * @param duplicates transactions that were already stored, each naming the existing row
 * @param warnings e.g. a payee id that names another practice (the file is stored all the same)
 */
public record IngestResult(
        UUID fileId,
        boolean created,
        String type,
        int transactions,
        int newTransactions,
        List<UUID> remittances,
        List<UUID> submissions,
        List<UUID> acknowledgments,
        List<Duplicate> duplicates,
        long claimPayments,
        long serviceLines,
        long adjustments,
        long denials,
        long reversals,
        long submittedClaims,
        long problems,
        List<String> warnings) {

    public IngestResult(
            UUID fileId,
            boolean created,
            String type,
            int transactions,
            int newTransactions,
            List<UUID> remittances,
            List<UUID> submissions,
            List<UUID> acknowledgments,
            List<Duplicate> duplicates,
            long claimPayments,
            long serviceLines,
            long adjustments,
            long denials,
            long reversals,
            long submittedClaims,
            long problems) {
        this(
                fileId,
                created,
                type,
                transactions,
                newTransactions,
                remittances,
                submissions,
                acknowledgments,
                duplicates,
                claimPayments,
                serviceLines,
                adjustments,
                denials,
                reversals,
                submittedClaims,
                problems,
                List.of());
    }

    public IngestResult withWarnings(List<String> more) {
        if (more.isEmpty()) return this;
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new IngestResult(
                fileId,
                created,
                type,
                transactions,
                newTransactions,
                remittances,
                submissions,
                acknowledgments,
                duplicates,
                claimPayments,
                serviceLines,
                adjustments,
                denials,
                reversals,
                submittedClaims,
                problems,
                List.copyOf(all));
    }

    /**
     * A transaction skipped because it was stored before. {@code kind}: payment, submission or
     * acknowledgment.
     */
    public record Duplicate(int transaction, String kind, UUID existingId) {}
}
