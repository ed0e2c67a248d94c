package org.reclaim.prevention;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.Scrubber;
import org.reclaim.scrub.TransactionSetRules;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Builds the scrubber for one practice: the transaction-set rules first, then every {@link
 * RuleSource}'s rules in the sources' order. The scrub API, the gate and the backtest all scrub
 * through here, so a claim gets the same findings whichever way it arrives.
 */
@Service
public class PracticeScrubber {

    private final ObjectProvider<RuleSource> sources;

    public PracticeScrubber(ObjectProvider<RuleSource> sources) {
        this.sources = sources;
    }

    /** The practice's scrubber, as its rule sources stand now. */
    public Mono<Scrubber> forPractice(UUID practiceId, String practiceSlug) {
        return Flux.fromStream(sources::orderedStream)
                .concatMap(s -> s.rulesFor(practiceId, practiceSlug))
                .collectList()
                .map(
                        lists -> {
                            List<ClaimRule> all = new ArrayList<>();
                            all.add(new TransactionSetRules());
                            lists.forEach(all::addAll);
                            return new Scrubber(all);
                        });
    }
}
