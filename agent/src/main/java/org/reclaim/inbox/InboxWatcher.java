package org.reclaim.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.reclaim.core.Ids;
import org.reclaim.core.Periodic;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.ingest.IngestService;
import org.reclaim.ingest.UnreadableFileException;
import org.reclaim.practice.Practices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The clearinghouse drop folder (docs/contracts.md §7): files in {@code inbox/} (practice {@code
 * default}) or {@code inbox/<slug>/} are stored, then moved to {@code processed/<slug>/}; a file
 * that cannot be read moves to {@code quarantine/<slug>/} beside a {@code <name>.reason.txt}, and
 * the reason is stored. A file is only taken once it has stopped changing; one that fails for
 * another reason (the database is down) stays where it is and is tried again at the next poll, so
 * nothing is lost.
 */
@Component
public class InboxWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxWatcher.class);

    private final ReclaimProperties props;
    private final IngestService ingest;
    private final Practices practices;
    private final DatabaseClient db;
    private volatile Disposable polling;

    InboxWatcher(
            ReclaimProperties props, IngestService ingest, Practices practices, DatabaseClient db) {
        this.props = props;
        this.ingest = ingest;
        this.practices = practices;
        this.db = db;
    }

    @Override
    public void start() {
        if (!props.inbox().enabled()) return;
        log.info("watching drop folder {}", props.inboxDir().toAbsolutePath().normalize());
        polling =
                Periodic.start(
                        "drop folder poll",
                        props.inbox().pollInterval(),
                        props.inbox().pollInterval(),
                        this::pollOnce);
    }

    @Override
    public void stop() {
        Disposable d = polling;
        if (d != null) d.dispose();
        polling = null;
    }

    @Override
    public boolean isRunning() {
        return polling != null;
    }

    /** Takes every settled file now; emits how many were moved (processed or quarantined). */
    public Mono<Integer> pollOnce() {
        return Mono.fromCallable(this::settledFiles)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .concatMap(
                        f ->
                                take(f).onErrorResume(
                                                e -> {
                                                    log.warn(
                                                            "could not store {} yet, will retry: {}",
                                                            f.file.getFileName(),
                                                            e.toString());
                                                    return Mono.just(false);
                                                }))
                .filter(moved -> moved)
                .count()
                .map(Long::intValue);
    }

    private record Candidate(Path file, String slug) {}

    private List<Candidate> settledFiles() throws IOException {
        Path inbox = props.inboxDir();
        Files.createDirectories(inbox);
        List<Candidate> found = new ArrayList<>();
        Instant settledBefore = Instant.now().minus(props.inbox().settle());
        try (Stream<Path> top = Files.list(inbox)) {
            for (Path p : top.sorted().toList()) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> inner = Files.list(p)) {
                        for (Path f : inner.sorted().toList()) {
                            if (ready(f, settledBefore))
                                found.add(new Candidate(f, p.getFileName().toString()));
                        }
                    }
                } else if (ready(p, settledBefore)) {
                    found.add(new Candidate(p, Practices.DEFAULT_SLUG));
                }
            }
        }
        return found;
    }

    /**
     * Skips hidden and temporary names (writers rename into place when done) and files still
     * changing.
     */
    private static boolean ready(Path f, Instant settledBefore) throws IOException {
        String name = f.getFileName().toString();
        if (!Files.isRegularFile(f)
                || name.startsWith(".")
                || name.endsWith(".tmp")
                || name.endsWith(".part")) {
            return false;
        }
        return Files.getLastModifiedTime(f).toInstant().isBefore(settledBefore);
    }

    private Mono<Boolean> take(Candidate c) {
        return practices
                .idOf(c.slug)
                .flatMap(
                        practiceId ->
                                ingest.ingest(
                                                c.file,
                                                c.file.getFileName().toString(),
                                                "inbox",
                                                practiceId)
                                        .flatMap(
                                                r -> move(c, props.processedDir()).thenReturn(true))
                                        .onErrorResume(
                                                UnreadableFileException.class,
                                                e -> quarantine(c, practiceId, e.getMessage())))
                .switchIfEmpty(
                        Mono.fromCallable(
                                () -> {
                                    log.warn(
                                            "no practice with slug '{}': {} stays in the drop folder",
                                            c.slug,
                                            c.file.getFileName());
                                    return false;
                                }));
    }

    private Mono<Boolean> quarantine(Candidate c, UUID practiceId, String reason) {
        return move(c, props.quarantineDir())
                .flatMap(
                        target ->
                                Mono.fromCallable(
                                                () -> {
                                                    Path note =
                                                            target.resolveSibling(
                                                                    target.getFileName()
                                                                            + ".reason.txt");
                                                    Path tmp =
                                                            target.resolveSibling(
                                                                    "."
                                                                            + target.getFileName()
                                                                            + ".reason.tmp");
                                                    Files.writeString(
                                                            tmp,
                                                            reason + System.lineSeparator(),
                                                            StandardCharsets.UTF_8);
                                                    Files.move(
                                                            tmp,
                                                            note,
                                                            StandardCopyOption.ATOMIC_MOVE,
                                                            StandardCopyOption.REPLACE_EXISTING);
                                                    return target;
                                                })
                                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(
                        target ->
                                db.sql(
                                                """
                                INSERT INTO quarantined_file (id, practice_id, name, moved_to, reason)
                                VALUES (:id, :p, :name, :to, :reason)""")
                                        .bind("id", Ids.next())
                                        .bind("p", practiceId)
                                        .bind("name", c.file.getFileName().toString())
                                        .bind("to", props.dataDir().relativize(target).toString())
                                        .bind("reason", reason)
                                        .fetch()
                                        .rowsUpdated())
                .doOnSuccess(n -> log.warn("quarantined {}: {}", c.file.getFileName(), reason))
                .thenReturn(true);
    }

    /**
     * Moves the file under {@code root/<slug>/}, never overwriting: a name taken gets a numbered
     * suffix.
     */
    private Mono<Path> move(Candidate c, Path root) {
        return Mono.fromCallable(
                        () -> {
                            Path dir = root.resolve(c.slug);
                            Files.createDirectories(dir);
                            String name = c.file.getFileName().toString();
                            Path target = dir.resolve(name);
                            for (int i = 1; Files.exists(target); i++)
                                target = dir.resolve(name + "." + i);
                            try {
                                Files.move(c.file, target, StandardCopyOption.ATOMIC_MOVE);
                            } catch (AtomicMoveNotSupportedException e) {
                                Files.move(c.file, target);
                            }
                            return target;
                        })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
