package org.reclaim.drafting;

/** Picks the drafter the settings ask for. */
public final class Drafters {

    private Drafters() {}

    public static Drafter create(ModelSettings settings) {
        return create(settings, org.reclaim.connector.TimeSource.system());
    }

    /** {@code time} runs the model's circuit breaker (its open period). */
    public static Drafter create(ModelSettings settings, org.reclaim.connector.TimeSource time) {
        TemplateDrafter templates = new TemplateDrafter();
        return switch (settings.provider()) {
            case OFFLINE -> templates;
            case OPENAI, ANTHROPIC -> new ModelDrafter(settings, templates, time);
        };
    }
}
