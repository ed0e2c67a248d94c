package org.reclaim.connector.clearinghouse;

import java.net.URI;
import java.util.Objects;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.http.HostPolicy;

/**
 * One clearinghouse reached over the REST contract of {@code connectors/CLEARINGHOUSE-REST.md}.
 *
 * @param name names the connector in errors and metrics (e.g. {@code "acme-clearinghouse"})
 * @param baseUrl e.g. {@code https://api.example-clearinghouse.test/v1}
 * @param authHeaderName e.g. {@code Authorization} or {@code X-Api-Key}; null for none
 * @param authHeaderValue its value (a secret, from the environment); never printed
 * @param resilience the policy of every call
 * @param hosts the hosts it may reach, checked before every call
 */
public record RestClearinghouseSettings(
        String name,
        URI baseUrl,
        String authHeaderName,
        String authHeaderValue,
        ResilienceSettings resilience,
        HostPolicy hosts) {

    public RestClearinghouseSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(hosts, "hosts");
        if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException(name + ": base URL must be http(s): " + baseUrl);
        }
    }

    @Override
    public String toString() {
        return "RestClearinghouseSettings[name="
                + name
                + ", baseUrl="
                + baseUrl
                + ", authHeaderName="
                + authHeaderName
                + ", authHeaderValue="
                + (authHeaderValue == null ? "none" : "(secret)")
                + ", resilience="
                + resilience
                + "]";
    }
}
