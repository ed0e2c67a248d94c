package org.reclaim.triage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reclaim.denial.Priority;
import org.reclaim.drafting.CodingRule;
import org.reclaim.playbook.PlaybookSet;
import org.reclaim.remittance.Workability;
import org.reclaim.rules.Category;
import org.reclaim.rules.CategoryPolicy;
import org.reclaim.rules.CategoryRule;
import org.reclaim.rules.CodeCatalog;
import org.reclaim.rules.CodingRuleFile;
import org.reclaim.rules.CorrectionMethod;
import org.reclaim.rules.FeeSchedule;
import org.reclaim.rules.NextAction;
import org.reclaim.rules.PayerDirectory;
import org.reclaim.rules.PayerRules;
import org.reclaim.rules.TriageFiles;
import org.reclaim.x12.AdjustmentRules;
import org.reclaim.x12.remit.Adjustment;

/**
 * Turns an identified denial into a plan: category and root cause, whether it can be appealed, the
 * deadline of its next action, a priority, and exactly one playbook. Framework-free and immutable:
 * the service, {@code inspect} and tests share it. A new configuration means a new instance.
 */
public final class Triage {

    private final CodeCatalog catalog;
    private final PayerDirectory payers;
    private final PlaybookSet playbooks;
    private final FeeSchedule feeSchedule;
    private final Workability workability;
    private final List<CodingRule> codingRules;

    private Triage(
            CodeCatalog catalog,
            PayerDirectory payers,
            PlaybookSet playbooks,
            FeeSchedule feeSchedule,
            List<CodingRule> codingRules) {
        this.codingRules = codingRules;
        this.catalog = catalog;
        this.payers = payers;
        this.playbooks = playbooks;
        this.feeSchedule = feeSchedule;
        this.workability = workabilityOf(catalog.nonWorkableRules());
    }

    /** "Matches none of the patterns": the catalog's rule, the same on strings and on bytes. */
    private static Workability workabilityOf(AdjustmentRules rules) {
        return new Workability() {
            @Override
            public boolean workable(Adjustment a) {
                return !rules.matches(a.group(), a.carc());
            }

            @Override
            public AdjustmentRules nonWorkableRules() {
                return rules;
            }
        };
    }

    /** Loads and validates everything; a broken file throws {@link TriageConfigException}. */
    public static Triage load(TriageFiles files) {
        CodeCatalog catalog = CodeCatalog.load(files.catalogFiles());
        PayerDirectory payers = PayerDirectory.load(files.payersFile(), catalog);
        PlaybookSet playbooks = PlaybookSet.load(files.playbookFiles().values(), payers);
        FeeSchedule feeSchedule = FeeSchedule.load(files.feeScheduleFile(), payers);
        List<CodingRule> codingRules = CodingRuleFile.load(files.codingRulesFile());
        return new Triage(catalog, payers, playbooks, feeSchedule, codingRules);
    }

    /**
     * Only the catalog: enough to decide which adjustments are denials (the count-only inspect).
     */
    public static Workability workability(TriageFiles files) {
        return workabilityOf(CodeCatalog.nonWorkableRules(files));
    }

    public CodeCatalog catalog() {
        return catalog;
    }

    public PayerDirectory payers() {
        return payers;
    }

