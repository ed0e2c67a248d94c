package org.reclaim.security;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a state-changing request that a browser marks as coming from another site, whatever
 * credentials it carries: a browser attaches cached Basic credentials (and cookies) to a cross-site
 * form post, so credentials prove nothing about who made the request. "Cross-site" is {@code
 * Sec-Fetch-Site: cross-site} (W3C Fetch Metadata Request Headers), or an {@code Origin} (RFC 6454)
 * whose scheme, host and port are not this request's own. {@code same-origin}, {@code same-site}
 * and {@code none} (a typed address) pass, as does any request without these headers (scripts and
 * integrations do not send them).
 */
final class CrossSiteRequests implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (safe(request.getMethod())) return chain.filter(exchange);
        String why = refusal(request);
        if (why == null) return chain.filter(exchange);
        return SecurityConfiguration.problem(
                exchange, HttpStatus.FORBIDDEN, "Cross-site request refused", why, false);
    }

    static boolean safe(HttpMethod m) {
        return m == HttpMethod.GET
                || m == HttpMethod.HEAD
                || m == HttpMethod.OPTIONS
                || m == HttpMethod.TRACE;
    }

    /** Why the request is refused, or null when it is not cross-site. */
    static String refusal(ServerHttpRequest request) {
        HttpHeaders h = request.getHeaders();
        String site = h.getFirst("Sec-Fetch-Site");
        if (site != null && site.trim().equalsIgnoreCase("cross-site")) {
            return "the browser marks this request as cross-site (Sec-Fetch-Site)";
        }
        // a browser that sends fetch metadata has said where the request comes from: its Origin
        // may be "null" (the page's no-referrer policy makes a same-origin form post opaque)
        if (site != null) return null;
        String origin = h.getFirst(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin.trim(), request.getURI())) {
            return "the request's Origin is not this service's";
        }
        return null;
    }

    /**
     * True when the request looks like a browser's (a {@code Sec-Fetch-*} or {@code Origin} header,
     * or it accepts HTML): it then gets no Basic challenge, which would make the browser ask for
     * credentials, cache them and send them along with other sites' requests.
     */
    static boolean fromBrowser(ServerHttpRequest request) {
        HttpHeaders h = request.getHeaders();
        if (h.getFirst("Sec-Fetch-Mode") != null
                || h.getFirst("Sec-Fetch-Site") != null
                || h.getFirst("Sec-Fetch-Dest") != null
                || h.getFirst(HttpHeaders.ORIGIN) != null) return true;
        String accept = h.getFirst(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    private static boolean sameOrigin(String origin, URI own) {
        if (own.getScheme() == null || own.getHost() == null) return false;
        URI o;
        try {
            o = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false; // "null" (an opaque origin) or garbage: not ours
        }
        if (o.getScheme() == null || o.getHost() == null) return false;
        return o.getScheme().equalsIgnoreCase(own.getScheme())
                && o.getHost().equalsIgnoreCase(own.getHost())
                && port(o) == port(own);
    }

    private static int port(URI u) {
        if (u.getPort() != -1) return u.getPort();
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
