package org.reclaim.billing;

import org.reclaim.core.Ids;
import org.reclaim.core.Times;
import org.reclaim.payeranswer.DenialResolved;
import org.reclaim.payeranswer.DenialResolvedListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A resolved denial becomes a billable event, once, and only when it was resolved by our action:
 * the flat fee is never charged for a denial the payer paid without the agent having sent anything.
 */
@Component
class BillableEvents implements DenialResolvedListener {

    private final DatabaseClient db;

    BillableEvents(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> resolved(DenialResolved e) {
        if (!e.actedOn()) return Mono.empty();
        return db.sql(
                        """
                        INSERT INTO billable_event (id, practice_id, denial_id, recovered, fee, at)
                        VALUES (:id, :practice, :denial, :recovered, :fee, :at)
                        ON CONFLICT (denial_id) DO NOTHING""")
                .bind("id", Ids.next())
                .bind("practice", e.practice())
                .bind("denial", e.denial())
                .bind("recovered", e.recovered())
                .bind("fee", e.fee())
                .bind("at", Times.utc(e.at()))
                .then();
    }
}
