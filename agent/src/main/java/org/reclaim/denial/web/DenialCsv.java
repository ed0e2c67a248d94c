package org.reclaim.denial.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import org.reclaim.denial.DenialView;
import org.reclaim.denial.NextMove;

/**
 * A list of denials as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break
 * quoted, quotes doubled). A text cell that a spreadsheet would run as a formula (starting with
 * {@code = + - @}, a tab or a carriage return, as OWASP's "CSV Injection" page lists them) is
 * written with a leading apostrophe, so it is shown as text; plain numbers are written as they are.
 */
final class DenialCsv {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    static final List<String> HEADER =
            List.of(
                    "id",
                    "practice_id",
                    "claim",
                    "payer_claim_number",
                    "line",
                    "procedure",
                    "service_date",
                    "payer_id",
                    "payer_name",
                    "category",
                    "carc",
                    "status",
                    "next_move",
                    "amount",
                    "expected_recovery",
                    "priority",
                    "deadline",
                    "days_left",
                    "assignee",
                    "escalation_reason",
                    "escalation_todo");

    private DenialCsv() {}

    static String of(List<DenialView> rows) {
        StringBuilder b = new StringBuilder();
        line(b, HEADER);
        for (DenialView d : rows) {
            NextMove owner = NextMove.of(d.status());
            line(
                    b,
                    java.util.Arrays.asList(
                            str(d.id()),
                            str(d.practiceId()),
                            d.patientControlNumber(),
                            d.payerClaimNumber(),
                            str(d.line()),
                            d.procedure(),
                            str(d.serviceDate()),
                            d.payer().id(),
                            d.payer().name(),
                            d.category(),
                            d.carc(),
                            d.status(),
                            owner == null ? null : owner.name(),
                            money(d.amount()),
                            money(d.expectedRecovery()),
                            money(d.priority()),
                            str(d.deadline()),
                            str(d.daysLeft()),
                            d.assignee(),
                            d.escalation() == null ? null : d.escalation().reason(),
                            d.escalation() == null ? null : d.escalation().todo()));
        }
        return b.toString();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String money(BigDecimal v) {
        return v == null ? null : v.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static void line(StringBuilder b, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) b.append(',');
            b.append(cell(cells.get(i)));
        }
        b.append("\r\n");
    }

    /** One field: formulas neutralised, then quoted when it must be. */
    static String cell(String v) {
        if (v == null) return "";
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !NUMBER.matcher(s).matches())
            s = "'" + s;
        if (s.indexOf(',') >= 0
                || s.indexOf('"') >= 0
                || s.indexOf('\n') >= 0
                || s.indexOf('\r') >= 0) s = '"' + s.replace("\"", "\"\"") + '"';
        return s;
    }
}
