package org.reclaim.rejection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.springframework.http.MediaType;

/**
 * The {@code /rejections} page: open rejections with the answers that rejected them, closed there
 * with a reason.
 */
class RejectionPagesTest extends ApiTest {

    @Test
    void anOpenRejectionShowsItsAnswerAndIsClosedFromThePageWithAReason() {
        RejectionApiTest.Batch batch = RejectionApiTest.batch(2, 109);
        upload(batch.inGroup(61));
        upload(RejectionApiTest.claimRejected(561, batch.documents().get(0)));
        UUID rejected =
                db.sql("SELECT id FROM submitted_claim WHERE patient_control_number = :pcn")
                        .bind("pcn", batch.pcn(0))
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();

        String open = page("/rejections");
        assertThat(open)
                .contains("data-id=\"" + rejected + "\"")
                .contains(batch.pcn(0))
                .contains("277CA A7:21")
                .doesNotContain(batch.pcn(1))
                .contains("1 shown");

        String refused =
                http.post()
                        .uri("/rejections/{id}/close", rejected)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .bodyValue("reason=")
                        .exchange()
                        .expectStatus()
                        .isBadRequest()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(refused).contains("needs a reason");
        http.post()
                .uri("/rejections/{id}/close", rejected)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("reason=resent+by+the+practice")
                .exchange()
                .expectStatus()
                .isSeeOther()
                .expectHeader()
                .valueEquals("Location", "/rejections?closed=" + rejected);

        assertThat(page("/rejections")).contains("No rejections.");
        assertThat(page("/rejections?status=RESOLVED"))
                .contains(batch.pcn(0))
                .contains("CLOSED: resent by the practice");
        http.post()
                .uri("/rejections/{id}/close", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("reason=x")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private void upload(byte[] file) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(file)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private String page(String uri) {
        return http.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
