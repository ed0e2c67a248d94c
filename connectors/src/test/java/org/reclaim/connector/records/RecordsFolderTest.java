package org.reclaim.connector.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.connector.support.Hashes;

class RecordsFolderTest {

    @TempDir Path data;
    RecordsFolder records;

    @BeforeEach
    void setUp() {
        records = new RecordsFolder(data);
    }

    Path practice() throws IOException {
        return Files.createDirectories(data.resolve("records/clinic-a"));
    }

    void authorizations(String csv) throws IOException {
        Files.writeString(practice().resolve("authorizations.csv"), csv);
    }

    /** A line-level look-up by a denial from payer 87726 that does not know the member. */
    Optional<AuthorizationOnFile> find(
            String patientControlNumber, String procedure, LocalDate serviceDate) {
        return records.findAuthorization(
                "clinic-a",
                new AuthorizationQuery(
                        patientControlNumber, "87726", null, procedure, serviceDate, serviceDate));
    }

    @Test
    void documentsAreListedByNameWithSizeAndHashLeavingOutHiddenAndTemporaryFiles()
            throws IOException {
        Path claim = Files.createDirectories(practice().resolve("PT-1001"));
        Files.writeString(claim.resolve("progress-note.txt"), "Patient seen for follow-up.");
        Files.write(claim.resolve("auth-letter.pdf"), new byte[] {37, 80, 68, 70});
        Files.writeString(claim.resolve(".DS_Store"), "x");
        Files.writeString(claim.resolve("scan.pdf.tmp"), "x");
        Files.createDirectories(claim.resolve("old"));

        assertThat(records.documents("clinic-a", "PT-1001"))
                .containsExactly(
                        new RecordDocument(
                                "auth-letter.pdf", 4, Hashes.sha256(new byte[] {37, 80, 68, 70})),
                        new RecordDocument(
                                "progress-note.txt",
                                27,
                                Hashes.sha256("Patient seen for follow-up.")));
        assertThat(records.read("clinic-a", "PT-1001", "progress-note.txt"))
                .asString()
                .isEqualTo("Patient seen for follow-up.");
    }

    @Test
    void aClaimWithoutAFolderHasNoDocumentsAndNamesCannotLeaveTheRecordsFolder() {
        assertThat(records.documents("clinic-a", "PT-404")).isEmpty();
        assertThatThrownBy(() -> records.documents("clinic-a", ".."))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> records.read("clinic-a", "PT-1001", "../authorizations.csv"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> records.documents("../clinic-b", "PT-1001"))
                .hasMessageContaining("slug");
    }

    @Test
    void theAuthorizationCoveringTheProcedureOnTheServiceDateIsFoundBoundsIncluded()
            throws IOException {
        authorizations(
                """
                patientControlNumber,memberId,payerId,procedure,from,to,authorizationNumber
                PT-1001,M123,87726,97110,2026-01-01,2026-03-31,AUTH-Q1
                PT-1001,M123,87726,97110,2026-04-01,2026-06-30,AUTH-Q2
                PT-1001,M123,87726,72148,2026-01-10,2026-01-10,AUTH-MRI
                PT-2002,M999,87726,97110,2025-01-01,,AUTH-OPEN
                """);

        assertThat(find("PT-1001", "97110", LocalDate.of(2026, 3, 31)))
                .map(AuthorizationOnFile::authorizationNumber)
                .contains("AUTH-Q1");
        assertThat(find("PT-1001", "97110", LocalDate.of(2026, 4, 1)))
                .map(AuthorizationOnFile::authorizationNumber)
                .contains("AUTH-Q2");
        assertThat(find("PT-1001", "72148", LocalDate.of(2026, 1, 11))).isEmpty();
        assertThat(find("PT-1001", "99214", LocalDate.of(2026, 2, 1))).isEmpty();
        assertThat(find("PT-2002", "97110", LocalDate.of(2030, 1, 1)))
                .map(AuthorizationOnFile::authorizationNumber)
                .contains("AUTH-OPEN");
        assertThat(find("PT-3003", "97110", LocalDate.of(2026, 2, 1))).isEmpty();
    }

