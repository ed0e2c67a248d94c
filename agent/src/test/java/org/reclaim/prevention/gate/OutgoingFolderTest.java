package org.reclaim.prevention.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.prevention.Claims837.claim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.prevention.Claims837;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.FileSystemUtils;

/**
 * The gate's drop folder outgoing/<slug>/: each settled 837P's claims go through the gate (CLEAN
 * sent, HOLD held), the file moves to outgoing-processed/ beside its answer; a file the gate cannot
 * take moves to outgoing-failed/ beside its reason; a symbolic link is never followed.
 */
@IntegrationTest
class OutgoingFolderTest {

    @Autowired OutgoingWatcher watcher;
    @Autowired ReclaimProperties props;
    @Autowired DatabaseClient db;
    @Autowired TriageService triage;

    @BeforeEach
    void clean() throws IOException {
        TestData.clean(db);
        for (Path p :
                new Path[] {
                    OutgoingWatcher.outgoingDir(props),
                    OutgoingWatcher.processedDir(props),
                    OutgoingWatcher.failedDir(props),
                    props.dataDir().resolve("outbox")
                }) FileSystemUtils.deleteRecursively(p);
    }

    private Path drop(String relative, String content, boolean settled) throws IOException {
        Path f = OutgoingWatcher.outgoingDir(props).resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.ISO_8859_1);
        if (settled) Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(3600)));
        return f;
    }

    private int settleAndPoll() throws InterruptedException {
        int moved = watcher.pollOnce().block();
        Thread.sleep(props.inbox().settle().toMillis() + 100);
        return moved + watcher.pollOnce().block();
    }

    private List<String> sent() throws IOException {
        Path outbox = props.dataDir().resolve("outbox").resolve("default");
        if (!Files.isDirectory(outbox)) return List.of();
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".x12"))
                    .map(
                            p -> {
                                try {
                                    return Files.readString(p, StandardCharsets.ISO_8859_1);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            })
                    .toList();
        }
    }

    private long held(String pcn) {
        return db.sql(
                        "SELECT count(*) FROM held_claim WHERE status = 'HELD' AND"
                                + " patient_control_number = :pcn")
                .bind("pcn", pcn)
                .map(r -> r.get(0, Long.class))
                .one()
                .block();
    }

    @Test
    void aSettled837sClaimsGoThroughTheGateAndTheFileMovesBesideItsAnswer() throws Exception {
        String file =
                Claims837.file(
                        claim("OUT-OK").line("99213", "", 1, triage.today().minusDays(10)),
                        claim("OUT-LATE").line("99213", "", 1, triage.today().minusDays(200)));
        drop("default/claims.837", file, true);
        drop("default/.claims2.837.tmp", file, true);
        int moved = watcher.pollOnce().block();
        Thread.sleep(props.inbox().settle().toMillis() + 100);
        drop("default/still-writing.837", file, false);
        moved += watcher.pollOnce().block();
        assertThat(moved).isEqualTo(1);
        Path done = OutgoingWatcher.processedDir(props).resolve("default/claims.837");
        assertThat(done).exists();
        assertThat(done.resolveSibling("claims.837.gate.json"))
                .content()
                .contains("\"outcome\":\"sent\"")
                .contains("\"outcome\":\"held\"")
                .contains("OUT-LATE");
        assertThat(sent()).singleElement().satisfies(f -> assertThat(f).contains("CLM*OUT-OK*"));
        assertThat(held("OUT-LATE")).isEqualTo(1);
        // a temporary name and a file still being written stay where they are
        assertThat(OutgoingWatcher.outgoingDir(props).resolve("default/.claims2.837.tmp")).exists();
        assertThat(OutgoingWatcher.outgoingDir(props).resolve("default/still-writing.837"))
                .exists();
        assertThat(
                        db.sql(
                                        "SELECT source FROM held_claim WHERE patient_control_number = 'OUT-OK'")
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo("outgoing:claims.837");
    }

    @Test
    void aFileTheGateCannotTakeMovesToFailedWithItsReasonAndALinkIsNotFollowed() throws Exception {
        drop("default/garbage.837", "this is not an X12 file", true);
        String remit = TestData.sampleText("tigershark/5010-835-example-2.txt");
        drop("default/era.835", remit, true);
        Path outside = Files.createTempFile("reclaim-outside-", ".837");
        Files.writeString(
                outside,
                Claims837.file(claim("OUT-LINK").line("99213", "", 1, triage.today().minusDays(3))),
                StandardCharsets.ISO_8859_1);
        Path link = OutgoingWatcher.outgoingDir(props).resolve("default/link.837");
        Files.createSymbolicLink(link, outside);

        assertThat(settleAndPoll()).isEqualTo(3);
        Path failed = OutgoingWatcher.failedDir(props).resolve("default");
        assertThat(failed.resolve("garbage.837")).exists();
        assertThat(failed.resolve("garbage.837.reason.txt")).content().isNotBlank();
        assertThat(failed.resolve("era.835.reason.txt")).content().contains("837P");
        assertThat(failed.resolve("link.837.reason.txt")).content().contains("symbolic link");
        assertThat(sent()).isEmpty();
        assertThat(
                        db.sql("SELECT count(*) FROM held_claim")
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isZero();
        Files.deleteIfExists(outside);
    }
}
