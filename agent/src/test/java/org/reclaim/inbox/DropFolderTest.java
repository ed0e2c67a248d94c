package org.reclaim.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.FileSystemUtils;

@IntegrationTest
class DropFolderTest {

    @Autowired InboxWatcher watcher;
    @Autowired ReclaimProperties props;
    @Autowired DatabaseClient db;

    @BeforeEach
    void clean() throws IOException {
        TestData.clean(db);
        for (Path p : new Path[] {props.inboxDir(), props.processedDir(), props.quarantineDir()}) {
            FileSystemUtils.deleteRecursively(p);
        }
    }

    Path drop(String relative, byte[] content, boolean settled) throws IOException {
        Path f = props.inboxDir().resolve(relative);
        Files.createDirectories(f.getParent());
        Files.write(f, content);
        if (settled) Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(60)));
        return f;
    }

    @Test
    void readableFilesAreStoredAndMovedUnreadableOnesAreQuarantinedWithTheReason()
            throws IOException {
        byte[] remit = TestData.sample("tigershark/5010-835-example-2.txt");
        String text = new String(remit, java.nio.charset.StandardCharsets.ISO_8859_1);
        drop("era.835", remit, true);
        drop("default/ack.999", TestData.sample("imsweb/x12_999_rejected.txt"), true);
        drop("garbage.txt", "this is not an X12 file".getBytes(), true);
        drop("default/cut.835", text.substring(0, text.indexOf("SE*")).getBytes(), true);
        drop("still-writing.835", remit, false);
        drop("nobody/orphan.835", remit, true);

        assertThat(watcher.pollOnce().block()).isEqualTo(4);

        assertThat(props.processedDir().resolve("default/era.835")).exists();
        assertThat(props.processedDir().resolve("default/ack.999")).exists();
        assertThat(props.quarantineDir().resolve("default/garbage.txt")).exists();
        assertThat(props.quarantineDir().resolve("default/garbage.txt.reason.txt"))
                .content()
                .isNotBlank();
        assertThat(props.quarantineDir().resolve("default/cut.835.reason.txt"))
                .content()
                .containsIgnoringCase("SE");
        // a file still being written, and one for a practice that does not exist, stay where they
        // are
        assertThat(props.inboxDir().resolve("still-writing.835")).exists();
        assertThat(props.inboxDir().resolve("nobody/orphan.835")).exists();

        assertThat(count(db, "SELECT count(*) FROM denial")).isEqualTo(5);
        assertThat(count(db, "SELECT count(*) FROM acknowledgment_item WHERE NOT accepted"))
                .isPositive();
        assertThat(count(db, "SELECT count(*) FROM quarantined_file")).isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM x12_file WHERE source = 'inbox'")).isEqualTo(2);
    }

    @Test
    void aFileInAPracticeFolderBelongsToThatPractice() throws IOException {
        db.sql(
                        "INSERT INTO practice (id, slug, name) VALUES ('00000000-0000-7000-8000-0000000000b2', 'oak-clinic', "
                                + "'Oak Clinic') ON CONFLICT DO NOTHING")
                .fetch()
                .rowsUpdated()
                .block();
        drop("oak-clinic/era.835", TestData.sample("tigershark/5010-835-example-2.txt"), true);
        watcher.pollOnce().block();
        assertThat(props.processedDir().resolve("oak-clinic/era.835")).exists();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE practice_id = '00000000-0000-7000-8000-0000000000b2'"))
                .isEqualTo(5);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE practice_id <> '00000000-0000-7000-8000-0000000000b2'"))
                .isZero();
    }

    @Test
    void aFileDroppedTwiceIsMovedBothTimesButStoredOnce() throws IOException {
        byte[] remit = TestData.sample("tigershark/5010-835-example-2.txt");
        drop("era.835", remit, true);
        watcher.pollOnce().block();
        drop("era.835", remit, true);
        watcher.pollOnce().block();
        assertThat(props.processedDir().resolve("default/era.835")).exists();
        assertThat(props.processedDir().resolve("default/era.835.1")).exists();
        assertThat(count(db, "SELECT count(*) FROM remittance")).isEqualTo(1);
    }
}
