package org.reclaim.connector.records;

import java.util.Objects;

/**
 * A fact read from one of the practice's documents, kept with where it was read: the document's
 * file name and the label it stood under, as the document spells it. A fact from the records is a
 * candidate only: it is used on a claim when the payer's own answer confirms it (a member id by a
 * 271; an authorization by {@code authorizations.csv} or the payer's portal).
 *
 * @param value the value as read; dates as ISO {@code yyyy-MM-dd}; a name as {@code LAST, FIRST}
 *     (or the last name alone)
 * @param document the file name of the document it was read from
 * @param label the label it was read under, e.g. {@code Member #} or {@code Prior authorization}
 */
public record RecordFact(Kind kind, String value, String document, String label) {

    /** What a fact is about. */
    public enum Kind {
        MEMBER_ID("member id"),
        GROUP_NUMBER("group number"),
        SUBSCRIBER_NAME("subscriber name"),
        SUBSCRIBER_BIRTH_DATE("subscriber date of birth"),
        AUTHORIZATION_NUMBER("authorization number"),
        AUTHORIZATION_FROM("authorization start"),
        AUTHORIZATION_TO("authorization end");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** The kind as a person says it. */
        public String words() {
            return words;
        }
    }

    public RecordFact {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(label, "label");
    }

    /** Where the fact was read, for a person: {@code intake.pdf, under "Member #"}. */
    public String source() {
        return document + ", under \"" + label + "\"";
    }
}
