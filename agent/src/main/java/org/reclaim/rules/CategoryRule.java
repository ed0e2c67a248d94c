package org.reclaim.rules;

/**
 * A refinement: adjustments with this group (any when null), CARC and RARC (any when null) get this
 * category. The action, appealability and root cause, when null, are the category's.
 *
 * @param source where the rule was written, for explanations ({@code rules.csv:12})
 */
public record CategoryRule(
        String group,
        String carc,
        String rarc,
        Category category,
        NextAction action,
        Boolean appealable,
        String rootCause,
        String source) {

    /** group + CARC + RARC = 3, CARC + RARC = 2, group + CARC = 1, CARC alone = 0 */
    public int specificity() {
        return (rarc != null ? 2 : 0) + (group != null ? 1 : 0);
    }

    public boolean matches(String g, String c, java.util.List<String> rarcs) {
        return carc.equals(c)
                && (group == null || group.equals(g))
                && (rarc == null || rarcs.contains(rarc));
    }

    public String describe() {
        return (group != null ? group + "-" : "") + carc + (rarc != null ? " + " + rarc : "");
    }
}
