package org.reclaim.connector.clearinghouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.Resilience;
import org.reclaim.connector.TimeSource;
import org.reclaim.connector.support.Hashes;

/**
 * A clearinghouse reached over SFTP (Apache MINA SSHD): outgoing files are uploaded into {@code
 * uploadDir}, answer files are taken from the {@code downloadDirs}. See docs/sftp.md.
 *
 * <p><b>Host key.</b> The server's key must have the pinned fingerprint; any other key (unknown or
 * changed) ends the connection with a {@link ConnectorException.Kind#NOT_AUTHORIZED} error naming
 * the host and both fingerprints, and is not retried.
 *
 * <p><b>Upload.</b> The remote name is derived from the idempotency key ({@code <type>-<first 32
 * hex of SHA-256(key)>.x12}): the file is written as {@code <name><renameSuffix>} and renamed. A
 * retry (after a dropped connection, a crash) finds the same name: a final file with the same
 * content is the first upload ({@code repeated}), a temporary one is overwritten — never a second
 * file.
 *
 * <p><b>Download.</b> A file is taken once its size and modification time are the same in two polls
 * (a file still being written changes between them), handed to the {@link Delivery} (which stores
 * it durably), recorded in the {@link TakenLog} as {@code folder/name|size|mtime}, and only then
 * left, moved or deleted on the server. A later file with the same name but another size or time is
 * a new file.
 *
 * <p><b>Resilience.</b> Every operation runs under the connector's {@link Resilience} policy (retry
 * with backoff, breaker, time limit); an I/O failure closes the session and the next attempt
 * reconnects.
 */
public final class SftpClearinghouse implements Clearinghouse, AutoCloseable {

