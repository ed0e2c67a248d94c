package org.reclaim.work.steps;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.reclaim.partner.ConnectorSettings;
import org.reclaim.partner.ControlNumbers;
import org.reclaim.x12.write.Envelope;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Envelopes for the files the agent sends: the practice's trading partner (its clearinghouse
 * setting, else the {@code reclaim.clearinghouse.*} defaults) and persisted control numbers, unique
 * per sender id.
 */
@Component
class Outgoing {

    private final ConnectorSettings settings;
    private final ControlNumbers numbers;

    Outgoing(ConnectorSettings settings, ControlNumbers numbers) {
        this.settings = settings;
        this.numbers = numbers;
    }

    Mono<Envelope> envelope(UUID practice, Instant now) {
        return settings.tradingPartner(practice)
                .flatMap(
                        partner ->
                                numbers.next(partner.senderId())
                                        .map(
                                                n ->
                                                        partner.envelope(
                                                                n,
                                                                LocalDateTime.ofInstant(
                                                                        now, ZoneOffset.UTC))));
    }

    static String icn(Envelope e) {
        return String.format("%09d", e.interchangeControlNumber());
    }
}
