package org.reclaim.work;

import org.reclaim.core.Periodic;
import org.reclaim.ingest.IngestService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With {@code reclaim.agent.enabled}: passes of the orchestrator, one after another, pausing when
 * idle ({@code poll-interval}); an answer stored in this instance that woke waiting items ({@link
 * AnswerWakes}) starts a pass at once.
 */
@Component
class AgentScheduler {

    private static final Logger log = LoggerFactory.getLogger(AgentScheduler.class);

    private final Orchestrator orchestrator;
    private final IngestService ingest;
    private final AgentProperties props;
    private final AnswerWakes wakes;
    private Periodic loop;

    AgentScheduler(
            Orchestrator orchestrator,
            IngestService ingest,
            AgentProperties props,
            AnswerWakes wakes) {
        this.orchestrator = orchestrator;
        this.ingest = ingest;
        this.props = props;
        this.wakes = wakes;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!props.enabled()) return;
        log.info("agent loop started as {}", orchestrator.owner());
        loop =
                Periodic.start(
                        "agent pass",
                        props.pollInterval(),
                        props.pollInterval(),
                        // an answer stored here woke waiting items: a pass at once, not at the
                        // next poll
                        wakes.nudges(),
                        // what a failed or interrupted ingestion left undone, before the pass that
                        // may depend on it
                        () ->
                                ingest.catchUp()
                                        .onErrorResume(
                                                e -> {
                                                    // what is left stays pending for the next pass;
                                                    // the agent's own work goes on
                                                    log.warn(
                                                            "catching up on stored files failed: {}",
                                                            e.toString());
                                                    return reactor.core.publisher.Mono.empty();
                                                })
                                        .then(orchestrator.runUntilIdle()));
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (loop != null) loop.dispose();
    }
}
