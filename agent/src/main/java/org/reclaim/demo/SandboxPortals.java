package org.reclaim.demo;

import org.reclaim.connector.payer.PayerPortal;
import org.reclaim.connector.payer.PayerPortalSettings;
import org.reclaim.partner.PortalClients;
import org.reclaim.sandbox.SimulatedPortal;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Demo profile only: a portal setting whose base URL names {@link SimulatedPortal#HOST} is answered
 * by the SIMULATED payer the demo attached; every other setting gets the REST client.
 */
@Component
@Profile("demo")
class SandboxPortals implements PortalClients {

    private final PortalClients rest = PortalClients.rest();
    private volatile SimulatedPortal portal;

    void attach(SimulatedPortal portal) {
        this.portal = portal;
    }

    @Override
    public PayerPortal client(PayerPortalSettings settings) {
        SimulatedPortal p = portal;
        return p != null && SimulatedPortal.HOST.equals(settings.baseUrl().getHost())
                ? p
                : rest.client(settings);
    }
}
