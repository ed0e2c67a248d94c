package org.reclaim.chaos;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.reclaim.common.Json;

/**
 * SIMULATED, for {@code chaos faults} only: a clearinghouse speaking
 * connectors/CLEARINGHOUSE-REST.md in front of the run's SIMULATED payer. A file it takes is
 * written to {@code outbox/<slug>/} under its {@code X-File-Name}, where the payer reads it as from
 * the folder clearinghouse (so the run's duplicate counts read one place); a key it took before is
 * answered {@code 200} with the first id and nothing is written, a key with other bytes {@code
 * 409}. The payer's answers are delivered into {@code mailbox()}, listed oldest first by name
 * ({@code nextCursor}: the last name listed) and fetched by name. The HTTP faults are {@link
 * FaultyParties}'s; which of them come after the file was taken is decided there.
 */
final class SimulatedRestClearinghouse {

    private final Path outbox;
    private final Path mailbox;
    private final Map<String, String[]> taken = new HashMap<>();
    private int ids;

    /** The highest cursor a listing was asked from: what the service has stored. */
    private String acknowledged = "";

    SimulatedRestClearinghouse(Path dataDir, String slug) throws IOException {
        this.outbox = dataDir.resolve("outbox").resolve(slug);
        this.mailbox = Files.createDirectories(dataDir.resolve("simulated-clearinghouse"));
    }

    /** Where the payer's answers go (instead of the inbox). */
    Path mailbox() {
        return mailbox;
    }

    record Reply(int status, String body) {}

    /** {@code POST /files}: takes the file (or recognises its key). */
    synchronized Reply submit(String key, String name, byte[] bytes) throws IOException {
        if (key == null || key.isBlank() || name == null || !name.matches("[A-Za-z0-9._-]+"))
            return new Reply(400, Json.write(Map.of("reason", "Idempotency-Key and X-File-Name")));
        String hash = sha(bytes);
        String[] known = taken.get(key);
        if (known != null) {
            if (!known[1].equals(hash))
                return new Reply(
                        409, Json.write(Map.of("reason", "key used again for other content")));
            return new Reply(200, Json.write(Map.of("id", known[0], "status", "accepted")));
        }
        String id = "SIM-CH-" + ++ids;
        Files.createDirectories(outbox);
        Path tmp = outbox.resolve("." + name + ".tmp");
        Files.write(tmp, bytes);
        Path target = outbox.resolve(name);
        // a name taken (the same control number under another key) is kept beside it, so the
        // run's duplicate count by control number sees both
        for (int i = 0; ; i++) {
            try {
                Files.move(tmp, i == 0 ? target : outbox.resolve(i + "x" + name));
                break;
            } catch (FileAlreadyExistsException e) {
                // the next
            }
        }
        taken.put(key, new String[] {id, hash});
        return new Reply(201, Json.write(Map.of("id", id, "status", "accepted")));
    }

    /** {@code GET /files?since=}: the answers after the cursor, oldest first. */
    synchronized Reply list(String since) throws IOException {
        String from = since == null ? "" : since;
        if (from.compareTo(acknowledged) > 0) acknowledged = from;
        List<Map<String, Object>> files = new ArrayList<>();
        String next = from;
        for (String n : names()) {
            if (n.compareTo(from) <= 0) continue;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", n);
            f.put("name", n);
            files.add(f);
            next = n;
            if (files.size() >= 20) break;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", files);
        m.put("nextCursor", next);
        return new Reply(200, Json.write(m));
    }

    /** {@code GET /files/{id}/content}. */
    synchronized byte[] content(String id) throws IOException {
        if (!id.matches("[A-Za-z0-9._-]+")) return null;
        Path f = mailbox.resolve(id);
        return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
    }

    /** Every answer was listed and the service stored a cursor past it. */
    synchronized boolean drained() throws IOException {
        List<String> n = names();
        return n.isEmpty() || n.get(n.size() - 1).compareTo(acknowledged) <= 0;
    }

    synchronized long taken() {
        return taken.size();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(mailbox)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
