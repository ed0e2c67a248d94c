package org.reclaim.core;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings ({@code reclaim.*}).
 *
 * @param dataDir root of the file-based integrations and the embedded database (docs/contracts.md
 *     §7)
 * @param inbox the clearinghouse drop folder
 * @param seedSamples ingest the bundled sample files at start-up (the README's run command)
 * @param triage where the operator-edited triage files are
 */
@ConfigurationProperties("reclaim")
public record ReclaimProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Inbox inbox,
        @DefaultValue("false") boolean seedSamples,
        @DefaultValue Triage triage) {

    /**
     * docs/contracts.md §4: the catalog, playbooks and payer rules ship in the jar; these folders,
     * when they exist, overlay them file by file.
     *
     * @param underpaymentTolerance dollars per line: a line is underpaid when the contracted amount
     *     exceeds what the payer allowed by more than this, so that a cent lost to a payer's
     *     rounding of rate x units is not listed as money owed
     */
    public record Triage(
            @DefaultValue("./playbooks") Path playbooksDir,
            @DefaultValue("./config") Path configDir,
            @DefaultValue("0.01") BigDecimal underpaymentTolerance) {

        public Triage {
            if (underpaymentTolerance.signum() < 0) {
                throw new IllegalArgumentException(
                        "reclaim.triage.underpayment-tolerance must be 0 or more, not "
                                + underpaymentTolerance);
            }
        }
    }

    /**
     * @param enabled watch the drop folder
     * @param pollInterval how often to look for new files
     * @param settle a file's size and modification time must stay the same this long before it is
     *     read, so half-written files are left alone
     * @param incompleteWait how long an X12 file whose outermost envelope is not closed (no closing
     *     {@code IEA}) is waited for before it is read anyway (and quarantined as truncated)
     * @param maxAttempts how many times a file that fails for an unexpected reason (not unreadable,
     *     the database up) is tried before it is quarantined with the error
     */
    public record Inbox(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("2s") Duration pollInterval,
            @DefaultValue("1s") Duration settle,
            @DefaultValue("5m") Duration incompleteWait,
            @DefaultValue("5") int maxAttempts) {
        public Inbox {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException(
                        "reclaim.inbox.max-attempts must be 1 or more, not " + maxAttempts);
            }
        }
    }

    public Path inboxDir() {
        return dataDir.resolve("inbox");
    }

    public Path processedDir() {
        return dataDir.resolve("processed");
    }

    public Path quarantineDir() {
        return dataDir.resolve("quarantine");
    }
}
