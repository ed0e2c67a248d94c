package org.reclaim.partner;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.clearinghouse.Clearinghouse;
import org.reclaim.connector.clearinghouse.CursorStore;
import org.reclaim.connector.clearinghouse.RestClearinghouse;
import org.reclaim.connector.clearinghouse.RestClearinghouseSettings;
import org.reclaim.connector.clearinghouse.SftpClearinghouse;
import org.reclaim.connector.clearinghouse.SftpSettings;
import org.reclaim.connector.clearinghouse.TakenLog;
import org.reclaim.connector.http.HostPolicy;
import org.reclaim.connector.payer.PayerPortal;
import org.reclaim.connector.payer.PayerPortalSettings;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Ids;
import org.reclaim.core.Times;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The connectors a practice configured: its clearinghouse (REST or SFTP flavour, or the folder one)
 * with the trading-partner ids of its outgoing files, and a payer's portal (REST flavour), by
 * payer. Secrets are sealed by {@link SecretBox}; a client is built once per setting version and
 * reused. A base URL is checked against the {@link HostPolicy} when it is saved, and its clients
 * check it again before every call.
 */
@Service
public class ConnectorSettings {

    private final DatabaseClient db;
    private final SecretBox box;
    private final Clock clock;
    private final Map<String, PayerPortal> portals = new ConcurrentHashMap<>();
    private final Map<String, Clearinghouse> clearinghouseClients = new ConcurrentHashMap<>();

    /** Each practice's SFTP client with the setting version it was built for (one session each). */
    private final Map<UUID, Map.Entry<String, SftpClearinghouse>> sftpClients =
            new ConcurrentHashMap<>();

    private final Clearinghouse folder;
    private final java.nio.file.Path dataDir;
    private final TradingPartner defaultPartner;
    private final TransactionalOperator tx;
    private final PortalClients portalClients;
    private final HostPolicy hosts;

    /** reclaim.limits.partner-response-bytes */
    private final long maxResponseBytes;

    /** The REST connectors' resilience: the defaults with reclaim.connectors.call-timeout. */
    private final ResilienceSettings resilience;

    ConnectorSettings(
            DatabaseClient db,
            SecretBox box,
            Clock clock,
            Clearinghouse folder,
            org.reclaim.core.ReclaimProperties props,
            ClearinghouseProperties partner,
            ReactiveTransactionManager txm,
            ObjectProvider<PortalClients> portalClients,
            HostPolicy hosts,
            org.reclaim.core.LimitsProperties limits,
            @org.springframework.beans.factory.annotation.Value(
                            "${reclaim.connectors.call-timeout:30s}")
                    java.time.Duration callTimeout) {
        this.maxResponseBytes = limits.partnerResponseBytes().toBytes();
        try {
            this.resilience = ResilienceSettings.defaults().withCallTimeout(callTimeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "reclaim.connectors.call-timeout: " + e.getMessage(), e);
        }
        this.db = db;
        this.box = box;
        this.clock = clock;
        this.folder = folder;
        this.dataDir = props.dataDir();
        try {
            this.defaultPartner = TradingPartner.of(partner);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("reclaim.clearinghouse.*: " + e.getMessage(), e);
        }
        this.tx = TransactionalOperator.create(txm);
        this.portalClients =
                portalClients.getIfAvailable(() -> PortalClients.rest(maxResponseBytes));
        this.hosts = hosts;
    }

    /**
     * The trading partner of the practice's outgoing files: its clearinghouse setting's, else the
     * defaults.
     */
    public Mono<TradingPartner> tradingPartner(UUID practice) {
        return db.sql(
                        """
                        SELECT isa_sender_qualifier, isa_sender_id, isa_receiver_qualifier, isa_receiver_id, gs_sender_id,
                               gs_receiver_id, usage_indicator
                        FROM connector_setting WHERE practice_id = :p AND kind IN ('clearinghouse-rest', 'clearinghouse-folder', 'clearinghouse-sftp')
                          AND isa_sender_id IS NOT NULL""")
                .bind("p", practice)
                .map(
                        r ->
                                new TradingPartner(
                                        r.get("isa_sender_qualifier", String.class),
                                        r.get("isa_sender_id", String.class),
                                        r.get("isa_receiver_qualifier", String.class),
                                        r.get("isa_receiver_id", String.class),
                                        r.get("gs_sender_id", String.class),
                                        r.get("gs_receiver_id", String.class),
                                        TradingPartner.usage(
                                                r.get("usage_indicator", String.class))))
                .one()
                .defaultIfEmpty(defaultPartner);
    }

