package org.reclaim.drafting;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synthetic denials: every name, date and number here is made up. */
final class Fixtures {

    static final String PATIENT_NAME = "Jordan Q. Testpatient";
    static final LocalDate BIRTH_DATE = LocalDate.of(1961, 7, 23);
    static final String MEMBER_ID = "XYZ918273645";
    static final String ACCOUNT = "PCN-77120";
    static final String CLAIM_NUMBER = "2026031400123";
    static final String NPI = "1999999984";

    private Fixtures() {}

    static AppealFacts appeal(String category, String carc) {
        return appeal(
                category,
                carc,
                List.of("Authorization record 2026-03-01", "Progress note for the visit"));
    }

    static AppealFacts appeal(String category, String carc, List<String> evidence) {
        return new AppealFacts(
                "den-1",
                "Acme Health Plan",
                CLAIM_NUMBER,
                ACCOUNT,
                PATIENT_NAME,
                BIRTH_DATE,
                MEMBER_ID,
                LocalDate.of(2026, 3, 14),
                "99214",
                List.of("25"),
                "CO",
                carc,
                "Precertification/authorization absent.",
                List.of("N54"),
                List.of(
                        "Claim information is inconsistent with pre-certified/authorized services."),
                new BigDecimal("250.00"),
                new BigDecimal("180.00"),
                category,
                "The payer found no valid authorization for the service",
                1,
                "Reconsideration",
                evidence,
                "Riverbend Family Medicine",
                NPI);
    }

    static Map<String, String> claim() {
        Map<String, String> claim = new LinkedHashMap<>();
        claim.put(ClaimFields.FREQUENCY_CODE, "1");
        claim.put(ClaimFields.PLACE_OF_SERVICE, "11");
        claim.put(ClaimFields.MEMBER_ID, MEMBER_ID);
        claim.put(ClaimFields.diagnosis(1), "M5450");
        claim.put(ClaimFields.diagnosis(2), "I10");
        claim.put(ClaimFields.line(1, "procedure"), "99214");
        claim.put(ClaimFields.line(1, "modifiers"), "25");
        claim.put(ClaimFields.line(1, "units"), "1");
        claim.put(ClaimFields.line(1, "charge"), "250.00");
        claim.put(ClaimFields.line(1, "serviceDate"), "2026-03-14");
        claim.put(ClaimFields.line(2, "procedure"), "97140");
        claim.put(ClaimFields.line(2, "units"), "2");
        claim.put(ClaimFields.line(2, "charge"), "90.00");
        claim.put(ClaimFields.line(2, "serviceDate"), "2026-03-14");
        return claim;
    }

    static CorrectionFacts correction(
            String category,
            String carc,
            List<String> rarcs,
            Map<String, String> claim,
            Map<String, String> hints,
            Integer deniedLine) {
        return new CorrectionFacts(
                "den-2",
                category,
                "CO",
                carc,
                "",
                rarcs,
                rarcs.stream().map(r -> "").toList(),
                CLAIM_NUMBER,
                ACCOUNT,
                claim,
                hints,
                deniedLine);
    }
}
