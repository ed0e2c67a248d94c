package org.reclaim.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.practice.Practices;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A file is stored whole or not at all: when the database fails mid-file, and for damaged files.
 */
@IntegrationTest
class AtomicityAndFuzzTest {

    static final String[] TABLES = {
        "x12_file",
        "file_problem",
        "remittance",
        "provider_adjustment",
        "claim_payment",
        "service_line",
        "claim_payment_link",
        "denial",
        "reversal",
        "claim_submission",
        "submitted_claim",
        "submitted_claim_line",
        "acknowledgment",
        "acknowledgment_item"
    };

    @Autowired IngestService ingest;
    @Autowired DatabaseClient db;
    @Autowired Environment env;
    @TempDir Path tmp;

    @BeforeEach
    void clean() {
        TestData.clean(db);
    }

    @AfterEach
    void dropPoison() throws Exception {
        owner(
                "DROP TRIGGER IF EXISTS poison ON service_line; DROP FUNCTION IF EXISTS poison(); "
                        + "DROP SEQUENCE IF EXISTS poison_rows");
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

    Path generated(int claims, long seed) throws Exception {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(GeneratorOptions.defaults().withClaims(claims).withSeed(seed), c, r);
        Path f = tmp.resolve("remit-" + seed + ".835");
        Files.write(f, r.toByteArray());
        return f;
    }

    long rows() {
        long n = 0;
        for (String t : TABLES) n += count(db, "SELECT count(*) FROM " + t);
        return n;
    }

    @Test
    void whenTheDatabaseFailsMidFileNothingOfTheFileIsStored() throws Exception {
        Path file = generated(400, 7);
        // fails on the 500th service line, after remittances and claims were copied
        owner(
                """
                CREATE SEQUENCE poison_rows;
                CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF nextval('poison_rows') = 500 THEN RAISE EXCEPTION 'simulated failure mid-file'; END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER poison BEFORE INSERT ON service_line FOR EACH ROW EXECUTE FUNCTION poison();
                GRANT USAGE ON SEQUENCE poison_rows TO PUBLIC;""");

        assertThatThrownBy(
                        () ->
                                ingest.ingest(file, "poisoned", "upload", Practices.DEFAULT_ID)
                                        .block())
                .hasMessageContaining("simulated failure mid-file");
        assertThat(rows()).isZero();

        dropPoison();
        IngestResult r = ingest.ingest(file, "again", "upload", Practices.DEFAULT_ID).block();
        assertThat(r.created()).isTrue();
        assertThat(count(db, "SELECT count(*) FROM claim_payment"))
                .isEqualTo(r.claimPayments())
                .isPositive();
    }

    @Test
    void damagedFilesAreStoredWholeOrNotAtAll() throws Exception {
        byte[] base = Files.readAllBytes(generated(30, 11));
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(base);
        inputs.add(TestData.sample("tigershark/5010-835-example-1.txt"));
        inputs.add(TestData.sample("stupidedi/X221A1_multiple-claims-single-check.edi"));
        Random random = new Random(2026);
        int stored = 0;
        int rejected = 0;
        for (int i = 0; i < 40; i++) {
            byte[] damaged = mutate(inputs.get(i % inputs.size()), random);
            Path f = tmp.resolve("fuzz-" + i + ".x12");
            Files.write(f, damaged);
            long before = rows();
            try {
                IngestResult r =
                        ingest.ingest(f, f.getFileName().toString(), "upload", Practices.DEFAULT_ID)
                                .block();
                if (r.created()) stored++;
            } catch (UnreadableFileException e) {
                rejected++;
                assertThat(rows()).as("rejected file %d left rows behind", i).isEqualTo(before);
            }
            // every stored remittance holds exactly the claims and lines it says it has
            assertThat(
                            count(
                                    db,
                                    """
                    SELECT count(*) FROM remittance r WHERE r.claim_count <>
                        (SELECT count(*) FROM claim_payment cp WHERE cp.remittance_id = r.id)
                     OR r.line_count <> (SELECT count(*) FROM service_line sl JOIN claim_payment cp
                        ON cp.id = sl.claim_payment_id WHERE cp.remittance_id = r.id)"""))
                    .isZero();
        }
        assertThat(stored).isPositive();
        assertThat(rejected).isPositive();
    }

    /** Truncate, flip bytes, drop or duplicate a segment. */
    static byte[] mutate(byte[] in, Random random) {
        String s = new String(in, StandardCharsets.ISO_8859_1);
        switch (random.nextInt(4)) {
            case 0 -> s = s.substring(0, random.nextInt(s.length()));
            case 1 -> {
                char[] c = s.toCharArray();
                for (int k = 0; k < 1 + random.nextInt(5); k++)
                    c[random.nextInt(c.length)] = (char) random.nextInt(256);
                s = new String(c);
            }
            default -> {
                List<String> segments = new ArrayList<>(List.of(s.split("~", -1)));
                int at = 1 + random.nextInt(Math.max(1, segments.size() - 2));
                if (random.nextBoolean()) segments.remove(at);
                else segments.add(at, segments.get(at));
                s = String.join("~", segments);
            }
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
