package org.reclaim.partner;

import java.util.List;
import org.reclaim.connector.http.HostPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hosts an admin lets connector settings reach beyond public https ({@code
 * reclaim.connectors.*}, docs/configuration.md). Nothing is allowed by default.
 *
 * @param allowedHosts host names, addresses or CIDR blocks that may resolve to (or be) loopback,
 *     link-local, private or other non-public addresses
 * @param httpAllowedHosts host names, addresses or CIDR blocks (as written in the URL) that may be
 *     reached over plain http
 */
@ConfigurationProperties("reclaim.connectors")
public record ConnectorHostsProperties(List<String> allowedHosts, List<String> httpAllowedHosts) {

    /** The policy these allowances make; a bad entry fails start-up naming the property. */
    public HostPolicy policy() {
        try {
            HostPolicy.of(allowedHosts, List.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "reclaim.connectors.allowed-hosts: " + e.getMessage(), e);
        }
        try {
            HostPolicy.of(List.of(), httpAllowedHosts);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "reclaim.connectors.http-allowed-hosts: " + e.getMessage(), e);
        }
        return HostPolicy.of(allowedHosts, httpAllowedHosts);
    }
}
