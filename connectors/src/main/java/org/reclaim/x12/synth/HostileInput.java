package org.reclaim.x12.synth;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/**
 * Synthetic hostile X12, generated while it is read (never held whole, never a file): the shapes
 * the {@code reclaim.limits.*} caps exist for. Every stream is well-formed X12 apart from its size,
 * so only a cap stops it.
 */
public final class HostileInput {

    private HostileInput() {}

    private static final String ISA =
            "ISA*00*          *00*          *ZZ*HOSTILE        *ZZ*RECLAIM        *240105*1200*^*00501*000000001*0*T*:~\n";

    private static final String REMIT_HEAD =
            "ST*835*0001~\nBPR*I*0*C*NON************20240105~\nTRN*1*HOSTILE1*1123456789~\n"
                    + "N1*PR*TEST PAYER~\nN1*PE*TEST PROVIDER*XX*1234567893~\nLX*1~\n";

    /** One 835 claim payment with {@code lines} service lines (SVC loops). */
    public static InputStream remittanceServiceLines(long lines) {
        return new Generated(
                ISA
                        + "GS*HP*HOSTILE*RECLAIM*20240105*1200*1*X*005010X221A1~\n"
                        + REMIT_HEAD
                        + "CLP*PCN1*4*100*0**12*PAYERCLAIM1~\n",
                lines,
                i -> "SVC*HC:99213*100*0**1~\n",
                "SE*" + (lines + 7) + "*0001~\nGE*1*1~\nIEA*1*000000001~\n");
    }

    /** One 835 claim payment followed by {@code segments} REF segments inside it. */
    public static InputStream remittanceClaimSegments(long segments) {
        return new Generated(
                ISA
                        + "GS*HP*HOSTILE*RECLAIM*20240105*1200*1*X*005010X221A1~\n"
                        + REMIT_HEAD
                        + "CLP*PCN1*4*100*0**12*PAYERCLAIM1~\n",
                segments,
                i -> "REF*6R*" + i + "~\n",
                "SE*" + (segments + 7) + "*0001~\nGE*1*1~\nIEA*1*000000001~\n");
    }

    /** One 837P claim with {@code lines} service lines (LX loops of LX, SV1, DTP). */
    public static InputStream professionalClaimLines(long lines) {
        return new Generated(
                ISA
                        + "GS*HC*HOSTILE*RECLAIM*20240105*1200*1*X*005010X222A1~\n"
                        + "ST*837*0001*005010X222A1~\nBHT*0019*00*HOSTILE1*20240105*1200*CH~\n"
                        + "NM1*41*2*TEST SUBMITTER*****46*HOSTILE~\nNM1*40*2*TEST RECEIVER*****46*RECLAIM~\n"
                        + "HL*1**20*1~\nNM1*85*2*TEST PROVIDER*****XX*1234567893~\n"
                        + "HL*2*1*22*0~\nSBR*P*18*******CI~\nNM1*IL*1*DOE*JANE****MI*TEST0001~\n"
                        + "NM1*PR*2*TEST PAYER*****PI*TSTPAYER~\n"
                        + "CLM*PCN1*100***11:B:1*Y*A*Y*Y~\n",
                lines,
                i -> "LX*" + (i + 1) + "~\nSV1*HC:99213*100*UN*1***1~\nDTP*472*D8*20240101~\n",
                "SE*" + (lines * 3 + 13) + "*0001~\nGE*1*1~\nIEA*1*000000001~\n");
    }

    /** {@code sets} tiny ST/SE sets (an 835 with no content each) in one group. */
    public static InputStream tinyTransactions(long sets) {
        return new Generated(
                ISA + "GS*HP*HOSTILE*RECLAIM*20240105*1200*1*X*005010X221A1~\n",
                sets,
                i -> {
                    String n = String.format("%04d", i % 10000);
                    return "ST*835*" + n + "~\nSE*2*" + n + "~\n";
                },
                "GE*" + sets + "*1~\nIEA*1*000000001~\n");
    }

    /** An 835 whose payer name (N1*PR 02) is {@code length} bytes long. */
    public static InputStream longElement(int length) {
        return new Generated(
                ISA
                        + "GS*HP*HOSTILE*RECLAIM*20240105*1200*1*X*005010X221A1~\n"
                        + "ST*835*0001~\nBPR*I*0*C*NON************20240105~\nN1*PR*",
                length,
                i -> "A",
                "~\nSE*4*0001~\nGE*1*1~\nIEA*1*000000001~\n");
    }

    /** Head, then {@code count} units (unit i for i = 0…count-1), then tail, made as read. */
    private static final class Generated extends InputStream {
        private final LongFunction<String> unit;
        private final long count;
        private final byte[] tail;
        private byte[] chunk;
        private int at;
        private long next;
        private boolean tailDone;

        Generated(String head, long count, LongFunction<String> unit, String tail) {
            this.unit = unit;
            this.count = count;
            this.chunk = head.getBytes(StandardCharsets.US_ASCII);
            this.tail = tail.getBytes(StandardCharsets.US_ASCII);
        }

        private boolean refill() {
            if (at < chunk.length) return true;
            if (next < count) {
                StringBuilder b = new StringBuilder(8192);
                while (next < count && b.length() < 8000) b.append(unit.apply(next++));
                chunk = b.toString().getBytes(StandardCharsets.US_ASCII);
            } else if (!tailDone) {
                tailDone = true;
                chunk = tail;
            } else {
                return false;
            }
            at = 0;
            return true;
        }

        @Override
        public int read() {
            return refill() ? chunk[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (!refill()) return -1;
            int n = Math.min(len, chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            at += n;
            return n;
        }
    }
}
