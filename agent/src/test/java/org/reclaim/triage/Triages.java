package org.reclaim.triage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.reclaim.rules.PayerRules;
import org.reclaim.rules.TriageFiles;

/** The shipped triage configuration, loaded once for the plain (no Spring) triage tests. */
public final class Triages {

    public static final Triage SHIPPED = Triage.load(TriageFiles.locate(null, null));

    private Triages() {}

    static Triage.Classification classify(
            String payerId, String group, String carc, String... rarcs) {
        PayerRules payer = SHIPPED.payer(null, payerId == null ? List.of() : List.of(payerId));
        return SHIPPED.classify(payer, group, carc, List.of(rarcs));
    }

    static Triage.Plan plan(
            String payerId,
            LocalDate paid,
            LocalDate service,
            String group,
            String carc,
            String amount,
            LocalDate today,
            String... rarcs) {
        return SHIPPED.plan(
                new Triage.Facts(
                        null,
                        payerId == null ? List.of() : List.of(payerId),
                        paid,
                        paid,
                        service,
                        group,
                        carc,
                        List.of(rarcs),
                        new BigDecimal(amount)),
                today);
    }
}
