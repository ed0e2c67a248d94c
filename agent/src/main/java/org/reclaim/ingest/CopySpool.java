package org.reclaim.ingest;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.reclaim.common.Money;

/**
 * Rows for one table in PostgreSQL's COPY text format, spooled to a temporary file so that a file of
 * any size is stored in constant memory. Values are escaped per the COPY text rules (backslash, tab,
 * newline, carriage return); null is {@code \N}; arrays are written as quoted array literals.
 */
final class CopySpool implements Closeable {

    final String table;
    final String columns;
    private final Path path;
    private final BufferedWriter out;
    private final StringBuilder row = new StringBuilder(256);
    private long rows;
    private boolean first = true;

    CopySpool(Path dir, String table, String columns) {
        this.table = table;
        this.columns = columns;
        try {
            this.path = Files.createTempFile(dir, table + "-", ".copy");
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String copySql() {
        return "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    Path path() {
        return path;
    }

    long rows() {
        return rows;
    }

    CopySpool add(String value) {
        sep();
        if (value == null) {
            row.append("\\N");
        } else {
            escape(value);
        }
        return this;
    }

    CopySpool add(UUID value) {
        sep();
        if (value == null) row.append("\\N");
        else row.append(value);
        return this;
    }

    CopySpool add(Money value) {
        sep();
        if (value == null) row.append("\\N");
        else row.append(value);
        return this;
    }

    CopySpool add(long value) {
        sep();
        row.append(value);
        return this;
    }

    CopySpool add(Integer value) {
        sep();
        if (value == null) row.append("\\N");
        else row.append(value.intValue());
        return this;
    }

    CopySpool add(boolean value) {
        sep();
        row.append(value ? 't' : 'f');
        return this;
    }

    /** A date PostgreSQL cannot hold (year 0, five-digit years from a garbled file) is stored as unknown. */
    CopySpool add(LocalDate value) {
        sep();
        if (value == null || value.getYear() < 1 || value.getYear() > 9999) row.append("\\N");
        else row.append(value);
        return this;
    }

    CopySpool add(java.math.BigDecimal value) {
        sep();
        if (value == null) row.append("\\N");
        else row.append(value.toPlainString());
        return this;
    }

    /** A text[] (or int[]) value: {"a","b"} with array quoting, then COPY escaping. */
    CopySpool addArray(Collection<?> values) {
        sep();
        if (values == null) {
            row.append("\\N");
            return this;
        }
        StringBuilder literal = new StringBuilder(16).append('{');
        boolean firstItem = true;
        for (Object v : values) {
            if (!firstItem) literal.append(',');
            firstItem = false;
            if (v == null) {
                literal.append("NULL");
                continue;
            }
            literal.append('"');
            String s = v.toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') literal.append('\\');
                literal.append(c);
            }
            literal.append('"');
        }
        escape(literal.append('}'));
        return this;
    }

    void endRow() {
        row.append('\n');
        try {
            out.append(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        row.setLength(0);
        first = true;
        rows++;
    }

    private void sep() {
        if (!first) row.append('\t');
        first = false;
    }

    private void escape(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                case '\0' -> { } // PostgreSQL text cannot hold NUL; X12 text never needs it
                default -> row.append(c);
            }
        }
    }

    void finish() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already failing or done; the file is deleted next
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
