package org.reclaim.x12;

import static org.assertj.core.api.Assertions.assertThat;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.reclaim.x12.internal.Segment;
import org.reclaim.x12.internal.X12Reader;

/**
 * Differential oracle: for every sample StAEDI reads without an error, both readers see the same
 * segments with the same values in the same order. Compared per segment: the tag and its non-empty
 * leaf values (components and repetitions flattened), ISA only by tag (its delimiters are its
 * data).
 */
class StaediOracleTest {

    @Test
    void everySampleStaediAcceptsTokenizesTheSameWay() throws Exception {
        List<String> compared = new ArrayList<>();
        TreeMap<String, String> rejected = new TreeMap<>();
        for (Samples.Sample sample : Samples.all()) {
            List<String> theirs;
            try {
                theirs = staedi(sample);
            } catch (Exception e) {
                rejected.put(
                        sample.name(),
                        String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                continue;
            }
            if (theirs == null) {
                rejected.put(sample.name(), "StAEDI reported a syntax error");
                continue;
            }
            List<String> ours = ours(sample);
            assertThat(ours).as(sample.name()).isEqualTo(theirs);
            compared.add(sample.name());
        }
        System.out.println(
                "StAEDI oracle: "
                        + compared.size()
                        + " files compared; rejected by StAEDI: "
                        + rejected);
        assertThat(compared)
                .as("most samples are comparable")
                .hasSizeGreaterThan(Samples.all().size() / 2);
    }

    private static List<String> ours(Samples.Sample sample) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(sample.path())) {
            X12Reader reader = new X12Reader(in, new ProblemSink(new X12Handler() {}));
            Segment s;
            while ((s = reader.next()) != null) {
                StringBuilder b = new StringBuilder(s.id());
                if (!s.is("ISA")) {
                    for (int i = 1; i <= s.count(); i++) {
                        for (String rep : s.repetitions(i)) {
                            for (String leaf :
                                    rep.split(
                                            java.util.regex.Pattern.quote(
                                                    String.valueOf((char) s.componentSeparator)),
                                            -1)) {
                                if (!leaf.isEmpty()) b.append('|').append(leaf);
                            }
                        }
                    }
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** The segments as StAEDI reads them, or null when it reports an error. */
    private static List<String> staedi(Samples.Sample sample) throws Exception {
        List<String> out = new ArrayList<>();
        EDIInputFactory factory = EDIInputFactory.newFactory();
        try (InputStream in = Files.newInputStream(sample.path());
                EDIStreamReader r = factory.createEDIStreamReader(in)) {
            StringBuilder seg = null;
            boolean isa = false;
            while (r.hasNext()) {
                EDIStreamEvent ev = r.next();
                switch (ev) {
                    case START_SEGMENT -> {
                        seg = new StringBuilder(r.getText());
                        isa = "ISA".equals(r.getText());
                    }
                    case ELEMENT_DATA -> {
                        if (seg != null && !isa && r.getTextLength() > 0)
                            seg.append('|').append(r.getText());
                    }
                    case END_SEGMENT -> {
                        out.add(seg.toString());
                        seg = null;
                    }
                    case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> {
                        return null;
                    }
                    default -> {}
                }
            }
        }
        return out;
    }
}
