package org.reclaim.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reclaim.core.HttpProblem;

/**
 * A catalog, payer or playbook file that cannot be used, with where and why. Its message is what an
 * operator reads when start-up (or a reload) refuses the configuration.
 */
public final class TriageConfigException extends RuntimeException implements HttpProblem {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String reason;

    public TriageConfigException(String file, int line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based, 0 when the problem is with the file as a whole */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    /** A reload refused: the configuration in force is unchanged. */
    @Override
    public int status() {
        return 422;
    }

    @Override
    public String title() {
        return "Invalid triage configuration";
    }

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("file", file);
        if (line > 0) p.put("line", line);
        p.put("reason", reason);
        return p;
    }
}
