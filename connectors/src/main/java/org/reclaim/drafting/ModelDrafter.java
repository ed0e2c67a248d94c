package org.reclaim.drafting;

import static dev.langchain4j.model.chat.Capability.RESPONSE_FORMAT_JSON_SCHEMA;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.output.OutputParsingException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.reclaim.connector.http.HostPolicy;

/**
 * Drafts with a model, and trusts nothing it says. The model sees the facts with PHI replaced by
 * placeholders; each answer is checked against those facts; a refused or failed answer gets one
 * more try, told what was wrong; after that the template's draft is used, marked for review. A
 * configured base URL is checked against the {@link HostPolicy} before every call (its name may
 * resolve elsewhere by now): refused, nothing is sent and the template's draft is used.
 *
 * <p>The model has a circuit breaker (resilience4j): {@link #BREAKER_FAILURES} failed calls in a
 * row (an HTTP error after the client's retries, a timeout, an answer that is not the JSON asked
 * for) open it for {@link #BREAKER_OPEN}; while it is open the model is not called and the
 * template's draft is used at once, its provenance saying why. A checked answer that is refused (a
 * wrong amount) is the model working, and does not count.
 */
final class ModelDrafter implements Drafter {

    static final int MAX_ATTEMPTS = 2;

    /** Long enough for a letter body in JSON; the Anthropic API requires a cap. */
    static final int MAX_OUTPUT_TOKENS = 4096;

    private static final int MAX_ERROR_LENGTH = 300;

    /** Failed model calls in a row that open the breaker. */
    static final int BREAKER_FAILURES = 5;

    /** How long the open breaker keeps the model uncalled before one call may try it again. */
    static final Duration BREAKER_OPEN = Duration.ofSeconds(60);

    /** Changes a template would make as well: no clinical or coding judgement in them. */
    private static final Set<String> MECHANICAL =
            Set.of(
                    ClaimFields.PRIOR_AUTHORIZATION,
                    ClaimFields.REFERRAL,
                    ClaimFields.MEMBER_ID,
                    ClaimFields.FREQUENCY_CODE);

    private final DraftingAssistant assistant;
    private final TokenMeter meter;
    private final TemplateDrafter templates;
    private final CircuitBreaker breaker;
    private final URI base;
    private final HostPolicy hosts;

