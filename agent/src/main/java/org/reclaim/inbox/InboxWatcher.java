package org.reclaim.inbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.reclaim.core.Ids;
import org.reclaim.core.Periodic;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.inbox.SettledFiles.Candidate;
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
    private final SettledFiles folder;
    private volatile Disposable polling;

    InboxWatcher(
            ReclaimProperties props, IngestService ingest, Practices practices, DatabaseClient db) {
        this.props = props;
        this.ingest = ingest;
        this.practices = practices;
        this.db = db;
        this.folder =
                new SettledFiles(
                        props.inboxDir(),
                        () -> props.inbox().settle(),
                        () -> props.inbox().incompleteWait());
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
                                Mono.fromCallable(() -> claim(f))
                                        .filter(mine -> mine)
                                        .flatMap(
                                                mine ->
                                                        take(f).onErrorResume(e -> failed(f, e))
                                                                // before the poll's result is
                                                                // emitted: a poll run right after
                                                                // this one returns must find the
                                                                // file free
                                                                .doOnTerminate(
                                                                        () ->
                                                                                taking.remove(
                                                                                        f.file()))
                                                                .doOnCancel(
                                                                        () ->
                                                                                taking.remove(
                                                                                        f.file()))))
                .filter(moved -> moved)
                .count()
                .map(Long::intValue);
    }

    private final Map<Path, Integer> attempts = new ConcurrentHashMap<>();

    /**
     * The files a poll is taking now. Polls can overlap (the loop's and one a caller runs, as the
     * demo does when it delivers answers): a file another poll is taking, or took since this poll's
     * scan, is left to it, so no file is stored twice nor fails its move as "gone".
     */
    private final Set<Path> taking = ConcurrentHashMap.newKeySet();

    private boolean claim(Candidate c) {
        if (!taking.add(c.file())) return false;
        if (Files.exists(c.file(), LinkOption.NOFOLLOW_LINKS)) return true;
        taking.remove(c.file());
        return false;
    }

    private List<Candidate> settledFiles() throws IOException {
        SettledFiles.Scan scan = folder.scan();
        attempts.keySet().retainAll(scan.present());
        return scan.settled();
    }

    private Mono<Boolean> take(Candidate c) {
        return practices
                .idOf(c.slug())
                .flatMap(
                        practiceId ->
                                c.link()
                                        ? quarantine(
                                                c,
                                                practiceId,
                                                "a symbolic link, not followed: put the file"
                                                        + " itself in the drop folder")
                                        : ingest.ingest(
                                                        c.file(),
                                                        c.file().getFileName().toString(),
                                                        "inbox",
                                                        practiceId)
                                                .flatMap(
                                                        r ->
                                                                move(c, props.processedDir())
                                                                        .doOnSuccess(
                                                                                t ->
                                                                                        attempts
                                                                                                .remove(
                                                                                                        c
                                                                                                                .file()))
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
                                            c.slug(),
                                            c.file().getFileName());
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
                            int tried = databaseUp ? attempts.merge(c.file(), 1, Integer::sum) : 0;
                            int max = props.inbox().maxAttempts();
                            if (!databaseUp || tried < max) {
                                log.warn(
                                        "could not store {} yet (attempt {} of {}), will retry: {}",
                                        c.file().getFileName(),
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
                                    .idOf(c.slug())
                                    .flatMap(practiceId -> quarantine(c, practiceId, reason))
                                    .doOnSuccess(moved -> attempts.remove(c.file()));
                        })
                .onErrorResume(
                        again -> {
                            log.warn(
                                    "could not quarantine {}, will retry: {}",
                                    c.file().getFileName(),
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
                                        .bind("name", c.file().getFileName().toString())
                                        .bind("to", props.dataDir().relativize(target).toString())
                                        .bind("reason", reason)
                                        .fetch()
                                        .rowsUpdated())
                .doOnSuccess(n -> log.warn("quarantined {}: {}", c.file().getFileName(), reason))
                .thenReturn(true);
    }

    /**
     * Moves the file under {@code root/<slug>/}, never overwriting: a name taken gets a numbered
     * suffix.
     */
    private Mono<Path> move(Candidate c, Path root) {
        return Mono.fromCallable(() -> folder.move(c, root))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
