package org.reclaim.connector.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which hosts a configured connector URL may point the service at. A URL is https (plain http only
 * for a host in the http allowance), names a host, carries no user information, and every address
 * its host resolves to is public: loopback, link-local (cloud metadata at 169.254.169.254),
 * private, shared (CGNAT), unspecified, multicast and reserved addresses, also written as
 * IPv4-mapped, NAT64 or 6to4 IPv6, are refused unless the host (by name) or the address (by CIDR)
 * is in the private allowance. The check runs when a setting is saved and again before every call,
 * since a name can resolve elsewhere later.
 */
public final class HostPolicy {

    /** Resolves a host name to its addresses (the system resolver, or a fixed table in tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Allowance privateAllowed;
    private final Allowance httpAllowed;
    private final Resolver resolver;

    private HostPolicy(Allowance privateAllowed, Allowance httpAllowed, Resolver resolver) {
        this.privateAllowed = privateAllowed;
        this.httpAllowed = httpAllowed;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * @param allowedHosts host names, addresses or CIDRs that may resolve to (or be) non-public
     *     addresses
     * @param httpAllowedHosts host names, addresses or CIDRs (matched against the URL's host as
     *     written) that may be reached over plain http
     * @throws IllegalArgumentException naming an entry that is neither a host name nor a CIDR
     */
    public static HostPolicy of(
            Collection<String> allowedHosts, Collection<String> httpAllowedHosts) {
        return of(allowedHosts, httpAllowedHosts, InetAddress::getAllByName);
    }

    public static HostPolicy of(
            Collection<String> allowedHosts,
            Collection<String> httpAllowedHosts,
            Resolver resolver) {
        return new HostPolicy(
                Allowance.parse(allowedHosts), Allowance.parse(httpAllowedHosts), resolver);
    }

    /** Public https hosts only. */
    public static HostPolicy strict() {
        return of(List.of(), List.of());
    }

