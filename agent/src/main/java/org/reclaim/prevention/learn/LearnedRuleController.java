package org.reclaim.prevention.learn;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.NotFoundException;
import org.reclaim.security.Callers;
import org.reclaim.security.TargetPractice;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import reactor.core.publisher.Mono;

/**
 * The learned rules of a practice (its key's, or an operator's {@code ?practice=}): listed with
 * their evidence, disabled and enabled by operators, relearned from the whole history, and the
 * backtest; the {@code /prevention/rules} page shows the same list.
 */
@Controller
class LearnedRuleController {

    private final LearnedRules rules;
    private final Learner learner;
    private final Backtest backtest;
    private final TargetPractice target;
    private final DatabaseClient db;

    LearnedRuleController(
            LearnedRules rules,
            Learner learner,
            Backtest backtest,
            TargetPractice target,
            DatabaseClient db) {
        this.rules = rules;
        this.learner = learner;
        this.backtest = backtest;
        this.target = target;
        this.db = db;
    }

    private record Practice(UUID id, String slug) {}

    private Mono<Practice> practice(String practice) {
        return target.of(practice)
                .flatMap(
                        id ->
                                db.sql("SELECT slug FROM practice WHERE id = :id")
                                        .bind("id", id)
                                        .map(r -> new Practice(id, r.get("slug", String.class)))
                                        .one());
    }

    @GetMapping("/api/v1/prevention/rules")
    @ResponseBody
    Mono<Map<String, Object>> list(@RequestParam(required = false) String practice) {
        return practice(practice)
                .flatMap(
                        p ->
                                rules.learned(p.id(), p.slug())
                                        .map(
                                                all -> {
                                                    Map<String, Object> m = new LinkedHashMap<>();
                                                    m.put("practice", p.slug());
                                                    m.put(
                                                            "rules",
                                                            all.stream()
                                                                    .map(
                                                                            LearnedRules.Learned
                                                                                    ::toMap)
                                                                    .toList());
                                                    return m;
                                                }));
    }

    @PostMapping("/api/v1/prevention/rules/{id}/disable")
    @ResponseBody
    Mono<Map<String, Object>> disable(
            @PathVariable String id, @RequestParam(required = false) String practice) {
        return set(id, practice, false).map(LearnedRules.Learned::toMap);
    }

    @PostMapping("/api/v1/prevention/rules/{id}/enable")
    @ResponseBody
    Mono<Map<String, Object>> enable(
            @PathVariable String id, @RequestParam(required = false) String practice) {
        return set(id, practice, true).map(LearnedRules.Learned::toMap);
    }

    private Mono<LearnedRules.Learned> set(String id, String practice, boolean enabled) {
        return Callers.operator("enabling and disabling learned rules")
                .flatMap(
                        operator ->
                                practice(practice)
                                        .flatMap(
                                                p ->
                                                        rules.setEnabled(
                                                                p.id(),
                                                                p.slug(),
                                                                id,
                                                                enabled,
                                                                "operator:" + operator)))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("learned rule", id)));
    }

    /** Learns the practice's whole history again (operators only); the rules it then has. */
    @PostMapping("/api/v1/prevention/relearn")
    @ResponseBody
    Mono<Map<String, Object>> relearn(@RequestParam(required = false) String practice) {
        return Callers.operator("relearning")
                .then(practice(practice))
                .flatMap(p -> learner.relearn(p.id()).then(list(p.slug())));
    }

    @GetMapping("/api/v1/prevention/backtest")
    @ResponseBody
    Mono<Map<String, Object>> backtest(
            @RequestParam(required = false) String until,
            @RequestParam(required = false) String practice) {
        LocalDate date = date(until);
        return practice(practice).flatMap(p -> backtest.run(p.id(), p.slug(), date));
    }

    static LocalDate date(String until) {
        if (until == null || until.isBlank())
            throw new BadRequestException("until is required: a date, YYYY-MM-DD");
        try {
            return LocalDate.parse(until.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("until must be a date, YYYY-MM-DD; got " + until);
        }
    }

    @GetMapping("/prevention/rules")
    Mono<String> page(@RequestParam(required = false) String practice, Model model) {
        return practice(practice)
                .flatMap(
                        p ->
                                rules.learned(p.id(), p.slug())
                                        .map(
                                                all -> {
                                                    model.addAttribute("practice", p.slug());
                                                    model.addAttribute(
                                                            "rules",
                                                            all.stream()
                                                                    .map(
                                                                            LearnedRules.Learned
                                                                                    ::toMap)
                                                                    .toList());
                                                    return "learned-rules";
                                                }));
    }

    @PostMapping("/prevention/rules/{id}/{action:disable|enable}")
    Mono<String> pageSet(
            @PathVariable String id,
            @PathVariable String action,
            @RequestParam(required = false) String practice) {
        return set(id, practice, action.equals("enable"))
                .map(
                        l ->
                                "redirect:/prevention/rules?practice="
                                        + (practice == null ? "" : practice)
                                        + "&"
                                        + action
                                        + "d="
                                        + l.rule().rule().id());
    }
}
