package org.reclaim.metrics.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.core.BadRequestException;
import org.reclaim.metrics.Formats;
import org.reclaim.metrics.MetricsReport;
import org.reclaim.metrics.MetricsReport.CodeRow;
import org.reclaim.metrics.MetricsReport.Rate;
import org.reclaim.metrics.MetricsReport.Row;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The dashboard's tables, one model for the page (the text behind each chart) and for the CSV
 * export: each cell has its displayed text, its raw CSV value and, where the worklist can show the
 * denials behind it, a link to the filtered worklist.
 */
final class DashboardTables {

    /** A cell: {@code text} as shown, {@code csv} as exported, {@code href} or null. */
    record Cell(String text, String csv, String href, boolean num) {
        static Cell text(String s) {
            return new Cell(s, s, null, false);
        }

        static Cell link(String s, String href) {
            return new Cell(s, s, href, false);
        }

        static Cell count(long n) {
            return new Cell(Long.toString(n), Long.toString(n), null, true);
        }

        static Cell money(BigDecimal v) {
            return new Cell(Formats.money(v), v == null ? "" : v.toPlainString(), null, true);
        }

        static Cell rate(Rate r) {
            return r == null
                    ? new Cell(Formats.NONE, "", null, true)
                    : new Cell(
                            r.formatted(),
                            r.value() == null ? "" : r.value().toPlainString(),
                            null,
                            true);
        }
    }

    /** A table: caption, displayed headers, CSV headers (same order), rows. */
    record Table(
            String id,
            String caption,
            List<String> headers,
            List<String> csvHeaders,
            List<List<Cell>> rows) {}

    static final List<String> NAMES =
            List.of("recovery", "month", "payer", "category", "aging", "carc", "rarc");

    private DashboardTables() {}

    static Map<String, Table> of(MetricsReport r) {
        Map<String, Table> t = new LinkedHashMap<>();
        t.put("recovery", recovery(r));
        t.put("month", months(r));
        t.put("payer", payers(r));
        t.put("category", categories(r));
        t.put("aging", aging(r));
        t.put("carc", codes("carc", "Top adjustment reason codes (CARC)", "CARC", r.topCarc()));
        t.put("rarc", codes("rarc", "Top remark codes (RARC)", "RARC", r.topRarc()));
        return t;
    }

    /** The name checked: one of {@link #NAMES}. */
    static String name(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new BadRequestException(
                    "table must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
        }
        return name;
    }

    static Table table(MetricsReport r, String name) {
        return of(r).get(name(name));
    }

    private static Table recovery(MetricsReport r) {
        List<List<Cell>> rows = new ArrayList<>();
        for (MetricsReport.MonthRecovery m : r.recoveryByMonth()) {
            rows.add(
                    List.of(
                            Cell.text(m.month()),
                            Cell.count(m.denials()),
                            Cell.money(m.recovered()),
                            Cell.money(m.fees())));
        }
        return new Table(
                "recovery",
                "Recovered by the month the payment arrived",
                List.of("Month paid", "Denials resolved", "Recovered", "Fees"),
                List.of("month", "denials", "recovered", "fees"),
                rows);
    }

    private static Table months(MetricsReport r) {
        List<List<Cell>> rows = new ArrayList<>();
        for (Row m : r.byMonth()) {
            rows.add(
                    List.of(
                            Cell.text(m.name()),
                            Cell.rate(m.metrics().denialRate().count()),
                            Cell.rate(m.metrics().cleanClaimRate()),
                            Cell.rate(m.metrics().firstPassYield())));
        }
        return new Table(
                "month",
                "Rates by month",
                List.of("Month", "Denial rate", "Clean claim rate", "First-pass yield"),
                List.of("month", "denial_rate", "clean_claim_rate", "first_pass_yield"),
                rows);
    }

