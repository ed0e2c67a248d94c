package org.reclaim.x12.internal;

/** Turns the segments of one transaction (ST … SE) into records for the handler. */
public interface TransactionMapper {

    /** Every segment of the transaction, ST and SE included. */
    public void segment(Segment s);

    /** The transaction ended: {@code closed} is false when it had no SE (truncated file). */
    public void end(boolean closed);

    public TransactionMapper IGNORE =
            new TransactionMapper() {
                @Override
                public void segment(Segment s) {}

                @Override
                public void end(boolean closed) {}
            };
}
