package org.reclaim.triage;

import org.reclaim.rules.TriageConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Start-up refused because of a triage file: say which file, which line and why, without a stack
 * trace.
 */
public class TriageConfigFailureAnalyzer extends AbstractFailureAnalyzer<TriageConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, TriageConfigException cause) {
        return new FailureAnalysis(
                "A triage file is invalid: " + cause.getMessage(),
                "Fix "
                        + cause.file()
                        + (cause.line() > 0 ? " at line " + cause.line() : "")
                        + " (see playbooks/README.md and config/payers.yml for the format), or remove the"
                        + " override to use the copy shipped in the jar.",
                cause);
    }
}
