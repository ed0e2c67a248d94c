package org.reclaim.security;

import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * The UI session cookie is {@code Secure} when the page was served over TLS: directly ({@code
 * https}), or behind a proxy that says so ({@code X-Forwarded-Proto: https}; a client that lies
 * only keeps its own cookie from coming back over plain HTTP). {@code
 * reclaim.security.session-cookie-secure}: {@code auto} (that), {@code always}, or {@code never}.
 */
@Configuration(proxyBeanMethods = false)
class SessionCookies {

    enum Secure {
        AUTO,
        ALWAYS,
        NEVER
    }

    @Bean
    static BeanPostProcessor secureSessionCookie(Environment env) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof WebSessionIdResolver resolver)) return bean;
                Secure mode =
                        Binder.get(env)
                                .bind("reclaim.security.session-cookie-secure", Secure.class)
                                .orElse(Secure.AUTO);
                return new Resolver(resolver, mode);
            }
        };
    }

    static boolean overTls(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        if (request.getSslInfo() != null) return true;
        if ("https".equalsIgnoreCase(request.getURI().getScheme())) return true;
        String proto = request.getHeaders().getFirst("X-Forwarded-Proto");
        return proto != null && proto.split(",")[0].trim().equalsIgnoreCase("https");
    }

    private record Resolver(WebSessionIdResolver delegate, Secure mode)
            implements WebSessionIdResolver {

        @Override
        public List<String> resolveSessionIds(ServerWebExchange exchange) {
            return delegate.resolveSessionIds(exchange);
        }

        @Override
        public void setSessionId(ServerWebExchange exchange, String sessionId) {
            delegate.setSessionId(exchange, sessionId);
            secure(exchange);
        }

        @Override
        public void expireSession(ServerWebExchange exchange) {
            delegate.expireSession(exchange);
            secure(exchange);
        }

        private void secure(ServerWebExchange exchange) {
            boolean secure =
                    switch (mode) {
                        case ALWAYS -> true;
                        case NEVER -> false;
                        case AUTO -> overTls(exchange);
                    };
            String name =
                    delegate instanceof CookieWebSessionIdResolver c
                            ? c.getCookieName()
                            : "SESSION";
            var cookies = exchange.getResponse().getCookies();
            List<ResponseCookie> set = cookies.get(name);
            if (set == null) return;
            cookies.put(
                    name,
                    new java.util.ArrayList<>(
                            set.stream().map(c -> c.mutate().secure(secure).build()).toList()));
        }
    }
}
