package org.reclaim.partner;

import org.reclaim.connector.TimeSource;
import org.reclaim.connector.payer.PayerPortal;
import org.reclaim.connector.payer.PayerPortalSettings;
import org.reclaim.connector.payer.RestPayerPortal;

/**
 * Builds the client of a payer portal a practice configured. Without another bean, the REST flavour
 * ({@code connectors/PAYER-PORTAL-REST.md}); the demo profile adds one that lets the SIMULATED
 * payer answer the portals its demo configures.
 */
@FunctionalInterface
public interface PortalClients {

    PayerPortal client(PayerPortalSettings settings);

    static PortalClients rest() {
        return s -> new RestPayerPortal(s, TimeSource.system());
    }

    /** The REST flavour taking answers of at most {@code maxResponseBytes}. */
    static PortalClients rest(long maxResponseBytes) {
        return s -> new RestPayerPortal(s, TimeSource.system(), maxResponseBytes);
    }
}
