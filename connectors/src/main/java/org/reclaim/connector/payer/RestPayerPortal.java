package org.reclaim.connector.payer;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.reclaim.common.Json;
import org.reclaim.common.JsonObject;
import org.reclaim.common.Money;
import org.reclaim.connector.Resilience;
import org.reclaim.connector.TimeSource;
import org.reclaim.connector.http.HttpTransport;
import org.reclaim.connector.http.HttpTransport.Answer;
import org.reclaim.connector.support.Hashes;

/**
 * A payer portal over the JSON/HTTP contract of {@code connectors/PAYER-PORTAL-REST.md}, with the
 * payer's own field names and status words mapped to ours by {@link PayerPortalSettings}. Every
 * call goes through the portal's {@link Resilience} policy; refusals, denials and upheld appeals
 * are answers, returned as data.
 */
public final class RestPayerPortal implements PayerPortal {

    private final PayerPortalSettings settings;
    private final HttpTransport http;

    public RestPayerPortal(PayerPortalSettings settings, TimeSource time) {
        this(settings, time, HttpTransport.DEFAULT_RESPONSE_BYTES);
    }

    /** {@code maxResponseBytes}: the largest answer taken. */
    public RestPayerPortal(PayerPortalSettings settings, TimeSource time, long maxResponseBytes) {
        this.settings = settings;
        this.http =
                new HttpTransport(
                        "payer-portal " + settings.payerId(),
                        settings.baseUrl(),
                        settings.authHeaderName(),
                        settings.authHeaderValue(),
                        settings.resilience(),
                        time,
                        settings.hosts(),
                        maxResponseBytes);
    }

    public Resilience resilience() {
        return http.resilience();
    }

    @Override
    public PortalReceipt submitAppeal(AppealSubmission s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(f("payerId"), s.payerId());
        body.put(f("payerClaimNumber"), s.payerClaimNumber());
        body.put(f("patientControlNumber"), s.patientControlNumber());
        body.put(f("appealLevel"), s.appealLevel());
        body.put(f("packet"), Base64.getEncoder().encodeToString(s.packetPdf()));
        body.put(f("packetSha256"), Hashes.sha256(s.packetPdf()));
        s.extraFields().forEach(body::putIfAbsent);
        return post("submit appeal " + s.payerClaimNumber(), "/appeals", s.idempotencyKey(), body);
    }

    @Override
    public PortalReceipt requestReopening(ReopeningRequest r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(f("payerId"), r.payerId());
        body.put(f("payerClaimNumber"), r.payerClaimNumber());
        body.put(f("patientControlNumber"), r.patientControlNumber());
        body.put(f("correction"), r.correction());
        r.extraFields().forEach(body::putIfAbsent);
        return post(
                "request reopening " + r.payerClaimNumber(),
                "/reopenings",
                r.idempotencyKey(),
                body);
    }

