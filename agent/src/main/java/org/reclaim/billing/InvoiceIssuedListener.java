package org.reclaim.billing;

import reactor.core.publisher.Mono;

/**
 * Told of every {@link InvoiceIssued}, inside the transaction that issues the invoice, so what it
 * writes commits or rolls back with it.
 */
public interface InvoiceIssuedListener {

    Mono<Void> issued(InvoiceIssued event);
}
