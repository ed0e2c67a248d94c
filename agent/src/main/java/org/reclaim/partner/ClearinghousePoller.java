package org.reclaim.partner;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.reclaim.connector.clearinghouse.IncomingFile;
import org.reclaim.connector.clearinghouse.RestClearinghouse;
import org.reclaim.connector.clearinghouse.SftpClearinghouse;
import org.reclaim.connector.support.AtomicFiles;
import org.reclaim.core.Periodic;
import org.reclaim.core.ReclaimProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Fetches the answers a REST or SFTP clearinghouse holds for each practice that uses one and drops
 * them into {@code inbox/<slug>/}, where they are read like any other file (the folder flavour
 * needs none of this: its answers arrive in the inbox by themselves).
 */
@Component
public class ClearinghousePoller {

    private static final Logger log = LoggerFactory.getLogger(ClearinghousePoller.class);

    private final ConnectorSettings connectors;
    private final ReclaimProperties props;

    /** {@code reclaim.agent.enabled}: answers are fetched only where the agent works them. */
    private final boolean agentEnabled;

    /** {@code reclaim.clearinghouse.poll-interval}: how often answers are fetched (30 s). */
    private final Duration every;

    private Periodic loop;

    ClearinghousePoller(
            ConnectorSettings connectors,
            ReclaimProperties props,
            @Value("${reclaim.agent.enabled:false}") boolean agentEnabled,
            @Value("${reclaim.clearinghouse.poll-interval:30s}") Duration every) {
        this.connectors = connectors;
        this.props = props;
        this.agentEnabled = agentEnabled;
        this.every = every;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!agentEnabled) return;
        loop = Periodic.start("clearinghouse poll", every, every, this::pollOnce);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (loop != null) loop.dispose();
    }

    /**
     * One poll of every REST and SFTP clearinghouse; returns how many files were dropped into
     * inboxes.
     */
    public Mono<Integer> pollOnce() {
        return connectors
                .polledClearinghousePractices()
                .concatMap(
                        p ->
                                connectors
                                        .clearinghouse(p.getKey())
                                        .filter(
                                                ch ->
                                                        ch instanceof RestClearinghouse
                                                                || ch instanceof SftpClearinghouse)
                                        .flatMap(
                                                ch ->
                                                        Mono.fromCallable(
                                                                        () ->
                                                                                ch.poll(
                                                                                        files ->
                                                                                                drop(
                                                                                                        p
                                                                                                                .getValue(),
                                                                                                        files)))
                                                                .subscribeOn(
                                                                        Schedulers
                                                                                .boundedElastic())))
                .reduce(0, Integer::sum);
    }

    /**
     * Writes a poll's files into {@code inbox/<slug>/}, each under a new name (never replacing a
     * file: a name taken gets a numbered suffix), forced to disk, and the folder synced, before it
     * returns: only then does the clearinghouse's cursor move past them. A name the inbox would
     * skip ({@code .tmp}, {@code .part}) gets {@code .x12} appended.
     */
    private void drop(String slug, List<IncomingFile> files) throws IOException {
        Path inbox = props.inboxDir().resolve(slug);
        Files.createDirectories(inbox);
        for (IncomingFile f : files) {
            String name = f.name().replaceAll("[^A-Za-z0-9._-]", "_");
            if (name.endsWith(".tmp") || name.endsWith(".part")) name = name + ".x12";
            for (int i = 0; ; i++) {
                try {
                    AtomicFiles.create(inbox.resolve(i == 0 ? name : name + "." + i), f.bytes());
                    break;
                } catch (FileAlreadyExistsException taken) {
                    // the next suffix
                }
            }
        }
        if (!files.isEmpty()) syncFolder(inbox);
    }

    /** Makes the new names themselves durable (fsync of the folder, where the system allows it). */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            log.debug("cannot sync folder {}: {}", dir, e.toString());
        }
    }
}
