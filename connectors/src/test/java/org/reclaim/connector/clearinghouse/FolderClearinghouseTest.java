package org.reclaim.connector.clearinghouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.connector.support.Hashes;

class FolderClearinghouseTest {

    @TempDir Path data;

    static OutgoingFile file(String key, String icn, String content) {
        return new OutgoingFile(
                "clinic-a",
                key,
                "276",
                icn,
                content.getBytes(StandardCharsets.US_ASCII),
                Instant.parse("2026-03-04T23:59:58.900Z"));
    }

    Path outbox() {
        return data.resolve("outbox/clinic-a");
    }

    List<String> visibleFiles() throws IOException {
        try (Stream<Path> files = Files.list(outbox())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    List<String> allFilesBelowOutbox() throws IOException {
        try (Stream<Path> files = Files.walk(outbox())) {
            return files.filter(Files::isRegularFile)
                    .map(p -> outbox().relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    @Test
    void theFileIsWrittenUnderTheContractNameInUtcWithNothingElseVisible() throws IOException {
        SubmissionReceipt receipt =
                new FolderClearinghouse(data).submit(file("k1", "000000123", "ISA*276~"));

        assertThat(receipt)
                .isEqualTo(SubmissionReceipt.accepted("20260304235958-276-000000123.x12", false));
        assertThat(visibleFiles()).containsExactly("20260304235958-276-000000123.x12");
        assertThat(Files.readString(outbox().resolve(receipt.id()))).isEqualTo("ISA*276~");
        assertThat(allFilesBelowOutbox()).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void aSecondSubmitWithTheSameKeyWritesNoSecondFileEvenAfterTheSyncTookTheFirst()
            throws IOException {
        FolderClearinghouse ch = new FolderClearinghouse(data);
        SubmissionReceipt first = ch.submit(file("k1", "000000123", "ISA*276~"));
        SubmissionReceipt again = ch.submit(file("k1", "000000123", "ISA*276~"));
        Files.delete(outbox().resolve(first.id()));
        SubmissionReceipt afterPickup = ch.submit(file("k1", "000000123", "ISA*276~"));

        assertThat(again).isEqualTo(SubmissionReceipt.accepted(first.id(), true));
        assertThat(afterPickup).isEqualTo(again);
        assertThat(visibleFiles()).isEmpty();
    }

    @Test
    void aNewKeyIsANewFile() throws IOException {
        FolderClearinghouse ch = new FolderClearinghouse(data);
        ch.submit(file("k1", "000000123", "ISA*1~"));
        ch.submit(file("k2", "000000124", "ISA*2~"));

        assertThat(visibleFiles())
                .containsExactly(
                        "20260304235958-276-000000123.x12", "20260304235958-276-000000124.x12");
    }

    @Test
    void aWrittenFileIsNeverReplacedByAnotherSubmissionWithTheSameName() throws IOException {
        FolderClearinghouse ch = new FolderClearinghouse(data);
        ch.submit(file("k1", "000000123", "ISA*first~"));

        assertThatThrownBy(() -> ch.submit(file("k2", "000000123", "ISA*second~")))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(outbox().resolve("20260304235958-276-000000123.x12")))
                .isEqualTo("ISA*first~");
    }

    @Test
    void reusingAKeyForDifferentContentIsRefused() {
        FolderClearinghouse ch = new FolderClearinghouse(data);
        ch.submit(file("k1", "000000123", "ISA*first~"));

        assertThatThrownBy(() -> ch.submit(file("k1", "000000125", "ISA*other~")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different content");
    }

    @Test
    void aSubmitInterruptedBetweenMarkerAndFileIsCompletedByTheRetry() throws IOException {
        OutgoingFile f = file("k1", "000000123", "ISA*276~");
        Path marker = outbox().resolve(".sent").resolve(Hashes.sha256("k1"));
        Files.createDirectories(marker.getParent());
        Files.writeString(
                marker, "pending " + f.fileName() + " " + Hashes.sha256(f.bytes()) + "\n");

        SubmissionReceipt receipt = new FolderClearinghouse(data).submit(f);

        assertThat(receipt).isEqualTo(SubmissionReceipt.accepted(f.fileName(), false));
        assertThat(visibleFiles()).containsExactly(f.fileName());
        assertThat(Files.readString(marker)).startsWith("sent ");
    }

    @Test
    void concurrentSubmitsOfOneKeyWriteOneFile() throws Exception {
        FolderClearinghouse ch = new FolderClearinghouse(data);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<SubmissionReceipt>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++)
                calls.add(() -> ch.submit(file("same", "000000777", "ISA*777~")));
            List<SubmissionReceipt> receipts = new ArrayList<>();
            for (Future<SubmissionReceipt> f : pool.invokeAll(calls)) receipts.add(f.get());

            assertThat(receipts)
                    .extracting(SubmissionReceipt::id)
                    .containsOnly("20260304235958-276-000000777.x12");
            assertThat(receipts).filteredOn(r -> !r.repeated()).hasSize(1);
            assertThat(visibleFiles()).containsExactly("20260304235958-276-000000777.x12");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pollReturnsNothingBecauseResponsesArriveInTheInbox() {
        assertThat(new FolderClearinghouse(data).poll()).isEmpty();
    }

    @Test
    void anOutgoingFileRefusesAnUnsafeSlugAnUnknownTypeAndAShortControlNumber() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        byte[] b = {1};
        assertThatThrownBy(() -> new OutgoingFile("../etc", "k", "837", "000000001", b, t))
                .hasMessageContaining("slug");
        assertThatThrownBy(() -> new OutgoingFile("a", "k", "835", "000000001", b, t))
                .hasMessageContaining("type");
        assertThatThrownBy(() -> new OutgoingFile("a", "k", "837", "1", b, t))
                .hasMessageContaining("nine digits");
        assertThatThrownBy(() -> new OutgoingFile("a", " ", "837", "000000001", b, t))
                .hasMessageContaining("idempotency");
    }
}
