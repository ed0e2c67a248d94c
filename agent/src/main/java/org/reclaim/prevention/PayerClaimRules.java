package org.reclaim.prevention;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.reclaim.connector.records.AuthorizationOnFile;
import org.reclaim.connector.records.AuthorizationQuery;
import org.reclaim.rules.CorrectionMethod;
import org.reclaim.rules.PayerDirectory;
import org.reclaim.rules.PayerRules;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.Finding;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.SubmittedClaim;

/**
 * The payer's rules of {@code config/payers.yml} applied to a claim before it is sent
 * (docs/prevention.md, "Payer rules"):
 *
 * <ul>
 *   <li>{@code payer.prior-authorization}: a line whose procedure is in the payer's {@code
 *       priorAuthorization} list, with no authorization on the claim (REF*G1) — an error (CARC 197)
 *       when none is on file either, a warning with the number on file as its fix when one covering
 *       the line's date of service is;
 *   <li>{@code payer.timely-filing}: a warning when {@code timelyFilingWarningDays} or fewer are
 *       left of the window from the first date of service, an error past it (CARC 29);
 *   <li>{@code payer.correction-method}: a replacement or void (frequency 7/8) to a payer that
 *       takes corrections by reopening.
 * </ul>
 *
 * <p>Plain Java: the service builds it from the current payer directory and the practice's records,
 * the {@code scrub} command from the configuration alone.
 */
public final class PayerClaimRules implements ClaimRule {

    public static final String PRIOR_AUTHORIZATION = "payer.prior-authorization";
    public static final String TIMELY_FILING = "payer.timely-filing";
    public static final String CORRECTION_METHOD = "payer.correction-method";

    private final PayerDirectory payers;
    private final Function<AuthorizationQuery, Optional<AuthorizationOnFile>> onFile;

    /**
     * @param onFile the authorization on file that covers a query (the practice's {@code
     *     authorizations.csv}); one that always answers empty when there are no records
     */
    public PayerClaimRules(
            PayerDirectory payers,
            Function<AuthorizationQuery, Optional<AuthorizationOnFile>> onFile) {
        this.payers = Objects.requireNonNull(payers, "payers");
        this.onFile = Objects.requireNonNull(onFile, "onFile");
    }

    /** Without records: only an authorization on the claim itself counts. */
    public static PayerClaimRules withoutRecords(PayerDirectory payers) {
        return new PayerClaimRules(payers, q -> Optional.empty());
    }

    @Override
    public List<Finding> check(SubmittedClaim c, LocalDate today) {
        String payerId = c.payer() == null ? null : c.payer().id();
        String payerName = c.payer() == null ? null : c.payer().name();
        PayerRules rules = payers.resolve(payerName, payerId);
        List<Finding> out = new ArrayList<>();
        priorAuthorization(c, rules, payerId, out);
        timelyFiling(c, rules, today, out);
        if (("7".equals(c.frequency()) || "8".equals(c.frequency()))
                && rules.correction() != null
                && rules.correction().method() == CorrectionMethod.REOPENING)
            out.add(
                    Finding.error(
                                    CORRECTION_METHOD,
                                    "claim-data",
                                    null,
                                    "frequency "
                                            + c.frequency()
                                            + " (replacement or void) to payer "
                                            + rules.id()
                                            + ", which takes corrections by reopening, not by a"
                                            + " corrected claim (config/payers.yml correction.method"
                                            + " REOPENING)")
                            .withEvidence(
                                    Map.of(
                                            "payer", String.valueOf(rules.id()),
                                            "frequency", c.frequency(),
                                            "correctionMethod", "REOPENING")));
        return out;
    }

    private void priorAuthorization(
            SubmittedClaim c, PayerRules rules, String payerId, List<Finding> out) {
        if (rules.priorAuthorization().isEmpty()) return;
        if (!blank(c.priorAuthorization())) return;
        String member = c.subscriber() == null ? null : c.subscriber().memberId();
        for (ClaimLine l : c.lines()) {
            String code = l.procedure() == null ? null : l.procedure().strip();
            if (code == null || !rules.priorAuthorization().contains(code)) continue;
            LocalDate from = l.serviceFrom() != null ? l.serviceFrom() : c.serviceFrom();
            LocalDate to = l.serviceTo() != null ? l.serviceTo() : from;
            Optional<AuthorizationOnFile> found =
                    blank(c.patientControlNumber()) || from == null
                            ? Optional.empty()
                            : onFile.apply(
                                    new AuthorizationQuery(
                                            c.patientControlNumber(),
                                            payerId,
                                            member,
                                            code,
                                            from,
                                            to));
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("payer", String.valueOf(rules.id()));
            evidence.put("procedure", code);
            if (from != null) evidence.put("dateOfService", from.toString());
            if (found.isPresent()) {
                AuthorizationOnFile a = found.get();
                evidence.put("authorizationFrom", a.from().toString());
                if (a.to() != null) evidence.put("authorizationTo", a.to().toString());
                out.add(
                        Finding.warning(
                                        PRIOR_AUTHORIZATION,
                                        "authorization",
                                        "197",
                                        "line "
                                                + l.index()
                                                + ": "
                                                + code
                                                + " needs prior authorization from payer "
                                                + rules.id()
                                                + "; the claim carries none (REF*G1), but"
                                                + " authorizations.csv has one covering "
                                                + from)
                                .atLine(l.index())
                                .withEvidence(evidence)
                                .withFix(Map.of("priorAuthorization", a.authorizationNumber())));
            } else {
                out.add(
                        Finding.error(
                                        PRIOR_AUTHORIZATION,
                                        "authorization",
                                        "197",
                                        "line "
                                                + l.index()
                                                + ": "
                                                + code
                                                + " needs prior authorization from payer "
                                                + rules.id()
                                                + ", and neither the claim (REF*G1) nor the"
                                                + " authorizations on file cover "
                                                + (from == null ? "its date of service" : from))
                                .atLine(l.index())
                                .withEvidence(evidence));
            }
        }
    }

    private static void timelyFiling(
            SubmittedClaim c, PayerRules rules, LocalDate today, List<Finding> out) {
        if (today == null || rules.timelyFilingDays() <= 0) return;
        LocalDate first = c.serviceFrom();
        for (ClaimLine l : c.lines()) {
            LocalDate d = l.serviceFrom() != null ? l.serviceFrom() : c.serviceFrom();
            if (d != null && (first == null || d.isBefore(first))) first = d;
        }
        if (first == null || first.isAfter(today)) return;
        LocalDate deadline = first.plusDays(rules.timelyFilingDays());
        long left = ChronoUnit.DAYS.between(today, deadline);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("payer", String.valueOf(rules.id()));
        evidence.put("firstDateOfService", first.toString());
        evidence.put("timelyFilingDays", rules.timelyFilingDays());
        evidence.put("deadline", deadline.toString());
        evidence.put("daysLeft", left);
        if (left < 0)
            out.add(
                    Finding.error(
                                    TIMELY_FILING,
                                    "timely-filing",
                                    "29",
                                    "the timely-filing window of payer "
                                            + rules.id()
                                            + " ("
                                            + rules.timelyFilingDays()
                                            + " days from "
                                            + first
                                            + ") closed on "
                                            + deadline)
                            .withEvidence(evidence));
        else if (left <= rules.timelyFilingWarningDays())
            out.add(
                    Finding.warning(
                                    TIMELY_FILING,
                                    "timely-filing",
                                    "29",
                                    left
                                            + " day(s) left of the timely-filing window of payer "
                                            + rules.id()
                                            + ": send it by "
                                            + deadline)
                            .withEvidence(evidence));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
