package org.reclaim.ingest;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.reclaim.ReclaimApplication;
import org.reclaim.practice.Practices;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The database half of the {@code benchmark} command: stores each file through the real ingestion
 * path (parse, identify, COPY, link; one database transaction per file) into a throw-away embedded
 * PostgreSQL, and prints claims/s and denials/s. Figures, not a pass/fail test.
 */
public final class IngestBenchmark {

    private IngestBenchmark() {
    }

    public static void run(List<Path> files, PrintStream out) throws Exception {
        out.println("ingest into PostgreSQL (throw-away embedded server, one transaction per file):");
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ReclaimApplication.class)
                .web(WebApplicationType.NONE)
                .properties("reclaim.db.ephemeral=true", "reclaim.inbox.enabled=false", "logging.level.root=warn",
                        "logging.level.org.reclaim=warn")
                .run()) {
            IngestService ingest = ctx.getBean(IngestService.class);
            for (Path f : files) {
                long bytes = Files.size(f);
                resetPeak();
                long t0 = System.nanoTime();
                IngestResult r = ingest.ingest(f, f.getFileName().toString(), "upload", Practices.DEFAULT_ID).block();
                double s = (System.nanoTime() - t0) / 1e9;
                out.printf("  %-40s %8.1f MB  %6.2f s  %9.0f claims/s  %9.0f denials/s  %7.1f MB/s  "
                                + "(%d claims, %d lines, %d adjustments, %d denials; peak heap %d MB)%n",
                        f.getFileName(), bytes / 1e6, s, r.claimPayments() / s, r.denials() / s, bytes / 1e6 / s,
                        r.claimPayments(), r.serviceLines(), r.adjustments(), r.denials(), peakHeapMb());
            }
        }
    }

    private static void resetPeak() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum / (1024 * 1024);
    }
}
