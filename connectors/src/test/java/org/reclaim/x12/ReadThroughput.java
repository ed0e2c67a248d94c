package org.reclaim.x12;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Throughput self-check, not a test: builds a synthetic 835 of about {@code MB} megabytes (default
 * 100) by repeating a sample's claims and prints MB/s of {@link X12Files#read} with a do-nothing
 * handler. Run: {@code java -cp connectors/target/classes:connectors/target/test-classes
 * org.reclaim.x12.ReadThroughput [MB] [out-file]}. With an out-file it writes the synthetic file
 * there as well (for timing a whole process).
 */
public final class ReadThroughput {

    public static void main(String[] args) throws IOException {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        byte[] file = build(mb * 1_000_000L);
        if (args.length > 1) Files.write(Path.of(args[1]), file);
        X12Handler none = new X12Handler() {};
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            FileReport r = X12Files.read(new ByteArrayInputStream(file), none);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %.1f MB in %.3f s = %.0f MB/s (%d segments, %d problems)%n",
                    round,
                    file.length / 1e6,
                    s,
                    file.length / 1e6 / s,
                    r.segments(),
                    r.problemCount());
        }
    }

    static byte[] build(long size) throws IOException {
        String sample =
                Files.readString(
                                Samples.root()
                                        .resolve(
                                                "samples/stupidedi/X221A1_multiple-claims-single-check.edi"),
                                StandardCharsets.ISO_8859_1)
                        .replace("\r", "")
                        .replace("\n", "");
        int firstClaim = sample.indexOf("~LX*") + 1;
        int plb = sample.indexOf("~PLB*");
        int end = plb > 0 ? plb + 1 : sample.indexOf("~SE*") + 1;
        String head = sample.substring(sample.indexOf("ST*835"), firstClaim);
        String claims = sample.substring(firstClaim, end).replace("~", "~\n");
        ByteArrayOutputStream out =
                new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size + 4096));
        out.write(
                sample.substring(0, sample.indexOf("ST*835"))
                        .getBytes(StandardCharsets.ISO_8859_1));
        byte[] h = head.replace("~", "~\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] c = claims.getBytes(StandardCharsets.ISO_8859_1);
        int sets = 0;
        while (out.size() < size) {
            out.write(h);
            long segments = head.chars().filter(ch -> ch == '~').count();
            for (int i = 0; i < 200; i++) {
                out.write(c);
                segments += claims.chars().filter(ch -> ch == '~').count();
            }
            sets++;
            out.write(
                    ("SE*" + (segments + 1) + "*" + sets + "~\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("GE*1*1~\nIEA*1*000000001~\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
