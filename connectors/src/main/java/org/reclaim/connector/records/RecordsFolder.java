package org.reclaim.connector.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.reclaim.common.Csv;
import org.reclaim.connector.support.Hashes;
import org.reclaim.connector.support.Names;

/**
 * Records the practice drops in folders (docs/contracts.md §7): documents in {@code
 * <dataDir>/records/<slug>/<patientControlNumber>/} and authorizations in {@code
 * <dataDir>/records/<slug>/authorizations.csv}. Read afresh on every call, since people edit these
 * files.
 *
 * <p>{@code authorizations.csv}: a header row naming the columns {@code patientControlNumber,
 * memberId, payerId, procedure, from, to, authorizationNumber} (any order, extra columns ignored),
 * then one row per authorization. Fields may be quoted ("...", with "" for a quote). Dates are
 * {@code yyyy-MM-dd} or {@code MM/dd/yyyy}; an empty {@code to} is open-ended.
 *
 * <p>{@code enrollments.csv}, the practice's provider roster: a header row naming the columns
 * {@code renderingNpi, payerId, status, effectiveFrom, effectiveTo, confirmation} (any order, extra
 * columns ignored), then one row per provider and payer enrollment; {@code status} is one of
 * ENROLLED, PENDING, TERMINATED, DENIED (any case), {@code effectiveTo} may be empty (open-ended),
 * {@code confirmation} is the payer's enrollment or confirmation reference (may be empty).
 */
public final class RecordsFolder implements Records {

    static final List<String> COLUMNS =
            List.of(
                    "patientControlNumber",
                    "memberId",
                    "payerId",
                    "procedure",
                    "from",
                    "to",
                    "authorizationNumber");
    static final List<String> ENROLLMENT_COLUMNS =
            List.of(
                    "renderingNpi",
                    "payerId",
                    "status",
                    "effectiveFrom",
                    "effectiveTo",
                    "confirmation");
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM/dd/uuuu");

    private final Path records;

    public RecordsFolder(Path dataDir) {
        this.records = Objects.requireNonNull(dataDir, "dataDir").resolve("records");
    }

