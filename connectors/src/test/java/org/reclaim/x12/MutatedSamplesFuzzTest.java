package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
            int kind = random.nextInt(6);
            byte[] mutated = mutate(original, kind, random);
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

    static byte[] mutate(byte[] in, int kind, SplittableRandom r) {
        switch (kind) {
            case 0: // truncate at random
                return java.util.Arrays.copyOf(in, r.nextInt(in.length + 1));
            case 1:
                { // flip random bytes
                    byte[] out = in.clone();
                    int flips = 1 + r.nextInt(20);
                    for (int i = 0; i < flips && out.length > 0; i++)
                        out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                    return out;
                }
            case 2: // drop a random segment
            case 3:
                { // duplicate a random segment
                    List<int[]> segs = segments(in);
                    if (segs.isEmpty()) return in;
                    int[] s = segs.get(r.nextInt(segs.size()));
                    byte[] out =
                            new byte
                                    [kind == 2
                                            ? in.length - (s[1] - s[0])
                                            : in.length + (s[1] - s[0])];
                    System.arraycopy(in, 0, out, 0, s[0]);
                    if (kind == 2) {
                        System.arraycopy(in, s[1], out, s[0], in.length - s[1]);
                    } else {
                        System.arraycopy(in, s[0], out, s[0], s[1] - s[0]);
                        System.arraycopy(in, s[0], out, s[1], in.length - s[0]);
                    }
                    return out;
                }
            case 4:
                { // insert garbage
                    int at = r.nextInt(in.length + 1);
                    byte[] junk = new byte[1 + r.nextInt(200)];
                    for (int i = 0; i < junk.length; i++) junk[i] = (byte) r.nextInt(256);
                    byte[] out = new byte[in.length + junk.length];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(junk, 0, out, at, junk.length);
                    System.arraycopy(in, at, out, at + junk.length, in.length - at);
                    return out;
                }
            default:
                { // replace delimiters at random places with other delimiters
                    byte[] out = in.clone();
                    byte[] delims = {'*', '~', ':', '^', '|', '\n', '\r', ' '};
                    for (int i = 0; i < 10 && out.length > 0; i++)
                        out[r.nextInt(out.length)] = delims[r.nextInt(delims.length)];
                    return out;
                }
        }
    }

    /**
     * [start, end) of each "~"-terminated piece: good enough to pick segments to drop or repeat.
     */
    private static List<int[]> segments(byte[] in) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '~') {
                out.add(new int[] {from, i + 1});
                from = i + 1;
            }
        }
        return out;
    }
}
