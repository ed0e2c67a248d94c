package org.reclaim.connector.clearinghouse;

import java.io.IOException;
import java.util.List;

/**
 * Where outgoing X12 files go and response files come from. Both calls block; the service runs them
 * on a scheduler meant for blocking work.
 */
public interface Clearinghouse {

    /**
     * Hands one interchange over. Safe to repeat with the same idempotency key: the clearinghouse
     * receives it once, and a repeat returns the first receipt with {@code repeated = true}.
     *
     * @throws org.reclaim.connector.ConnectorException when the clearinghouse could not be reached
     */
    SubmissionReceipt submit(OutgoingFile file);

    /**
     * Response files that arrived since the last poll. Flavours delivering into the inbox folder
     * themselves return an empty list.
     */
    List<IncomingFile> poll();

    /** Stores a poll's files durably, or fails. */
    @FunctionalInterface
    interface Delivery {
        void store(List<IncomingFile> files) throws IOException;
    }

    /**
     * Response files that arrived since the last poll, handed to {@code delivery}. The
     * clearinghouse moves past them (its cursor) only once {@code delivery} has returned: when it
     * fails, the same files come again at the next poll. Returns how many were delivered.
     */
    default int poll(Delivery delivery) throws IOException {
        List<IncomingFile> files = poll();
        delivery.store(files);
        return files.size();
    }
}
