package org.reclaim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.x12.synth.HostileInput;

/** inspect reports a file over a cap as unreadable, with the cap, its value and where. */
class InspectCapsTest {

    @TempDir Path dir;

    @Test
    void aFileOverACapIsALocatedError() throws Exception {
        Path f = dir.resolve("long.837");
        try (var in = HostileInput.professionalClaimLines(51)) {
            Files.copy(in, f);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                InspectCommand.run(
                        new String[] {f.toString()},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("cap reclaim.limits.service-lines-837p (50) exceeded at segment 164");
    }
}
