package org.reclaim.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.reclaim.common.Json;
import org.reclaim.common.Money;
import org.reclaim.connector.payer.AppealSubmission;
import org.reclaim.connector.payer.AuthorizationRecord;
import org.reclaim.connector.payer.CaseStatus;
import org.reclaim.connector.payer.ClaimStatusAnswer;
import org.reclaim.connector.payer.PortalReceipt;
import org.reclaim.connector.payer.ReopeningRequest;
import org.reclaim.sandbox.SimulatedPortal;

/**
 * SIMULATED, for {@code chaos faults}: the payer's portal (connectors/PAYER-PORTAL-REST.md, one
 * base URL per payer, {@code /portal/{payerId}}) and an OpenAI-compatible model ({@code
 * /v1/chat/completions}) served over HTTP on the loopback address by the harness, the portal backed
 * by the run's {@link org.reclaim.sandbox.SimulatedPayer}. A seeded share of the calls fails: a
 * 5xx, no answer before the client's call timeout (the answer is held {@code timeout} past it), or
 * a 200 whose body is garbage. Counts the calls per party and the failures per kind.
 */
final class FaultyParties implements AutoCloseable {

    enum Fault {
        SERVER_ERROR,
        TIMEOUT,
        GARBAGE
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final SimulatedPortal portal;
    private final double rate;
    private final SplittableRandom random;
    private final Duration portalHold;
    private final Duration modelHold;
    private final Map<String, Long> calls = new TreeMap<>();
    private final Map<String, Long> failed = new TreeMap<>();
    private volatile boolean closed;