    /**
     * The practice's clearinghouse as an operator sees it (the secret only as its last four
     * characters).
     */
    public record ClearinghouseView(
            String flavour,
            String baseUrl,
            String authHeaderName,
            String authHeaderValue,
            TradingPartner tradingPartner,
            String tradingPartnerSource,
            SftpView sftp) {}

    /**
     * An SFTP clearinghouse as an operator sees it: the credential only as its hint, the host key
     * as its fingerprint, and the connection's status since the service started.
     */
    public record SftpView(
            String host,
            int port,
            String username,
            String auth,
            String secretHint,
            String hostKey,
            String uploadDir,
            List<String> downloadDirs,
            List<String> filePatterns,
            String afterDownload,
            String renameSuffix,
            SftpClearinghouse.Status status) {}

    public Mono<ClearinghouseView> clearinghouseView(UUID practice) {
        return db.sql(
                        "SELECT kind, base_url, auth_header_name, secret_hint, isa_sender_id, sftp_host, sftp_port, "
                                + "sftp_username, sftp_auth, sftp_host_key, sftp_upload_dir, sftp_download_dirs, "
                                + "sftp_file_patterns, sftp_after_download, sftp_rename_suffix FROM connector_setting "
                                + "WHERE practice_id = :p AND kind IN ('clearinghouse-rest', 'clearinghouse-folder', 'clearinghouse-sftp')")
                .bind("p", practice)
                .map(
                        r -> {
                            String kind = r.get("kind", String.class);
                            SftpView sftp =
                                    !"clearinghouse-sftp".equals(kind)
                                            ? null
                                            : new SftpView(
                                                    r.get("sftp_host", String.class),
                                                    r.get("sftp_port", Integer.class),
                                                    r.get("sftp_username", String.class),
                                                    r.get("sftp_auth", String.class),
                                                    r.get("secret_hint", String.class),
                                                    r.get("sftp_host_key", String.class),
                                                    r.get("sftp_upload_dir", String.class),
                                                    List.of(
                                                            r.get(
                                                                    "sftp_download_dirs",
                                                                    String[].class)),
                                                    patterns(
                                                            r.get(
                                                                    "sftp_file_patterns",
                                                                    String[].class)),
                                                    r.get("sftp_after_download", String.class),
                                                    r.get("sftp_rename_suffix", String.class),
                                                    sftpStatus(practice).orElse(null));
                            return new Object[] {
                                kind,
                                r.get("base_url", String.class),
                                r.get("auth_header_name", String.class),
                                r.get("secret_hint", String.class),
                                r.get("isa_sender_id", String.class),
                                sftp
                            };
                        })
                .one()
                .defaultIfEmpty(new Object[] {"clearinghouse-folder", null, null, null, null, null})
                .flatMap(
                        row ->
                                tradingPartner(practice)
                                        .map(
                                                p ->
                                                        new ClearinghouseView(
                                                                switch ((String) row[0]) {
                                                                    case "clearinghouse-rest" ->
                                                                            "rest";
                                                                    case "clearinghouse-sftp" ->
                                                                            "sftp";
                                                                    default -> "folder";
                                                                },
                                                                (String) row[1],
                                                                (String) row[2],
                                                                row[5] == null
                                                                        ? (String) row[3]
                                                                        : null,
                                                                p,
                                                                row[4] == null
                                                                        ? "defaults"
                                                                        : "practice",
                                                                (SftpView) row[5])));
    }

    private static List<String> patterns(String[] stored) {
        return stored == null ? List.of() : List.of(stored);
    }

    /** The status of the practice's SFTP client, once one was built since the service started. */
    public Optional<SftpClearinghouse.Status> sftpStatus(UUID practice) {
        Map.Entry<String, SftpClearinghouse> e = sftpClients.get(practice);
        return e == null ? Optional.empty() : Optional.of(e.getValue().status());
    }

