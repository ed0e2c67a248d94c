package org.reclaim.prevention;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The NCCI edits a user downloaded from CMS (Reclaim ships none: the files carry an AMA licence
 * that forbids redistributing them), read from one folder (docs/prevention.md, "NCCI files"):
 *
 * <ul>
 *   <li>procedure-to-procedure (PTP) files — a name containing {@code ptp} — with the columns
 *       {@code Column 1, Column 2, Effective Date, Deletion Date, Modifier Indicator};
 *   <li>medically unlikely edit (MUE) files — a name containing {@code mue} — with the columns
 *       {@code HCPCS/CPT Code, MUE Value, MUE Adjudication Indicator}.
 * </ul>
 *
 * <p>Each file is text ({@code .txt}, {@code .csv} or {@code .tsv}), tab- or comma-separated (the
 * header row decides), with a header row naming those columns first and in that order (compared
 * ignoring case, spaces and punctuation; later columns, such as a rationale, are ignored). A
 * malformed file is refused whole, with its name and line.
 */
public final class NcciEdits {

    /** One procedure-to-procedure edit. */
    public record Ptp(
            String column1,
            String column2,
            LocalDate effective,
            LocalDate deleted,
            int modifierIndicator) {

        /** In force on the date of service: from its effective date, until its deletion date. */
        boolean activeOn(LocalDate dos) {
            return !dos.isBefore(effective) && (deleted == null || dos.isBefore(deleted));
        }
    }

    /**
     * One medically unlikely edit.
     *
     * @param adjudicationIndicator 1 per line; 2 (policy) and 3 (clinical) per date of service
     */
    public record Mue(String code, int value, int adjudicationIndicator) {}

    /** A file that cannot be used, with where. */
    public static final class MalformedFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String file;
        private final int line;

        MalformedFile(String file, int line, String reason) {
            super(file + (line > 0 ? ":" + line : "") + ": " + reason);
            this.file = file;
            this.line = line;
        }

        public String file() {
            return file;
        }

