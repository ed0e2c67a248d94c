package org.reclaim.connector.clearinghouse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.http.HostPolicy;

/**
 * One clearinghouse reached over SFTP (see docs/sftp.md). Every problem is an {@link
 * IllegalArgumentException} naming its field as {@code sftp.<field>}.
 *
 * @param name names the connector in errors and metrics
 * @param password the password, or null when {@code privateKey} is given (a secret; never printed)
 * @param privateKey an OpenSSH or PEM private key (unencrypted), or null when {@code password} is
 *     given (a secret; never printed)
 * @param hostKey the server's pinned host key: its public key line ({@code ecdsa-sha2-nistp256
 *     AAAA...}) or its fingerprint ({@code SHA256:...}); any other key is refused
 * @param uploadDir where outgoing files go
 * @param downloadDirs where answer files are taken from (one or more)
 * @param filePatterns glob patterns ({@code *.x12}, {@code *.835}) a downloaded file's name must
 *     match one of; empty takes every regular file
 * @param afterDownload {@code leave}, {@code move:<dir>} or {@code delete}: what happens to a
 *     remote file once it is safely in the inbox
 * @param renameSuffix the temporary suffix an upload is written under before its rename ({@code
 *     .part}); empty: written in place under its final name, for servers that forbid renames
 * @param connectTimeout connection and authentication each, per attempt
 * @param readTimeout the longest silence of the server inside a session
 */
