package org.reclaim.x12.write;

import java.util.List;

/**
 * A writer's own output failed {@link WrittenFileCheck}: a bug in the writer or input it should
 * have refused, never something to send. (Input a writer refuses up front is an {@link
 * IllegalArgumentException}.)
 */
public final class X12WriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> failures;

    public X12WriteException(String type, List<String> failures) {
        super("written " + type + " fails its check: " + String.join("; ", failures));
        this.failures = List.copyOf(failures);
    }

    public X12WriteException(String message, Throwable cause) {
        super(message, cause);
        this.failures = List.of(message);
    }

    public List<String> failures() {
        return failures;
    }
}
