package org.reclaim.work.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.payer.PayerPortal;
import org.reclaim.denial.DenialStatus;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.work.AgentProperties;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * AWAIT_RESPONSE: a durable timer. A payment arriving meanwhile resolves the denial without this
 * step; a payer upholding it wakes the step early with UPHELD; otherwise, when the wait is over,
 * the playbook goes on (to its follow-up). An appeal or reopening filed through the payer's portal
 * is asked about there every {@code reclaim.agent.portal-poll} while the wait lasts: upheld ends
 * the wait with UPHELD, dismissed or more information wanted goes to a person, decided for the
 * practice waits on for the remittance that pays it.
 */
@Component
class AwaitResponseStep implements StepExecutor {

    static final Duration DEFAULT_WAIT = Duration.ofDays(30);

    private final Portals portals;
    private final Duration poll;

    AwaitResponseStep(Portals portals, AgentProperties props) {
        this.portals = portals;
        this.poll = props.portalPoll();
    }

    @Override
    public StepKind kind() {
        return StepKind.AWAIT_RESPONSE;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        if (s.item().status() == DenialStatus.UPHELD) {
            return Mono.just(
                    StepResult.outcome(Playbook.Outcome.UPHELD, "the payer upheld the denial"));
        }
        String key = "await." + s.step().id();
        String until = s.item().context().get(key);
        // an appeal filed through the portal and not yet decided there: its case is asked about
        boolean polling =
                s.item().context().get(Portals.CASE) != null
                        && s.item().context().get(Portals.DECISION) == null;
        if (until == null) {
            Duration wait = s.step().waitTime() == null ? DEFAULT_WAIT : s.step().waitTime();
            Instant at = s.now().plus(wait);
            StepResult r =
                    StepResult.waitUntil(
                                    polling ? earliest(s.now().plus(poll), at) : at,
                                    "waiting "
                                            + wait.toDays()
                                            + " days for the payer"
                                            + (polling
                                                    ? "; its portal is asked every "
                                                            + poll.toDays()
                                                            + " days"
                                                    : ""))
                            .withContext(Map.of(key, at.toString()));
            return Mono.just(
                    s.item().status() == DenialStatus.SUBMITTED
                            ? r.moving(
                                    DenialStatus.AWAITING_PAYER,
                                    "submitted; the payer has " + wait.toDays() + " days")
                            : r);
        }
        Instant end = Instant.parse(until);
        if (!s.now().isBefore(end)) {
            return Mono.just(
                    StepResult.outcome(
                                    Playbook.Outcome.NO_RESPONSE,
                                    "no answer from the payer within the wait")
                            .withContext(Collections.singletonMap(key, null)));
        }
        if (!polling) return Mono.just(StepResult.waitUntil(end, "still waiting for the payer"));
        String caseId = s.item().context().get(Portals.CASE);
        return portals.forStep(s)
                .flatMap(
                        p ->
                                p.isEmpty()
                                        ? Mono.just(
                                                StepResult.waitUntil(
                                                        end, "still waiting for the payer"))
                                        : ask(s, p.get(), caseId, key, end));
    }

    private Mono<StepResult> ask(
            Step s, PayerPortal portal, String caseId, String key, Instant end) {
        Instant next = earliest(s.now().plus(poll), end);
        return portals.call(() -> portal.appealStatus(caseId))
                .map(
                        c ->
                                Portals.ending(s, c, Collections.singletonMap(key, null))
                                        .orElseGet(
                                                () -> {
                                                    String said =
                                                            "the payer's portal says "
                                                                    + Portals.said(
                                                                            c.state(),
                                                                            c.payerStatus())
                                                                    + " for case "
                                                                    + c.caseId();
                                                    return c.state().decided()
                                                            ? StepResult.waitUntil(
                                                                            end,
                                                                            said
                                                                                    + "; waiting for the remittance that pays it")
                                                                    .withContext(
                                                                            Map.of(
                                                                                    Portals
                                                                                            .DECISION,
                                                                                    c.state()
                                                                                            .name()))
                                                            : StepResult.waitUntil(
                                                                    next, said + "; still waiting");
                                                }))
                .onErrorResume(
                        ConnectorException.class,
                        e ->
                                Mono.just(
                                        StepResult.waitUntil(
                                                next,
                                                "the payer's portal could not be reached ("
                                                        + e.kind()
                                                        + "); still waiting")));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