public record SftpSettings(
        String name,
        String host,
        int port,
        String username,
        String password,
        String privateKey,
        String hostKey,
        String uploadDir,
        List<String> downloadDirs,
        List<String> filePatterns,
        String afterDownload,
        String renameSuffix,
        Duration connectTimeout,
        Duration readTimeout,
        ResilienceSettings resilience,
        HostPolicy hosts) {

    public SftpSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(hosts, "hosts");
        if (host == null || host.isBlank() || !host.strip().matches("[A-Za-z0-9.:\\-\\[\\]]+"))
            throw new IllegalArgumentException("sftp.host: a host name or address is required");
        host = host.strip();
        if (port < 1 || port > 65535)
            throw new IllegalArgumentException("sftp.port: must be 1 to 65535, not " + port);
        if (username == null || username.isBlank())
            throw new IllegalArgumentException("sftp.username is required");
        boolean hasPassword = password != null && !password.isEmpty();
        boolean hasKey = privateKey != null && !privateKey.isBlank();
        if (hasPassword == hasKey)
            throw new IllegalArgumentException(
                    "sftp.password or sftp.privateKey: give exactly one of the two");
        if (hasKey) keyPairs(privateKey);
        if (hostKey == null || hostKey.isBlank())
            throw new IllegalArgumentException(
                    "sftp.hostKey is required: the server's public key line or its SHA256"
                            + " fingerprint (ssh-keyscan -p <port> <host> | ssh-keygen -lf -)");
        hostKey = fingerprintOf(hostKey.strip());
        uploadDir = dir("sftp.uploadDir", uploadDir);
        if (downloadDirs == null || downloadDirs.isEmpty())
            throw new IllegalArgumentException("sftp.downloadDirs: at least one folder");
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < downloadDirs.size(); i++)
            dirs.add(dir("sftp.downloadDirs[" + i + "]", downloadDirs.get(i)));
        downloadDirs = List.copyOf(dirs);
        filePatterns = filePatterns == null ? List.of() : List.copyOf(filePatterns);
        for (int i = 0; i < filePatterns.size(); i++) {
            String p = filePatterns.get(i);
            if (p == null || p.isBlank() || p.contains("/"))
                throw new IllegalArgumentException(
                        "sftp.filePatterns[" + i + "]: a glob on the file name, like *.x12");
        }
        afterDownload = afterDownload == null ? "leave" : afterDownload.strip();
        if (afterDownload.startsWith("move:")) {
            afterDownload = "move:" + dir("sftp.afterDownload", afterDownload.substring(5));
        } else if (!afterDownload.equals("leave") && !afterDownload.equals("delete")) {
            throw new IllegalArgumentException(
                    "sftp.afterDownload: leave, delete or move:<folder>, not " + afterDownload);
        }
        renameSuffix = renameSuffix == null ? ".part" : renameSuffix.strip();
        if (!renameSuffix.isEmpty() && !renameSuffix.matches("\\.[A-Za-z0-9_-]{1,16}"))
            throw new IllegalArgumentException(
                    "sftp.renameSuffix: a suffix like .part, or empty to write in place");
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(15) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
    }

    /** The settings without the connector resources, as an operator gives them. */
    public static SftpSettings of(
            String name,
            String host,
            int port,
            String username,
            String password,
            String privateKey,
            String hostKey,
            String uploadDir,
            List<String> downloadDirs,
            ResilienceSettings resilience,
            HostPolicy hosts) {
        return new SftpSettings(
                name,
                host,
                port,
                username,
                password,
                privateKey,
                hostKey,
                uploadDir,
                downloadDirs,
                List.of(),
                "leave",
                null,
                null,
                null,
                resilience,
                hosts);
    }

    public SftpSettings withDownload(List<String> patterns, String after) {
        return new SftpSettings(
                name,
                host,
                port,
                username,
                password,
                privateKey,
                hostKey,
                uploadDir,
                downloadDirs,
                patterns,
                after,
                renameSuffix,
                connectTimeout,
                readTimeout,
                resilience,
                hosts);
    }

    public SftpSettings withRenameSuffix(String suffix) {
        return new SftpSettings(
                name,
                host,
                port,
                username,
                password,
                privateKey,
                hostKey,
                uploadDir,
                downloadDirs,
                filePatterns,
                afterDownload,
                suffix,
                connectTimeout,
                readTimeout,
                resilience,
                hosts);
    }

    public SftpSettings withTimeouts(Duration connect, Duration read) {
        return new SftpSettings(
                name,
                host,
                port,
                username,
                password,
                privateKey,
                hostKey,
                uploadDir,
                downloadDirs,
                filePatterns,
                afterDownload,
                renameSuffix,
                connect,
                read,
                resilience,
                hosts);
    }

    /** The pinned key as its SHA256 fingerprint (the form {@code hostKey} holds). */
    public String hostKeyFingerprint() {
        return hostKey;
    }

    static String fingerprintOf(String hostKey) {
        if (hostKey.startsWith("SHA256:")) {
            if (!hostKey.matches("SHA256:[A-Za-z0-9+/]{43}=?"))
                throw new IllegalArgumentException(
                        "sftp.hostKey: not a SHA256 fingerprint: " + hostKey);
            return hostKey.endsWith("=") ? hostKey.substring(0, hostKey.length() - 1) : hostKey;
        }
        try {
            // a known_hosts line starts with the host name: take the key type onwards
            String line = hostKey;
            String[] parts = line.split("\\s+");
            if (parts.length >= 3 && !parts[0].startsWith("ssh-") && !parts[0].startsWith("ecdsa-"))
                line = parts[1] + " " + parts[2];
            PublicKey key =
                    PublicKeyEntry.parsePublicKeyEntry(line)
                            .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
            if (key == null) throw new IllegalArgumentException("unknown key type");
            return KeyUtils.getFingerPrint(key);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "sftp.hostKey: cannot read it as a public key line (type base64) or a"
                            + " SHA256 fingerprint: "
                            + e.getMessage());
        }
    }

    static List<KeyPair> keyPairs(String privateKey) {
        try {
            List<KeyPair> pairs = new ArrayList<>();
            Iterable<KeyPair> loaded =
                    SecurityUtils.loadKeyPairIdentities(
                            null,
                            NamedResource.ofName("sftp.privateKey"),
                            new ByteArrayInputStream(
                                    privateKey.strip().getBytes(StandardCharsets.UTF_8)),
                            null);
            if (loaded != null) loaded.forEach(pairs::add);
            if (pairs.isEmpty()) throw new IllegalArgumentException("no key found");
            return List.copyOf(pairs);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "sftp.privateKey: cannot read an unencrypted OpenSSH or PEM private key ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
    }

    private static String dir(String field, String value) {
        if (value == null || value.isBlank())
            throw new IllegalArgumentException(field + " is required");
        String v = value.strip();
        if (v.contains("..") || v.contains("\\") || v.chars().anyMatch(Character::isISOControl))
            throw new IllegalArgumentException(field + ": a plain folder path, not " + v);
        if (v.length() > 1 && v.endsWith("/")) v = v.substring(0, v.length() - 1);
        return v;
    }

    @Override
    public String toString() {
        return "SftpSettings[name="
                + name
                + ", "
                + username
                + "@"
                + host
                + ":"
                + port
                + ", auth="
                + (password != null && !password.isEmpty() ? "password" : "key")
                + " (secret), hostKey="
                + hostKey
                + ", upload="
                + uploadDir
                + ", download="
                + downloadDirs
                + ", after="
                + afterDownload
                + "]";
    }
}
