package org.reclaim.core;

import java.nio.file.Path;

/**
 * One thing {@code benchmark} times over a whole file. The built-in stages read files; the service
 * adds its database-ingest stage by implementing this interface and listing the class in {@code
 * META-INF/services/org.reclaim.core.BenchmarkStage} (or by passing it to {@link
 * BenchmarkCommand#BenchmarkCommand(java.util.List)}).
 */
public interface BenchmarkStage {

    /** Short label for the report, e.g. "database ingest". */
    String name();

    /** What {@link #run} counts, e.g. "claims". */
    String unit();

    /** Processes the whole file once and returns how many {@link #unit}s it processed. */
    long run(Path file) throws Exception;

    /** Called once after the last run of this stage on a file (e.g. to empty a database). */
    default void reset() throws Exception {}
}
