package org.reclaim.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reclaim.x12.AdjustmentRules;

/**
 * The code catalog under {@code playbooks/catalog/}: every CARC with its category, every RARC, the
 * group codes, the group that decides a category on its own (PR), the (group, CARC, RARC)
 * refinements and what each category means for the work. Immutable once loaded; loading validates
 * everything.
 */
public final class CodeCatalog {

    public enum Confidence {
        HIGH,
        MEDIUM,
        LOW
    }

    public record Carc(
            String code,
            Category category,
            Confidence confidence,
            String description,
            String stopDate) {}

    public record Rarc(String code, String kind, String description) {

        public boolean supplemental() {
            return "supplemental".equals(kind);
        }
    }

    static final String CARC = "catalog/carc.csv";
    static final String RARC = "catalog/rarc.csv";
    static final String GROUPS = "catalog/groups.csv";
    static final String GROUP_CATEGORIES = "catalog/group-categories.csv";
    static final String RULES = "catalog/rules.csv";
    static final String CATEGORIES = "catalog/categories.csv";
    static final List<String> FILES =
            List.of(CARC, RARC, GROUPS, GROUP_CATEGORIES, RULES, CATEGORIES);

    /**
     * Why no file may give a workable category next action NONE: {@link Triage#plan} could not date
     * it.
     */
    static final String NEXT_ACTION_DATES =
            "(a workable denial's deadline runs on the clock of its next action)";

    private final Map<String, Carc> carcs;
    private final Map<String, Rarc> rarcs;
    private final Map<String, String> groups;
    private final Map<String, Category> groupCategories;
    private final List<CategoryRule> rules;
    private final Map<Category, CategoryPolicy> policies;
    private final AdjustmentRules nonWorkable;

    private CodeCatalog(
            Map<String, Carc> carcs,
            Map<String, Rarc> rarcs,
            Map<String, String> groups,
            Map<String, Category> groupCategories,
            List<CategoryRule> rules,
            Map<Category, CategoryPolicy> policies) {
        this.carcs = carcs;
        this.rarcs = rarcs;
        this.groups = groups;
        this.groupCategories = groupCategories;
        this.rules = rules;
        this.policies = policies;
        List<AdjustmentRules.Rule> patterns = new ArrayList<>();
        groupCategories.forEach((g, c) -> patterns.add(AdjustmentRules.group(g)));
        carcs.values().stream()
                .filter(c -> !c.category().workable())
                .forEach(c -> patterns.add(AdjustmentRules.carc(c.code())));
        this.nonWorkable = AdjustmentRules.of(patterns.toArray(AdjustmentRules.Rule[]::new));
    }

    /**
     * Only the rule of which adjustments are worked, from {@code carc.csv} and {@code
     * group-categories.csv}: what the count-only {@code inspect} needs, read without the rest.
     */
    public static AdjustmentRules nonWorkableRules(TriageFiles files) {
        List<AdjustmentRules.Rule> patterns = new ArrayList<>();
        ConfigFile groups = files.file("playbooks", GROUP_CATEGORIES);
        ConfigFile carcs = files.file("playbooks", CARC);
        if (groups == null)
            throw new TriageConfigException(
                    "playbooks/" + GROUP_CATEGORIES, 0, "the file is missing");
        if (carcs == null)
            throw new TriageConfigException("playbooks/" + CARC, 0, "the file is missing");
        for (Csv.Row r : Csv.read(groups, "group", "category")) {
            if (!enumValue(r, "category", Category.class).workable())
                patterns.add(AdjustmentRules.group(code(r, "group")));
        }
        for (Csv.Row r : Csv.read(carcs, "code", "category")) {
            if (!enumValue(r, "category", Category.class).workable())
                patterns.add(AdjustmentRules.carc(code(r, "code")));
        }
        return AdjustmentRules.of(patterns.toArray(new AdjustmentRules.Rule[0]));
    }

