package org.reclaim.connector.records;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The practice's records about a claim: documents to enclose as evidence and the authorizations on
 * file. The folder flavour reads {@code records/} under the data directory; other flavours (the
 * sandbox, an EHR) implement the same interface.
 */
public interface Records {

    /** The documents on file for a claim, by name; empty when there are none. */
    List<RecordDocument> documents(String practiceSlug, String patientControlNumber);

    /** One document's bytes, by a name {@link #documents} listed. */
    byte[] read(String practiceSlug, String patientControlNumber, String documentName);

    /**
     * The authorization on file for this claim that covers {@code procedure} on {@code serviceDate}
     * (from and to inclusive); when several do, the one that started last.
     */
    Optional<AuthorizationOnFile> findAuthorization(String practiceSlug, String patientControlNumber, String procedure,
            LocalDate serviceDate);
}