    @Test
    void whenSeveralAuthorizationsCoverTheDateTheOneThatStartedLastWins() throws IOException {
        authorizations(
                """
                authorizationNumber,patientControlNumber,memberId,payerId,procedure,from,to,note
                AUTH-YEAR,PT-1001,M1,87726,97110,2026-01-01,2026-12-31,annual
                AUTH-EXT,PT-1001,M1,87726,97110,02/01/2026,02/28/2026,"extension, visits 13-20"
                """);

        AuthorizationOnFile found =
                find("PT-1001", "97110", LocalDate.of(2026, 2, 14)).orElseThrow();

        assertThat(found)
                .isEqualTo(
                        new AuthorizationOnFile(
                                "PT-1001",
                                "M1",
                                "87726",
                                "97110",
                                LocalDate.of(2026, 2, 1),
                                LocalDate.of(2026, 2, 28),
                                "AUTH-EXT"));
    }

    @Test
    void aClaimLevelDenialFindsTheAuthorizationOfItsPayerCoveringTheClaimsDates()
            throws IOException {
        authorizations(
                """
                patientControlNumber,memberId,payerId,procedure,from,to,authorizationNumber
                PT-1001,M1,87726,97110,2026-01-01,2026-03-31,AUTH-Q1
                PT-1001,M1,60054,97110,2026-02-01,2026-03-31,AUTH-OTHER-PAYER
                PT-1001,M1,87726,97110,2026-02-10,2026-02-12,AUTH-SHORT
                """);

        assertThat(
                        records.findAuthorization(
                                "clinic-a",
                                new AuthorizationQuery(
                                        "PT-1001",
                                        "87726",
                                        "M1",
                                        null,
                                        LocalDate.of(2026, 2, 9),
                                        LocalDate.of(2026, 2, 11))))
                .map(AuthorizationOnFile::authorizationNumber)
                .contains("AUTH-Q1");
        assertThat(
                        records.findAuthorization(
                                "clinic-a",
                                new AuthorizationQuery("PT-1001", "87726", "M1", null, null, null)))
                .isEmpty();
    }

    @Test
    void badRowsAreReportedWithTheirLineWhileGoodRowsStillCount() throws IOException {
        authorizations(
                """
                \uFEFFpatientControlNumber,memberId,payerId,procedure,from,to,authorizationNumber
                PT-1001,M1,87726,97110,2026-13-01,2026-12-31,AUTH-BAD-DATE

                PT-1001,M1,87726,97110,2026-03-01,2026-02-01,AUTH-BACKWARDS
                PT-1001,M1,87726,,2026-01-01,2026-12-31,AUTH-NO-PROC
                PT-1001,M1,87726,97110,2026-01-01,2026-12-31,AUTH-GOOD
                "PT-1001,M1
                """);

        AuthorizationFile file = records.authorizations("clinic-a");

        assertThat(file.rows())
                .extracting(AuthorizationOnFile::authorizationNumber)
                .containsExactly("AUTH-GOOD");
        assertThat(file.problems())
                .containsExactly(
                        "line 2: 'from' is not a date: 2026-13-01",
                        "line 4: 'to' 2026-02-01 is before 'from' 2026-03-01",
                        "line 5: 'procedure' is empty",
                        "line 7: a quoted field is never closed");
    }

    @Test
    void aHeaderMissingAColumnIsOneProblemAndNoRows() throws IOException {
        authorizations(
                "patientControlNumber,procedure,from,authorizationNumber\nPT-1,97110,2026-01-01,A\n");

        AuthorizationFile file = records.authorizations("clinic-a");

        assertThat(file.rows()).isEmpty();
        assertThat(file.problems())
                .containsExactly("line 1: the header lacks column(s) [memberId, payerId, to]");
    }

    @Test
    void noAuthorizationsFileMeansNoAuthorizations() {
        assertThat(records.authorizations("clinic-a").rows()).isEmpty();
        assertThat(find("PT-1", "97110", LocalDate.of(2026, 1, 1))).isEmpty();
    }
}
