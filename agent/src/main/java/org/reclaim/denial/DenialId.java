package org.reclaim.denial;

import java.util.Objects;
import java.util.UUID;

/** A denial's id: time-ordered UUIDs from {@code core.Ids}, never null. */
public record DenialId(UUID value) {

    public DenialId {
        Objects.requireNonNull(value, "a denial id");
    }

    public static DenialId of(UUID value) {
        return new DenialId(value);
    }

    /** Parses the text form; a malformed id is an {@link IllegalArgumentException} naming it. */
    public static DenialId parse(String text) {
        try {
            return new DenialId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a denial id: " + text, e);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
