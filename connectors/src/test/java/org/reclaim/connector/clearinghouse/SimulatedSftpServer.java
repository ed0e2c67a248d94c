package org.reclaim.connector.clearinghouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * SIMULATED clearinghouse SFTP server for tests: Apache MINA SSHD's server on a free loopback port,
 * serving a temporary folder, with one user ({@code reclaim}) by password or key. It can drop a
 * session once, mid-transfer ({@link #dropOnNextWrite()}) or right after a rename ({@link
 * #dropAfterNextRename()}).
 */
final class SimulatedSftpServer implements AutoCloseable {

    static final String USER = "reclaim";
    static final String PASSWORD = "simulated-password";

    final Path root;
    final KeyPair hostKey;
    final KeyPair clientKey;
    final SshServer server;
    final AtomicInteger sessions = new AtomicInteger();
    private final AtomicReference<String> drop = new AtomicReference<>();

    SimulatedSftpServer(Path root) throws IOException, GeneralSecurityException {
        this.root = root;
        this.hostKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        this.clientKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((u, p, s) -> USER.equals(u) && PASSWORD.equals(p));
        PublicKey allowed = clientKey.getPublic();
        server.setPublickeyAuthenticator(
                (u, k, s) -> USER.equals(u) && KeyUtils.compareKeys(allowed, k));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(
                new SftpEventListener() {
                    @Override
                    public void written(
                            ServerSession session,
                            String remoteHandle,
                            FileHandle localHandle,
                            long offset,
                            byte[] data,
                            int dataOffset,
                            int dataLen,
                            Throwable thrown) {
                        if (drop.compareAndSet("write", null)) session.close(true);
                    }

                    @Override
                    public void moved(
                            ServerSession session,
                            Path srcPath,
                            Path dstPath,
                            java.util.Collection<java.nio.file.CopyOption> opts,
                            Throwable thrown) {
                        if (drop.compareAndSet("rename", null)) session.close(true);
                    }
                });
        server.setSubsystemFactories(java.util.List.of(sftp));
        server.addSessionListener(
                new org.apache.sshd.common.session.SessionListener() {
                    @Override
                    public void sessionCreated(org.apache.sshd.common.session.Session session) {
                        sessions.incrementAndGet();
                    }
                });
        server.start();
    }

    int port() {
        return server.getPort();
    }

    String hostKeyLine() {
        return org.apache.sshd.common.config.keys.PublicKeyEntry.toString(hostKey.getPublic());
    }

    String clientPrivateKey() throws IOException, GeneralSecurityException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
                .writePrivateKey(clientKey, "simulated", null, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    void dropOnNextWrite() {
        drop.set("write");
    }

    void dropAfterNextRename() {
        drop.set("rename");
    }

    Path dir(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
