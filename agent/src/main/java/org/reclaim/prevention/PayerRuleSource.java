package org.reclaim.prevention;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reclaim.connector.records.AuthorizationOnFile;
import org.reclaim.connector.records.AuthorizationQuery;
import org.reclaim.connector.records.Records;
import org.reclaim.connector.records.RecordsFolder;
import org.reclaim.rules.PayerDirectory;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The payer rules of the current {@code config/payers.yml} ({@link PayerClaimRules}), with the
 * practice's {@code records/<slug>/authorizations.csv} as the authorizations on file. The file is
 * read once per scrubber built, not once per claim line.
 */
@Component
@Order(10)
class PayerRuleSource implements RuleSource {

    private final Supplier<PayerDirectory> payers;
    private final Records records;

    @Autowired
    PayerRuleSource(TriageService triage, Records records) {
        this(() -> triage.current().payers(), records);
    }

    PayerRuleSource(Supplier<PayerDirectory> payers, Records records) {
        this.payers = payers;
        this.records = records;
    }

    @Override
    public Mono<List<ClaimRule>> rulesFor(UUID practiceId, String practiceSlug) {
        return Mono.fromCallable(
                        () ->
                                List.<ClaimRule>of(
                                        new PayerClaimRules(payers.get(), onFile(practiceSlug))))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Function<AuthorizationQuery, Optional<AuthorizationOnFile>> onFile(String slug) {
        if (records instanceof RecordsFolder folder) {
            // the same choice as RecordsFolder.findAuthorization, over one read of the file
            List<AuthorizationOnFile> rows = folder.authorizations(slug).rows();
            return q ->
                    rows.stream()
                            .filter(a -> a.covers(q))
                            .max(Comparator.comparing(AuthorizationOnFile::from));
        }
        return q -> records.findAuthorization(slug, q);
    }
}