        public int line() {
            return line;
        }
    }

    static final List<String> PTP_COLUMNS =
            List.of(
                    "Column 1",
                    "Column 2",
                    "Effective Date",
                    "Deletion Date",
                    "Modifier Indicator");
    static final List<String> MUE_COLUMNS =
            List.of("HCPCS/CPT Code", "MUE Value", "MUE Adjudication Indicator");

    private static final Pattern CODE = Pattern.compile("[0-9]{4}[0-9A-Z]|[A-Z][0-9]{4}");
    private static final Pattern FILE_NAME = Pattern.compile(".*\\.(txt|csv|tsv)");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("MM/dd/uuuu");

    /** column 1 → column 2 → its edits (a pair may have several, over time) */
    private final Map<String, Map<String, List<Ptp>>> ptp;

    private final Map<String, Mue> mue;
    private final int ptpCount;

    private NcciEdits(Map<String, Map<String, List<Ptp>>> ptp, Map<String, Mue> mue, int count) {
        this.ptp = ptp;
        this.mue = mue;
        this.ptpCount = count;
    }

    /** No edits. */
    public static NcciEdits none() {
        return new NcciEdits(Map.of(), Map.of(), 0);
    }

    /**
     * Every PTP and MUE file in {@code dir} (not its subfolders), by name.
     *
     * @throws MalformedFile naming the file and line of the first problem
     */
    public static NcciEdits load(Path dir) {
        if (!Files.isDirectory(dir))
            throw new MalformedFile(dir.toString(), 0, "the NCCI folder does not exist");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        Map<String, Map<String, List<Ptp>>> ptp = new HashMap<>();
        Map<String, Mue> mue = new HashMap<>();
        int count = 0;
        for (Path f : files) {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.startsWith(".") || !FILE_NAME.matcher(name).matches()) continue;
            boolean isPtp = name.contains("ptp");
            boolean isMue = name.contains("mue");
            if (isPtp && isMue)
                throw new MalformedFile(
                        f.toString(), 0, "the name says both PTP and MUE: rename it to say one");
            if (isPtp) count += readPtp(f, ptp);
            else if (isMue) readMue(f, mue);
        }
        return new NcciEdits(ptp, mue, count);
    }

    public int ptpCount() {
        return ptpCount;
    }

    public int mueCount() {
        return mue.size();
    }

    /** The edits with this column-1 code, by column-2 code; empty when none. */
    Map<String, List<Ptp>> ptpWithColumn1(String code) {
        return ptp.getOrDefault(code, Map.of());
    }

    Mue mue(String code) {
        return mue.get(code);
    }

    private static int readPtp(Path f, Map<String, Map<String, List<Ptp>>> into) {
        int[] n = {0};
        read(
                f,
                PTP_COLUMNS,
                (line, c) -> {
                    String col1 = code(f, line, c.get(0), "Column 1");
                    String col2 = code(f, line, c.get(1), "Column 2");
                    LocalDate effective = date(f, line, c.get(2), "Effective Date");
                    if (effective == null)
                        throw new MalformedFile(f.toString(), line, "Effective Date is empty");
                    LocalDate deleted = date(f, line, c.get(3), "Deletion Date");
                    int indicator =
                            switch (c.get(4)) {
                                case "0" -> 0;
                                case "1" -> 1;
                                case "9" -> 9;
                                default ->
                                        throw new MalformedFile(
                                                f.toString(),
                                                line,
                                                "Modifier Indicator must be 0, 1 or 9, not '"
                                                        + c.get(4)
                                                        + "'");
                            };
                    into.computeIfAbsent(col1, k -> new HashMap<>())
                            .computeIfAbsent(col2, k -> new ArrayList<>(1))
                            .add(new Ptp(col1, col2, effective, deleted, indicator));
                    n[0]++;
                });
        return n[0];
    }

    private static void readMue(Path f, Map<String, Mue> into) {
        read(
                f,
                MUE_COLUMNS,
                (line, c) -> {
                    String code = code(f, line, c.get(0), "HCPCS/CPT Code");
                    int value;
                    try {
                        value = Integer.parseInt(c.get(1));
                    } catch (NumberFormatException e) {
                        value = -1;
                    }
                    if (value < 0)
                        throw new MalformedFile(
                                f.toString(),
                                line,
                                "MUE Value must be a whole number of 0 or more, not '"
                                        + c.get(1)
                                        + "'");
                    // CMS writes the indicator with its meaning, e.g. "2 Date of Service Edit:
                    // Policy": the leading digit is the indicator
                    String mai = c.get(2);
                    char d = mai.isEmpty() ? ' ' : mai.charAt(0);
                    if (d < '1' || d > '3' || mai.length() > 1 && Character.isDigit(mai.charAt(1)))
                        throw new MalformedFile(
                                f.toString(),
                                line,
                                "MUE Adjudication Indicator must be 1, 2 or 3, not '" + mai + "'");
                    Mue before = into.put(code, new Mue(code, value, d - '0'));
                    if (before != null)
                        throw new MalformedFile(f.toString(), line, "a second MUE row for " + code);
                });
    }

    private interface Row {
        void accept(int line, List<String> columns);
    }

    private static void read(Path f, List<String> expected, Row row) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            Character delimiter = null;
            while ((text = r.readLine()) != null) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                if (text.isBlank()) continue;
                if (delimiter == null) {
                    delimiter = text.indexOf('\t') >= 0 ? '\t' : ',';
                    header(f, line, split(f, line, text, delimiter), expected);
                    continue;
                }
                List<String> fields = split(f, line, text, delimiter);
                if (fields.size() < expected.size())
                    throw new MalformedFile(
                            f.toString(),
                            line,
                            expected.size()
                                    + " columns expected ("
                                    + String.join(", ", expected)
                                    + "), found "
                                    + fields.size());
                row.accept(line, fields);
            }
            if (delimiter == null)
                throw new MalformedFile(
                        f.toString(),
                        0,
                        "the file is empty: a header row is needed ("
                                + String.join(", ", expected)
                                + ")");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedFile(f.toString(), 0, "not UTF-8 or ASCII text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private static void header(Path f, int line, List<String> found, List<String> expected) {
        boolean ok = found.size() >= expected.size();
        for (int i = 0; ok && i < expected.size(); i++)
            ok = normalized(found.get(i)).equals(normalized(expected.get(i)));
        if (!ok)
            throw new MalformedFile(
                    f.toString(),
                    line,
                    "the header row must name the columns "
                            + String.join(", ", expected)
                            + " first, in that order; found "
                            + String.join(", ", found));
    }

    private static String normalized(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Tab- or comma-separated fields, stripped; a field may be quoted ("", a quote). */
    static List<String> split(Path f, int line, String text, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else quoted = false;
                } else field.append(ch);
            } else if (ch == '"' && field.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (ch == delimiter) {
                out.add(field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else field.append(ch);
        }
        if (quoted) throw new MalformedFile(f.toString(), line, "a quoted field is not closed");
        out.add(field.toString().strip());
        return out;
    }

    private static String code(Path f, int line, String value, String column) {
        String c = value.toUpperCase(Locale.ROOT);
        if (!CODE.matcher(c).matches())
            throw new MalformedFile(
                    f.toString(),
                    line,
                    column + " '" + value + "' is not a procedure code (CPT or HCPCS Level II)");
        return c;
    }

    /** yyyyMMdd (as CMS writes it), yyyy-MM-dd or MM/dd/yyyy; empty or {@code *} is none. */
    private static LocalDate date(Path f, int line, String value, String column) {
        if (value.isEmpty() || value.equals("*")) return null;
        try {
            if (value.length() == 8 && value.chars().allMatch(Character::isDigit))
                return LocalDate.parse(value, COMPACT);
            if (value.contains("/")) return LocalDate.parse(value, US);
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedFile(
                    f.toString(),
                    line,
                    column + " '" + value + "' is not a date (yyyyMMdd, yyyy-MM-dd or MM/dd/yyyy)");
        }
    }
}
