package org.reclaim.x12;

/** Turns the segments of one transaction (ST … SE) into records for the handler. */
interface TransactionMapper {

    /** Every segment of the transaction, ST and SE included. */
    void segment(Segment s);

    /** The transaction ended: {@code closed} is false when it had no SE (truncated file). */
    void end(boolean closed);

    TransactionMapper IGNORE = new TransactionMapper() {
        @Override
        public void segment(Segment s) {
        }

        @Override
        public void end(boolean closed) {
        }
    };
}
