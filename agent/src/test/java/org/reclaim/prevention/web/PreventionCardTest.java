package org.reclaim.prevention.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.prevention.Claims837.claim;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.reclaim.prevention.Claims837;
import org.reclaim.support.ApiTest;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The dashboard's prevention card: the gate's figures for the period (scrubbed, held, fixed,
 * released, dropped, denials prevented with their dollars), tiles that open the held claims, and
 * the dashboard loading the card for its period.
 */
class PreventionCardTest extends ApiTest {

    @Autowired TriageService triage;

    @SuppressWarnings("unchecked")
    private String submit(Claims837.Claim c) {
        Map<String, Object> body =
                http.post()
                        .uri("/api/v1/claims/submit")
                        .contentType(MediaType.parseMediaType("application/edi-x12"))
                        .bodyValue(Claims837.file(c).getBytes(StandardCharsets.ISO_8859_1))
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        return (String) ((List<Map<String, Object>>) body.get("claims")).get(0).get("id");
    }

    private void post(String uri, Object body) {
        http.post().uri(uri).bodyValue(body).exchange().expectStatus().isOk();
    }

    private String card(String query) {
        String html =
                http.get()
                        .uri("/dashboard/prevention" + query)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        return html;
    }

    /** The text of the element with this id (the card's elements hold text only). */
    private static String value(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(html);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(1).strip();
    }

    private static String attr(String html, String id, String name) {
        Matcher m = Pattern.compile("<[^>]*id=\"" + id + "\"[^>]*>").matcher(html);
        assertThat(m.find()).as("element #" + id).isTrue();
        Matcher a = Pattern.compile(name + "=\"([^\"]*)\"").matcher(m.group());
        assertThat(a.find()).as(name + " of #" + id).isTrue();
        return a.group(1).replace("&amp;", "&");
    }

    @Test
    void theCardCountsWhatTheGateDidAndItsTilesOpenTheHeldClaims() {
        // TSTCOMB2 is COMMERCIAL: 90 days of timely filing, so 200 days ago is a HOLD (CARC 29)
        submit(claim("CARD-CLEAN").line("99213", "", 1, triage.today().minusDays(3)));
        String late =
                submit(claim("CARD-LATE").line("99213", "", 1, triage.today().minusDays(200)));
        String fixed =
                submit(claim("CARD-FIXED").line("99214", "", 1, triage.today().minusDays(200)));
        String released =
                submit(claim("CARD-RELEASED").line("99215", "", 1, triage.today().minusDays(200)));
        post(
                "/api/v1/claims/held/" + fixed + "/fix",
                Map.of(
                        "edits",
                        Map.of("line[1].serviceDate", triage.today().minusDays(2).toString())));
        post("/api/v1/claims/held/" + late + "/drop", Map.of("reason", "past filing"));
        post("/api/v1/claims/held/" + released + "/release", Map.of("reason", "payer agreed"));

        String d = card("");
        assertThat(value(d, "prevention-scrubbed")).isEqualTo("4");
        assertThat(value(d, "prevention-held")).isEqualTo("3");
        assertThat(value(d, "prevention-fixed")).isEqualTo("1");
        assertThat(value(d, "prevention-released")).isEqualTo("1");
        assertThat(value(d, "prevention-dropped")).isEqualTo("1");
        // the fixed claim and the dropped one; the one released as it was is not counted
        assertThat(value(d, "prevention-prevented")).isEqualTo("2");
        assertThat(value(d, "prevention-prevented-dollars")).startsWith("$200.00");
        assertThat(attr(d, "tile-prevention-held", "href")).isEqualTo("/claims/held?status=HELD");
        assertThat(attr(d, "tile-prevention-dropped", "href"))
                .isEqualTo("/claims/held?status=DROPPED");

        // another period: nothing came through the gate then
        String before = card("?from=2020-01&to=2020-02");
        assertThat(value(before, "prevention-scrubbed")).isEqualTo("0");
        assertThat(value(before, "prevention-prevented-dollars")).startsWith("$0.00");

        String dashboard =
                http.get()
                        .uri("/dashboard?from=2020-01&to=2020-02")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(attr(dashboard, "prevention", "data-src"))
                .isEqualTo("/dashboard/prevention?from=2020-01&to=2020-02");
    }
}
