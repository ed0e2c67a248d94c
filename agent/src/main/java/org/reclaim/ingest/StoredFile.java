package org.reclaim.ingest;

import java.util.List;
import java.util.UUID;

/**
 * A stored file as its {@link StoredFileListener}s see it: the 835 remittances and the
 * 999/997/277CA acknowledgments it brought. The same whether it was just stored or is applied again
 * later.
 */
public record StoredFile(UUID fileId, List<UUID> remittances, List<UUID> acknowledgments) {

    public StoredFile {
        remittances = List.copyOf(remittances);
        acknowledgments = List.copyOf(acknowledgments);
    }
}
