package org.reclaim.billing;

import java.time.Clock;
import java.time.Instant;
import org.reclaim.core.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * With {@code reclaim.billing.scheduled} (the default): runs billing once at start-up and then
 * every {@code reclaim.billing.every} (a day) of the service clock. Several instances may do so at
 * once: billing runs take turns per practice (see {@link InvoiceService}).
 */
@Component
class BillingScheduler {

    private static final Logger log = LoggerFactory.getLogger(BillingScheduler.class);

    private final InvoiceService invoices;
    private final BillingProperties props;
    private final Clock clock;
    private volatile Instant due;
    private Periodic loop;

    BillingScheduler(InvoiceService invoices, BillingProperties props, Clock clock) {
        this.invoices = invoices;
        this.props = props;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!props.scheduled()) return;
        due = clock.instant();
        loop =
                Periodic.start(
                        "billing run", java.time.Duration.ZERO, props.checkEvery(), this::runIfDue);
    }

    private Mono<Void> runIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(due)) return Mono.empty();
        due = now.plus(props.every());
        return invoices.runDue()
                .doOnNext(
                        r -> {
                            if (r.linesAdded() > 0)
                                log.info("billing {}: {} lines added", r.month(), r.linesAdded());
                        })
                .then()
                .onErrorResume(
                        e -> {
                            log.warn(
                                    "billing run failed (it runs again at the next check): {}",
                                    e.toString());
                            due = now;
                            return Mono.empty();
                        });
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (loop != null) loop.dispose();
    }
}
