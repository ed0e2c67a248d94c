package org.reclaim.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.FileSystemUtils;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

@IntegrationTest
class DropFolderTest {

    @Autowired InboxWatcher watcher;
    @Autowired ReclaimProperties props;
    @Autowired DatabaseClient db;
    @Autowired Environment env;

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
        if (settled) Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(3600)));
        return f;
    }

    /**
     * Polls twice, the settle time apart: a file is taken only once its size and modification time
     * have stayed the same that long. Emits how many files were moved.
     */
    int settleAndPoll() throws InterruptedException {
        int moved = watcher.pollOnce().block();
        Thread.sleep(props.inbox().settle().toMillis() + 100);
        return moved + watcher.pollOnce().block();
    }

    @Test
    void readableFilesAreStoredAndMovedUnreadableOnesAreQuarantinedWithTheReason()
            throws Exception {
        byte[] remit = TestData.sample("tigershark/5010-835-example-2.txt");
        String text = new String(remit, java.nio.charset.StandardCharsets.ISO_8859_1);
        drop("era.835", remit, true);
        drop("default/ack.999", TestData.sample("imsweb/x12_999_rejected.txt"), true);
        drop("garbage.txt", "this is not an X12 file".getBytes(), true);
        drop("default/cut.835", text.substring(0, text.indexOf("SE*")).getBytes(), true);
        drop("nobody/orphan.835", remit, true);

        int moved = watcher.pollOnce().block();
        Thread.sleep(props.inbox().settle().toMillis() + 100);
        drop("still-writing.835", remit, false);
        moved += watcher.pollOnce().block();
        assertThat(moved).isEqualTo(4);

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
    void aFileInAPracticeFolderBelongsToThatPractice() throws Exception {
        db.sql(
                        "INSERT INTO practice (id, slug, name) VALUES ('00000000-0000-7000-8000-0000000000b2', 'oak-clinic', "
                                + "'Oak Clinic') ON CONFLICT DO NOTHING")
                .fetch()
                .rowsUpdated()
                .block();
        drop("oak-clinic/era.835", TestData.sample("tigershark/5010-835-example-2.txt"), true);
        settleAndPoll();
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
    void aFileDroppedTwiceIsMovedBothTimesButStoredOnce() throws Exception {
        byte[] remit = TestData.sample("tigershark/5010-835-example-2.txt");
        drop("era.835", remit, true);
        settleAndPoll();
        drop("era.835", remit, true);
        settleAndPoll();
        assertThat(props.processedDir().resolve("default/era.835")).exists();
        assertThat(props.processedDir().resolve("default/era.835.1")).exists();
        assertThat(count(db, "SELECT count(*) FROM remittance")).isEqualTo(1);
    }

    private static final int DROPPED = 20;

    @Test
    void twoPollsAtOnceTakeEachFileOnceAndNeitherFindsAFileGone() throws Exception {
        byte[] remit = TestData.sample("tigershark/5010-835-example-2.txt");
        int files = DROPPED;
        for (int i = 0; i < files; i++) drop("era-" + i + ".835", remit, true);
        Logger logger = (Logger) LoggerFactory.getLogger(InboxWatcher.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        try {
            settleAndPollTwiceAtOnce();
        } finally {
            logger.detachAppender(warnings);
        }
        try (var moved = Files.list(props.processedDir().resolve("default"))) {
            assertThat(moved.map(f -> f.getFileName().toString()))
                    .hasSize(files)
                    .allMatch(n -> n.endsWith(".835"));
        }
        assertThat(warnings.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.startsWith("could not store"));
        assertThat(count(db, "SELECT count(*) FROM remittance")).isEqualTo(1);
    }

    /** The first poll sees the files; then two at once (the loop's and a caller's) take them. */
    private void settleAndPollTwiceAtOnce() throws InterruptedException {
        watcher.pollOnce().block();
        Thread.sleep(props.inbox().settle().toMillis() + 100);
        List<Integer> counts =
                Flux.merge(
                                watcher.pollOnce().subscribeOn(Schedulers.parallel()),
                                watcher.pollOnce().subscribeOn(Schedulers.parallel()))
                        .collectList()
                        .block();
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(DROPPED);
    }

    /** DDL the application role may not run: as the schema owner, over JDBC. */
    void owner(String sql) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                env.getProperty("spring.flyway.url"),
                                env.getProperty("spring.flyway.user"),
                                env.getProperty("spring.flyway.password"));
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String remitText() {
        return new String(
                TestData.sample("tigershark/5010-835-example-2.txt"), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aSymbolicLinkIsNotFollowedOutOfThePracticesFolderButQuarantined() throws Exception {
        Path outside = props.dataDir().resolve("../test-outside-inbox").normalize();
        FileSystemUtils.deleteRecursively(outside);
        Files.createDirectories(outside.resolve("oak"));
        Path secret =
                Files.write(
                        outside.resolve("era.835"),
                        remitText().getBytes(StandardCharsets.ISO_8859_1));
        Path inFolder =
                Files.write(
                        outside.resolve("oak/era.835"),
                        remitText().getBytes(StandardCharsets.ISO_8859_1));
        db.sql(
                        "INSERT INTO practice (id, slug, name) VALUES ('00000000-0000-7000-8000-0000000000b2', 'oak-clinic', "
                                + "'Oak Clinic') ON CONFLICT DO NOTHING")
                .fetch()
                .rowsUpdated()
                .block();
        Files.createDirectories(props.inboxDir().resolve("default"));
        Files.createSymbolicLink(props.inboxDir().resolve("default/linked.835"), secret);
        Files.createSymbolicLink(props.inboxDir().resolve("oak-clinic"), outside.resolve("oak"));

        settleAndPoll();

        assertThat(count(db, "SELECT count(*) FROM x12_file")).isZero();
        assertThat(secret).exists();
        assertThat(inFolder).exists();
        Path quarantined = props.quarantineDir().resolve("default/linked.835");
        assertThat(Files.isSymbolicLink(quarantined)).isTrue();
        assertThat(props.quarantineDir().resolve("default/linked.835.reason.txt"))
                .content()
                .contains("symbolic link");
        assertThat(Files.isSymbolicLink(props.quarantineDir().resolve("default/oak-clinic")))
                .isTrue();
        assertThat(props.inboxDir().resolve("default/linked.835")).doesNotExist();
        FileSystemUtils.deleteRecursively(outside);
    }

    @Test
    void aFileIsTakenOnlyOnceItsSizeAndTimeStayedTheSameForTheSettleTime() throws Exception {
        String remit = remitText();
        Path f = props.inboxDir().resolve("era.835");
        Files.createDirectories(f.getParent());
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        // a writer that keeps the file's old time (a sync preserving times) while it writes
        Files.writeString(f, remit.substring(0, remit.length() / 2), StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(f, old);

        assertThat(watcher.pollOnce().block()).isZero();
        Thread.sleep(props.inbox().settle().toMillis() + 100);
        Files.writeString(f, remit, StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(f, old);
        assertThat(watcher.pollOnce().block()).isZero();
        assertThat(f).exists();

        Thread.sleep(props.inbox().settle().toMillis() + 100);
        assertThat(watcher.pollOnce().block()).isOne();
        assertThat(props.processedDir().resolve("default/era.835")).exists();
        assertThat(count(db, "SELECT count(*) FROM remittance")).isEqualTo(1);
    }

    @Test
    void anInterchangeNotClosedYetIsWaitedForThenTaken() throws Exception {
        String remit = remitText();
        Path f = props.inboxDir().resolve("era.835");
        Files.createDirectories(f.getParent());
        // written in place with a pause longer than the settle time: everything but the IEA
        Files.writeString(
                f, remit.substring(0, remit.lastIndexOf("IEA")), StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(10)));

        assertThat(settleAndPoll()).isZero();
        assertThat(f).exists();
        assertThat(props.quarantineDir()).doesNotExist();

        Files.writeString(f, remit, StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(10)));
        assertThat(settleAndPoll()).isOne();
        assertThat(props.processedDir().resolve("default/era.835")).exists();
        assertThat(count(db, "SELECT count(*) FROM remittance")).isEqualTo(1);
    }

    @Test
    void aMoveNeverReplacesWhatIsInProcessed() throws Exception {
        Path dir = props.processedDir().resolve("default");
        Files.createDirectories(dir);
        // a name taken by a link whose target is gone: it "does not exist" when followed
        Path taken = Files.createSymbolicLink(dir.resolve("era.835"), dir.resolve("gone"));
        drop("era.835", TestData.sample("tigershark/5010-835-example-2.txt"), true);

        assertThat(settleAndPoll()).isOne();

        assertThat(Files.isSymbolicLink(taken)).isTrue();
        assertThat(dir.resolve("era.835.1"))
                .content(StandardCharsets.ISO_8859_1)
                .isEqualTo(remitText());
        assertThat(props.inboxDir().resolve("era.835")).doesNotExist();
    }

    @Test
    void aFileFailingForAnUnexpectedReasonIsTriedABoundedNumberOfTimesThenQuarantined()
            throws Exception {
        owner(
                """
                CREATE OR REPLACE FUNCTION test_poison_file() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.name = 'poison.835' THEN RAISE EXCEPTION 'synthetic failure for the test'; END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER test_poison_file BEFORE INSERT ON x12_file FOR EACH ROW
                  EXECUTE FUNCTION test_poison_file();""");
        try {
            drop("poison.835", TestData.sample("tigershark/5010-835-example-2.txt"), true);
            int max = props.inbox().maxAttempts();
            int moved = settleAndPoll(); // the first attempt
            for (int i = 2; i < max; i++) moved += watcher.pollOnce().block();
            assertThat(moved).isZero();
            assertThat(props.inboxDir().resolve("poison.835")).exists();

            assertThat(watcher.pollOnce().block()).isOne();
            assertThat(props.inboxDir().resolve("poison.835")).doesNotExist();
            assertThat(props.quarantineDir().resolve("default/poison.835")).exists();
            assertThat(props.quarantineDir().resolve("default/poison.835.reason.txt"))
                    .content()
                    .contains("after " + max + " attempts")
                    .contains("synthetic failure for the test");
            assertThat(count(db, "SELECT count(*) FROM quarantined_file")).isOne();
        } finally {
            owner(
                    "DROP TRIGGER IF EXISTS test_poison_file ON x12_file;"
                            + " DROP FUNCTION IF EXISTS test_poison_file()");
        }
    }
}