    /**
     * The practice's REST or SFTP clearinghouse when one is configured, else the folder one. The
     * setting is read each time (a removed or changed one takes effect at once); the client built
     * for a setting version is reused.
     */
    public Mono<Clearinghouse> clearinghouse(UUID practice) {
        return db.sql(
                        "SELECT kind, base_url, auth_header_name, secret, updated_at, sftp_host, sftp_port, sftp_username, "
                                + "sftp_auth, sftp_host_key, sftp_upload_dir, sftp_download_dirs, sftp_file_patterns, "
                                + "sftp_after_download, sftp_rename_suffix FROM connector_setting WHERE practice_id = :p "
                                + "AND kind IN ('clearinghouse-rest', 'clearinghouse-sftp')")
                .bind("p", practice)
                .map(
                        r -> {
                            String version =
                                    practice
                                            + "|"
                                            + r.get("updated_at", java.time.OffsetDateTime.class);
                            if ("clearinghouse-sftp".equals(r.get("kind", String.class))) {
                                String secret = box.open(r.get("secret", byte[].class));
                                boolean password =
                                        "password".equals(r.get("sftp_auth", String.class));
                                return (Clearinghouse)
                                        sftpClient(
                                                practice,
                                                version,
                                                () ->
                                                        new SftpSettings(
                                                                "practice-" + practice + "-sftp",
                                                                r.get("sftp_host", String.class),
                                                                r.get("sftp_port", Integer.class),
                                                                r.get(
                                                                        "sftp_username",
                                                                        String.class),
                                                                password ? secret : null,
                                                                password ? null : secret,
                                                                r.get(
                                                                        "sftp_host_key",
                                                                        String.class),
                                                                r.get(
                                                                        "sftp_upload_dir",
                                                                        String.class),
                                                                List.of(
                                                                        r.get(
                                                                                "sftp_download_dirs",
                                                                                String[].class)),
                                                                patterns(
                                                                        r.get(
                                                                                "sftp_file_patterns",
                                                                                String[].class)),
                                                                r.get(
                                                                        "sftp_after_download",
                                                                        String.class),
                                                                r.get(
                                                                        "sftp_rename_suffix",
                                                                        String.class),
                                                                null,
                                                                null,
                                                                resilience,
                                                                hosts));
                            }
                            return clearinghouseClients.computeIfAbsent(
                                    version,
                                    v ->
                                            new RestClearinghouse(
                                                    new RestClearinghouseSettings(
                                                            "practice-" + practice,
                                                            URI.create(
                                                                    r.get(
                                                                            "base_url",
                                                                            String.class)),
                                                            r.get("auth_header_name", String.class),
                                                            box.open(r.get("secret", byte[].class)),
                                                            resilience,
                                                            hosts),
                                                    org.reclaim.connector.TimeSource.system(),
                                                    CursorStore.file(
                                                            dataDir.resolve("clearinghouse")
                                                                    .resolve(practice + ".cursor")),
                                                    maxResponseBytes));
                        })
                .one()
                .defaultIfEmpty(folder);
    }

    /**
     * The practice's SFTP client for this setting version: built once (it keeps its session and
     * what it saw at the last poll); the client of an older version is closed.
     */
    private SftpClearinghouse sftpClient(
            UUID practice, String version, java.util.function.Supplier<SftpSettings> settings) {
        Map.Entry<String, SftpClearinghouse> built =
                sftpClients.compute(
                        practice,
                        (p, old) -> {
                            if (old != null && old.getKey().equals(version)) return old;
                            if (old != null) old.getValue().close();
                            return Map.entry(
                                    version,
                                    new SftpClearinghouse(
                                            settings.get(),
                                            org.reclaim.connector.TimeSource.system(),
                                            TakenLog.file(
                                                    dataDir.resolve("clearinghouse")
                                                            .resolve(practice + ".sftp-taken"))));
                        });
        return built.getValue();
    }

    /** Closes the SFTP sessions (at shutdown). */
    @jakarta.annotation.PreDestroy
    void closeSftp() {
        sftpClients.values().forEach(e -> e.getValue().close());
        sftpClients.clear();
    }

