package org.reclaim.prevention;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.reclaim.scrub.ClaimRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The NCCI edits of the folder {@code reclaim.prevention.ncci-dir} ({@link NcciEdits}), read once
 * at start-up: a malformed file stops the service with its name and line. No folder configured, no
 * NCCI rules.
 */
@Component
@Order(20)
class NcciRuleSource implements RuleSource {

    private static final Logger log = LoggerFactory.getLogger(NcciRuleSource.class);

    private final List<ClaimRule> rules;

    NcciRuleSource(@Value("${reclaim.prevention.ncci-dir:}") String dir) {
        if (dir == null || dir.isBlank()) {
            rules = List.of();
            return;
        }
        NcciEdits edits = NcciEdits.load(Path.of(dir));
        log.info(
                "NCCI edits from {}: {} procedure-to-procedure, {} medically unlikely",
                dir,
                edits.ptpCount(),
                edits.mueCount());
        rules = List.of(new NcciRules(edits));
    }

    @Override
    public Mono<List<ClaimRule>> rulesFor(UUID practiceId, String practiceSlug) {
        return Mono.just(rules);
    }
}
