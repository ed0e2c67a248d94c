package org.reclaim.work.steps;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.reclaim.connector.payer.CaseStatus;
import org.reclaim.connector.payer.ClaimStatusAnswer;
import org.reclaim.connector.payer.PayerPortal;
import org.reclaim.denial.DenialStatus;
import org.reclaim.partner.ConnectorSettings;
import org.reclaim.partner.RemoteCalls;
import org.reclaim.playbook.Playbook;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The payer's portal as the steps use it: configured per practice and payer, asked only when the
 * step's {@code channel} allows it, called off the event loop. What the portal answers is turned
 * into the step's outcome here, once for every step that reads it.
 */
@Component
class Portals {

    /** Context key of the case an appeal or reopening filed through the portal got. */
    static final String CASE = "portal.case";

    /**
     * Context key of the portal's decision on that case, once it decided in the practice's favour.
     */
    static final String DECISION = "portal.decision";

    private final ConnectorSettings settings;
    private final RemoteCalls remote;

    Portals(ConnectorSettings settings, RemoteCalls remote) {
        this.settings = settings;
        this.remote = remote;
    }

    /**
     * The payer's portal for the step's practice, when the step may use one (channel PAYER_DEFAULT
     * or PORTAL).
     */
    Mono<Optional<PayerPortal>> forStep(StepExecutor.Step s) {
        Object channel = s.step().parameters().get("channel");
        if (channel != null
                && channel != Playbook.StepChannel.PAYER_DEFAULT
                && channel != Playbook.StepChannel.PORTAL) {
            return Mono.just(Optional.empty());
        }
        return settings.portal(s.item().practiceId(), s.item().payerId());
    }

    /** A portal call, outside any database work. */
    <T> Mono<T> call(Callable<T> call) {
        return remote.call(RemoteCalls.Party.PORTAL, call);
    }

    /**
     * How the portal's status words read in a step log: the category and, when it differs, the
     * payer's word.
     */
    static String said(Enum<?> ours, String payerWord) {
        return payerWord == null || payerWord.equalsIgnoreCase(ours.name())
                ? ours.name()
                : ours.name() + " (\"" + payerWord + "\")";
    }

    static String said(ClaimStatusAnswer a) {
        return said(a.category(), a.payerStatus());
    }

    /**
     * The portal decided an appeal or reopening in a way that ends the wait: upheld (the denial
     * moves to UPHELD and the playbook's UPHELD branch follows), dismissed or waiting on more
     * information (a person must act: escalated). Empty for a case still open or decided in the
     * practice's favour, whose payment the remittance brings.
     */
    static Optional<StepResult> ending(
            StepExecutor.Step s, CaseStatus c, Map<String, String> clear) {
        String detail =
                "the payer's portal says "
                        + said(c.state(), c.payerStatus())
                        + " for case "
                        + c.caseId()
                        + (c.reason() == null ? "" : ": " + c.reason());
        DenialStatus status = s.item().status();
        return switch (c.state()) {
            case UPHELD -> {
                StepResult r =
                        StepResult.outcome(Playbook.Outcome.UPHELD, detail).withContext(clear);
                yield Optional.of(
                        status.canMoveTo(DenialStatus.UPHELD)
                                ? r.moving(DenialStatus.UPHELD, detail)
                                : r);
            }
            case DISMISSED, INFORMATION_REQUESTED ->
                    Optional.of(
                            StepResult.outcome(Playbook.Outcome.FAILED, detail)
                                    .withContext(clear)
                                    .moving(
                                            DenialStatus.ESCALATED,
                                            detail + "; a person must act"));
            default -> Optional.empty();
        };
    }
}
