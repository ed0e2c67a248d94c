package org.reclaim.rules;

/**
 * One configuration file's text and the name an operator knows it by: its path when it comes from a
 * folder beside the service, or {@code jar:playbooks/...} when it is the copy shipped in the jar.
 */
public record ConfigFile(String name, String text) {

    public TriageConfigException problem(int line, String reason) {
        return new TriageConfigException(name, line, reason);
    }
}
