package org.reclaim.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.common.Money;

class CopySpoolTest {

    @TempDir Path dir;

    static String content(CopySpool spool) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path p : spool.segments()) all.append(Files.readString(p, StandardCharsets.UTF_8));
        return all.toString();
    }

    @Test
    void valuesAreEscapedPerTheCopyTextFormat() throws IOException {
        try (CopySpool s = new CopySpool(dir, "t", "a")) {
            s.add("tab\there")
                    .add("line\nbreak\r")
                    .add("back\\slash")
                    .add("Müller ✓")
                    .add((String) null)
                    .add(new Money(-1205))
                    .add(new Money(7))
                    .add(LocalDate.of(2011, 9, 30))
                    .add(LocalDate.of(0, 1, 1))
                    .add(UUID.fromString("01a2196c-7d0a-733b-9cf4-cfa84588df49"))
                    .add(true)
                    .add(-42L)
                    .addArray(List.of("N142", "a\"b", "c\\d"))
                    .addArray(Arrays.asList("x", null))
                    .addArray(List.of())
                    .endRow();
            s.finish();
            assertThat(content(s))
                    .isEqualTo(
                            "tab\\there\tline\\nbreak\\r\tback\\\\slash\tMüller ✓\t\\N\t-12.05\t0.07"
                                    + "\t2011-09-30\t\\N\t01a2196c-7d0a-733b-9cf4-cfa84588df49\tt\t-42"
                                    + "\t{\"N142\",\"a\\\\\"b\",\"c\\\\\\\\d\"}\t{\"x\",NULL}\t{}\n");
        }
    }

    @Test
    void largeSpoolsAreCutIntoSegmentsOfWholeRows() throws IOException {
        List<Path> handedOver = new java.util.ArrayList<>();
        try (CopySpool s =
                new CopySpool(dir, "t", "a", 1000, (spool, segment) -> handedOver.add(segment))) {
            for (int i = 0; i < 500; i++) {
                s.add("row-" + i).add((long) i).endRow();
                // a segment is handed over as soon as it is full, while rows are still being
                // written
                if (i == 200) assertThat(handedOver).isNotEmpty();
            }
            s.finish();
            assertThat(s.segments()).hasSizeGreaterThan(3);
            assertThat(handedOver)
                    .as("every segment, the last one at finish")
                    .isEqualTo(s.segments());
            for (Path p : s.segments()) {
                String seg = Files.readString(p);
                assertThat(seg.isEmpty() || seg.endsWith("\n"))
                        .as("segment ends with a whole row")
                        .isTrue();
            }
            String[] rows = content(s).split("\n");
            assertThat(rows).hasSize(500);
            assertThat(rows[499]).isEqualTo("row-499\t499");
            assertThat(s.rows()).isEqualTo(500);
        }
        assertThat(Files.list(dir)).as("segments are deleted on close").isEmpty();
    }
}
