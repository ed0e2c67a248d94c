package org.reclaim.billing;

/**
 * Where an invoice is in its life: {@code DRAFT → ISSUED → PAID}, nothing else. A draft still takes
 * new lines; an issued or paid invoice never changes (V6__invoices.sql enforces the same in the
 * database).
 */
public enum InvoiceStatus {
    DRAFT,
    ISSUED,
    PAID;

    public boolean canMoveTo(InvoiceStatus next) {
        return (this == DRAFT && next == ISSUED) || (this == ISSUED && next == PAID);
    }
}
