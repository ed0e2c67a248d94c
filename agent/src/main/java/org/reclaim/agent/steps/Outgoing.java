package org.reclaim.agent.steps;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.reclaim.agent.ClearinghouseProperties;
import org.reclaim.agent.ControlNumbers;
import org.reclaim.x12.write.Envelope;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Envelopes for the files the agent sends, with persisted control numbers. */
@Component
class Outgoing {

    private final ClearinghouseProperties partner;
    private final ControlNumbers numbers;

    Outgoing(ClearinghouseProperties partner, ControlNumbers numbers) {
        this.partner = partner;
        this.numbers = numbers;
    }

    Mono<Envelope> envelope(Instant now) {
        return numbers.next(partner.senderId()).map(n -> new Envelope(partner.senderQualifier(), partner.senderId(),
                partner.receiverQualifier(), partner.receiverId(), partner.senderId(), partner.receiverId(),
                "P".equals(partner.usage()) ? Envelope.Usage.PRODUCTION : Envelope.Usage.TEST, n, n, n,
                LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
    }

    static String icn(Envelope e) {
        return String.format("%09d", e.interchangeControlNumber());
    }
}
