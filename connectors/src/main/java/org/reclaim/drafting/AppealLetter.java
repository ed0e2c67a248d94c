package org.reclaim.drafting;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The substance of an appeal: what happened, why the payer should pay, what we ask, what we attach.
 * It refers to the patient only through placeholders ({@code [PATIENT_NAME]}, {@code
 * [PATIENT_BIRTH_DATE]}, {@code [MEMBER_ID]}, {@code [PATIENT_ACCOUNT_NUMBER]}), so it can be
 * stored and shown without PHI; {@link #render(AppealFacts)} fills them in.
 *
 * @param facts statements of fact, one per element
 * @param argument why the denial should be overturned under the payer's own policy
 * @param requestedAction what the payer is asked to do
 * @param evidence names of the documents enclosed, each one of {@link AppealFacts#evidence()}
 */
public record AppealLetter(
        List<String> facts, String argument, String requestedAction, List<String> evidence) {

    public AppealLetter {
        facts = Checks.strings("facts", facts);
        if (facts.isEmpty()) throw new IllegalArgumentException("facts must not be empty");
        argument = Checks.required("argument", argument);
        requestedAction = Checks.required("requestedAction", requestedAction);
        evidence = Checks.strings("evidence", evidence);
    }

    /** The letter as plain text, addressed to the payer, with the patient's details filled in. */
    public String render(AppealFacts f) {
        Map<String, String> phi = Placeholders.of(f);
        StringBuilder b = new StringBuilder();
        b.append(f.payerName()).append('\n').append("Attn: Appeals\n\n");
        b.append("Re: ")
                .append(f.appealLevelName())
                .append(" (appeal level ")
                .append(f.appealLevel())
                .append(")\n");
        b.append("Patient: ").append(f.patientName()).append('\n');
        b.append("Date of birth: ")
                .append(Placeholders.US_DATE.format(f.patientBirthDate()))
                .append('\n');
        b.append("Member ID: ").append(f.memberId()).append('\n');
        b.append("Payer claim number: ").append(f.payerClaimNumber()).append('\n');
        b.append("Patient account number: ").append(f.patientControlNumber()).append('\n');
        b.append("Date of service: ")
                .append(Placeholders.US_DATE.format(f.serviceDate()))
                .append('\n');
        b.append("Procedure: ").append(f.procedure());
        if (!f.modifiers().isEmpty())
            b.append(" modifier ").append(String.join(", ", f.modifiers()));
        b.append('\n');
        b.append("Billed: ")
                .append(dollars(f.billed()))
                .append("; denied: ")
                .append(dollars(f.deniedAmount()))
                .append('\n');
        b.append("Denial reason: ").append(f.group()).append('-').append(f.carc());
        if (!f.carcText().isEmpty()) b.append(" (").append(f.carcText()).append(')');
        for (int i = 0; i < f.rarcs().size(); i++) {
            b.append("; remark ").append(f.rarcs().get(i));
            String text = f.rarcTexts().get(i);
            if (text != null && !text.isBlank()) b.append(" (").append(text.strip()).append(')');
        }
        b.append("\n\nTo whom it may concern:\n\n");
        b.append("On behalf of ")
                .append(f.providerName())
                .append(", we request a ")
                .append(f.appealLevelName().toLowerCase(Locale.ROOT))
                .append(" of the claim above.\n\n");
        for (String fact : facts) b.append("- ").append(Placeholders.fill(fact, phi)).append('\n');
        b.append('\n').append(Placeholders.fill(argument, phi)).append("\n\n");
        b.append(Placeholders.fill(requestedAction, phi)).append('\n');
        if (!evidence.isEmpty()) {
            b.append("\nEnclosed:\n");
            for (String doc : evidence)
                b.append("- ").append(Placeholders.fill(doc, phi)).append('\n');
        }
        b.append("\nSincerely,\n\n")
                .append(f.providerName())
                .append('\n')
                .append("NPI ")
                .append(f.providerNpi())
                .append('\n');
        return b.toString();
    }

    static String dollars(BigDecimal amount) {
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        return format.format(amount);
    }
}
