package org.reclaim.playbook;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reclaim.rules.Category;
import org.reclaim.rules.CodeCatalog;
import org.reclaim.rules.ConfigFile;
import org.reclaim.rules.PayerDirectory;
import org.reclaim.rules.PayerRules;
import org.reclaim.rules.PayerType;
import org.reclaim.rules.TriageConfigException;
import org.reclaim.rules.Yaml;

/**
 * The loaded playbooks and the choice of exactly one per denial. Loading validates each file
 * against the schema (playbooks/README.md) and the set as a whole: unique ids, every workable
 * category covered for every payer and amount, and no two playbooks equally specific for some
 * denial.
 */
public final class PlaybookSet {

    private static final Set<String> TOP_KEYS =
            Set.of("id", "name", "enabled", "handles", "steps", "stopWhen");
    private static final Set<String> HANDLES_KEYS =
            Set.of("categories", "payers", "payerTypes", "carcs", "rarcs", "amount");

    private final List<Playbook> playbooks;

    private PlaybookSet(List<Playbook> playbooks) {
        this.playbooks = playbooks;
    }

    /** What a denial offers for the choice. */
    public record Facts(
            Category category,
            PayerRules payer,
            String carc,
            List<String> rarcs,
            BigDecimal amount) {}

    /** The chosen playbook and, in one sentence, why. */
    public record Selection(Playbook playbook, String reason) {}

    public static PlaybookSet load(Collection<ConfigFile> files, PayerDirectory payers) {
        Map<String, Playbook> byId = new LinkedHashMap<>();
        for (ConfigFile f : files) {
            Playbook p = parse(f, payers);
            Playbook before = byId.put(p.id(), p);
            if (before != null) {
                throw f.problem(1, "playbook id '" + p.id() + "' is also used by " + before.file());
            }
        }
        List<Playbook> enabled = byId.values().stream().filter(Playbook::enabled).toList();
        for (Category c : Category.values()) {
            boolean covered =
                    enabled.stream()
                            .anyMatch(
                                    p ->
                                            p.handles().categories().contains(c)
                                                    && p.handles().unconditional());
            if (!covered) {
                throw new TriageConfigException(
                        "playbooks/",
                        0,
                        "no enabled playbook handles category "
                                + c
                                + " for every payer and amount (one with only 'categories' under 'handles' is needed)");
            }
        }
        for (int i = 0; i < enabled.size(); i++) {
            for (int j = i + 1; j < enabled.size(); j++) {
                checkNotTied(enabled.get(i), enabled.get(j), payers);
            }
        }
        return new PlaybookSet(List.copyOf(byId.values()));
    }

    private static Playbook parse(ConfigFile f, PayerDirectory payers) {
        Yaml root = Yaml.parse(f);
        Map<String, Yaml> m = root.map(TOP_KEYS);
        for (String k : List.of("id", "name", "handles", "steps")) {
            if (!m.containsKey(k)) throw root.problem("missing '" + k + "'");
        }
        String id = m.get("id").string();
        if (!id.matches("[a-z0-9][a-z0-9-]*"))
            throw m.get("id").problem("an id is lower case letters, digits and '-'");
        boolean enabled = !m.containsKey("enabled") || m.get("enabled").bool();
        Playbook.Handles handles = handles(m.get("handles"), payers);
        List<Playbook.Step> steps = new ArrayList<>();
        Map<String, Integer> stepIds = new LinkedHashMap<>();
        for (Yaml s : m.get("steps").list()) {
            Playbook.Step step = step(s);
            if (step.id() != null) {
                Integer before = stepIds.putIfAbsent(step.id(), step.line());
                if (before != null)
                    throw s.problem(
                            "step id '"
                                    + step.id()
                                    + "' is used twice (also by the step at line "
                                    + before
                                    + ")");
            }
            steps.add(step);
        }
        // a step without an id gets one from its kind, stable when other steps are added: the
        // first unnamed SUBMIT is "submit", the next "submit-2" (an id written in the file wins)
        for (int i = 0; i < steps.size(); i++) {
            Playbook.Step s = steps.get(i);
            if (s.id() != null) continue;
            String base = s.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            String derived = base;
            for (int n = 2; stepIds.containsKey(derived); n++) derived = base + "-" + n;
            stepIds.put(derived, s.line());
            steps.set(i, new Playbook.Step(derived, s.kind(), s.line(), s.parameters(), s.on()));
        }
        for (Playbook.Step s : steps) {
            for (String target : s.on().values()) {
                if (!target.equals(Playbook.END) && !stepIds.containsKey(target)) {
                    throw f.problem(
                            s.line(),
                            "'on' names step '" + target + "', which this playbook does not have");
                }
            }
        }
        boolean onlyNonWorkable = handles.categories().stream().noneMatch(Category::workable);
        if (steps.isEmpty() && !onlyNonWorkable) {
            throw m.get("steps")
                    .problem("a playbook for workable categories needs at least one step");
        }
        if (!steps.isEmpty() && onlyNonWorkable) {
            throw m.get("steps")
                    .problem(
                            "non-workable categories are never worked: their playbook has no steps");
        }
        if (handles.categories().stream().anyMatch(Category::workable)
                && !onlyNonWorkable
                && handles.categories().stream().anyMatch(c -> !c.workable())) {
            throw m.get("handles")
                    .problem("a playbook handles workable or non-workable categories, not both");
        }
        Set<Playbook.StopCondition> stop = EnumSet.noneOf(Playbook.StopCondition.class);
        if (m.containsKey("stopWhen"))
            stop.addAll(m.get("stopWhen").enumValues(Playbook.StopCondition.class));
        return new Playbook(
                id,
                m.get("name").string(),
                f.name(),
                enabled,
                handles,
                List.copyOf(steps),
                Set.copyOf(stop),
                version(f.text()),
                canonical(f.text()));
    }

