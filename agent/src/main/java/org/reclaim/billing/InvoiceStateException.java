package org.reclaim.billing;

import java.util.UUID;

/** A move the invoice's lifecycle refuses (e.g. paying a draft, issuing twice): HTTP 409. */
public class InvoiceStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvoiceStateException(UUID invoice, InvoiceStatus from, InvoiceStatus to) {
        super(
                "invoice "
                        + invoice
                        + " is "
                        + from
                        + ": it cannot become "
                        + to
                        + " (only DRAFT → ISSUED → PAID)");
    }
}
