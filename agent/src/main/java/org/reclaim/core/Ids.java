package org.reclaim.core;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (the UUIDv7 layout: 48-bit millisecond timestamp, version, random bits) made
 * in the service, so whole files can be stored with COPY and index inserts stay near the right
 * edge.
 */
public final class Ids {

    private static final SplittableRandom SEED =
            new SplittableRandom(new SecureRandom().nextLong());
    private static final ThreadLocal<SplittableRandom> RANDOM = ThreadLocal.withInitial(Ids::split);

    private Ids() {}

    private static synchronized SplittableRandom split() {
        return SEED.split();
    }

    public static UUID next() {
        long millis = System.currentTimeMillis();
        SplittableRandom r = RANDOM.get();
        long high = (millis << 16) | 0x7000L | (r.nextInt() & 0x0FFFL);
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
