package org.reclaim.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Placeholder while authentication is being built: everything open, as before. Only in a web
 * application: the command-line contexts ({@code demo}) have no HTTP security to configure.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain open(ServerHttpSecurity http) {
        return http.authorizeExchange(a -> a.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable).build();
    }
}
