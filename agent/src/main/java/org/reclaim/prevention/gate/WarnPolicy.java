package org.reclaim.prevention.gate;

import java.util.Locale;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What the gate does with a WARN claim: {@code send} it (the default) or {@code hold} it, set by
 * {@code reclaim.prevention.warn-policy} for every practice and by {@code
 * reclaim.prevention.warn-policy-for.<slug>} for one (practices have no settings table of their
 * own). A value that is neither fails naming the property.
 */
@Component
public class WarnPolicy {

    private final Environment env;
    private final boolean sendByDefault;

    WarnPolicy(Environment env) {
        this.env = env;
        this.sendByDefault = parse("reclaim.prevention.warn-policy", "send");
    }

    /** Whether a WARN claim of this practice is sent at once. */
    public boolean sends(String slug) {
        String key = "reclaim.prevention.warn-policy-for." + slug;
        return env.containsProperty(key) ? parse(key, null) : sendByDefault;
    }

    private boolean parse(String key, String fallback) {
        String v = env.getProperty(key, fallback == null ? "" : fallback);
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "send" -> true;
            case "hold" -> false;
            default ->
                    throw new IllegalStateException(key + " must be send or hold, not '" + v + "'");
        };
    }
}
