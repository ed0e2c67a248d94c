package org.reclaim.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Claims and remittances as the demo makes them (a recent backlog, 30% denied), worked. */
public final class DemoLike {

    private DemoLike() {}

    public static void worked(
            WebTestClient http,
            Orchestrator orchestrator,
            TriageService triage,
            ReclaimProperties props,
            int claims,
            long seed) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withSubmissionDays(45)
                        .withBaseDate(triage.today().minusDays(65 + 45))
                        .withDenialRate(0.3)
                        .withReversalRate(0.0)
                        .withClaims(claims)
                        .withSeed(seed),
                c,
                r);
        // the judging payer plants the causes of its denials in the records folder, as in the demo
        var payer =
                new org.reclaim.sandbox.SimulatedPayer(
                        props.dataDir(),
                        org.reclaim.practice.Practices.DEFAULT_SLUG,
                        seed,
                        c.toByteArray(),
                        r.toByteArray());
        for (var p :
                List.of(
                        Map.entry("/api/v1/claims", c.toByteArray()),
                        Map.entry("/api/v1/claims", payer.originalAcknowledgments()),
                        Map.entry("/api/v1/remittances", r.toByteArray()))) {
            if (p.getValue().length == 0) continue;
            http.post()
                    .uri(p.getKey())
                    .header("Content-Type", "application/edi-x12")
                    .bodyValue(p.getValue())
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
        orchestrator.runUntilIdle().block();
    }

    /** Removes what the simulated payer planted (the records folder, the test coding support). */
    public static void cleanUp(ReclaimProperties props, TriageService triage) throws IOException {
        TestCoding.removeSupport(props.dataDir(), triage);
        Path records = props.dataDir().resolve("records");
        if (Files.isDirectory(records)) {
            try (var walk = Files.walk(records)) {
                for (var f : walk.sorted(Comparator.reverseOrder()).toList())
                    if (!f.equals(records)) Files.delete(f);
            }
        }
    }
}
