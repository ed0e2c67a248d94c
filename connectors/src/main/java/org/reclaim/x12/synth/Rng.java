package org.reclaim.x12.synth;

/**
 * SplitMix64. Chosen over {@link java.util.Random} because its output is fixed by this code alone
 * (same seed → same bytes on every JVM) and it is several times faster on the generation hot path.
 */
final class Rng {

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [lo, hi], both inclusive. */
    int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    <T> T pick(T[] values) {
        return values[nextInt(values.length)];
    }

    /** Index drawn with probability proportional to {@code cumulative[i] - cumulative[i-1]}. */
    int weighted(double[] cumulative) {
        double x = nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) return i;
        }
        return cumulative.length - 1;
    }

    static double[] cumulative(double... weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }

    /**
     * A well-mixed value of a seed, for deriving fixed per-file constants (base date, control
     * numbers).
     */
    static long mix(long seed, long salt) {
        return new Rng(seed ^ (salt * 0xD1B54A32D192ED03L)).nextLong();
    }
}