    @Override
    public List<RecordDocument> documents(String practiceSlug, String patientControlNumber) {
        Path folder = claimFolder(practiceSlug, patientControlNumber);
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            List<RecordDocument> documents = new ArrayList<>();
            for (Path file :
                    files.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".tmp") || !Files.isRegularFile(file))
                    continue;
                documents.add(new RecordDocument(name, Files.size(file), Hashes.sha256(file)));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    @Override
    public byte[] read(String practiceSlug, String patientControlNumber, String documentName) {
        Path file =
                claimFolder(practiceSlug, patientControlNumber)
                        .resolve(Names.segment("document name", documentName));
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public Optional<AuthorizationOnFile> findAuthorization(
            String practiceSlug, AuthorizationQuery query) {
        return authorizations(practiceSlug).rows().stream()
                .filter(a -> a.covers(query))
                .max(Comparator.comparing(AuthorizationOnFile::from));
    }

    /** Every row of the practice's {@code authorizations.csv} and the problems met reading it. */
    public AuthorizationFile authorizations(String practiceSlug) {
        Table<AuthorizationOnFile> t =
                table(practiceSlug, "authorizations.csv", "", COLUMNS, RecordsFolder::row);
        return new AuthorizationFile(t.rows(), t.problems());
    }

    /** Every row of the practice's {@code enrollments.csv} and the problems met reading it. */
    @Override
    public EnrollmentFile enrollments(String practiceSlug) {
        Table<EnrollmentOnFile> t =
                table(
                        practiceSlug,
                        "enrollments.csv",
                        "enrollments.csv ",
                        ENROLLMENT_COLUMNS,
                        RecordsFolder::enrollment);
        return t.rows().isEmpty() && t.problems().isEmpty()
                ? EnrollmentFile.NONE
                : new EnrollmentFile(t.rows(), t.problems());
    }

    /** The rows of a CSV file of the records folder, and each problem with its line. */
    private record Table<T>(List<T> rows, List<String> problems) {}

    /**
     * Reads {@code records/<slug>/<name>}: a header naming at least {@code columns} (any order, any
     * case), then one row per line read by {@code read}. A row that cannot be read is a problem
     * ({@code <where>line N: …}) and the others are kept; a header that lacks a column keeps none.
     * No file is an empty table.
     */
    private <T> Table<T> table(
            String practiceSlug,
            String name,
            String where,
            List<String> columns,
            java.util.function.BiFunction<List<String>, Map<String, Integer>, T> read) {
        Path file = records.resolve(Names.slug(practiceSlug)).resolve(name);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Table<>(List.of(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<T> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> column = null;
        for (int i = 0; i < lines.size(); i++) {
            String line =
                    i == 0 && lines.get(0).startsWith("\uFEFF")
                            ? lines.get(0).substring(1)
                            : lines.get(i);
            if (line.isBlank()) continue;
            String at = where + "line " + (i + 1) + ": ";
            List<String> fields;
            try {
                fields = split(line);
            } catch (IllegalArgumentException e) {
                problems.add(at + e.getMessage());
                continue;
            }
            if (column == null) {
                Map<String, Integer> named = header(fields);
                column = named;
                List<String> missing =
                        columns.stream()
                                .filter(c -> !named.containsKey(c.toLowerCase(Locale.ROOT)))
                                .toList();
                if (!missing.isEmpty()) {
                    problems.add(at + "the header lacks column(s) " + missing);
                    return new Table<>(List.of(), problems);
                }
                continue;
            }
            try {
                rows.add(read.apply(fields, column));
            } catch (IllegalArgumentException e) {
                problems.add(at + e.getMessage());
            }
        }
        return new Table<>(rows, problems);
    }

    private static EnrollmentOnFile enrollment(List<String> fields, Map<String, Integer> column) {
        String status = required(fields, column, "status").toUpperCase(Locale.ROOT);
        EnrollmentOnFile.Status parsed;
        try {
            parsed = EnrollmentOnFile.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'status' is not one of ENROLLED, PENDING, TERMINATED, DENIED: " + status);
        }
        String to = field(fields, column, "effectiveTo");
        return new EnrollmentOnFile(
                required(fields, column, "renderingNpi"),
                required(fields, column, "payerId"),
                parsed,
                date("effectiveFrom", required(fields, column, "effectiveFrom")),
                to.isEmpty() ? null : date("effectiveTo", to),
                field(fields, column, "confirmation"));
    }

    private Path claimFolder(String practiceSlug, String patientControlNumber) {
        return records.resolve(Names.slug(practiceSlug))
                .resolve(Names.segment("patient control number", patientControlNumber.strip()));
    }

    private static Map<String, Integer> header(List<String> fields) {
        Map<String, Integer> column = new HashMap<>();
        for (int c = 0; c < fields.size(); c++)
            column.putIfAbsent(fields.get(c).strip().toLowerCase(Locale.ROOT), c);
        return column;
    }

    private static AuthorizationOnFile row(List<String> fields, Map<String, Integer> column) {
        String pcn = required(fields, column, "patientControlNumber");
        String procedure = required(fields, column, "procedure");
        String number = required(fields, column, "authorizationNumber");
        LocalDate from = date("from", required(fields, column, "from"));
        String to = field(fields, column, "to");
        return new AuthorizationOnFile(
                pcn,
                field(fields, column, "memberId"),
                field(fields, column, "payerId"),
                procedure,
                from,
                to.isEmpty() ? null : date("to", to),
                number);
    }

    private static String field(List<String> fields, Map<String, Integer> column, String name) {
        int c = column.get(name.toLowerCase(Locale.ROOT));
        return c < fields.size() ? fields.get(c).strip() : "";
    }

    private static String required(List<String> fields, Map<String, Integer> column, String name) {
        String value = field(fields, column, name);
        if (value.isEmpty()) throw new IllegalArgumentException("'" + name + "' is empty");
        return value;
    }

    private static LocalDate date(String name, String value) {
        try {
            return value.contains("/") ? LocalDate.parse(value, US_DATE) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a date: " + value);
        }
    }

    /**
     * One CSV line into fields, by the one CSV reader; a quote left open is this line's problem
     * only.
     */
    static List<String> split(String line) {
        try {
            List<Csv.Record> records = Csv.records(line);
            return records.isEmpty() ? List.of("") : records.get(0).fields();
        } catch (Csv.Malformed e) {
            throw new IllegalArgumentException(e.reason(), e);
        }
    }
}
