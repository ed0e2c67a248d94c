package org.reclaim.connector.clearinghouse;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.reclaim.common.JsonObject;
import org.reclaim.connector.Resilience;
import org.reclaim.connector.TimeSource;
import org.reclaim.connector.http.HttpTransport;
import org.reclaim.connector.http.HttpTransport.Answer;
import org.reclaim.connector.support.Names;

/**
 * A clearinghouse spoken to over the JSON/HTTP contract written down in {@code
 * connectors/CLEARINGHOUSE-REST.md}. A refusal of a file (4xx with a reason) is a {@link
 * SubmissionReceipt.Status#REJECTED} receipt, never an exception; transport faults are retried and
 * counted by the breaker of {@link Resilience}.
 */
public final class RestClearinghouse implements Clearinghouse {

    private final HttpTransport http;
    private final CursorStore cursor;

    public RestClearinghouse(
            RestClearinghouseSettings settings, TimeSource time, CursorStore cursor) {
        this(settings, time, cursor, HttpTransport.DEFAULT_RESPONSE_BYTES);
    }

    /** {@code maxResponseBytes}: the largest answer taken (a polled file included). */
    public RestClearinghouse(
            RestClearinghouseSettings settings,
            TimeSource time,
            CursorStore cursor,
            long maxResponseBytes) {
        this.http =
                new HttpTransport(
                        settings.name(),
                        settings.baseUrl(),
                        settings.authHeaderName(),
                        settings.authHeaderValue(),
                        settings.resilience(),
                        time,
                        settings.hosts(),
                        maxResponseBytes);
        this.cursor = Objects.requireNonNull(cursor, "cursor");
    }

    public Resilience resilience() {
        return http.resilience();
    }

