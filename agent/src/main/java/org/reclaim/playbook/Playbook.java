package org.reclaim.playbook;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reclaim.rules.Category;
import org.reclaim.rules.PayerType;

/**
 * One playbook file: what it handles and its ordered steps. Immutable; built only by {@link
 * PlaybookSet}, which validates it.
 *
 * @param version the SHA-256 (hex) of the file's text as loaded (line ends normalized): a work item
 *     is pinned to the version it started with
 * @param source that text, kept so a pinned version can be loaded again after the file changed
 */
public record Playbook(
        String id,
        String name,
        String file,
        boolean enabled,
        Handles handles,
        List<Step> steps,
        Set<StopCondition> stopWhen,
        String version,
        String source) {

    /** The index of the step with this id; -1 when the playbook has none. */
    public int indexOf(String stepId) {
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).id().equals(stepId)) return i;
        return -1;
    }

    public enum Outcome {
        DONE,
        NOT_FOUND,
        REJECTED,
        UPHELD,
        PAID,
        NO_RESPONSE,
        FAILED
    }

    public enum StopCondition {
        PAID,
        PARTIALLY_PAID,
        UPHELD,
        DEADLINE_PASSED,
        NO_APPEAL_LEVEL_LEFT
    }

    public enum StepChannel {
        PAYER_DEFAULT,
        CLEARINGHOUSE,
        PORTAL,
        FAX,
        MAIL
    }

    public enum Review {
        ALWAYS,
        NEVER,
        ABOVE_AMOUNT
    }

    public enum Correction {
        PAYER_DEFAULT,
        REPLACEMENT_CLAIM,
        REOPENING,
        NEW_CLAIM
    }

    /** A target of {@code on} that ends the playbook. */
    public static final String END = "END";

    /**
     * The conditions a playbook applies under; an empty set or a null bound means "any".
     *
     * @param amountMin inclusive
     * @param amountMax exclusive
     */
    public record Handles(
            Set<Category> categories,
            Set<String> payers,
            Set<PayerType> payerTypes,
            Set<String> carcs,
            Set<String> rarcs,
            BigDecimal amountMin,
            BigDecimal amountMax) {

        /** 2 a named payer, 1 a payer type, 0 any payer */
        int payerLevel() {
            return !payers.isEmpty() ? 2 : !payerTypes.isEmpty() ? 1 : 0;
        }

        /** 2 CARC + RARC, 1 CARC or RARC, 0 the category alone */
        int codeLevel() {
            return (carcs.isEmpty() ? 0 : 1) + (rarcs.isEmpty() ? 0 : 1);
        }

        /** the width of the amount range, null when unbounded (wider than any bounded one) */
        BigDecimal width() {
            if (amountMax == null) return null;
            return amountMax.subtract(amountMin == null ? BigDecimal.ZERO : amountMin);
        }

        boolean unconditional() {
            return payerLevel() == 0 && codeLevel() == 0 && amountMin == null && amountMax == null;
        }
    }

    /**
     * @param id the step's id: the YAML's {@code id}, else derived from its kind ({@code submit},
     *     {@code await-response}; {@code submit-2} for the second unnamed SUBMIT), unique in the
     *     playbook. Idempotency keys and what the step keeps in the work context are by this id.
     * @param parameters the step's parameters as written (validated against {@link
     *     StepKind#parameters()})
     * @param on outcome → step id or {@link #END}
     */
    public record Step(
            String id,
            StepKind kind,
            int line,
            Map<String, Object> parameters,
            Map<Outcome, String> on) {

        public Duration waitTime() {
            return (Duration) parameters.get("wait");
        }
    }
}