    /**
     * Why {@code url} may not be used, or empty when it may. A name that does not resolve is not
     * refused here (it is checked again before each call, and a call to it fails as unreachable).
     */
    public Optional<String> refusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of(
                    "must be an https URL, not " + (scheme.isEmpty() ? "relative" : scheme));
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of(
                    "must not carry user information (user:password@); the credential goes in"
                            + " the auth header");
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) return Optional.of("names no host");
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        InetAddress literal = literal(host);
        if (scheme.equals("http") && !httpAllowed.allows(host, literal)) {
            return Optional.of(
                    "http is allowed only for hosts an admin allows"
                            + " (reclaim.connectors.http-allowed-hosts); use https");
        }
        if (privateAllowed.allowsName(host)) return Optional.empty();
        InetAddress[] addresses;
        if (literal != null) {
            addresses = new InetAddress[] {literal};
        } else {
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        for (InetAddress a : addresses) {
            Optional<String> range = nonPublic(a);
            if (range.isPresent() && !privateAllowed.allowsAddress(a)) {
                return Optional.of(
                        (literal != null ? "" : host + " resolves to ")
                                + a.getHostAddress()
                                + (literal != null ? " is " : ", ")
                                + range.get()
                                + " address; an admin can allow it in"
                                + " reclaim.connectors.allowed-hosts");
            }
        }
        return Optional.empty();
    }

    /**
     * The kind of non-public range {@code a} is in ("a loopback", "a private", ...), or empty for a
     * public address. Ranges from the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC
     * 6890 and its updates).
     */
    public static Optional<String> nonPublic(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return nonPublic4(b);
        if (a instanceof Inet6Address) {
            if (zero(b, 0, 16)) return Optional.of("an unspecified");
            if (zero(b, 0, 15) && b[15] == 1) return Optional.of("a loopback");
            // IPv4-mapped ::ffff:0:0/96 (RFC 4291 §2.5.5.2): the last four bytes are IPv4
            if (zero(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                return nonPublic4(tail(b, 12));
            }
            // IPv4-compatible ::/96, deprecated by RFC 4291 §2.5.5.1: never a partner's address
            if (zero(b, 0, 12)) return Optional.of("a deprecated IPv4-compatible");
            // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052): the last four bytes are IPv4
            if (b[0] == 0
                    && b[1] == 0x64
                    && b[2] == (byte) 0xff
                    && b[3] == (byte) 0x9b
                    && zero(b, 4, 12)) {
                return nonPublic4(tail(b, 12));
            }
            // 6to4 2002::/16 (RFC 3056): bytes 2..5 are IPv4
            if (b[0] == 0x20 && b[1] == 0x02) {
                return nonPublic4(new byte[] {b[2], b[3], b[4], b[5]});
            }
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0xfe && (second & 0xc0) == 0x80) return Optional.of("a link-local");
            if (first == 0xfe && (second & 0xc0) == 0xc0) return Optional.of("a site-local");
            if ((first & 0xfe) == 0xfc) return Optional.of("a private (unique local)");
            if (first == 0xff) return Optional.of("a multicast");
            return Optional.empty();
        }
        return Optional.of("an unknown kind of");
    }

    private static Optional<String> nonPublic4(byte[] b) {
        int o1 = b[0] & 0xff;
        int o2 = b[1] & 0xff;
        if (o1 == 0) return Optional.of("an unspecified (0.0.0.0/8)");
        if (o1 == 127) return Optional.of("a loopback");
        if (o1 == 10 || (o1 == 172 && (o2 & 0xf0) == 16) || (o1 == 192 && o2 == 168)) {
            return Optional.of("a private");
        }
        if (o1 == 169 && o2 == 254) return Optional.of("a link-local");
        if (o1 == 100 && (o2 & 0xc0) == 64) return Optional.of("a shared (CGNAT, 100.64.0.0/10)");
        if (o1 == 192 && o2 == 0 && (b[2] & 0xff) == 0) {
            return Optional.of("an IETF protocol (192.0.0.0/24)");
        }
        if (o1 == 198 && (o2 & 0xfe) == 18) return Optional.of("a benchmarking (198.18.0.0/15)");
        if (o1 >= 224 && o1 <= 239) return Optional.of("a multicast");
        if (o1 >= 240) return Optional.of("a reserved");
        return Optional.empty();
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }

    private static byte[] tail(byte[] b, int from) {
        byte[] out = new byte[b.length - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    /**
     * The address {@code host} writes literally (IPv4 dotted, or IPv6 with or without brackets),
     * parsed without any lookup; null for a host name.
     */
    static InetAddress literal(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        boolean v6 = h.indexOf(':') >= 0;
        boolean v4 = h.matches("[0-9]{1,10}(\\.[0-9]{1,10}){0,3}");
        if (!v4 && !v6) return null;
        try {
            // a literal: the JDK parses it and never asks a name server
            return InetAddress.getByName(v6 ? "[" + h + "]" : h);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Host names and CIDR blocks of one allowance. */
    private record Allowance(Set<String> names, List<Cidr> blocks) {

        static Allowance parse(Collection<String> entries) {
            Set<String> names = new TreeSet<>();
            List<Cidr> blocks = new ArrayList<>();
            for (String raw : entries == null ? List.<String>of() : entries) {
                if (raw == null || raw.isBlank()) continue;
                String e = raw.strip().toLowerCase(Locale.ROOT);
                int slash = e.indexOf('/');
                String address = slash < 0 ? e : e.substring(0, slash);
                InetAddress a = literal(address);
                if (a != null) {
                    int max = a.getAddress().length * 8;
                    int prefix;
                    try {
                        prefix = slash < 0 ? max : Integer.parseInt(e.substring(slash + 1));
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("'" + raw + "' has no prefix length");
                    }
                    if (prefix < 0 || prefix > max) {
                        throw new IllegalArgumentException(
                                "'" + raw + "': a prefix length is 0.." + max);
                    }
                    blocks.add(new Cidr(a.getAddress(), prefix));
                } else if (slash < 0
                        && e.matches(
                                "[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?")) {
                    names.add(e.endsWith(".") ? e.substring(0, e.length() - 1) : e);
                } else {
                    throw new IllegalArgumentException(
                            "'" + raw + "' is neither a host name, an address nor a CIDR block");
                }
            }
            return new Allowance(Set.copyOf(names), List.copyOf(blocks));
        }

        boolean allowsName(String host) {
            return names.contains(host);
        }

        boolean allowsAddress(InetAddress a) {
            for (Cidr c : blocks) if (c.contains(a)) return true;
            return false;
        }

        boolean allows(String host, InetAddress literal) {
            return allowsName(host) || (literal != null && allowsAddress(literal));
        }
    }

    private record Cidr(byte[] network, int prefix) {

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) return false;
            int full = prefix / 8;
            for (int i = 0; i < full; i++) if (b[i] != network[i]) return false;
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}
