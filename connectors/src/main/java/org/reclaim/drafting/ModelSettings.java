package org.reclaim.drafting;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Which model drafts appeals and corrections, and how to reach it (docs/contracts.md §4).
 *
 * @param provider {@code OFFLINE} drafts from templates and calls nothing
 * @param baseUrl for {@code OPENAI}, any OpenAI-compatible server (OpenAI, vLLM, Ollama, LM
 *     Studio), e.g. {@code http://localhost:11434/v1}; for {@code ANTHROPIC}, the API root ending
 *     in {@code /v1/}. Null: the provider's public endpoint.
 * @param modelName required unless offline
 * @param apiKey secret; never printed by {@link #toString()}
 * @param timeout per HTTP call to the model
 * @param maxRetries retries the model client itself makes on transport faults (429, 5xx, timeouts),
 *     before the drafter's own single retry
 */
public record ModelSettings(
        Provider provider,
        String baseUrl,
        String modelName,
        String apiKey,
        Duration timeout,
        int maxRetries) {

    public enum Provider {
        OFFLINE,
        OPENAI,
        ANTHROPIC
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RETRIES = 2;

    public static final ModelSettings OFFLINE =
            new ModelSettings(
                    Provider.OFFLINE, null, null, null, DEFAULT_TIMEOUT, DEFAULT_MAX_RETRIES);

    public ModelSettings {
        if (provider == null) throw new IllegalArgumentException("model provider is required");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("model timeout must be positive, was " + timeout);
        }
        if (maxRetries < 0)
            throw new IllegalArgumentException("model maxRetries must be >= 0, was " + maxRetries);
        baseUrl = blankToNull(baseUrl);
        modelName = blankToNull(modelName);
        apiKey = blankToNull(apiKey);
        if (baseUrl != null) checkUrl(baseUrl);
        if (provider != Provider.OFFLINE && modelName == null) {
            throw new IllegalArgumentException(
                    "RECLAIM_MODEL_NAME is required for provider " + name(provider));
        }
        if (provider == Provider.ANTHROPIC && apiKey == null) {
            throw new IllegalArgumentException(
                    "RECLAIM_MODEL_API_KEY is required for provider anthropic");
        }
        // A local OpenAI-compatible server (Ollama, vLLM) usually takes no key; OpenAI itself does.
        if (provider == Provider.OPENAI && apiKey == null && baseUrl == null) {
            throw new IllegalArgumentException(
                    "RECLAIM_MODEL_API_KEY is required for provider openai without RECLAIM_MODEL_BASE_URL");
        }
    }

    /**
     * Reads {@code RECLAIM_MODEL_PROVIDER} ({@code offline} when unset or blank, {@code openai},
     * {@code anthropic}; case-insensitive), {@code RECLAIM_MODEL_BASE_URL}, {@code
     * RECLAIM_MODEL_NAME}, {@code RECLAIM_MODEL_API_KEY} and {@code RECLAIM_MODEL_TIMEOUT} (per
     * HTTP call: seconds as {@code 90s} or ISO-8601 as {@code PT90S}; unset: {@link
     * #DEFAULT_TIMEOUT}). Client retries take their default.
     *
     * @throws IllegalArgumentException naming the variable that is wrong or missing
     */
    public static ModelSettings fromEnvironment(Map<String, String> env) {
        String raw = blankToNull(env.get("RECLAIM_MODEL_PROVIDER"));
        Provider provider;
        if (raw == null) {
            provider = Provider.OFFLINE;
        } else {
            provider =
                    switch (raw.trim().toLowerCase(Locale.ROOT)) {
                        case "offline" -> Provider.OFFLINE;
                        case "openai" -> Provider.OPENAI;
                        case "anthropic" -> Provider.ANTHROPIC;
                        default ->
                                throw new IllegalArgumentException(
                                        "RECLAIM_MODEL_PROVIDER must be offline, openai or anthropic, was '"
                                                + raw
                                                + "'");
                    };
        }
        return new ModelSettings(
                provider,
                env.get("RECLAIM_MODEL_BASE_URL"),
                env.get("RECLAIM_MODEL_NAME"),
                env.get("RECLAIM_MODEL_API_KEY"),
                timeout(blankToNull(env.get("RECLAIM_MODEL_TIMEOUT"))),
                DEFAULT_MAX_RETRIES);
    }

    private static Duration timeout(String raw) {
        if (raw == null) return DEFAULT_TIMEOUT;
        String t = raw.strip();
        Duration d;
        try {
            d =
                    t.matches("\\d+s")
                            ? Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)))
                            : Duration.parse(t);
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero())
            throw new IllegalArgumentException(
                    "RECLAIM_MODEL_TIMEOUT must be a positive duration such as 90s or PT90S, was '"
                            + raw
                            + "'");
        return d;
    }

    public ModelSettings withTimeout(Duration value) {
        return new ModelSettings(provider, baseUrl, modelName, apiKey, value, maxRetries);
    }

    public ModelSettings withMaxRetries(int value) {
        return new ModelSettings(provider, baseUrl, modelName, apiKey, timeout, value);
    }

    @Override
    public String toString() {
        return "ModelSettings[provider="
                + provider
                + ", baseUrl="
                + baseUrl
                + ", modelName="
                + modelName
                + ", apiKey="
                + (apiKey == null ? "none" : "(set)")
                + ", timeout="
                + timeout
                + ", maxRetries="
                + maxRetries
                + "]";
    }

    private static String name(Provider p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme())
                            && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "RECLAIM_MODEL_BASE_URL must be an http(s) URL, was '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "RECLAIM_MODEL_BASE_URL is not a URL: '" + url + "'", e);
        }
    }
}
