package org.reclaim.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.reclaim.security.ReclaimPrincipal.Operator;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Who may call what (docs/contracts.md §3):
 *
 * <ul>
 *   <li>the API takes a practice key ({@code Authorization: Bearer}) or an operator's HTTP Basic
 *       credentials, statelessly; such requests need no CSRF token, but a state-changing one a
 *       browser marks as cross-site is refused whatever it carries ({@link CrossSiteRequests}), and
 *       a browser gets no Basic challenge;
 *   <li>the UI signs operators in with a form ({@code /login}) and a session that expires; its
 *       forms carry a CSRF token;
 *   <li>{@code /actuator/health} is public, the rest of the actuator is for admins.
 * </ul>
 *
 * After authentication, every request's Reactor context gets the caller's {@link PracticeScope},
 * which the database connections turn into row-level security; an anonymous request sees nothing.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
        type =
                org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type
                        .REACTIVE)
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain security(
            ServerHttpSecurity http, OperatorAccounts operators, PracticeKeys keys) {
        ReactiveAuthenticationManager operatorLogin =
                auth ->
                        operators
                                .authenticate(auth.getName(), String.valueOf(auth.getCredentials()))
                                .map(SecurityConfiguration::authenticated);
        ServerAuthenticationEntryPoint apiEntry =
                (exchange, e) ->
                        problem(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "Authentication required",
                                message(e),
                                true);
        ServerWebExchangeMatcher api = new PathPatternParserServerWebExchangeMatcher("/api/**");
        ServerWebExchangeMatcher actuator =
                new PathPatternParserServerWebExchangeMatcher("/actuator/**");
        ServerWebExchangeMatcher apiDocument =
                new PathPatternParserServerWebExchangeMatcher("/v3/api-docs/**");
        var entry =
                new DelegatingServerAuthenticationEntryPoint(
                        new DelegatingServerAuthenticationEntryPoint.DelegateEntry(api, apiEntry),
                        new DelegatingServerAuthenticationEntryPoint.DelegateEntry(
                                apiDocument, apiEntry),
                        new DelegatingServerAuthenticationEntryPoint.DelegateEntry(
                                actuator, apiEntry));
        entry.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint("/login"));
        ServerAccessDeniedHandler denied =
                (exchange, e) ->
                        problem(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                "Forbidden",
                                "this needs another role",
                                false);

        AuthenticationWebFilter bearer =
                new AuthenticationWebFilter(
                        (ReactiveAuthenticationManager)
                                auth ->
                                        keys.authenticate(String.valueOf(auth.getCredentials()))
                                                .<Authentication>map(
                                                        SecurityConfiguration::authenticated)
                                                .switchIfEmpty(
                                                        Mono.error(
                                                                new BadCredentialsException(
                                                                        "unknown or revoked API key"))));
        bearer.setServerAuthenticationConverter(
                exchange -> {
                    String h =
                            exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
                    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7))
                        return Mono.empty();
                    return Mono.just(
                            new UsernamePasswordAuthenticationToken(
                                    "api-key", h.substring(7).trim()));
                });
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        bearer.setAuthenticationFailureHandler(
                new ServerAuthenticationEntryPointFailureHandler(apiEntry));

        return http.authorizeExchange(
                        a ->
                                a.pathMatchers(
                                                "/actuator/health",
                                                "/actuator/health/**",
                                                "/login",
                                                "/css/**",
                                                "/webjars/**",
                                                "/favicon.ico",
                                                "/favicon.svg")
                                        .permitAll()
                                        .pathMatchers("/actuator/**")
                                        .hasRole("ADMIN")
                                        .pathMatchers(HttpMethod.POST, "/api/v1/practices")
                                        .hasRole("ADMIN")
                                        // reloading the configuration re-triages every practice's
                                        // denials
                                        .pathMatchers(HttpMethod.POST, "/api/v1/triage")
                                        .hasRole("ADMIN")
                                        // the metrics drift check rebuilds rollups
                                        .pathMatchers(
                                                HttpMethod.POST, "/api/v1/metrics/drift-check")
                                        .hasRole("ADMIN")
                                        .pathMatchers("/api/v1/operators/**", "/admin/**")
                                        .hasRole("ADMIN")
                                        // billing runs and invoice moves are the service's, not the
                                        // billed practice's
                                        .pathMatchers(
                                                HttpMethod.POST,
                                                "/api/v1/invoices/**",
                                                "/invoices/**")
                                        .hasRole("ADMIN")
                                        .anyExchange()
                                        .authenticated())
                .httpBasic(
                        b -> b.authenticationManager(operatorLogin).authenticationEntryPoint(entry))
                .formLogin(
                        f ->
                                f.loginPage("/login")
                                        .authenticationManager(operatorLogin)
                                        .authenticationSuccessHandler(
                                                new RedirectServerAuthenticationSuccessHandler(
                                                        "/worklist"))
                                        .authenticationFailureHandler(
                                                new RedirectServerAuthenticationFailureHandler(
                                                        "/login?error")))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessHandler(logoutSuccess()))
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterBefore(new CrossSiteRequests(), SecurityWebFiltersOrder.CSRF)
                .addFilterAt(loginSource(), SecurityWebFiltersOrder.FIRST)
                .csrf(
                        c ->
                                c.requireCsrfProtectionMatcher(SecurityConfiguration::needsCsrf)
                                        .csrfTokenRequestHandler(csrfHandler()))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(entry).accessDeniedHandler(denied))
                .addFilterAfter(scopeFilter(), SecurityWebFiltersOrder.AUTHORIZATION)
                .build();
    }

    /**
     * The default (masked) token handler, also reading the token from multipart forms
     * (attachments).
     */
    private static org.springframework.security.web.server.csrf
                    .XorServerCsrfTokenRequestAttributeHandler
            csrfHandler() {
        var h =
                new org.springframework.security.web.server.csrf
                        .XorServerCsrfTokenRequestAttributeHandler();
        h.setTokenFromMultipartDataEnabled(true);
        return h;
    }

    private static RedirectServerLogoutSuccessHandler logoutSuccess() {
        RedirectServerLogoutSuccessHandler h = new RedirectServerLogoutSuccessHandler();
        h.setLogoutSuccessUrl(URI.create("/login?logout"));
        return h;
    }

    /**
     * A browser session's unsafe requests need the token; Bearer and Basic requests carry their own
     * proof.
     */
    private static Mono<ServerWebExchangeMatcher.MatchResult> needsCsrf(
            ServerWebExchange exchange) {
        HttpMethod m = exchange.getRequest().getMethod();
        boolean safe =
                m == HttpMethod.GET
                        || m == HttpMethod.HEAD
                        || m == HttpMethod.OPTIONS
                        || m == HttpMethod.TRACE;
        boolean credentials =
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null;
        return safe || credentials
                ? ServerWebExchangeMatcher.MatchResult.notMatch()
                : ServerWebExchangeMatcher.MatchResult.match();
    }

    /**
     * Puts the request's source address into the Reactor context, for the per-source login throttle
     * ({@link LoginThrottle}). Behind a proxy it is the proxy's unless forwarded headers are
     * honoured ({@code server.forward-headers-strategy}).
     */
    private static WebFilter loginSource() {
        return (exchange, chain) -> {
            var remote = exchange.getRequest().getRemoteAddress();
            String source =
                    remote == null || remote.getAddress() == null
                            ? "unknown"
                            : remote.getAddress().getHostAddress();
            return chain.filter(exchange).contextWrite(ctx -> LoginThrottle.from(ctx, source));
        };
    }

    /** Puts the caller's practice scope into the request's Reactor context (anonymous: none). */
    private static WebFilter scopeFilter() {
        return (exchange, chain) ->
                ReactiveSecurityContextHolder.getContext()
                        .mapNotNull(ctx -> ctx.getAuthentication())
                        .map(
                                a ->
                                        a.getPrincipal() instanceof ReclaimPrincipal p
                                                ? p.scope()
                                                : PracticeScope.NONE)
                        .defaultIfEmpty(PracticeScope.NONE)
                        .flatMap(scope -> chain.filter(exchange).contextWrite(scope::putInto));
    }

    static Authentication authenticated(ReclaimPrincipal p) {
        List<GrantedAuthority> roles =
                p instanceof Operator o
                        ? List.of(
                                new SimpleGrantedAuthority("ROLE_" + o.role().name()),
                                new SimpleGrantedAuthority("ROLE_OPERATOR"))
                        : List.of(new SimpleGrantedAuthority("ROLE_PRACTICE"));
        return new PrincipalAuthentication(p, roles);
    }

    private static String message(AuthenticationException e) {
        return e == null || e.getMessage() == null
                ? "credentials are missing or wrong"
                : e.getMessage();
    }

    static Mono<Void> problem(
            ServerWebExchange exchange,
            HttpStatus status,
            String title,
            String detail,
            boolean challenge) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (challenge)
            response.getHeaders()
                    .set(
                            HttpHeaders.WWW_AUTHENTICATE,
                            CrossSiteRequests.fromBrowser(exchange.getRequest())
                                    ? "Bearer realm=\"Reclaim\""
                                    : "Basic realm=\"Reclaim\", Bearer");
        String body =
                "{\"type\":\"about:blank\",\"title\":\""
                        + title
                        + "\",\"status\":"
                        + status.value()
                        + ",\"detail\":\""
                        + detail.replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\"}";
        DataBuffer buf = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buf));
    }

    /** An authenticated caller; the credentials are not kept. */
    static final class PrincipalAuthentication extends AbstractAuthenticationToken {
        private static final long serialVersionUID = 1L;

        private final ReclaimPrincipal principal;

        PrincipalAuthentication(ReclaimPrincipal principal, List<GrantedAuthority> roles) {
            super(roles);
            this.principal = principal;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return principal;
        }

        @Override
        public String getName() {
            return principal.actor();
        }
    }
}