    FaultyParties(
            SimulatedPortal portal,
            double rate,
            long seed,
            Duration portalTimeout,
            Duration modelTimeout)
            throws IOException {
        this.portal = portal;
        this.rate = rate;
        this.random = new SplittableRandom(seed);
        this.portalHold = portalTimeout.plusSeconds(2);
        this.modelHold = modelTimeout.plusSeconds(2);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/portal/", this::portal);
        server.createContext("/v1/", this::model);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String portalUrl(String payerId) {
        return "http://127.0.0.1:" + port() + "/portal/" + payerId;
    }

    String modelUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    synchronized Map<String, Long> calls() {
        return new TreeMap<>(calls);
    }

    synchronized Map<String, Long> failed() {
        return new TreeMap<>(failed);
    }

    /** The fault this call gets, if any, drawn from the seed; counted. */
    private synchronized Optional<Fault> draw(String party) {
        calls.merge(party, 1L, Long::sum);
        if (random.nextDouble() >= rate) return Optional.empty();
        // half of the faults a 5xx, a third garbage, the rest a timeout (they cost real time)
        double d = random.nextDouble();
        Fault f = d < 0.5 ? Fault.SERVER_ERROR : d < 0.83 ? Fault.GARBAGE : Fault.TIMEOUT;
        failed.merge(party + " " + f.name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        return Optional.of(f);
    }

    private void fail(HttpExchange x, Fault f, Duration hold) throws IOException {
        switch (f) {
            case SERVER_ERROR -> send(x, 500 + random(4), "text/plain", "chaos: server error");
            case GARBAGE -> send(x, 200, "application/json", "{\"caseId\": <html>garb\u0000age");
            case TIMEOUT -> {
                long end = System.currentTimeMillis() + hold.toMillis();
                try {
                    while (!closed && System.currentTimeMillis() < end) Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(x, 504, "text/plain", "chaos: too late");
            }
        }
    }

    private synchronized int random(int n) {
        return random.nextInt(n);
    }

    private void portal(HttpExchange x) throws IOException {
        try (x) {
            Optional<Fault> f = draw("portal");
            if (f.isPresent()) {
                x.getRequestBody().readAllBytes();
                fail(x, f.get(), portalHold);
                return;
            }
            String[] path = x.getRequestURI().getRawPath().split("/");
            // "", "portal", payerId, what, ...
            String payer = path.length > 2 ? decode(path[2]) : "";
            String what = path.length > 3 ? path[3] : "";
            String method = x.getRequestMethod();
            if (method.equals("POST") && (what.equals("appeals") || what.equals("reopenings"))) {
                Map<String, Object> body =
                        Json.parseObject(
                                new String(
                                        x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String key = x.getRequestHeaders().getFirst("Idempotency-Key");
                PortalReceipt r =
                        what.equals("appeals")
                                ? portal.submitAppeal(
                                        new AppealSubmission(
                                                key,
                                                payer,
                                                text(body, "payerClaimNumber"),
                                                text(body, "patientControlNumber"),
                                                ((Number) body.get("appealLevel")).intValue(),
                                                Base64.getDecoder().decode(text(body, "packet")),
                                                Map.of()))
                                : portal.requestReopening(
                                        new ReopeningRequest(
                                                key,
                                                payer,
                                                text(body, "payerClaimNumber"),
                                                text(body, "patientControlNumber"),
                                                text(body, "correction"),
                                                Map.of()));
                Map<String, Object> m = new LinkedHashMap<>();
                if (r.caseId() != null) m.put("caseId", r.caseId());
                if (r.accepted()) {
                    send(x, r.repeated() ? 200 : 201, "application/json", Json.write(m));
                } else {
                    m.put("reason", r.reason() == null ? "refused" : r.reason());
                    send(x, 422, "application/json", Json.write(m));
                }
                return;
            }
            if (method.equals("GET") && what.equals("appeals") && path.length > 4) {
                CaseStatus s = portal.appealStatus(decode(path[4]));
                if (s.state() == CaseStatus.State.UNKNOWN && s.payerStatus() == null) {
                    send(x, 404, "application/json", "{\"reason\":\"case not found\"}");
                    return;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("caseId", s.caseId());
                m.put("status", s.payerStatus() != null ? s.payerStatus() : s.state().name());
                if (s.paidAmount() != null) m.put("paidAmount", amount(s.paidAmount()));
                if (s.reason() != null) m.put("reason", s.reason());
                if (s.decidedOn() != null) m.put("decidedOn", s.decidedOn().toString());
                send(x, 200, "application/json", Json.write(m));
                return;
            }
            if (method.equals("GET") && what.equals("claims") && path.length > 4) {
                ClaimStatusAnswer a = portal.claimStatus(decode(path[4]));
                if (a.category() == ClaimStatusAnswer.Category.NOT_FOUND) {
                    send(x, 404, "application/json", "{\"reason\":\"claim not found\"}");
                    return;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("payerClaimNumber", a.payerClaimNumber());
                m.put("status", a.payerStatus() != null ? a.payerStatus() : a.category().name());
                if (a.paidAmount() != null) m.put("paidAmount", amount(a.paidAmount()));
                if (a.reason() != null) m.put("reason", a.reason());
                send(x, 200, "application/json", Json.write(m));
                return;
            }
            if (method.equals("GET") && what.equals("authorizations")) {
                Map<String, String> q = query(x.getRequestURI());
                Optional<AuthorizationRecord> a =
                        portal.lookupAuthorization(
                                q.get("memberId"),
                                q.get("procedure"),
                                q.containsKey("serviceDate")
                                        ? LocalDate.parse(q.get("serviceDate"))
                                        : null);
                if (a.isEmpty()) {
                    send(x, 404, "application/json", "{\"reason\":\"no authorization\"}");
                    return;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("authorizationNumber", a.get().authorizationNumber());
                if (a.get().memberId() != null) m.put("memberId", a.get().memberId());
                if (a.get().procedure() != null) m.put("procedure", a.get().procedure());
                m.put("from", a.get().from().toString());
                if (a.get().to() != null) m.put("to", a.get().to().toString());
                send(x, 200, "application/json", Json.write(m));
                return;
            }
            send(x, 404, "application/json", "{\"reason\":\"no such call\"}");
        } catch (RuntimeException e) {
            // the payer's own failure to read a request: the contract's refusal, with the reason
            try {
                send(x, 400, "application/json", Json.write(Map.of("reason", "" + e)));
            } catch (IOException ignored) {
                // the client is gone
            }
        }
    }

    /**
     * An OpenAI-compatible chat completion; its content is JSON but not an answer the service's
     * checks take, so a draft that got an answer falls back to its template, as after a fault.
     */
    private void model(HttpExchange x) throws IOException {
        try (x) {
            x.getRequestBody().readAllBytes();
            Optional<Fault> f = draw("model");
            if (f.isPresent()) {
                fail(x, f.get(), modelHold);
                return;
            }
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put("content", "{}");
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("message", message);
            choice.put("finish_reason", "stop");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "chatcmpl-chaos");
            m.put("object", "chat.completion");
            m.put("created", System.currentTimeMillis() / 1000);
            m.put("model", "chaos-model");
            m.put("choices", java.util.List.of(choice));
            m.put("usage", Map.of("prompt_tokens", 1, "completion_tokens", 1, "total_tokens", 2));
            send(x, 200, "application/json", Json.write(m));
        }
    }

    private static String amount(Money m) {
        return BigDecimal.valueOf(m.cents(), 2).toPlainString();
    }

    private static String text(Map<String, Object> body, String name) {
        Object v = body.get(name);
        return v == null ? null : v.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) q.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return q;
    }

    private static void send(HttpExchange x, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
