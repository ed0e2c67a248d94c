package org.reclaim.drafting;

import java.net.URI;
import org.reclaim.connector.http.HostPolicy;

/** Picks the drafter the settings ask for. */
public final class Drafters {

    private Drafters() {}

    /**
     * @param hosts where a model's base URL may point: checked here and before every model call
     * @throws IllegalArgumentException naming {@code RECLAIM_MODEL_BASE_URL} when {@code hosts}
     *     refuses it
     */
    public static Drafter create(ModelSettings settings, HostPolicy hosts) {
        return create(settings, hosts, org.reclaim.connector.TimeSource.system());
    }

    /** {@code time} runs the model's circuit breaker (its open period). */
    public static Drafter create(
            ModelSettings settings, HostPolicy hosts, org.reclaim.connector.TimeSource time) {
        TemplateDrafter templates = new TemplateDrafter();
        return switch (settings.provider()) {
            case OFFLINE -> templates;
            case OPENAI, ANTHROPIC -> {
                if (settings.baseUrl() != null) {
                    hosts.refusal(URI.create(settings.baseUrl()))
                            .ifPresent(
                                    why -> {
                                        throw new IllegalArgumentException(
                                                "RECLAIM_MODEL_BASE_URL: " + why);
                                    });
                }
                yield new ModelDrafter(settings, templates, hosts, time);
            }
        };
    }
}
