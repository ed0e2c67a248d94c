package org.reclaim.prevention.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.prevention.learn.History.Answer;
import org.reclaim.prevention.learn.History.Claim;
import org.reclaim.support.ApiTest;

/** The backtest (issue 16 item 4) on a small made-up history, its figures counted by hand. */
class BacktestTest extends ApiTest {

    static final LocalDate SENT = LocalDate.of(2026, 1, 10);
    static final LocalDate UNTIL = LocalDate.of(2026, 3, 1);
    static final LocalDate LATER = LocalDate.of(2026, 3, 10);

    void upload(String body) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(body.getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    static Claim claim(
            String pcn, String procedure, String dx, String auth, String charge, LocalDate dos) {
        return new Claim(pcn, "PAYR1", procedure, null, dx, auth, charge, dos);
    }

    Map<String, Object> backtest(LocalDate until) {
        return http.get()
                .uri("/api/v1/prevention/backtest?until=" + until)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @Test
    @SuppressWarnings("unchecked")
    void recallPrecisionAndDollarsAsCountedByHand() {
        String[] dx = {"M545", "M512", "G894", "M4806", "S335", "M5416"};
        // before: six MRIs without an authorization, all denied CO-197; two visits paid
        List<Claim> before = new ArrayList<>();
        for (int i = 0; i < 6; i++)
            before.add(claim("H" + i, "72148", dx[i], null, "900", SENT.minusDays(3)));
        Claim v1 = claim("HV1", "99213", "I10", null, "150", SENT.minusDays(3));
        Claim v2 = claim("HV2", "99213", "I10", null, "150", SENT.minusDays(3));
        List<Claim> all = new ArrayList<>(before);
        all.add(v1);
        all.add(v2);
        upload(History.claims(SENT, all));
        List<Answer> answers = new ArrayList<>();
        before.forEach(c -> answers.add(new Answer(c, "197")));
        answers.add(new Answer(v1, null));
        answers.add(new Answer(v2, null));
        upload(History.answers(SENT.plusDays(20), "PAYR1", answers));

        // after: four MRIs without (three denied CO-197, one paid), two with an authorization
        // (paid),
        // a visit denied CO-16 and one paid
        LocalDate dos = LATER.minusDays(2);
        List<Claim> later = new ArrayList<>();
        for (int i = 1; i <= 4; i++) later.add(claim("B" + i, "72148", dx[i], null, "900", dos));
        later.add(claim("B5", "72148", "M545", "AUTH5", "900", dos));
        later.add(claim("B6", "72148", "M545", "AUTH6", "900", dos));
        later.add(claim("B7", "99213", "I10", null, "150", dos));
        later.add(claim("B8", "99213", "I10", null, "150", dos));
        upload(History.claims(LATER, later));
        List<Answer> after = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String carc = i < 3 ? "197" : i == 6 ? "16" : null;
            after.add(new Answer(later.get(i), carc));
        }
        upload(History.answers(LATER.plusDays(20), "PAYR1", after));

        Map<String, Object> report = backtest(UNTIL);
        assertThat(report).containsEntry("claims", 8).containsEntry("learnedRules", 1);
        Map<String, Object> overall = (Map<String, Object>) report.get("overall");
        assertThat(overall)
                .containsEntry("denied", 4)
                .containsEntry("flagged", 4)
                .containsEntry("caught", 3)
                .containsEntry("falseAlarms", 1)
                .containsEntry("recall", 0.75)
                .containsEntry("precision", 0.75)
                .containsEntry("deniedAmount", 2850.0)
                .containsEntry("keptAmount", 2700.0);
        Map<String, Map<String, Object>> categories =
                (Map<String, Map<String, Object>>) report.get("categories");
        assertThat(categories.get("authorization"))
                .containsEntry("denied", 3)
                .containsEntry("flagged", 4)
                .containsEntry("caught", 3)
                .containsEntry("recall", 1.0)
                .containsEntry("precision", 0.75)
                .containsEntry("keptAmount", 2700.0);
        assertThat(categories.get("claim-data"))
                .containsEntry("denied", 1)
                .containsEntry("flagged", 0)
                .containsEntry("recall", 0.0)
                .containsEntry("precision", null)
                .containsEntry("keptAmount", 0.0);

        // learning from nothing: every claim is later, and nothing is flagged
        Map<String, Object> blind = backtest(SENT.minusDays(30));
        assertThat(blind).containsEntry("claims", 16).containsEntry("learnedRules", 0);
        assertThat((Map<String, Object>) blind.get("overall"))
                .containsEntry("flagged", 0)
                .containsEntry("denied", 10);

        http.get()
                .uri("/api/v1/prevention/backtest?until=March")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }
}
