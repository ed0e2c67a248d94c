package org.reclaim.prevention.gate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reclaim.core.Periodic;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.inbox.SettledFiles;
import org.reclaim.inbox.SettledFiles.Candidate;
import org.reclaim.ingest.UnreadableFileException;
import org.reclaim.practice.Practices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gate's drop folder (docs/prevention.md, "Gate"): an 837P left in {@code outgoing/<slug>/} (or
 * {@code outgoing/} for practice {@code default}) goes through the {@link Gate} claim by claim, as
 * {@code POST /api/v1/claims/submit} does, under the inbox's atomic-file rules ({@link
 * SettledFiles}: only settled files with a closed envelope, hidden and temporary names skipped,
 * symbolic links never followed). Taken, it moves to {@code outgoing-processed/<slug>/} beside
 * {@code <name>.gate.json}, the answer per claim; a file the gate cannot take (not X12, truncated,
 * not an 837P, a symbolic link) moves to {@code outgoing-failed/<slug>/} beside {@code
 * <name>.reason.txt}. A file that fails for another reason (the database is down) stays and is
 * tried again, up to {@code reclaim.inbox.max-attempts} times, then moves to failed with the error.
 * Moves never replace a file. Off with {@code reclaim.prevention.outgoing.enabled=false}.
 */
@Component
public class OutgoingWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutgoingWatcher.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReclaimProperties props;
    private final Gate gate;
    private final Practices practices;
    private final boolean enabled;
    private final SettledFiles folder;
    private final Map<Path, Integer> attempts = new ConcurrentHashMap<>();
    private volatile Disposable polling;

    OutgoingWatcher(
            ReclaimProperties props,
            Gate gate,
            Practices practices,
            @Value("${reclaim.prevention.outgoing.enabled:true}") boolean enabled) {
        this.props = props;
        this.gate = gate;
        this.practices = practices;
        this.enabled = enabled;
        this.folder =
                new SettledFiles(
                        outgoingDir(props),
                        () -> props.inbox().settle(),
                        () -> props.inbox().incompleteWait());
    }

    public static Path outgoingDir(ReclaimProperties props) {
        return props.dataDir().resolve("outgoing");
    }

    public static Path processedDir(ReclaimProperties props) {
        return props.dataDir().resolve("outgoing-processed");
    }

    public static Path failedDir(ReclaimProperties props) {
        return props.dataDir().resolve("outgoing-failed");
    }

    @Override
    public void start() {
        if (!enabled) return;
        log.info("watching the gate's folder {}", folder.root().toAbsolutePath().normalize());
        polling =
                Periodic.start(
                        "outgoing folder poll",
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

    /** Takes every settled file now; emits how many were moved (processed or failed). */
    public Mono<Integer> pollOnce() {
        return Mono.fromCallable(
                        () -> {
                            SettledFiles.Scan scan = folder.scan();
                            attempts.keySet().retainAll(scan.present());
                            return scan.settled();
                        })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .concatMap(c -> take(c).onErrorResume(e -> retryOrFail(c, e)))
                .filter(moved -> moved)
                .count()
                .map(Long::intValue);
    }

    private Mono<Boolean> take(Candidate c) {
        String name = c.file().getFileName().toString();
        if (c.link())
            return failed(
                    c, "a symbolic link, not followed: put the file itself in the outgoing folder");
        return practices
                .idOf(c.slug())
                .flatMap(
                        id ->
                                gate.submit(id, c.slug(), c.file(), "outgoing:" + name)
                                        .flatMap(claims -> processed(c, claims))
                                        .onErrorResume(
                                                e -> refusedByTheGate(e),
                                                e -> failed(c, e.getMessage())))
                .switchIfEmpty(
                        Mono.fromCallable(
                                () -> {
                                    log.warn(
                                            "no practice with slug '{}': {} stays in the outgoing"
                                                    + " folder",
                                            c.slug(),
                                            name);
                                    return false;
                                }));
    }

    /** The file's own fault: it is not a readable 837P; trying again cannot help. */
    private static boolean refusedByTheGate(Throwable e) {
        return e instanceof UnreadableFileException
                || (e instanceof ResponseStatusException r && r.getStatusCode().is4xxClientError());
    }

    private Mono<Boolean> retryOrFail(Candidate c, Throwable e) {
        int tried = attempts.merge(c.file(), 1, Integer::sum);
        int max = props.inbox().maxAttempts();
        if (tried < max) {
            log.warn(
                    "could not gate {} yet (attempt {} of {}), will retry: {}",
                    c.file().getFileName(),
                    tried,
                    max,
                    e.toString());
            return Mono.just(false);
        }
        attempts.remove(c.file());
        return failed(c, "could not be gated after " + tried + " attempts; the last error: " + e)
                .onErrorResume(
                        again -> {
                            log.warn(
                                    "could not move {} to failed, will retry: {}",
                                    c.file().getFileName(),
                                    again.toString());
                            return Mono.just(false);
                        });
    }

    private Mono<Boolean> processed(Candidate c, List<Map<String, Object>> claims) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("claims", claims);
        return moveBeside(c, processedDir(props), ".gate.json", JSON.writeValueAsString(answer))
                .doOnSuccess(moved -> attempts.remove(c.file()));
    }

    private Mono<Boolean> failed(Candidate c, String reason) {
        log.warn("outgoing file {} failed: {}", c.file().getFileName(), reason);
        return moveBeside(c, failedDir(props), ".reason.txt", reason + System.lineSeparator());
    }

    /** Moves the file under {@code root/<slug>/} and writes {@code text} beside it, atomically. */
    private Mono<Boolean> moveBeside(Candidate c, Path root, String suffix, String text) {
        return Mono.fromCallable(
                        () -> {
                            Path target = folder.move(c, root);
                            Path note = target.resolveSibling(target.getFileName() + suffix);
                            Path tmp =
                                    target.resolveSibling(
                                            "." + target.getFileName() + suffix + ".tmp");
                            Files.writeString(tmp, text, StandardCharsets.UTF_8);
                            Files.move(
                                    tmp,
                                    note,
                                    StandardCopyOption.ATOMIC_MOVE,
                                    StandardCopyOption.REPLACE_EXISTING);
                            return true;
                        })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