    /** Practices whose clearinghouse answers must be fetched (REST or SFTP), by slug. */
    public reactor.core.publisher.Flux<Map.Entry<UUID, String>> polledClearinghousePractices() {
        return db.sql(
                        "SELECT c.practice_id, p.slug FROM connector_setting c JOIN practice p ON p.id = c.practice_id "
                                + "WHERE c.kind IN ('clearinghouse-rest', 'clearinghouse-sftp')")
                .map(r -> Map.entry(r.get("practice_id", UUID.class), r.get("slug", String.class)))
                .all();
    }

    public record PortalView(
            String payerId, String baseUrl, String authHeaderName, String secret) {}

    public Mono<Void> savePortal(
            UUID practice, String payerId, String baseUrl, String authHeaderName, String secret) {
        if (payerId == null || payerId.isBlank())
            throw new BadRequestException("payerId is required");
        URI url = restUrl(baseUrl, authHeaderName, secret);
        return allowed(url)
                .then(save(practice, "payer-portal", payerId, url, authHeaderName, secret));
    }

    /**
     * The practice's clearinghouse. With a base URL, the REST flavour: outgoing files go there and
     * its answers are polled; without one, the folder clearinghouse. {@code partner} null: the
     * defaults ({@code reclaim.clearinghouse.*}) envelope its files. Replaces whatever
     * clearinghouse was set.
     */
    public Mono<Void> saveClearinghouse(
            UUID practice,
            String baseUrl,
            String authHeaderName,
            String secret,
            TradingPartner partner) {
        Mono<Void> save;
        if (baseUrl == null || baseUrl.isBlank()) {
            if (authHeaderName != null && !authHeaderName.isBlank()
                    || secret != null && !secret.isBlank()) {
                throw new BadRequestException(
                        "authHeaderName and authHeaderValue go with a baseUrl (REST clearinghouse)");
            }
            if (partner == null) {
                throw new BadRequestException(
                        "give a baseUrl (REST clearinghouse) or a tradingPartner (folder "
                                + "clearinghouse); DELETE the setting to go back to the folder clearinghouse with the defaults");
            }
            // the row exists for its trading partner: it is written with it
            save =
                    db.sql(
                                    """
                            INSERT INTO connector_setting (id, practice_id, kind, payer_id, updated_at, isa_sender_qualifier,
                                isa_sender_id, isa_receiver_qualifier, isa_receiver_id, gs_sender_id, gs_receiver_id,
                                usage_indicator)
                            VALUES (:id, :p, 'clearinghouse-folder', '*', :now, :sq, :sid, :rq, :rid, :gs, :gr, :usage)""")
                            .bind("id", Ids.next())
                            .bind("p", practice)
                            .bind("now", Times.utc(clock.instant()))
                            .bind("sq", partner.senderQualifier())
                            .bind("sid", partner.senderId())
                            .bind("rq", partner.receiverQualifier())
                            .bind("rid", partner.receiverId())
                            .bind("gs", partner.applicationSender())
                            .bind("gr", partner.applicationReceiver())
                            .bind("usage", partner.usage().code())
                            .then();
            return tx.transactional(removeClearinghouse(practice).then(save));
        }
        URI url = restUrl(baseUrl, authHeaderName, secret);
        save = save(practice, "clearinghouse-rest", "*", url, authHeaderName, secret);
        Mono<Void> withPartner = withPartner(practice, partner);
        return allowed(url)
                .then(tx.transactional(removeClearinghouse(practice).then(save).then(withPartner)));
    }

    /**
     * An SFTP clearinghouse's setting as given ({@code PUT /api/v1/connectors/clearinghouse} with
     * {@code sftp}); {@code port} null is 22.
     */
    public record SftpSetting(
            String host,
            Integer port,
            String username,
            String password,
            String privateKey,
            String hostKey,
            String uploadDir,
            List<String> downloadDirs,
            List<String> filePatterns,
            String afterDownload,
            String renameSuffix) {

        @Override
        public String toString() {
            return "SftpSetting[" + username + "@" + host + ":" + port + ", ****]";
        }
    }

