package org.reclaim.core.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The head of the OpenAPI document springdoc builds from the controllers ({@code /v3/api-docs},
 * signed-in callers only). The server is relative ("/") so the document is the same on every host
 * and port, and {@code docs/openapi.json} can be compared with it.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocument {

    @Bean
    OpenAPI reclaimApiDocument() {
        return new OpenAPI()
                .info(
                        new Info()
                                .title("Reclaim HTTP API")
                                .version("v1")
                                .description(
                                        "Denial resolution: files in, denials and their work out. A practice calls with its"
                                                + " API key (Bearer) and sees its own rows; an operator signs in (HTTP Basic or the UI's"
                                                + " session) and sees the practices the account is limited to. Errors are"
                                                + " application/problem+json. See docs/api.md."))
                .addServersItem(new Server().url("/"))
                .components(
                        new Components()
                                .addSecuritySchemes(
                                        "practiceKey",
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.HTTP)
                                                .scheme("bearer")
                                                .description("a practice's API key, rk_…"))
                                .addSecuritySchemes(
                                        "operator",
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.HTTP)
                                                .scheme("basic")
                                                .description("an operator account")))
                .addSecurityItem(new SecurityRequirement().addList("practiceKey"))
                .addSecurityItem(new SecurityRequirement().addList("operator"));
    }
}
