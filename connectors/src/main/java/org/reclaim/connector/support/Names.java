package org.reclaim.connector.support;

import java.util.regex.Pattern;

/** Checks for values that become folder or file names, so that none can escape its folder. */
public final class Names {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Names() {}

    /**
     * A practice slug, as the database allows it: lower-case letters, digits and '-', at most 63.
     */
    public static String slug(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("not a practice slug: " + slug);
        }
        return slug;
    }

    /**
     * One path segment taken from data (a patient control number, a document name): no separators,
     * not "." or "..", no control characters, not hidden.
     */
    public static String segment(String what, String value) {
        if (value == null
                || value.isEmpty()
                || value.length() > 255
                || value.startsWith(".")
                || value.indexOf('/') >= 0
                || value.indexOf('\\') >= 0
                || value.indexOf(':') >= 0
                || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    "not usable as a " + what + " in a file name: " + value);
        }
        return value;
    }
}
