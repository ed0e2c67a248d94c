package org.reclaim.partner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.reclaim.core.ReclaimProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Connector secrets at rest (docs/contracts.md §4): AES-256-GCM with {@code RECLAIM_ENCRYPTION_KEY}
 * (base64 of 32 bytes); when it is unset, a key is generated once under the data directory and a
 * warning logged. Each value gets its own random nonce, stored in front of the ciphertext.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final int NONCE = 12;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretBox(ReclaimProperties props) {
        this.key =
                new SecretKeySpec(
                        keyBytes(System.getenv("RECLAIM_ENCRYPTION_KEY"), props.dataDir()), "AES");
    }

    static byte[] keyBytes(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            byte[] k = Base64.getDecoder().decode(configured.strip());
            if (k.length != 32)
                throw new IllegalStateException(
                        "RECLAIM_ENCRYPTION_KEY must be base64 of 32 bytes");
            return k;
        }
        Path file = dataDir.resolve("encryption.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                Files.writeString(
                        file,
                        Base64.getEncoder().encodeToString(k),
                        StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(
                            file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                log.warn(
                        "RECLAIM_ENCRYPTION_KEY is not set: generated a key for connector secrets in {}; set the"
                                + " variable in production and keep the key apart from the database",
                        file);
            }
            byte[] k =
                    Base64.getDecoder()
                            .decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (k.length != 32)
                throw new IllegalStateException(file + " does not hold a 32-byte key");
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    public byte[] seal(String secret) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    public String open(byte[] box) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, box, 0, NONCE));
            return new String(c.doFinal(box, NONCE, box.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "a connector secret cannot be decrypted with this key", e);
        }
    }

    /** What an operator may see of a secret: its last four characters. */
    static String hint(String secret) {
        return secret.length() <= 4 ? "****" : "****" + secret.substring(secret.length() - 4);
    }
}
