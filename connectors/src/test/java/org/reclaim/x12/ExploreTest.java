package org.reclaim.x12;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.write.ClaimWriter837P;
import org.reclaim.x12.write.Envelope;

class ExploreTest {
    @Test
    void explore() {
        Envelope env = new Envelope("ZZ", "SUBMITTER1", "ZZ", "RECEIVER1", "SUBMITTER1", "RECEIVER1",
                Envelope.Usage.TEST, 42, 42, 1, LocalDateTime.of(2024, 3, 1, 9, 30));
        for (Samples.Sample s : Samples.ofType("837P")) {
            Documents d = Documents.of(s.path());
            System.out.println("== " + s + " claims=" + d.claims.size() + " docs=" + d.documents.size() + " errors=" + d.hasErrors());
            for (ClaimDocument doc : d.documents) {
                if (!ClaimDocument.parse(doc.toText()).equals(doc)) System.out.println("  TEXT MISMATCH");
                var p = ClaimWriter837P.problems(doc);
                if (!p.isEmpty()) { System.out.println("  problems: " + p); continue; }
                try {
                    byte[] b = ClaimWriter837P.write(doc, env);
                    Documents back = Documents.of(b);
                    ClaimDocument again = back.documents.get(0);
                    if (!again.equals(doc)) {
                        System.out.println("  DIFF\n   " + doc + "\n   " + again);
                    } else System.out.println("  ok");
                } catch (RuntimeException e) {
                    System.out.println("  EXC " + e);
                }
            }
        }
    }
}
