package org.reclaim.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.billing.InvoiceStatus;

/**
 * The CSV form of an invoice: RFC 4180 quoting, a total row, and no formula a spreadsheet would
 * run.
 */
class InvoiceCsvTest {

    static InvoiceLineView line(String pcn, String payerName, String recovered, String fee) {
        return new InvoiceLineView(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                pcn,
                "PCN-9",
                "87726",
                payerName,
                OffsetDateTime.parse("2025-01-15T10:00:00Z"),
                new BigDecimal(recovered),
                new BigDecimal(fee));
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndQuotesDoubled() {
        assertThat(InvoiceCsv.quote("plain")).isEqualTo("plain");
        assertThat(InvoiceCsv.quote("Health, Inc.")).isEqualTo("\"Health, Inc.\"");
        assertThat(InvoiceCsv.quote("The \"Best\" Plan")).isEqualTo("\"The \"\"Best\"\" Plan\"");
        assertThat(InvoiceCsv.quote("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(InvoiceCsv.quote("cr\rhere")).isEqualTo("\"cr\rhere\"");
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsMadeText() {
        for (String formula : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(InvoiceCsv.text(formula)).as(formula).isEqualTo("'" + formula);
        }
        assertThat(InvoiceCsv.text("ACME")).isEqualTo("ACME");
        assertThat(InvoiceCsv.text(null)).isEmpty();
    }

    @Test
    void oneRowPerLineThenTheTotalRow() {
        InvoiceDetail invoice =
                new InvoiceDetail(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        "DEFAULT-00003",
                        "2025-01",
                        InvoiceStatus.ISSUED,
                        2,
                        new BigDecimal("150.25"),
                        new BigDecimal("8.00"),
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                line("A1", "Payer, \"One\"", "100.25", "4.00"),
                                line("=HYPERLINK()", "Two", "50.00", "4.00")));

        String csv = InvoiceCsv.of(invoice);

        assertThat(csv.split("\r\n", -1))
                .containsExactly(
                        InvoiceCsv.HEADER,
                        "DEFAULT-00003,2025-01,ISSUED,A1,PCN-9,87726,\"Payer, \"\"One\"\"\",2025-01-15,100.25,4.00",
                        "DEFAULT-00003,2025-01,ISSUED,'=HYPERLINK(),PCN-9,87726,Two,2025-01-15,50.00,4.00",
                        "DEFAULT-00003,2025-01,ISSUED,TOTAL,,,,,150.25,8.00",
                        "");
    }
}