    private PortalReceipt post(
            String operation, String path, String key, Map<String, Object> body) {
        Answer answer =
                http.send(
                        operation,
                        HttpRequest.newBuilder(http.uri(path))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json")
                                .header("Idempotency-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
        int status = answer.status();
        if (status == 200 || status == 201 || status == 202) {
            JsonObject json = http.json(operation, answer);
            String caseId = json.string(f("caseId")).orElse(null);
            String word = json.string(f("status")).orElse("").toUpperCase(Locale.ROOT);
            if (word.equals("REFUSED") || word.equals("REJECTED")) {
                return PortalReceipt.refused(
                        caseId, json.string(f("reason")).orElse(word.toLowerCase(Locale.ROOT)));
            }
            if (caseId == null)
                throw http.protocol(operation, "HTTP " + status + " without " + f("caseId"));
            return PortalReceipt.accepted(caseId, status == 200);
        }
        if (status == 400 || status == 409 || status == 413 || status == 415 || status == 422) {
            return PortalReceipt.refused(null, reason(answer));
        }
        throw http.protocol(operation, "unexpected HTTP " + status);
    }

    @Override
    public CaseStatus appealStatus(String caseId) {
        String operation = "appeal status " + caseId;
        Answer answer = get(operation, "/appeals/" + HttpTransport.encode(caseId));
        if (answer.status() == 404)
            return new CaseStatus(
                    caseId, CaseStatus.State.UNKNOWN, null, null, "case not found", null);
        if (answer.status() != 200)
            throw http.protocol(operation, "unexpected HTTP " + answer.status());
        JsonObject json = http.json(operation, answer);
        String word = json.string(f("status")).orElse(null);
        CaseStatus.State state = caseState(word);
        Money paid = money(operation, json, f("paidAmount"));
        return new CaseStatus(
                json.string(f("caseId")).orElse(caseId),
                state,
                word,
                paid,
                json.string(f("reason")).orElse(null),
                date(operation, json, f("decidedOn")));
    }

    @Override
    public ClaimStatusAnswer claimStatus(String payerClaimNumber) {
        String operation = "claim status " + payerClaimNumber;
        Answer answer =
                get(operation, "/claims/" + HttpTransport.encode(payerClaimNumber) + "/status");
        if (answer.status() == 404) {
            return new ClaimStatusAnswer(
                    payerClaimNumber, ClaimStatusAnswer.Category.NOT_FOUND, null, null, null);
        }
        if (answer.status() != 200)
            throw http.protocol(operation, "unexpected HTTP " + answer.status());
        JsonObject json = http.json(operation, answer);
        String word = json.string(f("status")).orElse(null);
        return new ClaimStatusAnswer(
                json.string(f("payerClaimNumber")).orElse(payerClaimNumber),
                claimCategory(word),
                word,
                money(operation, json, f("paidAmount")),
                json.string(f("reason")).orElse(null));
    }

    @Override
    public Optional<AuthorizationRecord> lookupAuthorization(
            String memberId, String procedure, LocalDate serviceDate) {
        String operation = "authorization look-up";
        String query =
                "?"
                        + f("memberId")
                        + "="
                        + HttpTransport.encode(memberId)
                        + "&"
                        + f("procedure")
                        + "="
                        + HttpTransport.encode(procedure)
                        + "&"
                        + f("serviceDate")
                        + "="
                        + serviceDate;
        Answer answer = get(operation, "/authorizations" + query);
        if (answer.status() == 404) return Optional.empty();
        if (answer.status() != 200)
            throw http.protocol(operation, "unexpected HTTP " + answer.status());
        JsonObject json = http.json(operation, answer);
        Optional<String> number = json.string(f("authorizationNumber"));
        if (number.isEmpty()) return Optional.empty();
        LocalDate from = date(operation, json, f("from"));
        if (from == null) throw http.protocol(operation, "authorization without " + f("from"));
        try {
            return Optional.of(
                    new AuthorizationRecord(
                            number.get(),
                            json.string(f("memberId")).orElse(memberId),
                            json.string(f("procedure")).orElse(procedure),
                            from,
                            date(operation, json, f("to"))));
        } catch (IllegalArgumentException e) {
            throw http.protocol(operation, e.getMessage());
        }
    }

    private Answer get(String operation, String path) {
        return http.send(
                operation,
                HttpRequest.newBuilder(http.uri(path)).header("Accept", "application/json").GET());
    }

    private String f(String ours) {
        return settings.field(ours);
    }

    private String reason(Answer answer) {
        try {
            Optional<String> mapped = answer.json().string(f("reason"));
            if (mapped.isPresent()) return mapped.get();
        } catch (RuntimeException notJson) {
            // the generic reading below copes with any body
        }
        return HttpTransport.reason(answer);
    }

    private String normalized(String word) {
        if (word == null) return "";
        String upper = word.strip().toUpperCase(Locale.ROOT);
        String mapped = settings.statusValues().get(upper);
        return mapped != null ? mapped : upper.replace(' ', '_').replace('-', '_');
    }

    CaseStatus.State caseState(String word) {
        String name = normalized(word);
        for (CaseStatus.State s : CaseStatus.State.values()) {
            if (s.name().equals(name)) return s;
        }
        return CaseStatus.State.UNKNOWN;
    }

    ClaimStatusAnswer.Category claimCategory(String word) {
        String name = normalized(word);
        for (ClaimStatusAnswer.Category c : ClaimStatusAnswer.Category.values()) {
            if (c.name().equals(name)) return c;
        }
        return switch (name) {
            case "A0", "A1", "A2" -> ClaimStatusAnswer.Category.RECEIVED;
            case "A3", "A6", "A7", "A8" -> ClaimStatusAnswer.Category.REJECTED;
            case "A4" -> ClaimStatusAnswer.Category.NOT_FOUND;
            case "P3" -> ClaimStatusAnswer.Category.INFORMATION_REQUESTED;
            case "P0", "P1", "P2", "P4", "P5" -> ClaimStatusAnswer.Category.PENDING;
            case "F1" -> ClaimStatusAnswer.Category.PAID;
            case "F2" -> ClaimStatusAnswer.Category.DENIED;
            case "F4" -> ClaimStatusAnswer.Category.NO_PAYMENT;
            default -> ClaimStatusAnswer.Category.UNKNOWN;
        };
    }

    private Money money(String operation, JsonObject json, String name) {
        try {
            Optional<BigDecimal> value = json.decimal(name);
            return value.map(Money::of).orElse(null);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw http.protocol(operation, name + " is not an amount in cents: " + e.getMessage());
        }
    }

    private LocalDate date(String operation, JsonObject json, String name) {
        try {
            return json.string(name).map(LocalDate::parse).orElse(null);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw http.protocol(operation, name + " is not an ISO date: " + e.getMessage());
        }
    }
}
