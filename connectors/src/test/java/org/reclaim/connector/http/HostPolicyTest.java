package org.reclaim.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a configured connector URL may point the service at (issue 14, item 15). */
class HostPolicyTest {

    static final HostPolicy STRICT = HostPolicy.strict();

    static String refusal(HostPolicy policy, String url) {
        return policy.refusal(URI.create(url)).orElse(null);
    }

    @Test
    void plainHttpIsRefusedUnlessAnAdminAllowsTheHost() {
        assertThat(refusal(STRICT, "http://example.com/api"))
                .isEqualTo(
                        "http is allowed only for hosts an admin allows"
                                + " (reclaim.connectors.http-allowed-hosts); use https");
        HostPolicy allowed =
                HostPolicy.of(
                        List.of(),
                        List.of("example.com"),
                        table(Map.of("example.com", "93.184.216.34")));
        assertThat(refusal(allowed, "http://example.com/api")).isNull();
        assertThat(refusal(allowed, "http://other.example.com/api"))
                .startsWith("http is allowed only");
    }

    @Test
    void loopbackLinkLocalPrivateSharedAndSpecialAddressesAreRefused() {
        assertThat(refusal(STRICT, "https://169.254.169.254/latest/meta-data/"))
                .startsWith("169.254.169.254 is a link-local address");
        assertThat(refusal(STRICT, "https://10.0.0.5")).startsWith("10.0.0.5 is a private address");
        assertThat(refusal(STRICT, "https://172.16.0.1")).contains("a private address");
        assertThat(refusal(STRICT, "https://172.31.255.255")).contains("a private address");
        assertThat(refusal(STRICT, "https://192.168.1.1")).contains("a private address");
        assertThat(refusal(STRICT, "https://127.0.0.1:8443")).contains("a loopback address");
        // not a server-based authority for java.net.URI: no host, refused
        assertThat(refusal(STRICT, "https://127.1/")).isEqualTo("names no host");
        assertThat(refusal(STRICT, "https://100.64.0.1")).contains("CGNAT");
        assertThat(refusal(STRICT, "https://0.0.0.0")).contains("unspecified");
        assertThat(refusal(STRICT, "https://224.0.0.1")).contains("multicast");
        assertThat(refusal(STRICT, "https://[::1]/")).contains("a loopback address");
        assertThat(refusal(STRICT, "https://[fe80::1]/")).contains("a link-local address");
        assertThat(refusal(STRICT, "https://[fd12:3456::1]/")).contains("unique local");
        assertThat(refusal(STRICT, "https://[ff02::1]/")).contains("multicast");
        assertThat(refusal(STRICT, "https://[::]/")).contains("unspecified");
        // IPv4 inside IPv6: mapped, NAT64, 6to4
        assertThat(refusal(STRICT, "https://[::ffff:127.0.0.1]/")).contains("a loopback address");
        assertThat(refusal(STRICT, "https://[::ffff:a9fe:a9fe]/")).contains("a link-local address");
        assertThat(refusal(STRICT, "https://[64:ff9b::a00:5]/")).contains("a private address");
        assertThat(refusal(STRICT, "https://[2002:c0a8:101::1]/")).contains("a private address");
        // just outside the ranges: public
        assertThat(refusal(STRICT, "https://172.32.0.1")).isNull();
        assertThat(refusal(STRICT, "https://100.128.0.1")).isNull();
        assertThat(refusal(STRICT, "https://[2001:db8::1]/")).isNull();
        assertThat(refusal(STRICT, "https://93.184.216.34/")).isNull();
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() {
        HostPolicy policy =
                HostPolicy.of(
                        List.of(),
                        List.of(),
                        table(Map.of("partner.test", "93.184.216.34,10.0.0.5")));
        assertThat(refusal(policy, "https://partner.test/v1"))
                .isEqualTo(
                        "partner.test resolves to 10.0.0.5, a private address; an admin can allow"
                                + " it in reclaim.connectors.allowed-hosts");
        // the system resolver: localhost is loopback
        assertThat(refusal(STRICT, "https://localhost:8443/"))
                .startsWith("localhost resolves to 127.0.0.1, a loopback address");
    }

    @Test
    void aNameThatResolvesElsewhereLaterIsRefusedThen() {
        AtomicReference<String> answer = new AtomicReference<>("93.184.216.34");
        HostPolicy policy =
                HostPolicy.of(
                        List.of(),
                        List.of(),
                        host -> new InetAddress[] {InetAddress.getByName(answer.get())});
        assertThat(refusal(policy, "https://partner.test/v1")).isNull();
        answer.set("169.254.169.254");
        assertThat(refusal(policy, "https://partner.test/v1"))
                .startsWith("partner.test resolves to 169.254.169.254, a link-local address");
    }

    @Test
    void anAdminAllowsPrivateHostsByNameOrByCidr() {
        HostPolicy policy =
                HostPolicy.of(
                        List.of("localhost", "10.1.0.0/16", "fd00::/8", "192.168.7.7"),
                        List.of("localhost"),
                        table(Map.of("intranet.test", "10.1.2.3", "other.test", "10.2.0.1")));
        assertThat(refusal(policy, "http://localhost:8080/")).isNull();
        assertThat(refusal(policy, "https://intranet.test/")).isNull();
        assertThat(refusal(policy, "https://10.1.255.1/")).isNull();
        assertThat(refusal(policy, "https://192.168.7.7/")).isNull();
        assertThat(refusal(policy, "https://[fd00::5]/")).isNull();
        assertThat(refusal(policy, "https://other.test/")).contains("10.2.0.1, a private address");
        assertThat(refusal(policy, "https://192.168.7.8/")).contains("a private address");
        // allowed for private addresses is not allowed for http
        assertThat(refusal(policy, "http://intranet.test/")).startsWith("http is allowed only");
    }

    @Test
    void userInformationOtherSchemesAndHostlessUrlsAreRefused() {
        assertThat(refusal(STRICT, "https://user:pw@example.com/")).contains("user information");
        assertThat(refusal(STRICT, "ftp://example.com/")).contains("https URL, not ftp");
        assertThat(refusal(STRICT, "file:///etc/passwd")).contains("https URL, not file");
        assertThat(refusal(STRICT, "https:///path")).isEqualTo("names no host");
    }

    @Test
    void aBadAllowanceEntryIsNamed() {
        assertThatThrownBy(() -> HostPolicy.of(List.of("10.0.0.0/33"), List.of()))
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> HostPolicy.of(List.of("not a host"), List.of()))
                .hasMessageContaining("'not a host' is neither a host name");
    }

    /** A resolver that knows only {@code names} (comma-separated addresses each). */
    static HostPolicy.Resolver table(Map<String, String> names) {
        return host -> {
            String addresses = names.get(host);
            if (addresses == null) throw new UnknownHostException(host);
            String[] each = addresses.split(",");
            InetAddress[] out = new InetAddress[each.length];
            for (int i = 0; i < each.length; i++) out[i] = InetAddress.getByName(each[i]);
            return out;
        };
    }
}
