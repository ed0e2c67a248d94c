package org.reclaim.drafting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

    @Test
    void noProviderMeansOffline() {
        assertThat(ModelSettings.fromEnvironment(Map.of()).provider())
                .isEqualTo(ModelSettings.Provider.OFFLINE);
        assertThat(ModelSettings.fromEnvironment(Map.of("RECLAIM_MODEL_PROVIDER", " ")).provider())
                .isEqualTo(ModelSettings.Provider.OFFLINE);
    }

    @Test
    void providerIsReadCaseInsensitivelyWithUrlNameAndKey() {
        ModelSettings s =
                ModelSettings.fromEnvironment(
                        Map.of(
                                "RECLAIM_MODEL_PROVIDER",
                                "OpenAI",
                                "RECLAIM_MODEL_BASE_URL",
                                "http://localhost:11434/v1",
                                "RECLAIM_MODEL_NAME",
                                "llama3.1"));

        assertThat(s.provider()).isEqualTo(ModelSettings.Provider.OPENAI);
        assertThat(s.baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(s.modelName()).isEqualTo("llama3.1");
        assertThat(s.apiKey()).isNull();
        assertThat(
                        ModelSettings.fromEnvironment(
                                        Map.of(
                                                "RECLAIM_MODEL_PROVIDER",
                                                "ANTHROPIC",
                                                "RECLAIM_MODEL_NAME",
                                                "claude-x",
                                                "RECLAIM_MODEL_API_KEY",
                                                "k"))
                                .provider())
                .isEqualTo(ModelSettings.Provider.ANTHROPIC);
    }

    @Test
    void theTimeoutIsReadInSecondsOrIso8601AndAWrongOneIsRefusedNamingTheVariable() {
        Map<String, String> env =
                Map.of(
                        "RECLAIM_MODEL_PROVIDER",
                        "openai",
                        "RECLAIM_MODEL_BASE_URL",
                        "http://localhost:11434/v1",
                        "RECLAIM_MODEL_NAME",
                        "llama3.1");
        assertThat(ModelSettings.fromEnvironment(env).timeout())
                .isEqualTo(ModelSettings.DEFAULT_TIMEOUT);
        var with = new java.util.HashMap<>(env);
        with.put("RECLAIM_MODEL_TIMEOUT", "90s");
        assertThat(ModelSettings.fromEnvironment(with).timeout())
                .isEqualTo(java.time.Duration.ofSeconds(90));
        with.put("RECLAIM_MODEL_TIMEOUT", "PT2M");
        assertThat(ModelSettings.fromEnvironment(with).timeout())
                .isEqualTo(java.time.Duration.ofMinutes(2));
        for (String bad : new String[] {"soon", "0s", "-PT1S"}) {
            with.put("RECLAIM_MODEL_TIMEOUT", bad);
            assertThatThrownBy(() -> ModelSettings.fromEnvironment(with))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("RECLAIM_MODEL_TIMEOUT")
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void unknownProviderIsRefusedNamingTheVariable() {
        assertThatThrownBy(
                        () ->
                                ModelSettings.fromEnvironment(
                                        Map.of("RECLAIM_MODEL_PROVIDER", "gemini")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RECLAIM_MODEL_PROVIDER")
                .hasMessageContaining("gemini");
    }

    @Test
    void aModelProviderNeedsAModelNameAndAnthropicAKey() {
        assertThatThrownBy(
                        () ->
                                ModelSettings.fromEnvironment(
                                        Map.of(
                                                "RECLAIM_MODEL_PROVIDER",
                                                "openai",
                                                "RECLAIM_MODEL_BASE_URL",
                                                "http://localhost:8000/v1")))
                .hasMessageContaining("RECLAIM_MODEL_NAME");
        assertThatThrownBy(
                        () ->
                                ModelSettings.fromEnvironment(
                                        Map.of(
                                                "RECLAIM_MODEL_PROVIDER",
                                                "anthropic",
                                                "RECLAIM_MODEL_NAME",
                                                "claude-x")))
                .hasMessageContaining("RECLAIM_MODEL_API_KEY");
        assertThatThrownBy(
                        () ->
                                ModelSettings.fromEnvironment(
                                        Map.of(
                                                "RECLAIM_MODEL_PROVIDER",
                                                "openai",
                                                "RECLAIM_MODEL_NAME",
                                                "m",
                                                "RECLAIM_MODEL_BASE_URL",
                                                "localhost:8000")))
                .hasMessageContaining("RECLAIM_MODEL_BASE_URL");
    }

    @Test
    void apiKeyNeverAppearsInToString() {
        ModelSettings s =
                ModelSettings.fromEnvironment(
                        Map.of(
                                "RECLAIM_MODEL_PROVIDER",
                                "anthropic",
                                "RECLAIM_MODEL_NAME",
                                "claude-x",
                                "RECLAIM_MODEL_API_KEY",
                                "sk-ant-secret-123"));

        assertThat(s.toString()).doesNotContain("sk-ant-secret-123").contains("apiKey=(set)");
    }

    @Test
    void theRightDrafterIsBuiltForEachProvider() {
        assertThat(
                        Drafters.create(
                                ModelSettings.OFFLINE,
                                org.reclaim.connector.http.HostPolicy.strict()))
                .isInstanceOf(TemplateDrafter.class);
        assertThat(
                        Drafters.create(
                                ModelSettings.fromEnvironment(
                                        Map.of(
                                                "RECLAIM_MODEL_PROVIDER",
                                                "openai",
                                                "RECLAIM_MODEL_NAME",
                                                "m",
                                                "RECLAIM_MODEL_API_KEY",
                                                "k")),
                                org.reclaim.connector.http.HostPolicy.strict()))
                .isInstanceOf(ModelDrafter.class);
        assertThat(
                        Drafters.create(
                                ModelSettings.fromEnvironment(
                                        Map.of(
                                                "RECLAIM_MODEL_PROVIDER",
                                                "anthropic",
                                                "RECLAIM_MODEL_NAME",
                                                "m",
                                                "RECLAIM_MODEL_API_KEY",
                                                "k")),
                                org.reclaim.connector.http.HostPolicy.strict()))
                .isInstanceOf(ModelDrafter.class);
    }
}
