package org.reclaim.drafting;

/**
 * One field of the original claim to change.
 *
 * @param field a name from the {@link ClaimFields} vocabulary
 * @param from the value on the original claim; null when the claim does not carry the field
 * @param to the new value; null removes the field
 */
public record FieldChange(String field, String from, String to) {

    public FieldChange {
        field = Checks.required("field", field);
        // A model answering under a strict JSON schema writes "" where it means "absent".
        from = from == null || from.isBlank() ? null : from.strip();
        to = to == null || to.isBlank() ? null : to.strip();
    }
}
