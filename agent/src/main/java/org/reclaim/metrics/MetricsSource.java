package org.reclaim.metrics;

import java.time.LocalDate;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where the metrics' additive cells come from: computed from scratch from the stored records
 * ({@link MetricsQueries}, the reference) or added up from the rollups ({@link MetricsRollups}).
 * Both answer the same cells for the same data.
 */
interface MetricsSource {

    Mono<List<Cell>> adjudications(Period p);

    Mono<List<Cell>> adjudicationsByCategory(Period p);

    Mono<List<Cell>> claims(Period p);

    Mono<List<Cell>> payments(Period p);

    Mono<List<Cell>> denials(Period p, LocalDate today, int riskDays);

    Mono<List<MetricsQueries.Recovery>> recoveryByMonth(Period p);

    Mono<List<MetricsQueries.Aging>> openAging(LocalDate today);

    Mono<List<MetricsQueries.Code>> codes(Period p);

    /** Claims outstanding and window charges, and denials outstanding, at each date. */
    Mono<List<Cell>> receivables(List<LocalDate> dates, int windowDays);
}
