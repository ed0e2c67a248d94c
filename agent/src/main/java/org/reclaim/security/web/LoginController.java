package org.reclaim.security.web;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The sign-in form (docs/contracts.md §3: username, password and a hidden _csrf posted to /login).
 */
@Controller
class LoginController {

    @GetMapping("/login")
    String login(ServerWebExchange exchange, org.springframework.ui.Model model) {
        var query = exchange.getRequest().getQueryParams();
        model.addAttribute("failed", query.containsKey("error"));
        model.addAttribute("signedOut", query.containsKey("logout"));
        return "login";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/worklist";
    }

    /** Every view gets the CSRF token, resolved before rendering, for its forms. */
    @ControllerAdvice(basePackages = "org.reclaim")
    static class Csrf {
        @ModelAttribute("_csrf")
        Mono<CsrfToken> csrf(ServerWebExchange exchange) {
            Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
            return token == null ? Mono.empty() : token;
        }
    }
}
