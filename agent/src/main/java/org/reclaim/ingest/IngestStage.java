package org.reclaim.ingest;

import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.reclaim.ReclaimApplication;
import org.reclaim.core.BenchmarkStage;
import org.reclaim.core.Ids;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The {@code benchmark} command's database stage: parse + identify + store (COPY, one database
 * transaction per file, links) into a throw-away embedded PostgreSQL, through the real {@link
 * IngestService}. Each run stores into a fresh practice so that no run is a duplicate of the one
 * before. The service starts on the first run, so that run's figure includes start-up: read the
 * median.
 */
public final class IngestStage implements BenchmarkStage {

    private ConfigurableApplicationContext context;

    @Override
    public String name() {
        return "database ingest";
    }

    @Override
    public String unit() {
        return "claims";
    }

    @Override
    public long run(Path file) {
        if (context == null) {
            context =
                    new SpringApplicationBuilder(ReclaimApplication.class)
                            .web(WebApplicationType.NONE)
                            .properties(
                                    "reclaim.db.ephemeral=true",
                                    "reclaim.inbox.enabled=false",
                                    "logging.level.root=warn",
                                    "logging.level.org.reclaim=warn")
                            .run();
        }
        UUID practice = Ids.next();
        context.getBean(DatabaseClient.class)
                .sql("INSERT INTO practice (id, slug, name) VALUES (:id, :slug, 'benchmark')")
                .bind("id", practice)
                .bind("slug", "bench-" + practice.toString().substring(24))
                .fetch()
                .rowsUpdated()
                .block();
        long t0 = System.nanoTime();
        IngestResult r =
                context.getBean(IngestService.class)
                        .ingest(file, file.getFileName().toString(), "upload", practice)
                        .block();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "    ingest: %d claims, %d lines, %d adjustments, %d denials in %.2f s"
                        + " = %.0f claims/s, %.0f denials/s%n",
                r.claimPayments(),
                r.serviceLines(),
                r.adjustments(),
                r.denials(),
                s,
                r.claimPayments() / s,
                r.denials() / s);
        return r.claimPayments();
    }

    @Override
    public void reset() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
