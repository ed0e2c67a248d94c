package org.reclaim.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spool files a crashed run left: only ours, only old ones, are deleted. */
class SpoolSweeperTest {

    @TempDir Path dir;

    Path file(String name, Duration age) throws Exception {
        Path f = Files.writeString(dir.resolve(name), "x");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(age)));
        return f;
    }

    @Test
    void oldSpoolFilesOfOurNamesAreDeletedAndNothingElse() throws Exception {
        Duration old = Duration.ofHours(7);
        Path upload = file("reclaim-upload-123456789.x12", old);
        Path copy = file("reclaim-claim_line-987654321.copy", old);
        Path inspect = file("reclaim-inspect-42.json", old);
        Path fresh = file("reclaim-upload-555.x12", Duration.ofMinutes(5));
        Path other = file("reclaim-notes.txt", old);
        Path foreign = file("upload-123.x12", old);

        int n = SpoolSweeper.sweep(dir, Duration.ofHours(6), Instant.now());

        assertThat(n).isEqualTo(3);
        assertThat(upload).doesNotExist();
        assertThat(copy).doesNotExist();
        assertThat(inspect).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
        assertThat(foreign).exists();
    }
}
