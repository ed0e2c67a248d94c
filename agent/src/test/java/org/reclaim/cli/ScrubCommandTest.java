package org.reclaim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.prevention.Claims837.claim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.prevention.Claims837;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** {@code reclaim scrub}, run in-process: findings per file, exit codes, the help. */
class ScrubCommandTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    @TempDir Path dir;

    record Run(int code, String out, String err) {
        List<JsonNode> objects() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n")) if (!line.isBlank()) nodes.add(JSON.readTree(line));
            return nodes;
        }
    }

    private static Run scrub(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                ScrubCommand.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.ISO_8859_1);
        return f;
    }

    private Path twoClaims() throws IOException {
        return file(
                "two.837",
                Claims837.file(
                        claim("CLI-OK").line("99213", "", 1, TODAY.minusDays(10)),
                        // frequency 7 to a Medicare payer (correction by reopening), and late
                        claim("CLI-BAD")
                                .payer("TSTMCR01", "TEST MEDICARE MAC JURISDICTION Z")
                                .frequency("7", "ORIGINAL-1")
                                .line("99213", "", 1, TODAY.minusDays(400))));
    }

    private static List<String> rules(JsonNode claim) {
        return StreamSupport.stream(claim.get("findings").spliterator(), false)
                .map(f -> f.get("rule").asString())
                .toList();
    }

    @Test
    void jsonIsOneObjectPerFileWithTheClaimsInOrderAndAnUnreadableFileExitsOne()
            throws IOException {
        Path good = twoClaims();
        Path truncated = file("cut.837", Files.readString(good).substring(0, 400));
        Run r =
                scrub(
                        "--json",
                        "--today",
                        TODAY.toString(),
                        good.toString(),
                        dir.resolve("absent.837").toString(),
                        truncated.toString());
        assertThat(r.code()).isEqualTo(1);
        List<JsonNode> files = r.objects();
        assertThat(files).hasSize(3);
        JsonNode first = files.get(0);
        assertThat(first.get("file").asString()).isEqualTo(good.toString());
        assertThat(first.has("error")).isFalse();
        JsonNode claims = first.get("claims");
        assertThat(claims.size()).isEqualTo(2);
        assertThat(claims.get(0).get("patientControlNumber").asString()).isEqualTo("CLI-OK");
        assertThat(claims.get(0).get("verdict").asString()).isEqualTo("CLEAN");
        assertThat(claims.get(0).get("payer").get("id").asString()).isEqualTo("TSTCOMB2");
        assertThat(claims.get(1).get("verdict").asString()).isEqualTo("HOLD");
        assertThat(rules(claims.get(1)))
                .containsExactlyInAnyOrder("payer.timely-filing", "payer.correction-method");
        assertThat(files.get(1).get("error").asString()).isEqualTo("no such file");
        assertThat(files.get(2).get("error").asString()).isNotBlank();
        // every file read: 0
        assertThat(scrub("--json", "--today", TODAY.toString(), good.toString()).code()).isZero();
    }

    @Test
    void withoutJsonEachClaimIsSummarizedWithItsFindings() throws IOException {
        Run r = scrub("--today", TODAY.toString(), twoClaims().toString());
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("2 claim(s): 1 clean, 0 warn, 1 hold")
                .contains("CLI-OK  payer TSTCOMB2  100.00  CLEAN")
                .contains("CLI-BAD")
                .contains("error payer.timely-filing (CARC 29)")
                .contains("error payer.correction-method");
    }

    @Test
    void theNcciFilesOfTheConfiguredFolderAreUsed() throws IOException {
        Path ncci = Files.createDirectories(dir.resolve("ncci"));
        Files.writeString(
                ncci.resolve("ptp.csv"),
                "Column 1,Column 2,Effective Date,Deletion Date,Modifier Indicator\n"
                        + "11111,22222,20250101,,0\n");
        Path f =
                file(
                        "pair.837",
                        Claims837.file(
                                claim("CLI-PAIR")
                                        .line("11111", "", 1, TODAY.minusDays(3))
                                        .line("22222", "", 1, TODAY.minusDays(3))));
        System.setProperty("reclaim.prevention.ncci-dir", ncci.toString());
        try {
            Run r = scrub("--json", "--today", TODAY.toString(), f.toString());
            assertThat(r.code()).isZero();
            JsonNode claim = r.objects().get(0).get("claims").get(0);
            assertThat(rules(claim)).contains("ncci.ptp");
            // a malformed NCCI file stops the command, naming file and line
            Files.writeString(
                    ncci.resolve("ptp.csv"),
                    "Column 1,Column 2,Effective Date,Deletion Date,Modifier Indicator\n"
                            + "11111,22222,someday,,0\n");
            Run bad = scrub("--json", f.toString());
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).contains(ncci.resolve("ptp.csv") + ":2");
            assertThat(bad.out()).isEmpty();
        } finally {
            System.clearProperty("reclaim.prevention.ncci-dir");
        }
        Run without = scrub("--json", "--today", TODAY.toString(), f.toString());
        assertThat(rules(without.objects().get(0).get("claims").get(0))).doesNotContain("ncci.ptp");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(scrub().code()).isEqualTo(2);
        assertThat(scrub("--yaml", "x.837").code()).isEqualTo(2);
        Run badDate = scrub("--today", "June", "x.837");
        assertThat(badDate.code()).isEqualTo(2);
        assertThat(badDate.err()).contains("June");
        assertThat(scrub("--help").out()).contains("reclaim scrub");
    }

    @Test
    void theHelpNamesTheCommands() throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Reclaim.main(new String[] {"--help"});
        } finally {
            System.setOut(before);
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("reclaim scrub [--json] FILE.837")
                .contains("reclaim benchmark-scrub");
    }
}
