package org.reclaim.drafting;

/** Picks the drafter the settings ask for. */
public final class Drafters {

    private Drafters() {}

    public static Drafter create(ModelSettings settings) {
        TemplateDrafter templates = new TemplateDrafter();
        return switch (settings.provider()) {
            case OFFLINE -> templates;
            case OPENAI, ANTHROPIC -> new ModelDrafter(settings, templates);
        };
    }
}
