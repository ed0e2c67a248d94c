package org.reclaim.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The payers of {@code config/payers.yml}: per-type defaults (every type must be given) and the
 * payers an operator configured, found by any identifier they appear under in files.
 */
public final class PayerDirectory {

    static final String FILE = "payers.yml";

    private static final Set<String> RULE_KEYS =
            Set.of(
                    "timelyFilingDays",
                    "appealLevels",
                    "correction",
                    "channels",
                    "notAppealable",
                    "priorAuthorization",
                    "timelyFilingWarningDays");

    /** Keys a type may leave out: they have a default. */
    private static final Set<String> OPTIONAL_RULE_KEYS =
            Set.of("notAppealable", "priorAuthorization", "timelyFilingWarningDays");

    /** Days before the timely-filing deadline from which the scrubber warns, unless configured. */
    public static final int DEFAULT_FILING_WARNING_DAYS = 14;

    /**
     * A procedure code in {@code priorAuthorization}: HCPCS Level I (CPT) or Level II, five
     * characters (the shape TransactionSetRules checks on a claim line).
     */
    private static final java.util.regex.Pattern PROCEDURE =
            java.util.regex.Pattern.compile("[0-9]{4}[0-9A-Z]|[A-Z][0-9]{4}");

    private static final Set<String> PAYER_KEYS;

    static {
        Set<String> keys = new HashSet<>(RULE_KEYS);
        keys.addAll(Set.of("id", "name", "type", "identifiers", "categoryOverrides"));
        PAYER_KEYS = Set.copyOf(keys);
    }

    private final Map<PayerType, PayerRules> defaults;
    private final List<PayerRules> payers;
    private final Map<String, PayerRules> byIdentifier;

    private PayerDirectory(Map<PayerType, PayerRules> defaults, List<PayerRules> payers) {
        this.defaults = defaults;
        this.payers = payers;
        Map<String, PayerRules> index = new HashMap<>();
        for (PayerRules p : payers) for (String id : p.identifiers()) index.put(id, p);
        this.byIdentifier = index;
    }

