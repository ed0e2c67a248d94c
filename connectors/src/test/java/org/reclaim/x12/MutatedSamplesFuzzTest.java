package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reclaim.x12.synth.Mutations;

/**
 * Seeded mutations of every sample: reading never throws, always reports, and stays within bounds.
 */
class MutatedSamplesFuzzTest {

    private static final long SEED = 20240105L;
    private static final int ROUNDS = 6000;

    @Test
    void mutatedSamplesNeverThrowAndAlwaysReport() throws IOException {
        List<byte[]> samples = new ArrayList<>();
        for (Samples.Sample s : Samples.all()) samples.add(Files.readAllBytes(s.path()));
        SplittableRandom random = new SplittableRandom(SEED);
        X12Handler none = new X12Handler() {};
        for (int round = 0; round < ROUNDS; round++) {
            byte[] original = samples.get(random.nextInt(samples.size()));
            int kind = random.nextInt(Mutations.KINDS);
            byte[] mutated = Mutations.mutate(original, kind, random);
            FileReport report;
            try {
                report = X12Files.read(new ByteArrayInputStream(mutated), none);
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + " (mutation " + kind + ") threw", e);
            }
            assertThat(report).isNotNull();
            assertThat(report.problems().size()).isLessThanOrEqualTo(X12Files.MAX_PROBLEMS);
            assertThat(report.problemCount()).isGreaterThanOrEqualTo(report.problems().size());
            assertThat(report.type()).isNotNull();
            if (report.truncated()) assertThat(report.error()).isNotNull();
        }
    }
}