    /**
     * Reads the catalog files, keyed by their name under {@code playbooks/} (see {@link #FILES}).
     */
    public static CodeCatalog load(Map<String, ConfigFile> files) {
        for (String name : FILES) {
            if (!files.containsKey(name))
                throw new TriageConfigException("playbooks/" + name, 0, "the file is missing");
        }
        Map<String, Carc> carcs = new LinkedHashMap<>();
        for (Csv.Row r :
                Csv.read(
                        files.get(CARC),
                        "code",
                        "category",
                        "confidence",
                        "description",
                        "stop_date")) {
            String code = code(r, "code");
            Category category = enumValue(r, "category", Category.class);
            Confidence confidence = enumValue(r, "confidence", Confidence.class);
            if (carcs.put(
                            code,
                            new Carc(
                                    code,
                                    category,
                                    confidence,
                                    r.get("description"),
                                    r.get("stop_date")))
                    != null) {
                throw r.problem("CARC " + code + " is listed twice");
            }
        }
        Map<String, Rarc> rarcs = new HashMap<>();
        for (Csv.Row r : Csv.read(files.get(RARC), "code", "kind", "description")) {
            String code = code(r, "code");
            String kind = r.required("kind");
            if (!Set.of("alert", "supplemental", "unknown").contains(kind)) {
                throw r.problem("kind must be alert, supplemental or unknown, not '" + kind + "'");
            }
            if (rarcs.put(code, new Rarc(code, kind, r.get("description"))) != null) {
                throw r.problem("RARC " + code + " is listed twice");
            }
        }
        Map<String, String> groups = new LinkedHashMap<>();
        for (Csv.Row r : Csv.read(files.get(GROUPS), "code", "description")) {
            if (groups.put(code(r, "code"), r.get("description")) != null)
                throw r.problem("group listed twice");
        }
        Map<String, Category> groupCategories = new LinkedHashMap<>();
        for (Csv.Row r : Csv.read(files.get(GROUP_CATEGORIES), "group", "category")) {
            String group = knownGroup(r, groups, r.required("group"));
            Category category = enumValue(r, "category", Category.class);
            if (category.workable()) {
                // the count-only reader and docs/contracts.md §1 decide workability on (group,
                // CARC) patterns:
                // a group may only take adjustments out of the work, never put them in whatever the
                // CARC
                throw r.problem(
                        "a group can only decide a non-workable category (CONTRACTUAL, PRIOR_PAYER or "
                                + "PATIENT_RESPONSIBILITY), not "
                                + category);
            }
            if (groupCategories.put(group, category) != null)
                throw r.problem("group " + group + " is listed twice");
        }
        Map<Category, CategoryPolicy> policies = new EnumMap<>(Category.class);
        for (Csv.Row r :
                Csv.read(
                        files.get(CATEGORIES),
                        "category",
                        "next_action",
                        "appealable",
                        "recovery_prior",
                        "root_cause")) {
            Category category = enumValue(r, "category", Category.class);
            NextAction action = enumValue(r, "next_action", NextAction.class);
            if ((action == NextAction.NONE) == category.workable()) {
                throw r.problem(
                        category.workable()
                                ? "a workable category needs a next action other than NONE"
                                : "a non-workable category has next action NONE");
            }
            BigDecimal prior;
            try {
                prior = new BigDecimal(r.required("recovery_prior"));
            } catch (NumberFormatException e) {
                throw r.problem("recovery_prior must be a number between 0 and 1");
            }
            if (prior.signum() < 0 || prior.compareTo(BigDecimal.ONE) > 0) {
                throw r.problem("recovery_prior must be between 0 and 1, not " + prior);
            }
            CategoryPolicy p =
                    new CategoryPolicy(
                            category,
                            action,
                            bool(r, "appealable"),
                            prior,
                            r.required("root_cause"));
            if (policies.put(category, p) != null) throw r.problem(category + " is listed twice");
        }
        for (Category c : Category.values()) {
            if (!policies.containsKey(c)) {
                throw new TriageConfigException(
                        files.get(CATEGORIES).name(), 0, "category " + c + " has no row");
            }
        }
        Map<String, Category> baseByCarc = new HashMap<>();
        carcs.forEach((code, carc) -> baseByCarc.put(code, carc.category()));
        List<CategoryRule> rules =
                readRules(
                        files.get(RULES).name(),
                        Csv.read(
                                files.get(RULES),
                                "group",
                                "carc",
                                "rarc",
                                "category",
                                "next_action",
                                "appealable",
                                "root_cause"),
                        groups,
                        groupCategories,
                        baseByCarc);
        return new CodeCatalog(
                Collections.unmodifiableMap(carcs),
                Collections.unmodifiableMap(rarcs),
                Collections.unmodifiableMap(groups),
                Collections.unmodifiableMap(groupCategories),
                List.copyOf(rules),
                Collections.unmodifiableMap(policies));
    }

