package org.reclaim.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestData;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/**
 * 999 and 277CA answers show on the claims they are about, and a claim rejection is not a denial.
 */
class AcknowledgmentLinkTest extends ApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void aRejectingClaimAcknowledgmentAndAnAcceptingSetAcknowledgmentShowOnTheClaim()
            throws Exception {
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        Generator.write(GeneratorOptions.defaults().withClaims(5).withSeed(99), claims, null);
        List<SubmittedClaim> submitted = new ArrayList<>();
        X12Files.read(
                new ByteArrayInputStream(claims.toByteArray()),
                new X12Handler() {
                    @Override
                    public void submittedClaim(SubmittedClaim c) {
                        submitted.add(c);
                    }
                });
        SubmittedClaim target = submitted.get(0);

        String ack277 =
                TestData.sampleText("imsweb/x12_277CA_rejected.txt")
                        .replace("TRN*2*3920394930203", "TRN*2*" + target.patientControlNumber());
        // the sample's set and group, renumbered as the generated 837's (ST02, GS06)
        String ack999 =
                TestData.sampleText("imsweb/x12_999_accepted.txt")
                        .replace("AK1*HC*17456*", "AK1*HC*" + target.groupControlNumber() + "*")
                        .replaceAll("AK2\\*837\\*[^*~]+", "AK2*837*" + target.controlNumber());

        post(claims.toByteArray(), 201);
        post(ack277.getBytes(StandardCharsets.ISO_8859_1), 201);
        post(ack999.getBytes(StandardCharsets.ISO_8859_1), 201);

        UUID claimId =
                db.sql("SELECT id FROM submitted_claim WHERE patient_control_number = :p")
                        .bind("p", target.patientControlNumber())
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        Map<String, Object> claim =
                http.get()
                        .uri("/api/v1/claims/{id}", claimId)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        List<Map<String, Object>> acks = (List<Map<String, Object>>) claim.get("acknowledgments");
        assertThat(acks)
                .anySatisfy(
                        a -> {
                            assertThat(a.get("type")).isEqualTo("277CA");
                            assertThat(a.get("code")).isEqualTo("A7");
                            assertThat(a.get("accepted")).isEqualTo(false);
                        });
        assertThat(acks)
                .anySatisfy(
                        a -> {
                            assertThat(a.get("type")).isEqualTo("999");
                            assertThat(a.get("level")).isEqualTo("set");
                            assertThat(a.get("accepted")).isEqualTo(true);
                        });
        assertThat(claim.get("rejected")).isEqualTo(true);
        assertThat(TestData.count(db, "SELECT count(*) FROM denial"))
                .as("a rejection is not a denial")
                .isZero();

        // a claim the acknowledgments do not name shows none of them
        UUID other =
                db.sql("SELECT id FROM submitted_claim WHERE patient_control_number = :p")
                        .bind("p", submitted.get(1).patientControlNumber())
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        Map<String, Object> otherClaim =
                http.get()
                        .uri("/api/v1/claims/{id}", other)
                        .exchange()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat((List<Map<String, Object>>) otherClaim.get("acknowledgments"))
                .noneSatisfy(a -> assertThat(a.get("type")).isEqualTo("277CA"));
    }

    private void post(byte[] body, int status) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status);
    }
}
