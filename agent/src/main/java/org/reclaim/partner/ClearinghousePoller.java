package org.reclaim.partner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.reclaim.connector.clearinghouse.IncomingFile;
import org.reclaim.connector.clearinghouse.RestClearinghouse;
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
 * Fetches the answers a REST clearinghouse holds for each practice that uses one and drops them
 * into {@code inbox/<slug>/}, where they are read like any other file (the folder flavour needs
 * none of this: its answers arrive in the inbox by themselves).
 */
@Component
public class ClearinghousePoller {

    private static final Logger log = LoggerFactory.getLogger(ClearinghousePoller.class);

    private final ConnectorSettings connectors;
    private final ReclaimProperties props;

    /** {@code reclaim.agent.enabled}: answers are fetched only where the agent works them. */
    private final boolean agentEnabled;

    private Periodic loop;

    ClearinghousePoller(
            ConnectorSettings connectors,
            ReclaimProperties props,
            @Value("${reclaim.agent.enabled:false}") boolean agentEnabled) {
        this.connectors = connectors;
        this.props = props;
        this.agentEnabled = agentEnabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!agentEnabled) return;
        loop =
                Periodic.start(
                        "clearinghouse poll",
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30),
                        this::pollOnce);
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (loop != null) loop.dispose();
    }

    /** One poll of every REST clearinghouse; returns how many files were dropped into inboxes. */
    public Mono<Integer> pollOnce() {
        return connectors
                .restClearinghousePractices()
                .concatMap(
                        p ->
                                connectors
                                        .clearinghouse(p.getKey())
                                        .filter(RestClearinghouse.class::isInstance)
                                        .flatMap(
                                                ch ->
                                                        Mono.fromCallable(
                                                                        () ->
                                                                                drop(
                                                                                        p
                                                                                                .getValue(),
                                                                                        ch.poll()))
                                                                .subscribeOn(
                                                                        Schedulers
                                                                                .boundedElastic())))
                .reduce(0, Integer::sum);
    }

    private int drop(String slug, java.util.List<IncomingFile> files) {
        Path inbox = props.inboxDir().resolve(slug);
        try {
            Files.createDirectories(inbox);
            for (IncomingFile f : files) {
                String name = f.name().replaceAll("[^A-Za-z0-9._-]", "_");
                Path tmp = inbox.resolve("." + name + ".part");
                Files.write(tmp, f.bytes());
                Files.move(
                        tmp,
                        inbox.resolve(name),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.size();
    }
}