    @Override
    public SubmissionReceipt submit(OutgoingFile file) {
        String operation = "submit " + file.type() + " " + file.interchangeControlNumber();
        Answer answer =
                http.send(
                        operation,
                        HttpRequest.newBuilder(http.uri("/files"))
                                .header("Content-Type", "application/edi-x12")
                                .header("Idempotency-Key", file.idempotencyKey())
                                .header("X-File-Type", file.type())
                                .header(
                                        "X-Interchange-Control-Number",
                                        file.interchangeControlNumber())
                                .header("X-Practice", file.practiceSlug())
                                .header("X-File-Name", file.fileName())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(file.bytes())));
        int status = answer.status();
        if (status == 200 || status == 201) {
            JsonObject body = http.json(operation, answer);
            String id = body.string("id").orElse(null);
            if ("rejected".equalsIgnoreCase(body.string("status").orElse("accepted"))) {
                return SubmissionReceipt.rejected(id, body.string("reason").orElse("rejected"));
            }
            if (id == null) throw http.protocol(operation, "HTTP " + status + " without an id");
            return SubmissionReceipt.accepted(id, status == 200);
        }
        if (status == 400 || status == 409 || status == 413 || status == 415 || status == 422) {
            return SubmissionReceipt.rejected(null, HttpTransport.reason(answer));
        }
        throw http.protocol(operation, "unexpected HTTP " + status);
    }

    /**
     * Lists the response files after the stored cursor and fetches each, then stores the next
     * cursor. The cursor moves on as this returns: a caller that must not lose the files uses
     * {@link #poll(Delivery)}.
     */
    @Override
    public List<IncomingFile> poll() {
        Fetched fetched = fetch(Set.of());
        if (fetched.failure != null) throw fetched.failure;
        fetched.next.ifPresent(cursor::save);
        return fetched.files;
    }

    /**
     * Lists the response files after the stored cursor, fetches each, hands them to {@code
     * delivery}, and only once it has stored them stores the next cursor: a failure or crash before
     * that fetches the same files again, which the inbox's per-transaction duplicate check absorbs.
     *
     * <p>A fetch that fails part way (a fault on one file of the listing) still hands over the
     * files fetched before it, and they are not fetched again while the cursor stays where it was
     * (this client remembers their ids until the cursor moves): each poll makes progress, so a
     * clearinghouse failing a share of its calls delivers a long listing over several polls instead
     * of never (every file of it had to come in one poll). The cursor itself moves only when every
     * listed file is delivered. After a restart the ids are forgotten and the files come again,
     * which the duplicate check absorbs.
     */
    @Override
    public int poll(Delivery delivery) throws IOException {
        String at = cursor.load().orElse("");
        Set<String> skip;
        synchronized (delivered) {
            if (!at.equals(deliveredAt)) {
                delivered.clear();
                deliveredAt = at;
            }
            skip = Set.copyOf(delivered);
        }
        Fetched fetched = fetch(skip);
        delivery.store(fetched.files);
        synchronized (delivered) {
            if (at.equals(deliveredAt)) delivered.addAll(fetched.ids);
        }
        if (fetched.failure != null) throw fetched.failure;
        fetched.next.ifPresent(cursor::save);
        return fetched.files.size();
    }

    /** The ids delivered from the listing at cursor {@link #deliveredAt} (see poll(Delivery)). */
    private final Set<String> delivered = new HashSet<>();

    private String deliveredAt;

    /**
     * A listing's files fetched (without those in {@code skip}), their ids, the next cursor, and
     * the fault that stopped the fetching part way, if one did.
     */
    private record Fetched(
            List<IncomingFile> files,
            List<String> ids,
            Optional<String> next,
            RuntimeException failure) {}

    private Fetched fetch(Set<String> skip) {
        Optional<String> since = cursor.load();
        String path = "/files" + since.map(c -> "?since=" + HttpTransport.encode(c)).orElse("");
        Answer listing =
                http.send(
                        "list files",
                        HttpRequest.newBuilder(http.uri(path))
                                .GET()
                                .header("Accept", "application/json"));
        if (listing.status() != 200)
            throw http.protocol("list files", "unexpected HTTP " + listing.status());
        JsonObject body = http.json("list files", listing);
        List<IncomingFile> files = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonObject entry : body.objects("files")) {
            String id =
                    entry.string("id")
                            .orElseThrow(() -> http.protocol("list files", "a file without an id"));
            if (skip.contains(id)) continue;
            try {
                files.add(fetchOne(entry, id));
                ids.add(id);
            } catch (RuntimeException e) {
                return new Fetched(List.copyOf(files), List.copyOf(ids), Optional.empty(), e);
            }
        }
        return new Fetched(List.copyOf(files), List.copyOf(ids), body.string("nextCursor"), null);
    }

    private IncomingFile fetchOne(JsonObject entry, String id) {
        String operation = "fetch file " + id;
        Answer content =
                http.send(
                        operation,
                        HttpRequest.newBuilder(
                                        http.uri("/files/" + HttpTransport.encode(id) + "/content"))
                                .GET());
        if (content.status() != 200)
            throw http.protocol(operation, "unexpected HTTP " + content.status());
        // every answer file is an X12 interchange (999, 277CA, 277, 271, 835), which begins
        // with its ISA segment (ASC X12.5, the interchange control header): anything else is
        // an error page or a garbled answer, not the file, and is fetched again at the next
        // poll instead of being taken for it (the cursor has not moved)
        if (!interchange(content.body()))
            throw http.protocol(operation, "the content is not an X12 interchange (no ISA)");
        return new IncomingFile(safeName(entry.string("name").orElse(null), id), content.body());
    }

    /** The bytes begin with "ISA", after a UTF-8 byte order mark and white space, if any. */
    static boolean interchange(byte[] bytes) {
        int i = 0;
        if (bytes.length >= 3
                && (bytes[0] & 0xff) == 0xEF
                && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF) i = 3;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) i++;
        return bytes.length - i >= 3
                && bytes[i] == 'I'
                && bytes[i + 1] == 'S'
                && bytes[i + 2] == 'A';
    }

    private static String safeName(String name, String id) {
        if (name != null) {
            try {
                return Names.segment("file name", name);
            } catch (IllegalArgumentException unsafe) {
                // fall through to the id
            }
        }
        return id.replaceAll("[^A-Za-z0-9._-]", "_") + ".x12";
    }
}