    ModelDrafter(
            ModelSettings settings,
            TemplateDrafter templates,
            HostPolicy hosts,
            org.reclaim.connector.TimeSource time) {
        this.meter = new TokenMeter();
        this.templates = templates;
        this.base = settings.baseUrl() == null ? null : URI.create(settings.baseUrl());
        this.hosts = hosts;
        this.breaker =
                CircuitBreaker.of(
                        "model",
                        CircuitBreakerConfig.custom()
                                .slidingWindow(
                                        BREAKER_FAILURES,
                                        BREAKER_FAILURES,
                                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                                .failureRateThreshold(100f)
                                .waitDurationInOpenState(BREAKER_OPEN)
                                .permittedNumberOfCallsInHalfOpenState(1)
                                .recordException(e -> e instanceof RuntimeException)
                                .clock(time.clock())
                                .build());
        this.assistant =
                AiServices.builder(DraftingAssistant.class)
                        .chatModel(chatModel(settings, meter))
                        .build();
    }

    static ChatModel chatModel(ModelSettings s, TokenMeter meter) {
        return switch (s.provider()) {
            case OPENAI ->
                    OpenAiChatModel.builder()
                            .baseUrl(s.baseUrl())
                            // Local OpenAI-compatible servers take any key; the client still wants
                            // one to send.
                            .apiKey(s.apiKey() == null ? "none" : s.apiKey())
                            .modelName(s.modelName())
                            .timeout(s.timeout())
                            .maxRetries(s.maxRetries())
                            .responseFormat("json_schema")
                            .strictJsonSchema(true)
                            .listeners(List.of(meter))
                            .build();
            case ANTHROPIC ->
                    AnthropicChatModel.builder()
                            .baseUrl(s.baseUrl())
                            .apiKey(s.apiKey())
                            .modelName(s.modelName())
                            .timeout(s.timeout())
                            .maxRetries(s.maxRetries())
                            .maxTokens(MAX_OUTPUT_TOKENS)
                            .supportedCapabilities(RESPONSE_FORMAT_JSON_SCHEMA)
                            .listeners(List.of(meter))
                            .build();
            case OFFLINE -> throw new IllegalArgumentException("an offline setting has no model");
        };
    }

    @Override
    public Draft<AppealLetter> appeal(AppealFacts facts) {
        // The letter keeps its placeholders: render() fills them in when the letter is printed. A
        // record that speaks to the model has a person look at the letter, even one that passed.
        boolean instructed =
                !RecordInstructions.in(facts.documents(), Placeholders.of(facts)).isEmpty();
        return draft(
                FactSheet.of(facts),
                "Write the appeal.",
                assistant::appeal,
                answer -> answer,
                answer -> AnswerCheck.appeal(answer, facts),
                answer -> instructed,
                () -> templates.appeal(facts));
    }

    @Override
    public Draft<ClaimCorrection> correction(CorrectionFacts facts) {
        Map<String, String> phi = Placeholders.of(facts);
        return draft(
                FactSheet.of(facts),
                "Propose the corrections.",
                assistant::correction,
                answer -> withEvidence(restore(answer, phi), facts),
                answer -> AnswerCheck.correction(answer, facts),
                answer ->
                        answer.changes().isEmpty()
                                || !answer.changes().stream()
                                        .allMatch(c -> MECHANICAL.contains(c.field())),
                () -> templates.correction(facts));
    }

    private <T> Draft<T> draft(
            String sheet,
            String task,
            Function<String, Result<T>> ask,
            Function<T, T> restore,
            Function<T, List<String>> check,
            Predicate<T> review,
            Supplier<Draft<T>> fallback) {
        TokenMeter.Usage usage = meter.start();
        try {
            List<String> refused = new ArrayList<>();
            List<String> problems = List.of();
            int made = 0;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<String> hostRefused =
                        base == null ? Optional.empty() : hosts.refusal(base);
                if (hostRefused.isPresent()) {
                    refused.add(
                            "attempt " + attempt + ": model host refused: " + hostRefused.get());
                    break;
                }
                made = attempt;
                String request =
                        problems.isEmpty() ? first(sheet, task) : followUp(sheet, task, problems);
                try {
                    T answer =
                            restore.apply(
                                    breaker.executeSupplier(() -> ask.apply(request)).content());
                    problems = check.apply(answer);
                    if (problems.isEmpty()) {
                        return new Draft<>(
                                answer,
                                Draft.Source.MODEL,
                                review.test(answer),
                                refused,
                                usage.in,
                                usage.out,
                                attempt);
                    }
                } catch (CallNotPermittedException e) {
                    refused.add(
                            (attempt == 1
                                            ? "model not called"
                                            : "attempt " + attempt + ": model not called")
                                    + ": its circuit breaker is open after "
                                    + BREAKER_FAILURES
                                    + " failed calls in a row; the offline template was used");
                    Draft<T> t = fallback.get();
                    return new Draft<>(
                            t.value(),
                            Draft.Source.TEMPLATE,
                            true,
                            refused,
                            usage.in,
                            usage.out,
                            attempt - 1);
                } catch (OutputParsingException e) {
                    problems = List.of("the answer is not the JSON asked for: " + cause(e));
                } catch (RuntimeException e) {
                    // A transport fault says nothing about the answer: the next try asks the same
                    // question.
                    problems = List.of();
                    refused.add("attempt " + attempt + ": model call failed: " + describe(e));
                }
                for (String p : problems) refused.add("attempt " + attempt + ": " + p);
            }
            Draft<T> t = fallback.get();
            return new Draft<>(
                    t.value(), Draft.Source.TEMPLATE, true, refused, usage.in, usage.out, made);
        } finally {
            meter.stop();
        }
    }

    private static String first(String sheet, String task) {
        return "Facts:\n" + sheet + "\n" + task;
    }

    private static String followUp(String sheet, String task, List<String> problems) {
        StringBuilder b = new StringBuilder(first(sheet, task));
        b.append("\n\nYour previous answer was refused for these reasons:\n");
        for (String p : problems) b.append("- ").append(p).append('\n');
        b.append("Answer again from the facts above, fixing every point.");
        return b.toString();
    }

    /** Placeholders in a change's values stand for the real values the corrected claim needs. */
    private static ClaimCorrection restore(ClaimCorrection c, Map<String, String> phi) {
        return new ClaimCorrection(
                c.changes().stream()
                        .map(
                                ch ->
                                        new FieldChange(
                                                ch.field(),
                                                Placeholders.fill(ch.from(), phi),
                                                Placeholders.fill(ch.to(), phi)))
                        .toList(),
                c.justification());
    }

    /**
     * The evidence of a checked answer is what the rules found, not what the model says it read.
     */
    private static ClaimCorrection withEvidence(ClaimCorrection c, CorrectionFacts facts) {
        List<String> evidence =
                CodingRules.findings(facts).stream()
                        .filter(
                                x ->
                                        c.changes().stream()
                                                .anyMatch(
                                                        ch ->
                                                                ch.field()
                                                                                .equals(
                                                                                        ClaimFields
                                                                                                .line(
                                                                                                        x
                                                                                                                .line(),
                                                                                                        "modifiers"))
                                                                        && ClaimFields.modifiers(
                                                                                        ch.to())
                                                                                .contains(
                                                                                        x.rule()
                                                                                                .modifier())))
                        .map(CodingRules.Finding::describe)
                        .toList();
        return new ClaimCorrection(c.changes(), c.justification(), evidence);
    }

    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return shorten(
                root == e
                        ? String.valueOf(e.getMessage())
                        : root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    private static String describe(Throwable e) {
        return shorten(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_ERROR_LENGTH
                ? oneLine
                : oneLine.substring(0, MAX_ERROR_LENGTH) + "…";
    }
}
