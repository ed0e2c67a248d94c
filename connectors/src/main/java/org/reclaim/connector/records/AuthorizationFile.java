package org.reclaim.connector.records;

import java.util.List;

/**
 * What {@code authorizations.csv} holds: the rows that could be read, and one problem per row (or
 * header) that could not, e.g. {@code "line 4: 'to' is not a date: 2026-13-01"}. A bad row does not
 * hide the good ones.
 */
public record AuthorizationFile(List<AuthorizationOnFile> rows, List<String> problems) {

    public AuthorizationFile {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }
}
