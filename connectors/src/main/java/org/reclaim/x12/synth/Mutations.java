package org.reclaim.x12.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded damage to an X12 file, for the fuzz tests and {@code reclaim chaos mutate}: truncation,
 * flipped bytes, a segment dropped or repeated, garbage inserted, delimiters moved. The same seed
 * gives the same damage.
 */
public final class Mutations {

    /** How many kinds {@link #mutate} knows (0 … KINDS - 1). */
    public static final int KINDS = 6;

    private static final String[] NAMES = {
        "truncated",
        "bytes flipped",
        "segment dropped",
        "segment repeated",
        "garbage inserted",
        "delimiters moved"
    };

    private Mutations() {}

    /** The kind's name, for a report. */
    public static String name(int kind) {
        return NAMES[kind];
    }

    /** A damaged copy of {@code in} (never {@code in} itself changed). */
    public static byte[] mutate(byte[] in, int kind, SplittableRandom r) {
        switch (kind) {
            case 0: // truncate at random
                return Arrays.copyOf(in, r.nextInt(in.length + 1));
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
                    if (segs.isEmpty()) return in.clone();
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
