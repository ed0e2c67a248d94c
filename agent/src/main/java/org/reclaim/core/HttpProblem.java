package org.reclaim.core;

import java.util.Map;

/**
 * An exception that knows how the HTTP API reports it (status, title and extra fields of its {@code
 * application/problem+json} body). Features implement it on their own exceptions, so the one error
 * handler ({@code core.web.Problems}) needs to know none of them.
 */
public interface HttpProblem {

    int status();

    String title();

    String getMessage();

    /**
     * Extra members of the problem document, e.g. {@code segment}/{@code offset} or {@code
     * file}/{@code line}.
     */
    default Map<String, Object> properties() {
        return Map.of();
    }
}
