package org.reclaim.x12;

import java.io.IOException;
import java.io.InputStream;

/**
 * The one entry point for reading X12: streams a whole file through the tokenizer and the mapper of
 * each transaction's type (835 → remittances, 837P/I → submitted claims, 999/997/277CA →
 * acknowledgments), calling the handler as pieces complete. Never throws for bad content: problems
 * are reported as data; only an {@link IOException} from the stream itself escapes.
 */
public final class X12Files {

    /** Problems kept in a {@link FileReport}; more are counted, and still passed to the handler. */
    public static final int MAX_PROBLEMS = 1000;

    private X12Files() {
    }

    public static FileReport read(InputStream in, X12Handler handler) throws IOException {
        throw new UnsupportedOperationException("not yet written");
    }
}
