package org.reclaim.work;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What earlier steps of a denial's playbook found and did (an authorization number, a draft's
 * artifact id, a submission's key, the appeal level): kept on the work item between steps and across
 * restarts. Stored as {@code key=value} lines, values escaped.
 */
public final class WorkContext {

    private final Map<String, String> values;

    private WorkContext(Map<String, String> values) {
        this.values = values;
    }

    public static WorkContext decode(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) m.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
            }
        }
        return new WorkContext(m);
    }

    public String encode() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(k).append('=').append(escape(v)).append('\n'));
        return b.toString();
    }

    public String get(String key) {
        return values.get(key);
    }

    public WorkContext with(Map<String, String> changes) {
        if (changes.isEmpty()) return this;
        Map<String, String> m = new LinkedHashMap<>(values);
        changes.forEach((k, v) -> {
            if (k.isEmpty() || k.contains("=") || k.contains("\n")) throw new IllegalArgumentException("bad key " + k);
            if (v == null) m.remove(k);
            else m.put(k, v);
        });
        return new WorkContext(m);
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String unescape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
