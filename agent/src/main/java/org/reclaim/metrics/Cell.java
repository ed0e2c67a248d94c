package org.reclaim.metrics;

import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One row of a metrics query: its place on the axes (payer, month, category, as-of date; null where
 * the query does not split by it) and named sums. Every sum is additive, so any breakdown is the
 * sum of the cells that fall in it.
 */
record Cell(
        String payerId, String payerName, String month, String category, String asOf, Sums sums) {

    private static final Set<String> AXES =
            Set.of("payer_id", "payer_name", "month", "category", "as_of");

    static Cell read(Row row, RowMetadata meta) {
        Map<String, String> axes = new HashMap<>();
        Sums sums = new Sums();
        for (ColumnMetadata c : meta.getColumnMetadatas()) {
            String name = c.getName();
            if (AXES.contains(name)) {
                axes.put(name, row.get(name, String.class));
            } else {
                Object v = row.get(name);
                sums.add(
                        name,
                        v == null
                                ? BigDecimal.ZERO
                                : v instanceof BigDecimal b ? b : new BigDecimal(v.toString()));
            }
        }
        return new Cell(
                axes.get("payer_id"),
                axes.get("payer_name"),
                axes.get("month"),
                axes.get("category"),
                axes.get("as_of"),
                sums);
    }

    /** Sums by name, missing ones zero. */
    static final class Sums {

        static final Sums NONE = new Sums();

        private final Map<String, BigDecimal> values = new HashMap<>();

        Sums add(String name, BigDecimal v) {
            values.merge(name, v, BigDecimal::add);
            return this;
        }

        Sums add(Sums other) {
            other.values.forEach(this::add);
            return this;
        }

        BigDecimal get(String name) {
            return values.getOrDefault(name, BigDecimal.ZERO);
        }

        long count(String name) {
            return get(name).longValueExact();
        }

        static Sums total(Iterable<Cell> cells) {
            Sums s = new Sums();
            for (Cell c : cells) s.add(c.sums());
            return s;
        }
    }
}