    /**
     * Every identifier config/payers.yml lists for a payer, and the payer's own id, mapped to that
     * id: which files come from the same payer.
     */
    public Map<String, String> payerIdentifiers() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (PayerRules p : payers.payers()) {
            ids.putIfAbsent(p.id(), p.id());
            for (String identifier : p.identifiers()) ids.putIfAbsent(identifier, p.id());
        }
        return ids;
    }

    public PlaybookSet playbooks() {
        return playbooks;
    }

    /** The coding corrections an operator allows ({@code config/coding-rules.yml}). */
    public List<CodingRule> codingRules() {
        return codingRules;
    }

    /** The contracted rates, loaded and reloaded with the payers they name. */
    public FeeSchedule feeSchedule() {
        return feeSchedule;
    }

    /**
     * Which adjustments are denials: group and CARC, from the catalog (docs/contracts.md §1
     * refined).
     */
    public Workability workability() {
        return workability;
    }

    // ---------------------------------------------------------------- category

    /**
     * @param basis where the category came from, e.g. {@code rules.csv:4 (CO-16 + MA130)}
     * @param warnings unknown codes met (a warning, never a failure)
     */
    public record Classification(
            Category category,
            NextAction action,
            boolean appealable,
            String rootCause,
            String basis,
            List<String> warnings) {}

    /**
     * The category of one adjustment, refined by the RARCs that came with it and the payer's
     * overrides.
     */
    public Classification classify(
            PayerRules payer, String group, String carc, List<String> rarcs) {
        List<String> warnings = new ArrayList<>(0);
        CodeCatalog.Carc known = catalog.carc(carc);
        if (known == null) warnings.add("unknown CARC " + carc + ": categorized OTHER");
        for (String r : rarcs) {
            if (catalog.rarc(r) == null) warnings.add("unknown RARC " + r);
        }
        CategoryRule rule = mostSpecific(payer.overrides(), group, carc, rarcs);
        Category category;
        String basis;
        if (rule != null) {
            category = rule.category();
            basis = rule.source() + " (" + rule.describe() + ")";
        } else if (catalog.groupCategories().containsKey(group)) {
            category = catalog.groupCategories().get(group);
            basis = "group " + group + " (group-categories.csv)";
        } else if ((rule = mostSpecific(catalog.rules(), group, carc, rarcs)) != null) {
            category = rule.category();
            basis = rule.source() + " (" + rule.describe() + ")";
        } else if (known != null) {
            category = known.category();
            basis = "carc.csv (CARC " + carc + ")";
        } else {
            category = Category.OTHER;
            basis = "unknown CARC " + carc;
        }
        CategoryPolicy policy = catalog.policy(category);
        NextAction action = rule != null && rule.action() != null ? rule.action() : policy.action();
        boolean appealable =
                rule != null && rule.appealable() != null ? rule.appealable() : policy.appealable();
        if (payer.notAppealable().contains(category)) appealable = false;
        String template =
                rule != null && rule.rootCause() != null ? rule.rootCause() : policy.rootCause();
        return new Classification(
                category,
                action,
                appealable,
                rootCause(template, group, carc, known, rarcs),
                basis,
                List.copyOf(warnings));
    }

    private static CategoryRule mostSpecific(
            List<CategoryRule> rules, String group, String carc, List<String> rarcs) {
        CategoryRule best = null;
        for (CategoryRule r : rules) {
            if (r.matches(group, carc, rarcs)
                    && (best == null || r.specificity() > best.specificity())) best = r;
        }
        return best;
    }

    private String rootCause(
            String template,
            String group,
            String carc,
            CodeCatalog.Carc known,
            List<String> rarcs) {
        String text =
                known == null
                        ? "a code this catalog does not know"
                        : firstSentence(known.description());
        StringBuilder s =
                new StringBuilder(
                        template.replace("{code}", group + "-" + carc).replace("{carcText}", text));
        for (String r : rarcs) {
            CodeCatalog.Rarc rarc = catalog.rarc(r);
            if (rarc != null && rarc.supplemental() && !rarc.description().isEmpty()) {
                // a supplemental remark names the field or document to fix: the most useful detail
                // there is
                s.append(" Remark ")
                        .append(r)
                        .append(": ")
                        .append(firstSentence(rarc.description()));
                break;
            }
        }
        return s.toString();
    }

    private static String firstSentence(String text) {
        String t = text.strip();
        int end = t.indexOf(". ");
        if (end > 0) t = t.substring(0, end + 1);
        if (t.length() > 200) t = t.substring(0, 197) + "...";
        if (!t.isEmpty() && !t.endsWith(".")) t = t + ".";
        return t;
    }

    // ---------------------------------------------------------------- the plan

    /**
     * What triage reads of a denial.
     *
     * @param payerIds identifiers the remittance names its payer by, most telling first (N1*PR id,
     *     TRN03, REF*2U)
     * @param receivedDate when the remittance arrived: stands in for a missing payment date
     */
    public record Facts(
            String payerName,
            List<String> payerIds,
            LocalDate paymentDate,
            LocalDate receivedDate,
            LocalDate serviceDate,
            String group,
            String carc,
            List<String> rarcs,
            BigDecimal amount) {}

    public record Plan(
            Category category,
            String rootCause,
            boolean appealable,
            NextAction nextAction,
            LocalDate deadline,
            String deadlineBasis,
            long daysLeft,
            boolean expired,
            BigDecimal expectedRecovery,
            BigDecimal priority,
            String playbook,
            String playbookReason,
            PayerRules payer,
            String categoryBasis,
            List<String> warnings) {

        public boolean payerConfigured() {
            return payer.configured();
        }
    }

    public PayerRules payer(String name, List<String> ids) {
        return payers.resolve(name, ids.toArray(String[]::new));
    }

    public Plan plan(Facts f, LocalDate today) {
        PayerRules payer = payer(f.payerName(), f.payerIds());
        Classification c = classify(payer, f.group(), f.carc(), f.rarcs());
        List<String> warnings = new ArrayList<>(c.warnings());
        if (!payer.configured()) {
            warnings.add(
                    "payer "
                            + (payer.id() == null ? "(no id)" : payer.id())
                            + " is not in config/payers.yml: type OTHER, conservative defaults");
        }
        NextAction action = c.action();
        if (action == NextAction.APPEAL && !c.appealable()) action = NextAction.NEW_CLAIM;
        if (action == NextAction.CORRECTED_CLAIM
                && payer.correction().method() == CorrectionMethod.NEW_CLAIM) {
            action = NextAction.NEW_CLAIM;
        }
        LocalDate decided = f.paymentDate() != null ? f.paymentDate() : f.receivedDate();
        LocalDate deadline;
        String basis;
        switch (action) {
            case APPEAL -> {
                PayerRules.AppealLevel first = payer.appealLevels().get(0);
                deadline = decided.plusDays(first.days());
                basis =
                        first.name()
                                + ": "
                                + first.days()
                                + " days from the "
                                + (f.paymentDate() != null
                                        ? "payment date"
                                        : "date the remittance arrived (it has no payment date)");
            }
            case CORRECTED_CLAIM -> {
                PayerRules.Correction corr = payer.correction();
                boolean fromService =
                        corr.from() == PayerRules.WindowStart.SERVICE_DATE
                                && f.serviceDate() != null;
                deadline = (fromService ? f.serviceDate() : decided).plusDays(corr.days());
                basis =
                        corr.method()
                                + " window: "
                                + corr.days()
                                + " days from the "
                                + (fromService ? "date of service" : "payment date");
            }
            case NEW_CLAIM -> {
                if (f.serviceDate() != null) {
                    deadline = f.serviceDate().plusDays(payer.timelyFilingDays());
                    basis =
                            "timely filing: "
                                    + payer.timelyFilingDays()
                                    + " days from the date of service";
                } else {
                    int days =
                            Math.min(payer.timelyFilingDays(), payer.appealLevels().get(0).days());
                    deadline = decided.plusDays(days);
                    basis =
                            "no date of service: the shorter of timely filing and the appeal window, "
                                    + days
                                    + " days from the payment date";
                    warnings.add("no date of service: deadline estimated from the payment date");
                }
            }
            default ->
                    throw new IllegalStateException(
                            "a denial always has a next action, not " + action);
        }
        long daysLeft = ChronoUnit.DAYS.between(today, deadline);
        boolean expired = daysLeft < 0;
        BigDecimal expected =
                f.amount()
                        .multiply(catalog.policy(c.category()).recoveryPrior())
                        .setScale(2, RoundingMode.HALF_UP);
        BigDecimal priority = Priority.of(expected, daysLeft);
        PlaybookSet.Selection sel =
                playbooks.select(
                        new PlaybookSet.Facts(
                                c.category(), payer, f.carc(), f.rarcs(), f.amount()));
        return new Plan(
                c.category(),
                c.rootCause(),
                c.appealable(),
                action,
                deadline,
                basis,
                daysLeft,
                expired,
                expected,
                priority,
                sel.playbook().id(),
                sel.reason(),
                payer,
                c.basis(),
                List.copyOf(warnings));
    }
}