    private static final ExecutorService CALLS =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "sftp-clearinghouse");
                        t.setDaemon(true);
                        return t;
                    });

    /** The status an operator sees. */
    public record Status(
            Instant lastSuccess,
            Instant lastErrorAt,
            String lastError,
            int connections,
            int reconnects) {}

    private final SftpSettings settings;
    private final TimeSource time;
    private final TakenLog taken;
    private final Resilience resilience;
    private final List<KeyPair> keys;
    private final List<PathMatcher> patterns;
    private final AtomicReference<String> hostKeyRefusal = new AtomicReference<>();

    private SshClient client;
    private ClientSession session;
    private SftpClient sftp;

    /** The size and mtime of each remote file at the previous poll ({@code folder/name}). */
    private Map<String, String> seen = new HashMap<>();

    private Instant lastSuccess;
    private Instant lastErrorAt;
    private String lastError;
    private int connections;
    private int reconnects;
    private boolean failedSinceConnect;

    public SftpClearinghouse(SftpSettings settings, TimeSource time, TakenLog taken) {
        this.settings = settings;
        this.time = time;
        this.taken = taken;
        this.resilience = Resilience.of(settings.name(), settings.resilience(), time);
        this.keys =
                settings.privateKey() == null || settings.privateKey().isBlank()
                        ? List.of()
                        : SftpSettings.keyPairs(settings.privateKey());
        this.patterns = new ArrayList<>();
        for (String p : settings.filePatterns())
            patterns.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
    }

    public Resilience resilience() {
        return resilience;
    }

    public synchronized Status status() {
        return new Status(lastSuccess, lastErrorAt, lastError, connections, reconnects);
    }

    /** The remote name an idempotency key maps to. */
    public static String remoteName(OutgoingFile file) {
        return file.type() + "-" + Hashes.sha256(file.idempotencyKey()).substring(0, 32) + ".x12";
    }

    @Override
    public SubmissionReceipt submit(OutgoingFile file) {
        return call(
                "submit " + file.type() + " " + file.interchangeControlNumber(),
                s -> upload(s, file));
    }

    private SubmissionReceipt upload(SftpClient s, OutgoingFile file) throws IOException {
        String name = remoteName(file);
        String target = settings.uploadDir() + "/" + name;
        String hash = Hashes.sha256(file.bytes());
        Optional<byte[]> there = readIfThere(s, target);
        if (there.isPresent()) {
            if (Hashes.sha256(there.get()).equals(hash))
                return SubmissionReceipt.accepted(name, true);
            if (settings.renameSuffix().isEmpty()) {
                // written in place: a partial earlier attempt is a prefix of the file
                write(s, target, file.bytes());
                return SubmissionReceipt.accepted(name, false);
            }
            throw new IllegalArgumentException(
                    "idempotency key of "
                            + name
                            + " was used again for different content (ICN "
                            + file.interchangeControlNumber()
                            + ")");
        }
        if (settings.renameSuffix().isEmpty()) {
            write(s, target, file.bytes());
            return SubmissionReceipt.accepted(name, false);
        }
        String temporary = target + settings.renameSuffix();
        write(s, temporary, file.bytes());
        s.rename(temporary, target);
        return SubmissionReceipt.accepted(name, false);
    }

    private static void write(SftpClient s, String path, byte[] bytes) throws IOException {
        try (OutputStream out =
                s.write(
                        path,
                        SftpClient.OpenMode.Write,
                        SftpClient.OpenMode.Create,
                        SftpClient.OpenMode.Truncate)) {
            out.write(bytes);
        }
    }

    private static Optional<byte[]> readIfThere(SftpClient s, String path) throws IOException {
        try {
            s.stat(path);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) return Optional.empty();
            throw e;
        }
        return Optional.of(read(s, path));
    }

    private static byte[] read(SftpClient s, String path) throws IOException {
        try (InputStream in = s.read(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    @Override
    public List<IncomingFile> poll() {
        List<IncomingFile> all = new ArrayList<>();
        try {
            poll(all::addAll);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    /** A remote file ready to be taken: where it is, its taken-log entry, its bytes. */
    private record Candidate(String dir, String name, String entry, byte[] bytes) {}

    /**
     * Lists the download folders, fetches the files that are stable and not taken yet, hands them
     * to {@code delivery}, records them as taken, then applies {@code afterDownload} on the server
     * (also to files taken before whose move or delete did not happen).
     */
    @Override
    public int poll(Delivery delivery) throws IOException {
        List<Candidate> found = call("poll", this::fetch);
        List<IncomingFile> files = new ArrayList<>();
        for (Candidate c : found)
            if (c.bytes != null) files.add(new IncomingFile(safe(c.name), c.bytes));
        delivery.store(files);
        taken.addAll(found.stream().filter(c -> c.bytes != null).map(Candidate::entry).toList());
        if (!settings.afterDownload().equals("leave") && !found.isEmpty())
            call("after download", s -> after(s, found));
        return files.size();
    }

    private List<Candidate> fetch(SftpClient s) throws IOException {
        List<Candidate> out = new ArrayList<>();
        Map<String, String> now = new LinkedHashMap<>();
        for (String dir : settings.downloadDirs()) {
            for (SftpClient.DirEntry e : s.readDir(dir)) {
                String name = e.getFilename();
                SftpClient.Attributes a = e.getAttributes();
                if (name.equals(".") || name.equals("..") || !a.isRegularFile()) continue;
                if (name.endsWith(".part") || name.endsWith(".tmp")) continue;
                if (!settings.renameSuffix().isEmpty() && name.endsWith(settings.renameSuffix()))
                    continue;
                if (!patterns.isEmpty()
                        && patterns.stream().noneMatch(p -> p.matches(Path.of(name)))) continue;
                String version = a.getSize() + "|" + a.getModifyTime().toMillis();
                String entry = dir + "/" + name + "|" + version;
                if (taken.contains(entry)) {
                    // taken before; its move or delete may not have happened yet
                    if (!settings.afterDownload().equals("leave"))
                        out.add(new Candidate(dir, name, entry, null));
                    continue;
                }
                String key = dir + "/" + name;
                now.put(key, version);
                if (!version.equals(seen.get(key))) continue; // new or still changing
                byte[] bytes = read(s, key);
                if (bytes.length != a.getSize()) continue; // changed while read: next poll
                out.add(new Candidate(dir, name, entry, bytes));
            }
        }
        seen = new HashMap<>(now);
        return out;
    }

    private Void after(SftpClient s, List<Candidate> done) throws IOException {
        for (Candidate c : done) {
            String from = c.dir + "/" + c.name;
            try {
                if (settings.afterDownload().equals("delete")) {
                    s.remove(from);
                } else {
                    String to = settings.afterDownload().substring(5) + "/" + c.name;
                    if (exists(s, to)) to = to + "." + time.now().toEpochMilli();
                    s.rename(from, to);
                }
            } catch (SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) throw e;
            }
        }
        return null;
    }

    private static boolean exists(SftpClient s, String path) throws IOException {
        try {
            s.stat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) return false;
            throw e;
        }
    }

    private static String safe(String name) {
        String n = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return n.startsWith(".") ? "_" + n : n;
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run(SftpClient sftp) throws IOException;
    }

    private <T> T call(String operation, Operation<T> body) {
        try {
            T result =
                    resilience.call(
                            operation,
                            () -> CompletableFuture.supplyAsync(() -> attempt(body), CALLS));
            synchronized (this) {
                lastSuccess = time.now();
            }
            return result;
        } catch (RuntimeException e) {
            synchronized (this) {
                lastErrorAt = time.now();
                lastError = e.getMessage();
            }
            throw e;
        }
    }

    private synchronized <T> T attempt(Operation<T> body) {
        try {
            return body.run(connected());
        } catch (IOException e) {
            disconnect();
            failedSinceConnect = true;
            String refused = hostKeyRefusal.getAndSet(null);
            if (refused != null)
                throw new ConnectorException(
                        ConnectorException.Kind.NOT_AUTHORIZED,
                        settings.name(),
                        "connect",
                        1,
                        null,
                        refused,
                        e);
            throw new CompletionException(e);
        }
    }

    private SftpClient connected() throws IOException {
        if (sftp != null && sftp.isOpen() && session != null && session.isOpen()) return sftp;
        disconnect();
        Optional<String> refusal =
                settings.hosts().refusal(URI.create("https://" + hostForUri() + "/"));
        if (refusal.isPresent())
            throw new ConnectorException(
                    ConnectorException.Kind.HOST_REFUSED,
                    settings.name(),
                    "connect",
                    0,
                    null,
                    "sftp.host: " + refusal.get(),
                    null);
        if (client == null) {
            client = SshClient.setUpDefaultClient();
            CoreModuleProperties.NIO2_READ_TIMEOUT.set(client, settings.readTimeout());
            CoreModuleProperties.AUTH_TIMEOUT.set(client, settings.connectTimeout());
            client.setServerKeyVerifier(
                    (clientSession, address, key) -> {
                        String actual = KeyUtils.getFingerPrint(key);
                        if (actual.equals(settings.hostKeyFingerprint())) return true;
                        hostKeyRefusal.set(
                                "the host key of "
                                        + settings.host()
                                        + ":"
                                        + settings.port()
                                        + " is "
                                        + actual
                                        + ", not the pinned "
                                        + settings.hostKeyFingerprint()
                                        + ": refused (unknown or changed key; set sftp.hostKey"
                                        + " to the new key only after checking it with the"
                                        + " clearinghouse)");
                        return false;
                    });
            client.start();
        }
        ClientSession s =
                client.connect(settings.username(), settings.host(), settings.port())
                        .verify(settings.connectTimeout())
                        .getSession();
        try {
            if (keys.isEmpty()) s.addPasswordIdentity(settings.password());
            else keys.forEach(s::addPublicKeyIdentity);
            try {
                s.auth().verify(settings.connectTimeout());
            } catch (IOException e) {
                if (hostKeyRefusal.get() == null
                        && e.getMessage() != null
                        && e.getMessage().contains("No more authentication methods"))
                    throw new ConnectorException(
                            ConnectorException.Kind.NOT_AUTHORIZED,
                            settings.name(),
                            "connect",
                            1,
                            null,
                            "the server refused the credentials of sftp.username "
                                    + settings.username(),
                            e);
                throw e;
            }
            SftpClient c = SftpClientFactory.instance().createSftpClient(s);
            session = s;
            sftp = c;
            connections++;
            if (failedSinceConnect && connections > 1) reconnects++;
            failedSinceConnect = false;
            return c;
        } catch (IOException | RuntimeException e) {
            s.close(true);
            throw e;
        }
    }

    private String hostForUri() {
        String h = settings.host();
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    private void disconnect() {
        try {
            if (sftp != null) sftp.close();
        } catch (IOException ignored) {
            // closing a broken channel
        }
        if (session != null) session.close(true);
        sftp = null;
        session = null;
    }

    @Override
    public synchronized void close() {
        disconnect();
        if (client != null) client.stop();
        client = null;
    }
}
