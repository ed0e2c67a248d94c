package org.reclaim.connector.clearinghouse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Set;
import org.reclaim.connector.support.Names;

/**
 * One X12 interchange going out.
 *
 * @param practiceSlug whose file it is
 * @param idempotencyKey the same key on a retry of the same submission; a new submission (a
 *     corrected claim, a next inquiry) gets a new key
 * @param type {@code "837"}, {@code "276"} or {@code "270"}
 * @param interchangeControlNumber ISA13, nine digits
 * @param bytes the interchange, ISA to IEA (not copied: do not change it afterwards)
 * @param createdAt when the interchange was generated (names the outbox file)
 */
public record OutgoingFile(
        String practiceSlug,
        String idempotencyKey,
        String type,
        String interchangeControlNumber,
        byte[] bytes,
        Instant createdAt) {

    public static final Set<String> TYPES = Set.of("837", "276", "270");

    public OutgoingFile {
        Names.slug(practiceSlug);
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
            throw new IllegalArgumentException(
                    "an outgoing file needs an idempotency key of 1 to 255 characters");
        }
        if (!TYPES.contains(type))
            throw new IllegalArgumentException(
                    "outgoing type must be one of " + TYPES + ": " + type);
        if (interchangeControlNumber == null || !interchangeControlNumber.matches("\\d{9}")) {
            throw new IllegalArgumentException(
                    "interchange control number must be nine digits: " + interchangeControlNumber);
        }
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0)
            throw new IllegalArgumentException("an outgoing file cannot be empty");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /**
     * The file's name under docs/contracts.md §7: {@code <yyyyMMddHHmmss>-<type>-<ICN>.x12}, the
     * time being {@link #createdAt} in UTC.
     */
    public String fileName() {
        return STAMP.format(createdAt) + "-" + type + "-" + interchangeControlNumber + ".x12";
    }

    @Override
    public String toString() {
        return "OutgoingFile["
                + practiceSlug
                + " "
                + type
                + " ICN "
                + interchangeControlNumber
                + ", "
                + bytes.length
                + " bytes]";
    }
}
