package org.reclaim.inbox;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.ingest.IngestService;
import org.reclaim.ingest.UnreadableFileException;
import org.reclaim.practice.Practices;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * With {@code reclaim.seed-samples=true} (the README's run command), stores the public sample files
 * bundled in the jar ({@code samples/}, sources and licences in its SOURCES.tsv) into the {@code
 * default} practice: claims first, then acknowledgments, then remittances, so links show. Stored
 * samples are recognised as duplicates on the next start.
 */
@Component
class SampleSeeder {

    private static final Logger log = LoggerFactory.getLogger(SampleSeeder.class);

    private final ReclaimProperties props;
    private final IngestService ingest;
    private final DatabaseClient db;
    private final TriageService triage;

    SampleSeeder(
            ReclaimProperties props,
            IngestService ingest,
            DatabaseClient db,
            TriageService triage) {
        this.props = props;
        this.ingest = ingest;
        this.db = db;
        this.triage = triage;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        if (!props.seedSamples()) return;
        Mono.fromCallable(SampleSeeder::samples)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .concatMap(this::store)
                .concatWith(Mono.defer(this::storeSynthetic))
                .reduce(0L, Long::sum)
                .subscribe(
                        denials ->
                                log.info(
                                        "sample files stored: {} new denial(s); try GET /api/v1/worklist",
                                        denials),
                        e -> log.warn("seeding samples failed: {}", e.toString()));
    }

    private static List<Resource> samples() throws java.io.IOException {
        Resource[] found =
                new PathMatchingResourcePatternResolver().getResources("classpath*:samples/**/*");
        return Arrays.stream(found)
                .filter(Resource::isReadable)
                .filter(r -> r.getFilename() != null && !r.getFilename().equals("SOURCES.tsv"))
                .sorted(
                        Comparator.comparingInt(SampleSeeder::order)
                                .thenComparing(Resource::getFilename))
                .toList();
    }

    /** Claims before their acknowledgments before the remittances answering them. */
    private static int order(Resource r) {
        String n = r.getFilename().toLowerCase(java.util.Locale.ROOT);
        if (n.contains("835")) return 2;
        if (n.contains("999") || n.contains("277") || n.contains("x231")) return 1;
        if (n.contains("837") || n.contains("x222") || n.contains("x223") || n.contains("valid"))
            return 0;
        return 2;
    }

    private Mono<Long> store(Resource sample) {
        return Mono.using(
                () -> Files.createTempFile("reclaim-sample-", ".x12"),
                tmp ->
                        Mono.fromCallable(
                                        () -> {
                                            try (InputStream in = sample.getInputStream()) {
                                                Files.copy(
                                                        in,
                                                        tmp,
                                                        StandardCopyOption.REPLACE_EXISTING);
                                            }
                                            return tmp;
                                        })
                                .subscribeOn(Schedulers.boundedElastic())
                                .flatMap(
                                        p ->
                                                ingest.ingest(
                                                        p,
                                                        "sample:" + sample.getFilename(),
                                                        "upload",
                                                        Practices.DEFAULT_ID))
                                .map(r -> r.denials())
                                .onErrorResume(
                                        UnreadableFileException.class,
                                        e -> {
                                            log.info(
                                                    "sample {} not stored: {}",
                                                    sample.getFilename(),
                                                    e.getMessage());
                                            return Mono.just(0L);
                                        }),
                SampleSeeder::delete);
    }

    /**
     * The public samples are years old, so every deadline in them has passed. Once per database, a
     * small synthetic batch (the generator's invented payers and patients) dated a few weeks back
     * is stored as well, so the worklist shows live deadlines and priorities.
     */
    private Mono<Long> storeSynthetic() {
        return db.sql("SELECT count(*) AS n FROM x12_file WHERE name LIKE 'synthetic:%'")
                .map(r -> r.get("n", Long.class))
                .one()
                .flatMap(
                        n ->
                                n > 0
                                        ? Mono.just(0L)
                                        : Mono.using(
                                                () ->
                                                        Files.createTempDirectory(
                                                                "reclaim-synthetic-"),
                                                dir ->
                                                        Mono.fromCallable(
                                                                        () -> {
                                                                            Path claims =
                                                                                    dir.resolve(
                                                                                            "claims.837");
                                                                            Path remits =
                                                                                    dir.resolve(
                                                                                            "remittance.835");
                                                                            try (var c =
                                                                                            Files
                                                                                                    .newOutputStream(
                                                                                                            claims);
                                                                                    var r =
                                                                                            Files
                                                                                                    .newOutputStream(
                                                                                                            remits)) {
                                                                                Generator.write(
                                                                                        GeneratorOptions
                                                                                                .defaults()
                                                                                                .withClaims(
                                                                                                        400)
                                                                                                .withSeed(
                                                                                                        2026)
                                                                                                .withBaseDate(
                                                                                                        triage.today()
                                                                                                                .minusDays(
                                                                                                                        45)),
                                                                                        c,
                                                                                        r);
                                                                            }
                                                                            return List.of(
                                                                                    claims, remits);
                                                                        })
                                                                .subscribeOn(
                                                                        Schedulers.boundedElastic())
                                                                .flatMapMany(Flux::fromIterable)
                                                                .concatMap(
                                                                        p ->
                                                                                ingest.ingest(
                                                                                                p,
                                                                                                "synthetic:"
                                                                                                        + p
                                                                                                                .getFileName(),
                                                                                                "upload",
                                                                                                Practices
                                                                                                        .DEFAULT_ID)
                                                                                        .map(
                                                                                                r ->
                                                                                                        r
                                                                                                                .denials()))
                                                                .reduce(0L, Long::sum),
                                                SampleSeeder::deleteTree));
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.list(dir)) {
            files.forEach(SampleSeeder::delete);
        } catch (java.io.IOException ignored) {
            // temp folder
        }
        delete(dir);
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (java.io.IOException ignored) {
            // temp file
        }
    }
}
