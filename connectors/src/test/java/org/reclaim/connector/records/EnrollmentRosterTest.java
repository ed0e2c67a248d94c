package org.reclaim.connector.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The practice's provider roster, {@code records/<slug>/enrollments.csv}. */
class EnrollmentRosterTest {

    @TempDir Path data;

    EnrollmentFile roster(String csv) throws IOException {
        Path practice = Files.createDirectories(data.resolve("records/clinic-a"));
        Files.writeString(practice.resolve("enrollments.csv"), csv);
        return new RecordsFolder(data).enrollments("clinic-a");
    }

    @Test
    void rowsAreReadInAnyColumnOrderAndABadRowIsAProblemWithItsLineNotTheFilesEnd()
            throws IOException {
        EnrollmentFile f =
                roster(
                        "payerId,renderingNpi,status,effectiveFrom,effectiveTo,confirmation,note\n"
                                + "87726,1990000111,enrolled,2026-01-01,,ENR-1,x\n"
                                + "87726,1990000111,ACTIVE?,2026-01-01,,ENR-2\n"
                                + "60054,1990000111,TERMINATED,01/01/2025,06/30/2026,ENR-3\n"
                                + "60054,1990000112,PENDING,2026-13-01,,\n");
        assertThat(f.rows())
                .containsExactly(
                        new EnrollmentOnFile(
                                "1990000111",
                                "87726",
                                EnrollmentOnFile.Status.ENROLLED,
                                LocalDate.of(2026, 1, 1),
                                null,
                                "ENR-1"),
                        new EnrollmentOnFile(
                                "1990000111",
                                "60054",
                                EnrollmentOnFile.Status.TERMINATED,
                                LocalDate.of(2025, 1, 1),
                                LocalDate.of(2026, 6, 30),
                                "ENR-3"));
        assertThat(f.problems())
                .containsExactly(
                        "enrollments.csv line 3: 'status' is not one of ENROLLED, PENDING,"
                                + " TERMINATED, DENIED: ACTIVE?",
                        "enrollments.csv line 5: 'effectiveFrom' is not a date: 2026-13-01");
    }

    @Test
    void aHeaderWithoutTheColumnsReadsNothingAndSaysWhichAreMissing() throws IOException {
        EnrollmentFile f = roster("npi,payer\n1990000111,87726\n");
        assertThat(f.rows()).isEmpty();
        assertThat(f.problems().get(0)).contains("line 1", "renderingNpi", "status");
    }

    @Test
    void noRosterIsNoRows() {
        assertThat(new RecordsFolder(data).enrollments("clinic-a").rows()).isEmpty();
    }

    @Test
    void onlyAnEnrollmentCoveringTheDayWithThatPayerCounts() {
        LocalDate dos = LocalDate.of(2026, 3, 10);
        EnrollmentOnFile enrolled =
                new EnrollmentOnFile(
                        "1990000111",
                        "87726",
                        EnrollmentOnFile.Status.ENROLLED,
                        LocalDate.of(2026, 3, 10),
                        null,
                        "ENR-1");
        assertThat(enrolled.about("1990000111", "87726")).isTrue();
        assertThat(enrolled.about("1990000111", "60054")).isFalse();
        assertThat(enrolled.about("1990000112", "87726")).isFalse();
        assertThat(enrolled.enrolledOn(dos)).isTrue();
        assertThat(enrolled.enrolledOn(dos.minusDays(1))).as("effective after the day").isFalse();
        EnrollmentOnFile pending =
                new EnrollmentOnFile(
                        "1990000111",
                        "87726",
                        EnrollmentOnFile.Status.PENDING,
                        LocalDate.of(2026, 1, 1),
                        null,
                        "");
        assertThat(pending.enrolledOn(dos)).isFalse();
        EnrollmentOnFile ended =
                new EnrollmentOnFile(
                        "1990000111",
                        "87726",
                        EnrollmentOnFile.Status.TERMINATED,
                        LocalDate.of(2025, 1, 1),
                        LocalDate.of(2026, 3, 9),
                        "ENR-0");
        assertThat(ended.enrolledOn(dos)).as("terminated the day before").isFalse();
        assertThat(ended.enrolledOn(dos.minusDays(1))).isTrue();
    }
}
