package org.reclaim.support;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A generated batch (837P claims, then the 835s answering them) posted to the service. */
public final class Generated {

    private Generated() {}

    public static void upload(
            WebTestClient http, int claims, long seed, double denialRate, LocalDate baseDate) {
        upload(
                http,
                GeneratorOptions.defaults()
                        .withClaims(claims)
                        .withSeed(seed)
                        .withDenialRate(denialRate)
                        .withBaseDate(baseDate));
    }

    /** The batch these options generate: its 837P, then its 835s. */
    public static void upload(WebTestClient http, GeneratorOptions options) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(options, c, r);
        for (byte[] body : new byte[][] {c.toByteArray(), r.toByteArray()}) {
            http.post()
                    .uri("/api/v1/claims")
                    .header("Content-Type", "application/edi-x12")
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
    }
}