    public static PayerDirectory load(ConfigFile file, CodeCatalog catalog) {
        Map<String, Yaml> root = Yaml.parse(file).map(Set.of("types", "payers"));
        if (!root.containsKey("types"))
            throw file.problem(1, "missing 'types' (the defaults of every payer type)");
        Map<PayerType, PayerRules> defaults = new EnumMap<>(PayerType.class);
        Yaml typesNode = root.get("types");
        for (Map.Entry<String, Yaml> e : typesNode.map(null).entrySet()) {
            PayerType type;
            try {
                type = PayerType.valueOf(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw file.problem(
                        e.getValue().line() - 1, "unknown payer type '" + e.getKey() + "'");
            }
            Map<String, Yaml> m = e.getValue().map(RULE_KEYS);
            for (String k : RULE_KEYS) {
                if (!m.containsKey(k) && !OPTIONAL_RULE_KEYS.contains(k)) {
                    throw e.getValue().problem("type " + type + " is missing '" + k + "'");
                }
            }
            PayerRules base =
                    new PayerRules(
                            type.name(),
                            null,
                            type,
                            false,
                            Set.of(),
                            0,
                            List.of(),
                            null,
                            List.of(),
                            Set.of(),
                            List.of(),
                            Set.of(),
                            DEFAULT_FILING_WARNING_DAYS);
            defaults.put(type, rules(base, m, type.name(), null, type, false, Set.of(), List.of()));
        }
        for (PayerType t : PayerType.values()) {
            if (!defaults.containsKey(t))
                throw typesNode.problem("the defaults of payer type " + t + " are missing");
        }
        List<PayerRules> payers = new ArrayList<>();
        Map<String, Integer> seenIds = new HashMap<>();
        Map<String, Category> baseByCarc = catalog.baseByCarc();
        for (Yaml node : root.containsKey("payers") ? root.get("payers").list() : List.<Yaml>of()) {
            Map<String, Yaml> m = node.map(PAYER_KEYS);
            for (String k : List.of("id", "name", "type")) {
                if (!m.containsKey(k)) throw node.problem("a payer needs '" + k + "'");
            }
            String id = m.get("id").string();
            PayerType type = m.get("type").enumValue(PayerType.class);
            Set<String> identifiers = new LinkedHashSetOf(id);
            if (m.containsKey("identifiers")) identifiers.addAll(m.get("identifiers").strings());
            for (String ident : identifiers) {
                Integer before = seenIds.put(ident, node.line());
                if (before != null) {
                    throw node.problem(
                            "identifier '"
                                    + ident
                                    + "' already belongs to the payer at line "
                                    + before);
                }
            }
            List<CategoryRule> overrides = new ArrayList<>();
            if (m.containsKey("categoryOverrides")) {
                for (Yaml o : m.get("categoryOverrides").list()) {
                    overrides.add(override(o, id, catalog, baseByCarc));
                }
            }
            payers.add(
                    rules(
                            defaults.get(type),
                            m,
                            id,
                            m.get("name").string(),
                            type,
                            true,
                            identifiers,
                            overrides));
        }
        return new PayerDirectory(Collections.unmodifiableMap(defaults), List.copyOf(payers));
    }

    /** A LinkedHashSet seeded with one element, keeping the file's order. */
    private static final class LinkedHashSetOf extends java.util.LinkedHashSet<String> {
        private static final long serialVersionUID = 1L;

        LinkedHashSetOf(String first) {
            add(first);
        }
    }

    private static PayerRules rules(
            PayerRules base,
            Map<String, Yaml> m,
            String id,
            String name,
            PayerType type,
            boolean configured,
            Set<String> identifiers,
            List<CategoryRule> overrides) {
        int timely =
                m.containsKey("timelyFilingDays")
                        ? m.get("timelyFilingDays").integer(1, 3650)
                        : base.timelyFilingDays();
        List<PayerRules.AppealLevel> levels = base.appealLevels();
        if (m.containsKey("appealLevels")) {
            levels = new ArrayList<>();
            for (Yaml l : m.get("appealLevels").list()) {
                Map<String, Yaml> lm = l.map(Set.of("name", "days"));
                if (!lm.containsKey("name") || !lm.containsKey("days")) {
                    throw l.problem("an appeal level needs 'name' and 'days'");
                }
                levels.add(
                        new PayerRules.AppealLevel(
                                lm.get("name").string(), lm.get("days").integer(1, 3650)));
            }
            if (levels.isEmpty()) {
                // Triage.plan dates an appeal, and a new claim without a date of service, by the
                // first level
                throw m.get("appealLevels")
                        .problem(
                                (configured ? "payer " : "type ")
                                        + id
                                        + " needs at least one appeal level: the first one's window dates appeals");
            }
        }
        PayerRules.Correction correction = base.correction();
        if (m.containsKey("correction")) {
            Yaml c = m.get("correction");
            Map<String, Yaml> cm = c.map(Set.of("method", "days", "from"));
            if (!cm.containsKey("method") || !cm.containsKey("days"))
                throw c.problem("a correction needs 'method' and 'days'");
            correction =
                    new PayerRules.Correction(
                            cm.get("method").enumValue(CorrectionMethod.class),
                            cm.get("days").integer(1, 3650),
                            cm.containsKey("from")
                                    ? cm.get("from").enumValue(PayerRules.WindowStart.class)
                                    : PayerRules.WindowStart.SERVICE_DATE);
        }
        List<Channel> channels = base.channels();
        if (m.containsKey("channels")) {
            channels = m.get("channels").enumValues(Channel.class);
            if (channels.isEmpty())
                throw m.get("channels").problem("at least one channel is needed");
        }
        Set<Category> notAppealable = base.notAppealable();
        if (m.containsKey("notAppealable"))
            notAppealable = Set.copyOf(m.get("notAppealable").enumValues(Category.class));
        Set<String> priorAuthorization = base.priorAuthorization();
        if (m.containsKey("priorAuthorization")) {
            Set<String> codes = new java.util.LinkedHashSet<>();
            for (Yaml code : m.get("priorAuthorization").list()) {
                String c = code.string().toUpperCase(java.util.Locale.ROOT);
                if (!PROCEDURE.matcher(c).matches())
                    throw code.problem(
                            "'"
                                    + c
                                    + "' in priorAuthorization is not a procedure code (five"
                                    + " characters: a CPT or HCPCS Level II code)");
                codes.add(c);
            }
            priorAuthorization = codes;
        }
        int warningDays =
                m.containsKey("timelyFilingWarningDays")
                        ? m.get("timelyFilingWarningDays").integer(0, 3650)
                        : base.timelyFilingWarningDays();
        return new PayerRules(
                id,
                name,
                type,
                configured,
                identifiers,
                timely,
                levels,
                correction,
                channels,
                notAppealable,
                overrides,
                priorAuthorization,
                warningDays);
    }

    private static CategoryRule override(
            Yaml o, String payerId, CodeCatalog catalog, Map<String, Category> baseByCarc) {
        Map<String, Yaml> m =
                o.map(
                        Set.of(
                                "group",
                                "carc",
                                "rarc",
                                "category",
                                "nextAction",
                                "appealable",
                                "rootCause"));
        if (!m.containsKey("carc") || !m.containsKey("category"))
            throw o.problem("an override needs 'carc' and 'category'");
        String group = m.containsKey("group") ? m.get("group").string() : null;
        if (group != null && !catalog.groups().containsKey(group))
            throw m.get("group").problem("unknown group code " + group);
        String carc = m.get("carc").string();
        Category category = m.get("category").enumValue(Category.class);
        boolean base =
                group != null && catalog.groupCategories().containsKey(group)
                        ? false
                        : baseByCarc.getOrDefault(carc, Category.OTHER).workable();
        if (category.workable() != base) {
            throw o.problem(
                    "this override would make "
                            + carc
                            + (base ? " not workable" : " workable")
                            + "; whether an adjustment is worked is decided by its group and CARC alone (docs/contracts.md §1)");
        }
        NextAction action =
                m.containsKey("nextAction")
                        ? m.get("nextAction").enumValue(NextAction.class)
                        : null;
        if (action == NextAction.NONE && category.workable()) {
            throw m.get("nextAction")
                    .problem(
                            "payer "
                                    + payerId
                                    + ": an override to a workable category ("
                                    + category
                                    + ") needs a nextAction other than NONE "
                                    + CodeCatalog.NEXT_ACTION_DATES
                                    + "; leave it out to take categories.csv's");
        }
        return new CategoryRule(
                group,
                carc,
                m.containsKey("rarc") ? m.get("rarc").string() : null,
                category,
                action,
                m.containsKey("appealable") ? m.get("appealable").bool() : null,
                m.containsKey("rootCause") ? m.get("rootCause").string() : null,
                FILE + ":" + o.line() + " (payer " + payerId + ")");
    }

    /**
     * The first candidate identifier that names a configured payer, else the OTHER defaults,
     * flagged.
     */
    public PayerRules resolve(String name, String... candidates) {
        for (String c : candidates) {
            if (c == null || c.isEmpty()) continue;
            PayerRules p = byIdentifier.get(c);
            if (p != null) return p;
        }
        String seen = null;
        for (String c : candidates) {
            if (c != null && !c.isEmpty()) {
                seen = c;
                break;
            }
        }
        return defaults.get(PayerType.OTHER).unconfigured(seen, name);
    }

    public PayerRules byId(String id) {
        return byIdentifier.get(id);
    }

    public List<PayerRules> payers() {
        return payers;
    }

    public Map<PayerType, PayerRules> defaults() {
        return defaults;
    }
}
