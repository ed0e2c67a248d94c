package org.reclaim.work.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.reclaim.connector.records.RecordDocument;
import org.reclaim.connector.records.RecordFacts;
import org.reclaim.connector.records.Records;
import org.reclaim.work.WorkItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The facts the practice's documents for a claim state ({@code records/<slug>/<pcn>/}, read by
 * {@link RecordFacts}): candidates for the steps that ask the payer to confirm them. A document
 * that cannot be read is a problem naming it; the others are still read, and the work goes on.
 */
@Component
class DocumentFacts {

    private static final Logger log = LoggerFactory.getLogger(DocumentFacts.class);

    /**
     * CARCs that say the payer could not identify the member: 31 (patient cannot be identified as
     * our insured), 140 (health identification number and name do not match).
     */
    static final Set<String> MEMBER_CARCS = Set.of("31", "140");

    private final Records records;

    DocumentFacts(Records records) {
        this.records = records;
    }

    /**
     * Whether the denial questions who the member is (a CARC of {@link #MEMBER_CARCS}, or a remark
     * of {@link org.reclaim.drafting.ClaimFields#MEMBER_REMARKS}): an eligibility inquiry then
     * searches by name and date of birth (or the member id the records state) instead of the member
     * id the payer did not accept.
     */
    static boolean questionsTheMember(WorkItem item) {
        return MEMBER_CARCS.contains(item.carc())
                || item.rarcs().stream()
                        .anyMatch(org.reclaim.drafting.ClaimFields.MEMBER_REMARKS::contains);
    }

    /** Every document of the claim read for facts, off the event loop. */
    Mono<RecordFacts.Found> of(WorkItem item) {
        return Mono.fromCallable(() -> read(item.practiceSlug(), item.patientControlNumber()))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(
                        found -> {
                            if (!found.problems().isEmpty()) {
                                log.warn(
                                        "denial {}: {} record document(s) could not be read for facts"
                                                + " (named in the step's detail)",
                                        item.denialId(),
                                        found.problems().size());
                            }
                        });
    }

    private RecordFacts.Found read(String slug, String pcn) {
        List<RecordFacts.Reading> readings = new ArrayList<>();
        List<RecordDocument> listed;
        try {
            listed = records.documents(slug, pcn);
        } catch (RuntimeException e) {
            return new RecordFacts.Found(
                    List.of(),
                    List.of(
                            "the claim's records folder cannot be listed ("
                                    + e.getMessage()
                                    + ")"));
        }
        for (RecordDocument d : listed) {
            try {
                readings.add(RecordFacts.read(d.name(), records.read(slug, pcn, d.name())));
            } catch (RuntimeException e) {
                readings.add(
                        new RecordFacts.Reading(
                                d.name(),
                                List.of(),
                                d.name() + ": cannot be read (" + e.getMessage() + ")"));
            }
        }
        return RecordFacts.Found.of(readings);
    }
}
