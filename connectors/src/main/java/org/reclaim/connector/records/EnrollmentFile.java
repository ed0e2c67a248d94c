package org.reclaim.connector.records;

import java.util.List;

/**
 * What {@code enrollments.csv} holds: the rows that could be read, and one problem per row (or
 * header) that could not, e.g. {@code "line 3: 'status' is not one of ENROLLED, PENDING,
 * TERMINATED, DENIED: ACTIVE?"}. A bad row does not hide the good ones.
 */
public record EnrollmentFile(List<EnrollmentOnFile> rows, List<String> problems) {

    public EnrollmentFile {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    static final EnrollmentFile NONE = new EnrollmentFile(List.of(), List.of());
}
