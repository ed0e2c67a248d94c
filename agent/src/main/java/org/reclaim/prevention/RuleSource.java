package org.reclaim.prevention;

import java.util.List;
import java.util.UUID;
import org.reclaim.scrub.ClaimRule;
import reactor.core.publisher.Mono;

/**
 * A supplier of scrubber rules for one practice. Each kind of rule (the payer directory, the NCCI
 * files, the learned rules) is one source, a Spring bean; {@link PracticeScrubber} asks all of them
 * each time it builds a practice's scrubber, so a source answers with what it holds now (a rule
 * disabled a moment ago is not in the answer).
 *
 * <p>A source must never answer with another practice's rules or evidence: {@code practiceId} is
 * the practice whose claims are scrubbed.
 */
public interface RuleSource {

    /**
     * The rules for the practice's claims.
     *
     * @param practiceId the practice whose claims are scrubbed
     * @param practiceSlug its slug (the folder name under {@code records/}, {@code outgoing/})
     */
    Mono<List<ClaimRule>> rulesFor(UUID practiceId, String practiceSlug);
}