    /** The text a version is the hash of: line ends normalized to {@code \n}. */
    private static String canonical(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** The version of a playbook file's text: SHA-256 of its canonical text, hex. */
    public static String version(String text) {
        try {
            byte[] h =
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(
                                    canonical(text)
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /**
     * One playbook file parsed and validated on its own (not against a set): a version a work item
     * is pinned to, loaded again from its stored text.
     */
    public static Playbook parseOne(ConfigFile f, PayerDirectory payers) {
        return parse(f, payers);
    }

    private static Playbook.Handles handles(Yaml node, PayerDirectory payers) {
        Map<String, Yaml> m = node.map(HANDLES_KEYS);
        if (!m.containsKey("categories")) throw node.problem("'handles' needs 'categories'");
        Set<Category> categories = EnumSet.noneOf(Category.class);
        categories.addAll(m.get("categories").enumValues(Category.class));
        if (categories.isEmpty())
            throw m.get("categories").problem("at least one category is needed");
        Set<String> payerIds = new LinkedHashSet<>();
        if (m.containsKey("payers")) {
            for (Yaml p : m.get("payers").list()) {
                String id = p.string();
                if (payers.byId(id) == null)
                    throw p.problem("payer '" + id + "' is not in config/payers.yml");
                payerIds.add(payers.byId(id).id());
            }
        }
        if (!payerIds.isEmpty() && m.containsKey("payerTypes")) {
            throw node.problem("name either payers or payerTypes, not both");
        }
        Set<PayerType> types = EnumSet.noneOf(PayerType.class);
        if (m.containsKey("payerTypes"))
            types.addAll(m.get("payerTypes").enumValues(PayerType.class));
        Set<String> carcs = codes(m.get("carcs"));
        Set<String> rarcs = codes(m.get("rarcs"));
        BigDecimal min = null;
        BigDecimal max = null;
        if (m.containsKey("amount")) {
            Map<String, Yaml> a = m.get("amount").map(Set.of("min", "max"));
            if (a.containsKey("min")) min = a.get("min").money();
            if (a.containsKey("max")) max = a.get("max").money();
            if (min != null && min.signum() == 0) min = null;
            if (min != null && max != null && max.compareTo(min) <= 0) {
                throw m.get("amount").problem("amount max must be above min");
            }
        }
        return new Playbook.Handles(
                Set.copyOf(categories),
                Set.copyOf(payerIds),
                Set.copyOf(types),
                carcs,
                rarcs,
                min,
                max);
    }

    private static Set<String> codes(Yaml node) {
        if (node == null) return Set.of();
        Set<String> out = new LinkedHashSet<>();
        for (Yaml y : node.list()) {
            String c = y.string();
            if (!CodeCatalog.isCode(c)) throw y.problem("'" + c + "' is not a code");
            out.add(c);
        }
        return Set.copyOf(out);
    }

    private static Playbook.Step step(Yaml node) {
        Set<String> allowed = new HashSet<>(Set.of("id", "step", "on"));
        Map<String, Yaml> raw = node.map(null);
        if (!raw.containsKey("step"))
            throw node.problem("a step needs 'step' (one of the vocabulary)");
        StepKind kind = raw.get("step").enumValue(StepKind.class);
        allowed.addAll(kind.parameters());
        node.map(allowed); // unknown keys fail at their line, naming what this step takes
        String id = raw.containsKey("id") ? raw.get("id").string() : null;
        if (Playbook.END.equals(id)) throw raw.get("id").problem("END is reserved");
        if (id != null && !id.matches("[a-z][a-z0-9-]{0,62}"))
            throw raw.get("id")
                    .problem(
                            "a step id is a lower case letter, then lower case letters, digits and"
                                    + " '-' (at most 63), not '"
                                    + id
                                    + "'");
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Yaml> e : raw.entrySet()) {
            Yaml v = e.getValue();
            switch (e.getKey()) {
                case "id", "step", "on" -> {}
                case "wait" -> params.put("wait", v.days());
                case "attempts" -> params.put("attempts", v.integer(1, 20));
                case "maxLevel" -> params.put("maxLevel", v.integer(1, 10));
                case "channel" -> params.put("channel", v.enumValue(Playbook.StepChannel.class));
                case "review" -> params.put("review", v.enumValue(Playbook.Review.class));
                case "reviewAbove" -> params.put("reviewAbove", v.money());
                case "correction" ->
                        params.put("correction", v.enumValue(Playbook.Correction.class));
                case "documents" -> params.put("documents", List.copyOf(v.strings()));
                case "evidence" -> {
                    // what a document must state to answer the denial: case-insensitive patterns
                    List<String> patterns = new java.util.ArrayList<>();
                    for (Yaml p : v.list()) {
                        try {
                            java.util.regex.Pattern.compile(p.string());
                        } catch (java.util.regex.PatternSyntaxException ex) {
                            throw p.problem(
                                    "not a pattern (" + ex.getDescription() + "): " + p.string());
                        }
                        patterns.add(p.string());
                    }
                    if (patterns.isEmpty()) throw v.problem("evidence needs at least one pattern");
                    params.put("evidence", List.copyOf(patterns));
                }
                default -> throw v.problem("unknown parameter '" + e.getKey() + "'");
            }
        }
        if (params.get("review") == Playbook.Review.ABOVE_AMOUNT
                && !params.containsKey("reviewAbove")) {
            throw node.problem("review ABOVE_AMOUNT needs reviewAbove");
        }
        Map<Playbook.Outcome, String> on = new LinkedHashMap<>();
        if (raw.containsKey("on")) {
            for (Map.Entry<String, Yaml> e : raw.get("on").map(null).entrySet()) {
                Playbook.Outcome outcome;
                try {
                    outcome = Playbook.Outcome.valueOf(e.getKey());
                } catch (IllegalArgumentException ex) {
                    throw e.getValue()
                            .problem(
                                    "'"
                                            + e.getKey()
                                            + "' is not an outcome "
                                            + java.util.Arrays.toString(Playbook.Outcome.values()));
                }
                on.put(outcome, e.getValue().string());
            }
        }
        return new Playbook.Step(id, kind, node.line(), Map.copyOf(params), Map.copyOf(on));
    }

    // ---------------------------------------------------------------- ties

    private static void checkNotTied(Playbook a, Playbook b, PayerDirectory payers) {
        Playbook.Handles x = a.handles();
        Playbook.Handles y = b.handles();
        if (compare(x, y) != 0) return;
        if (!overlap(x.categories(), y.categories())) return;
        if (!payersOverlap(x, y, payers)) return;
        if (!overlap(x.carcs(), y.carcs()) || !overlap(x.rarcs(), y.rarcs())) return;
        if (!amountsOverlap(x, y)) return;
        throw new TriageConfigException(
                b.file(),
                0,
                "playbook '"
                        + b.id()
                        + "' and playbook '"
                        + a.id()
                        + "' ("
                        + a.file()
                        + ") are equally specific and could both apply to the same denial; narrow one of them");
    }

    /** empty means any, so two sets overlap when either is empty or they share an element */
    private static <T> boolean overlap(Set<T> a, Set<T> b) {
        if (a.isEmpty() || b.isEmpty()) return true;
        for (T t : a) if (b.contains(t)) return true;
        return false;
    }

    private static boolean payersOverlap(
            Playbook.Handles x, Playbook.Handles y, PayerDirectory payers) {
        if (!x.payers().isEmpty() && !y.payers().isEmpty()) return overlap(x.payers(), y.payers());
        if (!x.payerTypes().isEmpty() && !y.payerTypes().isEmpty())
            return overlap(x.payerTypes(), y.payerTypes());
        if (!x.payers().isEmpty() && !y.payerTypes().isEmpty())
            return typesOf(x.payers(), payers).stream().anyMatch(y.payerTypes()::contains);
        if (!y.payers().isEmpty() && !x.payerTypes().isEmpty())
            return typesOf(y.payers(), payers).stream().anyMatch(x.payerTypes()::contains);
        return true;
    }

    private static Set<PayerType> typesOf(Set<String> ids, PayerDirectory payers) {
        Set<PayerType> out = EnumSet.noneOf(PayerType.class);
        for (String id : ids) out.add(payers.byId(id).type());
        return out;
    }

    private static boolean amountsOverlap(Playbook.Handles x, Playbook.Handles y) {
        BigDecimal xMin = x.amountMin() == null ? BigDecimal.ZERO : x.amountMin();
        BigDecimal yMin = y.amountMin() == null ? BigDecimal.ZERO : y.amountMin();
        boolean xBelowY = x.amountMax() != null && x.amountMax().compareTo(yMin) <= 0;
        boolean yBelowX = y.amountMax() != null && y.amountMax().compareTo(xMin) <= 0;
        return !xBelowY && !yBelowX;
    }

    /** negative when {@code a} is more specific than {@code b} */
    public static int compare(Playbook.Handles a, Playbook.Handles b) {
        int c = Integer.compare(b.payerLevel(), a.payerLevel());
        if (c != 0) return c;
        c = Integer.compare(b.codeLevel(), a.codeLevel());
        if (c != 0) return c;
        BigDecimal wa = a.width();
        BigDecimal wb = b.width();
        if (wa == null && wb == null) {
            // both open above: the one starting higher covers less
            BigDecimal ma = a.amountMin() == null ? BigDecimal.ZERO : a.amountMin();
            BigDecimal mb = b.amountMin() == null ? BigDecimal.ZERO : b.amountMin();
            return mb.compareTo(ma);
        }
        if (wa == null) return 1;
        if (wb == null) return -1;
        return wa.compareTo(wb);
    }

    // ---------------------------------------------------------------- selection

    public Selection select(Facts f) {
        List<Playbook> candidates = new ArrayList<>();
        for (Playbook p : playbooks) if (p.enabled() && matches(p.handles(), f)) candidates.add(p);
        if (candidates.isEmpty()) {
            // cannot happen for a loaded set: every category has an unconditional playbook
            throw new IllegalStateException("no playbook for category " + f.category());
        }
        candidates.sort(Comparator.comparing(Playbook::handles, PlaybookSet::compare));
        Playbook chosen = candidates.get(0);
        StringBuilder reason = new StringBuilder(explain(chosen.handles(), f));
        if (candidates.size() > 1) {
            Playbook runnerUp = candidates.get(1);
            reason.append("; more specific than '")
                    .append(runnerUp.id())
                    .append("' (")
                    .append(whyMoreSpecific(chosen.handles(), runnerUp.handles()))
                    .append(')');
        }
        return new Selection(chosen, reason.toString());
    }

    private static boolean matches(Playbook.Handles h, Facts f) {
        if (!h.categories().contains(f.category())) return false;
        if (!h.payers().isEmpty() && !h.payers().contains(f.payer().id())) return false;
        if (!h.payerTypes().isEmpty() && !h.payerTypes().contains(f.payer().type())) return false;
        if (!h.carcs().isEmpty() && !h.carcs().contains(f.carc())) return false;
        if (!h.rarcs().isEmpty() && f.rarcs().stream().noneMatch(h.rarcs()::contains)) return false;
        if (h.amountMin() != null && f.amount().compareTo(h.amountMin()) < 0) return false;
        return h.amountMax() == null || f.amount().compareTo(h.amountMax()) < 0;
    }

    private static String explain(Playbook.Handles h, Facts f) {
        List<String> parts = new ArrayList<>();
        parts.add("category " + f.category());
        if (!h.payers().isEmpty()) parts.add("payer " + f.payer().id());
        if (!h.payerTypes().isEmpty()) parts.add("payer type " + f.payer().type());
        if (!h.carcs().isEmpty()) parts.add("CARC " + f.carc());
        if (!h.rarcs().isEmpty()) {
            parts.add(
                    "RARC "
                            + f.rarcs().stream()
                                    .filter(h.rarcs()::contains)
                                    .findFirst()
                                    .orElse("?"));
        }
        if (h.amountMin() != null || h.amountMax() != null) {
            parts.add(
                    "amount "
                            + f.amount().toPlainString()
                            + " in ["
                            + (h.amountMin() == null ? "0.00" : h.amountMin())
                            + ", "
                            + (h.amountMax() == null ? "∞" : h.amountMax())
                            + ")");
        }
        return "matches " + String.join(", ", parts);
    }

    private static String whyMoreSpecific(Playbook.Handles a, Playbook.Handles b) {
        if (a.payerLevel() != b.payerLevel()) {
            return (a.payerLevel() == 2 ? "a named payer" : "a payer type")
                    + " over "
                    + (b.payerLevel() == 1 ? "a payer type" : "any payer");
        }
        if (a.codeLevel() != b.codeLevel()) {
            return (a.codeLevel() == 2 ? "CARC + RARC" : "a code")
                    + " over "
                    + (b.codeLevel() == 1 ? "a code" : "the category alone");
        }
        return "a narrower amount range";
    }

    public List<Playbook> playbooks() {
        return playbooks;
    }

    public Playbook byId(String id) {
        for (Playbook p : playbooks) if (p.id().equals(id)) return p;
        return null;
    }
}
