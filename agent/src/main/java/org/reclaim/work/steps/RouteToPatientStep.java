package org.reclaim.work.steps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reclaim.common.Json;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.denial.DenialStatus;
import org.reclaim.playbook.StepKind;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * ROUTE_TO_PATIENT_BILLING: hands the amount to the practice's patient billing as a file in {@code
 * outbox/<slug>/patient-billing/<denial id>.json} (written once, atomically; its name is the
 * idempotency key), then the denial is routed to the patient and the agent is done with it.
 */
@Component
class RouteToPatientStep implements StepExecutor {

    private final ReclaimProperties props;

    RouteToPatientStep(ReclaimProperties props) {
        this.props = props;
    }

    @Override
    public StepKind kind() {
        return StepKind.ROUTE_TO_PATIENT_BILLING;
    }

    @Override
    public Mono<StepResult> run(Step s) {
        String decision = Reviews.decision(s);
        if ("REJECTED".equals(decision)) {
            return Mono.just(
                    StepResult.outcome(
                            org.reclaim.playbook.Playbook.Outcome.REJECTED, "routing rejected"));
        }
        return Mono.fromCallable(
                        () -> {
                            Path dir =
                                    props.dataDir()
                                            .resolve("outbox")
                                            .resolve(s.item().practiceSlug())
                                            .resolve("patient-billing");
                            Files.createDirectories(dir);
                            Path target = dir.resolve(s.item().denialId() + ".json");
                            if (!Files.exists(target)) {
                                Path tmp = dir.resolve("." + s.item().denialId() + ".tmp");
                                Files.writeString(tmp, json(s), StandardCharsets.UTF_8);
                                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                            }
                            return StepResult.done("handed to patient billing")
                                    .moving(
                                            DenialStatus.ROUTED_TO_PATIENT,
                                            "the patient owes "
                                                    + s.item().amount()
                                                    + " ("
                                                    + s.item().category()
                                                    + ")");
                        })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static String json(Step s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("denialId", s.item().denialId().toString());
        m.put("patientControlNumber", s.item().patientControlNumber());
        m.put("payerClaimNumber", s.item().payerClaimNumber());
        m.put("amount", s.item().amount());
        m.put("reason", s.item().group() + "-" + s.item().carc());
        return Json.write(m) + "\n";
    }
}