    private static Table payers(MetricsReport r) {
        List<List<Cell>> rows = new ArrayList<>();
        for (Row p : r.byPayer()) {
            var m = p.metrics();
            rows.add(
                    List.of(
                            Cell.link(p.name(), worklist("payer", p.key())),
                            Cell.text(p.key()),
                            Cell.count(m.denialRate().count().numerator().longValue()),
                            Cell.count(m.denialRate().count().denominator().longValue()),
                            Cell.rate(m.denialRate().count()),
                            Cell.money(m.denialRate().dollars().numerator()),
                            Cell.money(m.agent().recovered()),
                            Cell.rate(m.overturnRate())));
        }
        return new Table(
                "payer",
                "Denied and recovered dollars by payer",
                List.of(
                        "Payer",
                        "Payer id",
                        "Denied claims",
                        "Adjudicated claims",
                        "Denial rate",
                        "Denied",
                        "Recovered",
                        "Overturn rate"),
                List.of(
                        "payer",
                        "payer_id",
                        "denied_claims",
                        "adjudicated_claims",
                        "denial_rate",
                        "denied_dollars",
                        "recovered",
                        "overturn_rate"),
                rows);
    }

    private static Table categories(MetricsReport r) {
        List<List<Cell>> rows = new ArrayList<>();
        for (Row c : r.byCategory()) {
            var m = c.metrics();
            // the worklist filters by the categories triage assigns; untriaged denials have none
            String href = "UNTRIAGED".equals(c.key()) ? null : worklist("category", c.key());
            rows.add(
                    List.of(
                            new Cell(c.name(), c.key(), href, false),
                            Cell.count(m.agent().denials()),
                            Cell.money(m.denialRate().dollars().numerator()),
                            Cell.money(m.agent().recovered()),
                            Cell.rate(m.overturnRate())));
        }
        return new Table(
                "category",
                "Denied and recovered dollars by category",
                List.of(
                        "Category",
                        "Denials",
                        "Denied (first adjudications)",
                        "Recovered",
                        "Overturn rate"),
                List.of("category", "denials", "denied_dollars", "recovered", "overturn_rate"),
                rows);
    }

    private static Table aging(MetricsReport r) {
        List<List<Cell>> rows = new ArrayList<>();
        for (MetricsReport.AgingBucket b : r.aging()) {
            rows.add(
                    List.of(
                            new Cell(b.bucket(), b.bucket(), null, false),
                            new Cell(
                                    Integer.toString(b.fromDays()),
                                    Integer.toString(b.fromDays()),
                                    null,
                                    true),
                            new Cell(
                                    b.toDays() == null ? "—" : Integer.toString(b.toDays()),
                                    b.toDays() == null ? "" : Integer.toString(b.toDays()),
                                    null,
                                    true),
                            Cell.count(b.denials()),
                            Cell.money(b.dollars())));
        }
        return new Table(
                "aging",
                "Open denials by days since the denial (as of today)",
                List.of("Age", "From day", "To day", "Open denials", "Amount"),
                List.of("bucket", "from_days", "to_days", "denials", "dollars"),
                rows);
    }

    private static Table codes(String id, String caption, String kind, List<CodeRow> codes) {
        List<List<Cell>> rows = new ArrayList<>();
        for (CodeRow c : codes) {
            rows.add(
                    List.of(
                            Cell.text(c.code()),
                            Cell.count(c.denials()),
                            Cell.money(c.dollars()),
                            Cell.count(c.appeals().appealed()),
                            Cell.count(c.appeals().overturned()),
                            Cell.count(c.appeals().decided()),
                            Cell.rate(c.overturnRate())));
        }
        return new Table(
                id,
                caption,
                List.of(
                        kind,
                        "Denials",
                        "Dollars",
                        "Appealed",
                        "Overturned",
                        "Decided",
                        "Overturn rate"),
                List.of(
                        "code",
                        "denials",
                        "dollars",
                        "appealed",
                        "overturned",
                        "decided",
                        "overturn_rate"),
                rows);
    }

    static String worklist(String param, String value) {
        return UriComponentsBuilder.fromPath("/worklist")
                .queryParam(param, value)
                .encode()
                .build()
                .toUriString();
    }

    /**
     * RFC 4180 CSV (CRLF line ends); a cell that a spreadsheet would run as a formula is quoted as
     * text.
     */
    static String csv(Table t) {
        StringBuilder out = new StringBuilder();
        line(out, t.csvHeaders());
        for (List<Cell> row : t.rows()) line(out, row.stream().map(Cell::csv).toList());
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            out.append(field(cells.get(i)));
        }
        out.append("\r\n");
    }

    private static String field(String v) {
        if (v == null) return "";
        String s = v;
        // OWASP "CSV injection": a leading =, +, - or @ is prefixed with ' unless it is a number
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9.]+"))
            s = "'" + s;
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
