package org.reclaim.billing.web;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;

/**
 * An invoice as CSV (RFC 4180: comma separated, CRLF line ends, a field holding a comma, quote or
 * line break is quoted and its quotes doubled): a header, one row per line, then a total row.
 *
 * <p>Text that came from outside (claim numbers, payer names) and starts with {@code = + - @}, a
 * tab, a carriage return or NUL is prefixed with a single quote, so a spreadsheet shows it as text
 * instead of running it as a formula (OWASP ASVS 5.0 requirement 1.2.10, "CSV and formula
 * injection").
 */
final class InvoiceCsv {

    static final String HEADER =
            "invoice,month,status,patient_control_number,payer_claim_number,payer_id,payer_name,"
                    + "resolved_on,recovered,fee";

    private InvoiceCsv() {}

    static String of(InvoiceDetail invoice) {
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        String number = invoice.number() == null ? "DRAFT" : invoice.number();
        for (InvoiceLineView l : invoice.lines()) {
            row(
                    b,
                    text(number),
                    invoice.month(),
                    invoice.status().name(),
                    text(l.patientControlNumber()),
                    text(l.payerClaimNumber()),
                    text(l.payerId()),
                    text(l.payerName()),
                    l.resolvedAt().format(DateTimeFormatter.ISO_LOCAL_DATE),
                    money(l.recovered()),
                    money(l.fee()));
        }
        row(
                b,
                text(number),
                invoice.month(),
                invoice.status().name(),
                "TOTAL",
                "",
                "",
                "",
                "",
                money(invoice.totalRecovered()),
                money(invoice.totalFee()));
        return b.toString();
    }

    private static void row(StringBuilder b, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) b.append(',');
            b.append(quote(fields[i]));
        }
        b.append("\r\n");
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0
                && field.indexOf('"') < 0
                && field.indexOf('\n') < 0
                && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Outside text, neutralised for spreadsheets; null as empty. */
    static String text(String value) {
        if (value == null || value.isEmpty()) return "";
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\0'
                ? "'" + value
                : value;
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }
}
