package org.reclaim.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.reclaim.core.AgentClock;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.inbox.InboxWatcher;
import org.reclaim.ingest.IngestService;
import org.reclaim.practice.Practices;
import org.reclaim.sandbox.SimulatedPayer;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.synth.Generator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The running service's demo (profile {@code demo}): a generated batch is stored at start, the
 * SIMULATED payer answers what the agent sends, and the clock runs {@code reclaim.demo.speed} ahead
 * each real second. Only in the demo profile; the production profile never creates it.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "reclaim.demo.live", havingValue = "true")
class LiveSandbox {

    private static final Logger log = LoggerFactory.getLogger(LiveSandbox.class);

    private final ReclaimProperties props;
    private final IngestService ingest;
    private final TriageService triage;
    private final InboxWatcher inbox;
    private final AgentClock clock;
    private final int denials;
    private final long seed;
    private final Duration speed;
    private Disposable loop;

    LiveSandbox(
            ReclaimProperties props,
            IngestService ingest,
            TriageService triage,
            InboxWatcher inbox,
            AgentClock clock,
            @Value("${reclaim.demo.denials:60}") int denials,
            @Value("${reclaim.demo.seed:11}") long seed,
            @Value("${reclaim.demo.speed:PT6H}") Duration speed) {
        this.props = props;
        this.ingest = ingest;
        this.triage = triage;
        this.inbox = inbox;
        this.clock = clock;
        this.denials = denials;
        this.seed = seed;
        this.speed = speed;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Mono.fromCallable(this::prepare)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        payer ->
                                ingest.ingest(
                                                props.dataDir().resolve("demo-claims.837"),
                                                "demo:claims.837",
                                                "upload",
                                                Practices.DEFAULT_ID)
                                        .then(
                                                ingest.ingest(
                                                        props.dataDir()
                                                                .resolve("demo-remittances.835"),
                                                        "demo:remittances.835",
                                                        "upload",
                                                        Practices.DEFAULT_ID))
                                        .thenReturn(payer))
                .subscribe(
                        payer -> {
                            log.info(
                                    "SIMULATED sandbox: a generated batch is stored; the simulated payer answers what the agent"
                                            + " sends; the clock runs {} ahead each second. Try GET /api/v1/worklist, /api/v1/reviews",
                                    speed);
                            loop =
                                    Flux.interval(Duration.ofSeconds(1))
                                            .onBackpressureDrop()
                                            .concatMap(
                                                    t ->
                                                            Mono.fromRunnable(
                                                                            () -> {
                                                                                clock.advanceBy(
                                                                                        speed);
                                                                                payer.receive(
                                                                                        clock
                                                                                                .instant());
                                                                                payer.deliver(
                                                                                        clock
                                                                                                .instant());
                                                                            })
                                                                    .subscribeOn(
                                                                            Schedulers
                                                                                    .boundedElastic())
                                                                    .then(inbox.pollOnce())
                                                                    .onErrorResume(
                                                                            e -> {
                                                                                log.warn(
                                                                                        "SIMULATED sandbox tick failed: {}",
                                                                                        e
                                                                                                .toString());
                                                                                return Mono.just(0);
                                                                            }),
                                                    1)
                                            .subscribe();
                        },
                        e -> log.error("SIMULATED sandbox could not start: {}", e.toString()));
    }

    private SimulatedPayer prepare() throws IOException {
        Path dir = props.dataDir();
        // the demo's database is thrown away at each start: so are the folders of the last demo run
        for (String sub : new String[] {"inbox", "outbox", "processed", "quarantine", "records"}) {
            Path p = dir.resolve(sub);
            if (!Files.exists(p)) continue;
            try (var walk = Files.walk(p)) {
                for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList())
                    Files.delete(f);
            }
        }
        Files.createDirectories(dir);
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                DemoCommand.batch(triage.today())
                        .withClaims(Math.max(10, (int) (denials / 0.33)))
                        .withSeed(seed),
                c,
                r);
        Files.write(dir.resolve("demo-claims.837"), c.toByteArray());
        Files.write(dir.resolve("demo-remittances.835"), r.toByteArray());
        return new SimulatedPayer(
                dir, Practices.DEFAULT_SLUG, seed, c.toByteArray(), r.toByteArray());
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (loop != null) loop.dispose();
    }
}