    /**
     * The practice's clearinghouse over SFTP: checked whole (every problem a 400 naming its field
     * as {@code sftp.<field>}), its host against the host policy, its credential sealed. Replaces
     * whatever clearinghouse was set.
     */
    public Mono<Void> saveSftpClearinghouse(UUID practice, SftpSetting s, TradingPartner partner) {
        SftpSettings checked;
        try {
            checked =
                    new SftpSettings(
                            "practice-" + practice + "-sftp",
                            s.host(),
                            s.port() == null ? 22 : s.port(),
                            s.username(),
                            s.password(),
                            s.privateKey(),
                            s.hostKey(),
                            s.uploadDir(),
                            s.downloadDirs(),
                            s.filePatterns(),
                            s.afterDownload(),
                            s.renameSuffix(),
                            null,
                            null,
                            resilience,
                            hosts);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        boolean password = checked.password() != null && !checked.password().isEmpty();
        String secret = password ? checked.password() : checked.privateKey();
        String host = checked.host();
        URI address =
                URI.create(
                        "sftp://"
                                + (host.contains(":") ? "[" + host + "]" : host)
                                + ":"
                                + checked.port());
        Mono<Void> allowed =
                Mono.fromCallable(
                                () ->
                                        hosts.refusal(
                                                URI.create(
                                                        "https://"
                                                                + address.getRawAuthority()
                                                                + "/")))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(
                                why ->
                                        why.isPresent()
                                                ? Mono.error(
                                                        new BadRequestException(
                                                                "sftp.host: " + why.get()))
                                                : Mono.empty());
        Mono<Void> save =
                db.sql(
                                """
                        INSERT INTO connector_setting (id, practice_id, kind, payer_id, base_url, secret, secret_hint,
                            updated_at, sftp_host, sftp_port, sftp_username, sftp_auth, sftp_host_key, sftp_upload_dir,
                            sftp_download_dirs, sftp_file_patterns, sftp_after_download, sftp_rename_suffix)
                        VALUES (:id, :p, 'clearinghouse-sftp', '*', :url, :secret, :hint, :now, :host, :port, :user,
                            :auth, :key, :up, :down, :patterns, :after, :suffix)""")
                        .bind("id", Ids.next())
                        .bind("p", practice)
                        .bind("url", address.toString())
                        .bind("secret", box.seal(secret))
                        .bind("hint", password ? SecretBox.hint(secret) : "private key")
                        .bind("now", Times.utc(clock.instant()))
                        .bind("host", host)
                        .bind("port", checked.port())
                        .bind("user", checked.username().strip())
                        .bind("auth", password ? "password" : "privateKey")
                        .bind("key", checked.hostKeyFingerprint())
                        .bind("up", checked.uploadDir())
                        .bind("down", checked.downloadDirs().toArray(String[]::new))
                        .bind("patterns", checked.filePatterns().toArray(String[]::new))
                        .bind("after", checked.afterDownload())
                        .bind("suffix", checked.renameSuffix())
                        .then();
        return allowed.then(
                tx.transactional(
                        removeClearinghouse(practice)
                                .then(save)
                                .then(withPartner(practice, partner))));
    }

    private Mono<Void> withPartner(UUID practice, TradingPartner partner) {
        if (partner == null) return Mono.empty();
        return db.sql(
                        """
                        UPDATE connector_setting SET isa_sender_qualifier = :sq, isa_sender_id = :sid,
                            isa_receiver_qualifier = :rq, isa_receiver_id = :rid, gs_sender_id = :gs, gs_receiver_id = :gr,
                            usage_indicator = :usage
                        WHERE practice_id = :p AND kind IN ('clearinghouse-rest', 'clearinghouse-folder', 'clearinghouse-sftp')""")
                .bind("sq", partner.senderQualifier())
                .bind("sid", partner.senderId())
                .bind("rq", partner.receiverQualifier())
                .bind("rid", partner.receiverId())
                .bind("gs", partner.applicationSender())
                .bind("gr", partner.applicationReceiver())
                .bind("usage", partner.usage().code())
                .bind("p", practice)
                .then();
    }

    /** Back to the folder clearinghouse with the default trading partner. */
    public Mono<Void> removeClearinghouse(UUID practice) {
        return db.sql(
                        "DELETE FROM connector_setting WHERE practice_id = :p "
                                + "AND kind IN ('clearinghouse-rest', 'clearinghouse-folder', 'clearinghouse-sftp')")
                .bind("p", practice)
                .then();
    }

    /** A REST connector's base URL, with its credential header: the checks that need no lookup. */
    private static URI restUrl(String baseUrl, String authHeaderName, String secret) {
        URI url;
        try {
            url = URI.create(baseUrl == null ? "" : baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("baseUrl: not a URL");
        }
        if (authHeaderName == null
                || authHeaderName.isBlank()
                || secret == null
                || secret.isBlank()) {
            throw new BadRequestException("authHeaderName and authHeaderValue are required");
        }
        return url;
    }

    /**
     * Refuses a base URL the host policy refuses, naming the field and why; its host is resolved
     * off the event loop.
     */
    private Mono<Void> allowed(URI url) {
        return Mono.fromCallable(() -> hosts.refusal(url))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        why ->
                                why.isPresent()
                                        ? Mono.error(
                                                // not the URL itself: it may carry a password
                                                new BadRequestException("baseUrl: " + why.get()))
                                        : Mono.empty());
    }

    private Mono<Void> save(
            UUID practice,
            String kind,
            String payerId,
            URI url,
            String authHeaderName,
            String secret) {
        return db.sql(
                        """
                        INSERT INTO connector_setting (id, practice_id, kind, payer_id, base_url, auth_header_name, secret,
                                                       secret_hint, updated_at)
                        VALUES (:id, :p, :kind, :payer, :url, :header, :secret, :hint, :now)
                        ON CONFLICT (practice_id, kind, payer_id) DO UPDATE SET base_url = :url, auth_header_name = :header,
                            secret = :secret, secret_hint = :hint, updated_at = :now""")
                .bind("id", Ids.next())
                .bind("p", practice)
                .bind("kind", kind)
                .bind("payer", payerId.strip())
                .bind("url", url.toString())
                .bind("header", authHeaderName.strip())
                .bind("secret", box.seal(secret))
                .bind("hint", SecretBox.hint(secret))
                .bind("now", Times.utc(clock.instant()))
                .then();
    }

    public Mono<List<PortalView>> portals(UUID practice) {
        return db.sql(
                        "SELECT payer_id, base_url, auth_header_name, secret_hint FROM connector_setting "
                                + "WHERE practice_id = :p AND kind = 'payer-portal' ORDER BY payer_id")
                .bind("p", practice)
                .map(
                        r ->
                                new PortalView(
                                        r.get("payer_id", String.class),
                                        r.get("base_url", String.class),
                                        r.get("auth_header_name", String.class),
                                        r.get("secret_hint", String.class)))
                .all()
                .collectList();
    }

    /**
     * The payer's portal for this practice, when one is configured (read each time, client reused).
     */
    public Mono<Optional<PayerPortal>> portal(UUID practice, String payerId) {
        if (payerId == null) return Mono.just(Optional.empty());
        return db.sql(
                        "SELECT base_url, auth_header_name, secret, updated_at FROM connector_setting WHERE practice_id = :p "
                                + "AND kind = 'payer-portal' AND payer_id = :payer")
                .bind("p", practice)
                .bind("payer", payerId)
                .map(
                        r ->
                                portals.computeIfAbsent(
                                        practice
                                                + "|"
                                                + payerId
                                                + "|"
                                                + r.get(
                                                        "updated_at",
                                                        java.time.OffsetDateTime.class),
                                        v ->
                                                portalClients.client(
                                                        new PayerPortalSettings(
                                                                payerId,
                                                                URI.create(
                                                                        r.get(
                                                                                "base_url",
                                                                                String.class)),
                                                                r.get(
                                                                        "auth_header_name",
                                                                        String.class),
                                                                box.open(
                                                                        r.get(
                                                                                "secret",
                                                                                byte[].class)),
                                                                Map.of(),
                                                                Map.of(),
                                                                resilience,
                                                                hosts))))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }
}
