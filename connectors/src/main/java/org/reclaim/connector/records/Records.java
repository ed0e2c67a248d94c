package org.reclaim.connector.records;

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
     * The authorization on file that covers what is sought ({@link AuthorizationOnFile#covers});
     * when several do, the one that started last.
     */
    Optional<AuthorizationOnFile> findAuthorization(String practiceSlug, AuthorizationQuery query);

    /**
     * The practice's provider roster (its providers' enrollments with payers); empty when it keeps
     * none.
     */
    default EnrollmentFile enrollments(String practiceSlug) {
        return EnrollmentFile.NONE;
    }
}
