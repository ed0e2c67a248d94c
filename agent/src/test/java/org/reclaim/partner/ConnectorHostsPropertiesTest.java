package org.reclaim.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reclaim.connectors.*: what an admin writes becomes the host policy, or start-up stops. */
class ConnectorHostsPropertiesTest {

    @Test
    void aBadEntryStopsStartUpNamingItsProperty() {
        assertThatThrownBy(
                        () -> new ConnectorHostsProperties(List.of("10.0.0.0/33"), null).policy())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("reclaim.connectors.allowed-hosts: '10.0.0.0/33'");
        assertThatThrownBy(
                        () ->
                                new ConnectorHostsProperties(null, List.of("http://localhost"))
                                        .policy())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "reclaim.connectors.http-allowed-hosts: 'http://localhost'");
    }

    @Test
    void unsetAllowsPublicHttpsOnlyAndEntriesAllowWhatTheyName() {
        var none = new ConnectorHostsProperties(null, null).policy();
        assertThat(none.refusal(URI.create("https://10.0.0.5/"))).isPresent();
        assertThat(none.refusal(URI.create("https://93.184.216.34/"))).isEmpty();
        var some =
                new ConnectorHostsProperties(List.of("10.0.0.0/8"), List.of("10.0.0.5")).policy();
        assertThat(some.refusal(URI.create("http://10.0.0.5/"))).isEmpty();
        assertThat(some.refusal(URI.create("http://10.0.0.6/"))).isPresent();
    }
}
