package org.reclaim.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * the reason is stored. A file is only taken once its size and modification time have stayed the
 * same for the settle time and, for X12, its outermost envelope is closed. Symbolic links are never
 * followed (they are quarantined). A file that fails for another reason stays where it is and is
 * tried again at the next poll: while the database is down without limit, so nothing is lost;
 * otherwise up to {@code max-attempts} times, then it is quarantined with the error. A move never
 * replaces a file.
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
                .concatMap(f -> take(f).onErrorResume(e -> failed(f, e)))
                .filter(moved -> moved)
                .count()
                .map(Long::intValue);
    }

    /** {@code link}: a symbolic link, which is never followed but quarantined. */
    private record Candidate(Path file, String slug, boolean link) {}

    /** A file's size and modification time, and since when (nanoTime) they have been so. */
    private record Seen(long size, FileTime modified, long sinceNanos) {}

    private final Map<Path, Seen> seen = new ConcurrentHashMap<>();
    private final Map<Path, Integer> attempts = new ConcurrentHashMap<>();

    private List<Candidate> settledFiles() throws IOException {
        Path inbox = props.inboxDir();
        Files.createDirectories(inbox);
        List<Candidate> found = new ArrayList<>();
        Set<Path> present = new HashSet<>();
        try (Stream<Path> top = Files.list(inbox)) {
            for (Path p : top.sorted().toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    String slug = p.getFileName().toString();
                    try (Stream<Path> inner = Files.list(p)) {
                        for (Path f : inner.sorted().toList()) {
                            present.add(f);
                            Candidate c = candidate(f, slug);
                            if (c != null) found.add(c);
                        }
                    }
                } else {
                    present.add(p);
                    Candidate c = candidate(p, Practices.DEFAULT_SLUG);
                    if (c != null) found.add(c);
                }
            }
        }
        seen.keySet().retainAll(present);
        attempts.keySet().retainAll(present);
        return found;
    }

    /**
     * The file as a candidate, or null while it is not to be taken: hidden and temporary names
     * (writers rename into place when done), files still changing, and X12 files whose outermost
     * envelope is not closed yet. A symbolic link is a candidate for quarantine: it is never
     * followed, so nothing outside the practice's folder is read through it.
     */
    private Candidate candidate(Path f, String slug) throws IOException {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part")) return null;
        if (Files.isSymbolicLink(f)) return new Candidate(f, slug, true);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return null;
        }
        if (!attrs.isRegularFile()) return null;
        Duration settle = props.inbox().settle();
        long now = System.nanoTime();
        Seen before = seen.get(f);
        Seen current = new Seen(attrs.size(), attrs.lastModifiedTime(), now);
        if (before == null
                || before.size != current.size
                || !before.modified.equals(current.modified)) {
            seen.put(f, current);
            before = current;
        }
        Instant modified = attrs.lastModifiedTime().toInstant();
        if (!settle.isZero()
                && (now - before.sinceNanos < settle.toNanos()
                        || !modified.isBefore(Instant.now().minus(settle)))) {
            return null;
        }
        boolean closed;
        try {
            closed = Envelopes.closed(f);
        } catch (IOException e) {
            log.warn("cannot read {} yet, will retry: {}", name, e.toString());
            return null;
        }
        if (!closed && modified.isAfter(Instant.now().minus(props.inbox().incompleteWait()))) {
            log.debug("{}: the interchange is not closed yet (no IEA), waiting", name);
            return null;
        }
        return new Candidate(f, slug, false);
    }

    private Mono<Boolean> take(Candidate c) {
        return practices
                .idOf(c.slug)
                .flatMap(
                        practiceId ->
                                c.link
                                        ? quarantine(
                                                c,
                                                practiceId,
                                                "a symbolic link, not followed: put the file"
                                                        + " itself in the drop folder")
                                        : ingest.ingest(
                                                        c.file,
                                                        c.file.getFileName().toString(),
                                                        "inbox",
                                                        practiceId)
                                                .flatMap(
                                                        r ->
                                                                move(c, props.processedDir())
                                                                        .doOnSuccess(
                                                                                t ->
                                                                                        attempts
                                                                                                .remove(
                                                                                                        c.file))
                                                                        .thenReturn(true))
                                                .onErrorResume(
                                                        UnreadableFileException.class,
                                                        e ->
                                                                quarantine(
                                                                        c,
                                                                        practiceId,
                                                                        e.getMessage())))
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

    /**
     * A file failed for an unexpected reason. While the database answers, the failure is the
     * file's: it is tried again at the next polls, up to {@code reclaim.inbox.max-attempts} times
     * in all, then quarantined with the error. When the database does not answer, the failure is
     * not the file's and is not counted: the file stays and is tried again, so nothing is lost.
     */
    private Mono<Boolean> failed(Candidate c, Throwable e) {
        return db.sql("SELECT 1")
                .fetch()
                .rowsUpdated()
                .then(Mono.just(true))
                .onErrorReturn(false)
                .flatMap(
                        databaseUp -> {
                            int tried = databaseUp ? attempts.merge(c.file, 1, Integer::sum) : 0;
                            int max = props.inbox().maxAttempts();
                            if (!databaseUp || tried < max) {
                                log.warn(
                                        "could not store {} yet (attempt {} of {}), will retry: {}",
                                        c.file.getFileName(),
                                        tried,
                                        max,
                                        e.toString());
                                return Mono.just(false);
                            }
                            String reason =
                                    "could not be stored after "
                                            + tried
                                            + " attempts; the last error: "
                                            + e;
                            return practices
                                    .idOf(c.slug)
                                    .flatMap(practiceId -> quarantine(c, practiceId, reason))
                                    .doOnSuccess(moved -> attempts.remove(c.file));
                        })
                .onErrorResume(
                        again -> {
                            log.warn(
                                    "could not quarantine {}, will retry: {}",
                                    c.file.getFileName(),
                                    again.toString());
                            return Mono.just(false);
                        });
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
                            Path target =
                                    NoReplaceMove.move(
                                            c.file, dir, c.file.getFileName().toString());
                            seen.remove(c.file);
                            return target;
                        })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
