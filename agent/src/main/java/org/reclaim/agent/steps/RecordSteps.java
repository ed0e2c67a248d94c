package org.reclaim.agent.steps;

import java.util.List;
import java.util.Map;
import org.reclaim.agent.StepExecutor;
import org.reclaim.agent.StepResult;
import org.reclaim.connector.records.RecordDocument;
import org.reclaim.connector.records.Records;
import org.reclaim.triage.Playbook;
import org.reclaim.triage.StepKind;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The records connector's steps: what the practice has on file for the claim. */
final class RecordSteps {

    private RecordSteps() {
    }

    /** LOOKUP_AUTHORIZATION: an authorization on file covering the procedure on the date of service. */
    @Component
    static class LookupAuthorization implements StepExecutor {
        private final Records records;

        LookupAuthorization(Records records) {
            this.records = records;
        }

        @Override
        public StepKind kind() {
            return StepKind.LOOKUP_AUTHORIZATION;
        }

        @Override
        public Mono<StepResult> run(Step s) {
            return Mono.fromCallable(() -> records.findAuthorization(s.item().practiceSlug(),
                            s.item().patientControlNumber(), s.item().procedure(), s.item().serviceDate()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .map(found -> found.isPresent()
                            ? StepResult.done("authorization on file")
                                    .withContext(Map.of("authorizationNumber", found.get().authorizationNumber()))
                            : StepResult.outcome(Playbook.Outcome.NOT_FOUND, "no authorization on file for the service"));
        }
    }

    /** GATHER_RECORDS: the documents the practice dropped for the claim. */
    @Component
    static class GatherRecords implements StepExecutor {
        private final Records records;

        GatherRecords(Records records) {
            this.records = records;
        }

        @Override
        public StepKind kind() {
            return StepKind.GATHER_RECORDS;
        }

        @Override
        public Mono<StepResult> run(Step s) {
            return Mono.fromCallable(() -> records.documents(s.item().practiceSlug(), s.item().patientControlNumber()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .map(docs -> {
                        if (docs.isEmpty()) {
                            return StepResult.outcome(Playbook.Outcome.NOT_FOUND, "no records on file for the claim");
                        }
                        List<String> names = docs.stream().map(RecordDocument::name).sorted().toList();
                        return StepResult.done(names.size() + " document(s) on file")
                                .withContext(Map.of("documents", String.join("\t", names)));
                    });
        }
    }
}
