package org.reclaim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.reclaim.support.ApiTest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document the running service serves at {@code /v3/api-docs} lists exactly the JSON
 * API the controllers map (every {@code /api/**} path and method), is for signed-in callers only,
 * and is the one committed as {@code docs/openapi.json}.
 */
class OpenApiDocumentTest extends ApiTest {

    private static final Path COMMITTED = Path.of("../docs/openapi.json");
    private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();
    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void theDocumentListsEveryMappedApiOperationAndNothingElse() throws IOException {
        JsonNode doc = JSON_MAPPER.readTree(document());

        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (String m : path.getValue().propertyNames()) {
                if (HTTP_METHODS.contains(m))
                    documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }

        Set<String> mapped = new TreeSet<>();
        RequestMappingHandlerMapping mapping =
                context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e :
                mapping.getHandlerMethods().entrySet()) {
            if (!e.getValue().getBeanType().getPackageName().startsWith("org.reclaim")) continue;
            for (PathPattern pattern : e.getKey().getPatternsCondition().getPatterns()) {
                String path = pattern.getPatternString();
                if (!path.startsWith("/api/")) continue;
                Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
                assertThat(methods).as("%s maps one or more explicit methods", path).isNotEmpty();
                for (RequestMethod m : methods)
                    mapped.add(m.name() + " " + path.replaceAll("\\{([^}:]+):[^}]*}", "{$1}"));
            }
        }

        assertThat(mapped).as("the controllers map /api/** operations").hasSizeGreaterThan(30);
        assertThat(documented).isEqualTo(mapped);
        assertThat(doc.path("servers").get(0).path("url").asString()).isEqualTo("/");
        assertThat(doc.path("components").path("securitySchemes").has("practiceKey")).isTrue();
    }

    @Test
    void theDocumentIsForSignedInCallersOnly() {
        anonymous()
                .get()
                .uri("/v3/api-docs")
                .accept(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        withKey(org.reclaim.support.IntegrationTest.DEFAULT_PRACTICE_KEY)
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk();
    }

    /**
     * docs/openapi.json is the served document; when the API changed, the test writes the new one
     * and fails until it is committed.
     */
    @Test
    void docsOpenApiJsonIsTheServedDocument() throws IOException {
        String served =
                JSON_MAPPER
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsString(JSON_MAPPER.readTree(document()))
                        + "\n";
        String committed =
                Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        if (!served.equals(committed)) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        assertThat(committed)
                .as("docs/openapi.json is stale: the test has rewritten it; commit it")
                .isEqualTo(served);
    }

    private String document() {
        byte[] body =
                http.get()
                        .uri("/v3/api-docs")
                        .accept(MediaType.APPLICATION_JSON)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody();
        assertThat(body).isNotNull();
        return new String(body, StandardCharsets.UTF_8);
    }
}