    private static List<CategoryRule> readRules(
            String name,
            List<Csv.Row> rows,
            Map<String, String> groups,
            Map<String, Category> groupCategories,
            Map<String, Category> baseByCarc) {
        List<CategoryRule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Csv.Row r : rows) {
            String group = r.get("group").isEmpty() ? null : knownGroup(r, groups, r.get("group"));
            String carc = code(r, "carc");
            String rarc = r.get("rarc").isEmpty() ? null : r.get("rarc");
            if (group == null && rarc == null) {
                throw r.problem(
                        "a rule needs a group or a RARC besides the CARC (a CARC alone is carc.csv's job)");
            }
            Category category = enumValue(r, "category", Category.class);
            NextAction action =
                    r.get("next_action").isEmpty()
                            ? null
                            : enumValue(r, "next_action", NextAction.class);
            if (action == NextAction.NONE && category.workable()) {
                throw r.problem(
                        "a rule to a workable category ("
                                + category
                                + ") needs a next action other than NONE "
                                + NEXT_ACTION_DATES
                                + "; leave next_action empty to take categories.csv's");
            }
            Boolean appealable = r.get("appealable").isEmpty() ? null : bool(r, "appealable");
            String rootCause = r.get("root_cause").isEmpty() ? null : r.get("root_cause");
            checkSameWorkability(r, group, carc, category, groupCategories, baseByCarc);
            if (!seen.add(group + "|" + carc + "|" + rarc))
                throw r.problem("the same rule is written twice");
            rules.add(
                    new CategoryRule(
                            group,
                            carc,
                            rarc,
                            category,
                            action,
                            appealable,
                            rootCause,
                            name.substring(name.lastIndexOf('/') + 1) + ":" + r.line()));
        }
        return rules;
    }

    /**
     * Whether an adjustment is worked depends on its group and CARC only (docs/contracts.md §1); a
     * refinement may move it to another category of the same kind, never across.
     */
    static void checkSameWorkability(
            Csv.Row r,
            String group,
            String carc,
            Category category,
            Map<String, Category> groupCategories,
            Map<String, Category> baseByCarc) {
        boolean base =
                group != null && groupCategories.containsKey(group)
                        ? false
                        : baseByCarc.getOrDefault(carc, Category.OTHER).workable();
        if (category.workable() != base) {
            throw r.problem(
                    "this rule would make "
                            + (group != null ? group + "-" : "CARC ")
                            + carc
                            + (base ? " not workable" : " workable")
                            + "; whether an adjustment is worked is decided by its "
                            + "group and CARC alone, so a rule may only choose among "
                            + (base ? "workable" : "non-workable")
                            + " categories");
        }
    }

    private static String code(Csv.Row r, String column) {
        String v = r.required(column);
        if (!isCode(v)) throw r.problem("'" + v + "' in column '" + column + "' is not a code");
        return v;
    }

    /** 1–5 capital letters or digits: a CARC, RARC or group code */
    public static boolean isCode(String v) {
        if (v.isEmpty() || v.length() > 5) return false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) return false;
        }
        return true;
    }

    private static String knownGroup(Csv.Row r, Map<String, String> groups, String group) {
        if (!groups.containsKey(group))
            throw r.problem("unknown group code '" + group + "' (see groups.csv)");
        return group;
    }

    private static boolean bool(Csv.Row r, String column) {
        return switch (r.required(column)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw r.problem("column '" + column + "' must be true or false");
        };
    }

    private static <E extends Enum<E>> E enumValue(Csv.Row r, String column, Class<E> type) {
        String v = r.required(column);
        try {
            return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw r.problem(
                    "'"
                            + v
                            + "' in column '"
                            + column
                            + "' is not one of "
                            + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    // ---------------------------------------------------------------- queries

    public Carc carc(String code) {
        return carcs.get(code);
    }

    public Rarc rarc(String code) {
        return rarcs.get(code);
    }

    public Map<String, Carc> carcs() {
        return carcs;
    }

    public Map<String, Rarc> rarcs() {
        return rarcs;
    }

    public Map<String, String> groups() {
        return groups;
    }

    public Map<String, Category> groupCategories() {
        return groupCategories;
    }

    public List<CategoryRule> rules() {
        return rules;
    }

    public CategoryPolicy policy(Category c) {
        return policies.get(c);
    }

    /**
     * The category of a (group, CARC) before any RARC or payer refinement: what decides
     * workability.
     */
    public Category baseCategory(String group, String carc) {
        Category g = groupCategories.get(group);
        if (g != null) return g;
        Carc c = carcs.get(carc);
        return c == null ? Category.OTHER : c.category();
    }

    /**
     * The (group, CARC) patterns of the adjustments that are not worked: exactly the catalog's
     * rule.
     */
    public AdjustmentRules nonWorkableRules() {
        return nonWorkable;
    }

    Map<String, Category> baseByCarc() {
        Map<String, Category> out = new HashMap<>();
        carcs.forEach((code, c) -> out.put(code, c.category()));
        return out;
    }
}
