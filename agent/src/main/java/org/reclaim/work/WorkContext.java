package org.reclaim.work;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reclaim.connector.payer.CaseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What earlier steps of a denial's playbook found and did (an authorization number, a draft's
 * artifact id, a submission's key, the appeal level): kept on the work item between steps and
 * across restarts. A typed record, stored as JSON ({@link #encode()}); rows written before it was,
 * as {@code key=value} lines, still load ({@link #decode(String)} reads both).
 *
 * <p>Steps read and change it by its keys ({@link #get}, {@link #with}, {@link
 * StepResult#context()}), each of which names one typed field; a key it does not know is refused, a
 * value that does not fit its field (an artifact id that is not a UUID, a time that is not an
 * instant) too. The keys:
 *
 * <ul>
 *   <li>{@code pending.submit} ({@code claim}, {@code appeal}, or empty once sent), {@code
 *       submission.key}
 *   <li>{@code claimArtifact}, {@code claim.method}, {@code claim.control}, {@code claim.base},
 *       {@code claim.replaces}; {@code appealArtifact}
 *   <li>{@code draft.needsReview}, {@code draft.errors}, {@code draft.source}, {@code
 *       draft.changes}, {@code draft.evidence} (tab-separated), {@code draft.rules}
 *       (comma-separated rule ids), {@code draft.documents} (tab-separated names)
 *   <li>{@code portal.case}, {@code portal.decision}
 *   <li>{@code authorizationNumber}, {@code authorizationSource}, {@code eligibleMemberId}, {@code
 *       documents} (names, tab-separated), {@code claimStatus}, {@code rebilled}, {@code
 *       escalate.reason}, {@code rejection}, {@code write-off.reason}
 *   <li>{@code eligibility.candidate}, {@code eligibility.candidate.source} (the member id the
 *       records state, a candidate until a 271 confirms it), {@code eligibleMemberId.source}
 *   <li>{@code appeal.attachments} (what the drafted appeal encloses, tab-separated), {@code
 *       appeal.evidence} (what it rests on: acknowledgment ids, control numbers, document names),
 *       {@code appeal.unanswered} (why no appeal was drafted: no enclosure answers the denial),
 *       {@code appeal.covers} (the other denials of the claim, for the same reason, whose lines the
 *       appeal lists too: denial ids, comma-separated)
 *   <li>per step {@code s} (its id in the playbook): {@code artifact.s}, {@code review.s} ({@code
 *       APPROVED} or {@code REJECTED}), {@code review.s.edit.<field>}, {@code await.s}, {@code
 *       case.s.asked}, {@code case.s.due}, and {@code 276.s.*} / {@code 270.s.*} ({@code sent},
 *       {@code asked}, {@code trace}, {@code due})
 * </ul>
 *
 * <p>Contexts stored before steps had ids keep each step's values under its index ({@code
 * review.3}); they still load, and {@link #keyedBy} moves them to the ids of the item's playbook.
 *
 * @param steps what each step (by its id in the playbook; a number: by its index, as stored before
 *     ids) keeps for itself
 */
public record WorkContext(
        Pending pendingSubmit,
        String submissionKey,
        Claim claim,
        UUID appealArtifact,
        Draft draft,
        PortalCase portal,
        Authorization authorization,
        String eligibleMemberId,
        List<String> documents,
        String claimStatus,
        Boolean rebilled,
        String escalateReason,
        String rejection,
        Discovery discovery,
        Appeal appeal,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, StepState> steps,
        String writeOffReason) {

    private static final Logger log = LoggerFactory.getLogger(WorkContext.class);

    /** Nothing found or done yet. */
    public static final WorkContext EMPTY =
            new WorkContext(
                    null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null);

    private static final JsonMapper JSON =
            JsonMapper.builder()
                    // a field a newer version wrote is ignored, not fatal: a work item must always
                    // load
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .changeDefaultPropertyInclusion(
                            v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
                    .build();

    public WorkContext {
        documents = documents == null ? null : List.copyOf(documents);
        steps =
                steps == null
                        ? Collections.emptySortedMap()
                        : Collections.unmodifiableSortedMap(new TreeMap<>(steps));
    }

    /**
     * What is to be submitted next: the drafted claim, the drafted appeal, or nothing (SENT: it
     * went).
     */
    public enum Pending {
        CLAIM("claim"),
        APPEAL("appeal"),
        SENT("");

        private final String word;

        Pending(String word) {
            this.word = word;
        }

        static Pending of(String word) {
            for (Pending p : values()) if (p.word.equals(word)) return p;
            throw new IllegalArgumentException(
                    "pending.submit is claim, appeal or empty, not '" + word + "'");
        }
    }

    /**
     * The corrected claim drafted: its artifact, the payer's correction method, its control number,
     * what it was drafted on.
     */
    public record Claim(
            UUID artifact, String method, String control, String base, String replaces) {
        public Claim(UUID artifact, String method, String control, String base) {
            this(artifact, method, control, base, null);
        }
    }

    /**
     * The last draft: whether it must be reviewed (it failed validation), why, and who wrote it.
     */
    public record Draft(
            Boolean needsReview,
            String errors,
            String source,
            String changes,
            String evidence,
            String rules,
            String documents) {
        public Draft(Boolean needsReview, String errors, String source) {
            this(needsReview, errors, source, null, null, null, null);
        }
    }

    /**
     * The case an appeal or reopening filed through the payer's portal got, and the portal's
     * decision on it.
     */
    public record PortalCase(String caseId, CaseStatus.State decision) {}

    /**
     * The evidence of the last appeal drafted: the enclosures it lists, what they rest on; or why
     * none was drafted (no enclosure answers the denial).
     */
    public record Appeal(
            List<String> attachments, String evidence, String unanswered, String covers) {
        public Appeal {
            attachments = attachments == null ? null : List.copyOf(attachments);
        }
    }

    /**
     * The prior authorization found for the service, and where ({@code portal}; absent: the
     * practice's records).
     */
    public record Authorization(String number, String source) {}

    public enum Decision {
        APPROVED,
        REJECTED
    }

    /**
     * An operator's decision on a step's review, with the edits approved with it (by field name).
     */
    public record Review(
            Decision decision,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, String> edits) {
        public Review {
            edits =
                    edits == null
                            ? Collections.emptySortedMap()
                            : Collections.unmodifiableSortedMap(new TreeMap<>(edits));
        }
    }

    /**
     * Eligibility discovery: the member id the practice's documents state ({@code candidate}, a
     * candidate only, never used unless a 271 confirms it) and where it was read, and what gave the
     * member id in use ({@code memberSource}, e.g. the 271 by its trace).
     */
    public record Discovery(String candidate, String candidateSource, String memberSource) {}

    /** A case followed on the payer's portal: the looks so far and when to look again. */
    public record FollowUp(Integer asked, Instant due) {}

    /**
     * A 276 or 270 inquiry out: the marker its answer comes after, inquiries so far, its trace and
     * when it is due.
     */
    public record Inquiry(UUID sent, Integer asked, String trace, Instant due) {}

    /**
     * What one step keeps: the artifact it drafted, the review of it, the time it waits until, the
     * portal case it follows and the inquiries it sent (by transaction type, {@code 276} or {@code
     * 270}).
     */
    public record StepState(
            UUID artifact,
            Review review,
            Instant awaitUntil,
            FollowUp portalFollowUp,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Inquiry> inquiries) {

        public static final StepState NONE = new StepState(null, null, null, null, null);

        public StepState {
            inquiries =
                    inquiries == null
                            ? Collections.emptySortedMap()
                            : Collections.unmodifiableSortedMap(new TreeMap<>(inquiries));
        }

        public Inquiry inquiry(String type) {
            return inquiries.get(type);
        }
    }

    /** What the step with this id keeps; {@link StepState#NONE} when nothing. */
    public StepState step(String id) {
        return steps.getOrDefault(id, StepState.NONE);
    }

    /**
     * The context with what steps kept under their index (stored before steps had ids) moved to the
     * ids of {@code playbook}'s steps at those indexes; a value kept under the index wins over one
     * kept under the id (it was written later, by code that knew only the index). An index the
     * playbook has no step at is left as it is.
     */
    public WorkContext keyedBy(org.reclaim.playbook.Playbook playbook) {
        if (steps.keySet().stream().noneMatch(WorkContext::isIndex)) return this;
        Map<String, String> byIndex = new LinkedHashMap<>();
        asMap().forEach(
                        (k, v) -> {
                            Key key = Key.of(k);
                            if (key.step != null && isIndex(key.step)) byIndex.put(k, v);
                        });
        Map<String, String> changes = new LinkedHashMap<>();
        byIndex.forEach(
                (k, v) -> {
                    Key key = Key.of(k);
                    int i = Integer.parseInt(key.step);
                    if (i >= playbook.steps().size()) return;
                    String id = playbook.steps().get(i).id();
                    changes.put(k, null);
                    changes.put(
                            key.field == null
                                    ? stepKey(key.name, id)
                                    : "review." + id + ".edit." + key.field,
                            v);
                });
        // removals first, then the values under the ids
        Map<String, String> ordered = new LinkedHashMap<>();
        changes.forEach(
                (k, v) -> {
                    if (v == null) ordered.put(k, null);
                });
        changes.forEach(
                (k, v) -> {
                    if (v != null) ordered.put(k, v);
                });
        return with(ordered);
    }

    private static boolean isIndex(String step) {
        return !step.isEmpty() && Character.isDigit(step.charAt(0));
    }

    // ------------------------------------------------------------------ storage

    /**
     * The stored text: JSON, or (written before the typed context) {@code key=value} lines. Blank:
     * empty.
     */
    public static WorkContext decode(String text) {
        if (text == null || text.isBlank()) return EMPTY;
        if (text.stripLeading().startsWith("{")) {
            try {
                return JSON.readValue(text, WorkContext.class);
            } catch (JacksonException e) {
                throw new IllegalStateException(
                        "unreadable work context: " + e.getOriginalMessage(), e);
            }
        }
        return legacy(text);
    }

    public String encode() {
        return JSON.writeValueAsString(this);
    }

    /**
     * The {@code key=value} lines of old rows, values escaped ({@code \\} and {@code \n}). A line
     * whose key or value no longer fits is left out (logged), never fatal: the item must load.
     */
    static WorkContext legacy(String text) {
        Builder b = new Builder(EMPTY);
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq);
            try {
                b.set(key, unescape(line.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                log.warn("work context line '{}' left out: {}", key, e.getMessage());
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ by key

    /** The value of a key as the steps write it; null when absent. */
    public String get(String key) {
        Key k = Key.of(key);
        return k.step == null
                ? GLOBAL.get(k.name).get.apply(this)
                : STEP.get(k.name).get.apply(step(k.step), k.field);
    }

    /** The context with these keys set (a null value removes the key). */
    public WorkContext with(Map<String, String> changes) {
        if (changes.isEmpty()) return this;
        Builder b = new Builder(this);
        changes.forEach(b::set);
        return b.build();
    }

    /** Every key that has a value, in a stable order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        GLOBAL.forEach(
                (name, f) -> {
                    String v = f.get.apply(this);
                    if (v != null) m.put(name, v);
                });
        steps.forEach(
                (i, s) -> {
                    STEP.forEach(
                            (name, f) -> {
                                if (name.equals("review.edit")) return;
                                String v = f.get.apply(s, null);
                                if (v != null) m.put(stepKey(name, i), v);
                            });
                    if (s.review() != null)
                        s.review()
                                .edits()
                                .forEach((field, v) -> m.put("review." + i + ".edit." + field, v));
                });
        return Collections.unmodifiableMap(m);
    }

    private static String stepKey(String name, String i) {
        int dot = name.indexOf('.');
        return dot < 0 ? name + "." + i : name.substring(0, dot) + "." + i + name.substring(dot);
    }

    /**
     * A key parsed: a global name, or a step's name with its index (and, for an edit, the field).
     */
    private record Key(String name, String step, String field) {
        /** a step id (PlaybookSet), or an index (stored before steps had ids) */
        private static final String STEP_ID = "([a-z][a-z0-9-]{0,62}|\\d{1,4})";

        private static final Pattern STEP_KEY =
                Pattern.compile(
                        "(artifact|review|await)\\."
                                + STEP_ID
                                + "|(case|276|270)\\."
                                + STEP_ID
                                + "\\.(\\w+)|review\\."
                                + STEP_ID
                                + "\\.edit\\.(.+)");

        static Key of(String key) {
            if (key == null || key.isEmpty() || key.contains("=") || key.contains("\n")) {
                throw new IllegalArgumentException("bad key " + key);
            }
            if (GLOBAL.containsKey(key)) return new Key(key, null, null);
            Matcher m = STEP_KEY.matcher(key);
            if (m.matches()) {
                Key k =
                        m.group(1) != null
                                ? new Key(m.group(1), m.group(2), null)
                                : m.group(3) != null
                                        ? new Key(m.group(3) + "." + m.group(5), m.group(4), null)
                                        : new Key("review.edit", m.group(6), m.group(7));
                if (STEP.containsKey(k.name)) return k;
            }
            throw new IllegalArgumentException("the work context has no key " + key);
        }
    }

    private record Global(Function<WorkContext, String> get, BiConsumer<Builder, String> set) {}

    private interface StepGet {
        String apply(StepState s, String field);
    }

    private interface StepSet {
        void apply(StepBuilder s, String field, String value);
    }

    private record StepField(StepGet get, StepSet set) {}

    private static final Map<String, Global> GLOBAL = new LinkedHashMap<>();
    private static final Map<String, StepField> STEP = new LinkedHashMap<>();

    private static void global(
            String key, Function<WorkContext, String> get, BiConsumer<Builder, String> set) {
        GLOBAL.put(key, new Global(get, set));
    }

    private static void step(String key, StepGet get, StepSet set) {
        STEP.put(key, new StepField(get, set));
    }

    static {
        global(
                "pending.submit",
                c -> c.pendingSubmit == null ? null : c.pendingSubmit.word,
                (b, v) -> b.pendingSubmit = v == null ? null : Pending.of(v));
        global("submission.key", WorkContext::submissionKey, (b, v) -> b.submissionKey = v);
        global(
                "claimArtifact",
                c -> c.claim == null ? null : text(c.claim.artifact()),
                (b, v) -> b.claimArtifact = uuid(v));
        global(
                "claim.method",
                c -> c.claim == null ? null : c.claim.method(),
                (b, v) -> b.claimMethod = v);
        global(
                "claim.control",
                c -> c.claim == null ? null : c.claim.control(),
                (b, v) -> b.claimControl = v);
        global(
                "claim.base",
                c -> c.claim == null ? null : c.claim.base(),
                (b, v) -> b.claimBase = v);
        global("appealArtifact", c -> text(c.appealArtifact), (b, v) -> b.appealArtifact = uuid(v));
        global(
                "draft.needsReview",
                c -> c.draft == null ? null : text(c.draft.needsReview()),
                (b, v) -> b.draftNeedsReview = bool(v));
        global(
                "draft.errors",
                c -> c.draft == null ? null : c.draft.errors(),
                (b, v) -> b.draftErrors = v);
        global(
                "draft.source",
                c -> c.draft == null ? null : c.draft.source(),
                (b, v) -> b.draftSource = v);
        global(
                "draft.changes",
                c -> c.draft == null ? null : c.draft.changes(),
                (b, v) -> b.draftChanges = v);
        global(
                "draft.evidence",
                c -> c.draft == null ? null : c.draft.evidence(),
                (b, v) -> b.draftEvidence = v);
        global(
                "draft.rules",
                c -> c.draft == null ? null : c.draft.rules(),
                (b, v) -> b.draftRules = v);
        global(
                "draft.documents",
                c -> c.draft == null ? null : c.draft.documents(),
                (b, v) -> b.draftDocuments = v);
        global(
                "claim.replaces",
                c -> c.claim == null ? null : c.claim.replaces(),
                (b, v) -> b.claimReplaces = v);
        global("write-off.reason", WorkContext::writeOffReason, (b, v) -> b.writeOffReason = v);
        global(
                "portal.case",
                c -> c.portal == null ? null : c.portal.caseId(),
                (b, v) -> b.portalCase = v);
        global(
                "portal.decision",
                c -> c.portal == null ? null : text(c.portal.decision()),
                (b, v) -> b.portalDecision = v == null ? null : CaseStatus.State.valueOf(v));
        global(
                "authorizationNumber",
                c -> c.authorization == null ? null : c.authorization.number(),
                (b, v) -> b.authorizationNumber = v);
        global(
                "authorizationSource",
                c -> c.authorization == null ? null : c.authorization.source(),
                (b, v) -> b.authorizationSource = v);
        global("eligibleMemberId", WorkContext::eligibleMemberId, (b, v) -> b.eligibleMemberId = v);
        global(
                "documents",
                c -> c.documents == null ? null : String.join("\t", c.documents),
                (b, v) ->
                        b.documents =
                                v == null
                                        ? null
                                        : v.isEmpty() ? List.of() : List.of(v.split("\t")));
        global("claimStatus", WorkContext::claimStatus, (b, v) -> b.claimStatus = v);
        global("rebilled", c -> text(c.rebilled), (b, v) -> b.rebilled = bool(v));
        global("escalate.reason", WorkContext::escalateReason, (b, v) -> b.escalateReason = v);
        global("rejection", WorkContext::rejection, (b, v) -> b.rejection = v);
        global(
                "eligibility.candidate",
                c -> c.discovery == null ? null : c.discovery.candidate(),
                (b, v) -> b.candidate = v);
        global(
                "eligibility.candidate.source",
                c -> c.discovery == null ? null : c.discovery.candidateSource(),
                (b, v) -> b.candidateSource = v);
        global(
                "eligibleMemberId.source",
                c -> c.discovery == null ? null : c.discovery.memberSource(),
                (b, v) -> b.memberSource = v);
        global(
                "appeal.attachments",
                c ->
                        c.appeal == null || c.appeal.attachments() == null
                                ? null
                                : String.join("\t", c.appeal.attachments()),
                (b, v) ->
                        b.appealAttachments =
                                v == null
                                        ? null
                                        : v.isEmpty() ? List.of() : List.of(v.split("\t")));
        global(
                "appeal.evidence",
                c -> c.appeal == null ? null : c.appeal.evidence(),
                (b, v) -> b.appealEvidence = v);
        global(
                "appeal.unanswered",
                c -> c.appeal == null ? null : c.appeal.unanswered(),
                (b, v) -> b.appealUnanswered = v);
        global(
                "appeal.covers",
                c -> c.appeal == null ? null : c.appeal.covers(),
                (b, v) -> b.appealCovers = v);

        step("artifact", (s, f) -> text(s.artifact()), (s, f, v) -> s.artifact = uuid(v));
        step(
                "review",
                (s, f) -> s.review() == null ? null : text(s.review().decision()),
                (s, f, v) -> s.decision = v == null ? null : Decision.valueOf(v));
        step(
                "review.edit",
                (s, f) -> s.review() == null ? null : s.review().edits().get(f),
                (s, f, v) -> {
                    if (v == null) s.edits.remove(f);
                    else s.edits.put(f, v);
                });
        step("await", (s, f) -> text(s.awaitUntil()), (s, f, v) -> s.awaitUntil = instant(v));
        step(
                "case.asked",
                (s, f) -> s.portalFollowUp() == null ? null : text(s.portalFollowUp().asked()),
                (s, f, v) -> s.caseAsked = integer(v));
        step(
                "case.due",
                (s, f) -> s.portalFollowUp() == null ? null : text(s.portalFollowUp().due()),
                (s, f, v) -> s.caseDue = instant(v));
        for (String type : new String[] {"276", "270"}) {
            step(
                    type + ".sent",
                    (s, f) -> s.inquiry(type) == null ? null : text(s.inquiry(type).sent()),
                    (s, f, v) -> s.inquiry(type).sent = uuid(v));
            step(
                    type + ".asked",
                    (s, f) -> s.inquiry(type) == null ? null : text(s.inquiry(type).asked()),
                    (s, f, v) -> s.inquiry(type).asked = integer(v));
            step(
                    type + ".trace",
                    (s, f) -> s.inquiry(type) == null ? null : s.inquiry(type).trace(),
                    (s, f, v) -> s.inquiry(type).trace = v);
            step(
                    type + ".due",
                    (s, f) -> s.inquiry(type) == null ? null : text(s.inquiry(type).due()),
                    (s, f, v) -> s.inquiry(type).due = instant(v));
        }
    }

    private static String text(Object v) {
        return v == null ? null : v instanceof Enum<?> e ? e.name() : v.toString();
    }

    private static UUID uuid(String v) {
        return v == null ? null : UUID.fromString(v);
    }

    private static Instant instant(String v) {
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not an instant: " + v, e);
        }
    }

    private static Integer integer(String v) {
        return v == null ? null : Integer.valueOf(v);
    }

    private static Boolean bool(String v) {
        if (v == null) return null;
        if (!v.equals("true") && !v.equals("false"))
            throw new IllegalArgumentException("not true or false: " + v);
        return Boolean.valueOf(v);
    }

    private static String unescape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ changing

    /**
     * The context taken apart to be changed key by key, then put together again (empty parts
     * dropped).
     */
    private static final class Builder {
        Pending pendingSubmit;
        String submissionKey;
        UUID claimArtifact;
        String claimMethod;
        String claimControl;
        String claimBase;
        UUID appealArtifact;
        Boolean draftNeedsReview;
        String draftErrors;
        String draftSource;
        String draftChanges;
        String draftEvidence;
        String draftRules;
        String draftDocuments;
        String claimReplaces;
        String writeOffReason;
        String portalCase;
        CaseStatus.State portalDecision;
        String authorizationNumber;
        String authorizationSource;
        String eligibleMemberId;
        List<String> documents;
        String claimStatus;
        Boolean rebilled;
        String escalateReason;
        String rejection;
        String candidate;
        String candidateSource;
        String memberSource;
        List<String> appealAttachments;
        String appealEvidence;
        String appealUnanswered;
        String appealCovers;
        final TreeMap<String, StepBuilder> steps = new TreeMap<>();

        Builder(WorkContext c) {
            pendingSubmit = c.pendingSubmit;
            submissionKey = c.submissionKey;
            if (c.claim != null) {
                claimArtifact = c.claim.artifact();
                claimMethod = c.claim.method();
                claimControl = c.claim.control();
                claimBase = c.claim.base();
                claimReplaces = c.claim.replaces();
            }
            appealArtifact = c.appealArtifact;
            if (c.draft != null) {
                draftNeedsReview = c.draft.needsReview();
                draftErrors = c.draft.errors();
                draftSource = c.draft.source();
                draftChanges = c.draft.changes();
                draftEvidence = c.draft.evidence();
                draftRules = c.draft.rules();
                draftDocuments = c.draft.documents();
            }
            if (c.portal != null) {
                portalCase = c.portal.caseId();
                portalDecision = c.portal.decision();
            }
            if (c.authorization != null) {
                authorizationNumber = c.authorization.number();
                authorizationSource = c.authorization.source();
            }
            eligibleMemberId = c.eligibleMemberId;
            documents = c.documents;
            claimStatus = c.claimStatus;
            rebilled = c.rebilled;
            escalateReason = c.escalateReason;
            rejection = c.rejection;
            if (c.discovery != null) {
                candidate = c.discovery.candidate();
                candidateSource = c.discovery.candidateSource();
                memberSource = c.discovery.memberSource();
            }
            if (c.appeal != null) {
                appealAttachments = c.appeal.attachments();
                appealEvidence = c.appeal.evidence();
                appealUnanswered = c.appeal.unanswered();
                appealCovers = c.appeal.covers();
            }
            writeOffReason = c.writeOffReason;
            c.steps.forEach((i, s) -> steps.put(i, new StepBuilder(s)));
        }

        void set(String key, String value) {
            Key k = Key.of(key);
            if (k.step == null) GLOBAL.get(k.name).set.accept(this, value);
            else
                STEP.get(k.name)
                        .set
                        .apply(
                                steps.computeIfAbsent(k.step, i -> new StepBuilder(StepState.NONE)),
                                k.field,
                                value);
        }

        WorkContext build() {
            SortedMap<String, StepState> built = new TreeMap<>();
            steps.forEach(
                    (i, s) -> {
                        StepState state = s.build();
                        if (state != null) built.put(i, state);
                    });
            return new WorkContext(
                    pendingSubmit,
                    submissionKey,
                    allNull(claimArtifact, claimMethod, claimControl, claimBase, claimReplaces)
                            ? null
                            : new Claim(
                                    claimArtifact,
                                    claimMethod,
                                    claimControl,
                                    claimBase,
                                    claimReplaces),
                    appealArtifact,
                    allNull(
                                    draftNeedsReview,
                                    draftErrors,
                                    draftSource,
                                    draftChanges,
                                    draftEvidence,
                                    draftRules,
                                    draftDocuments)
                            ? null
                            : new Draft(
                                    draftNeedsReview,
                                    draftErrors,
                                    draftSource,
                                    draftChanges,
                                    draftEvidence,
                                    draftRules,
                                    draftDocuments),
                    allNull(portalCase, portalDecision)
                            ? null
                            : new PortalCase(portalCase, portalDecision),
                    allNull(authorizationNumber, authorizationSource)
                            ? null
                            : new Authorization(authorizationNumber, authorizationSource),
                    eligibleMemberId,
                    documents,
                    claimStatus,
                    rebilled,
                    escalateReason,
                    rejection,
                    allNull(candidate, candidateSource, memberSource)
                            ? null
                            : new Discovery(candidate, candidateSource, memberSource),
                    allNull(appealAttachments, appealEvidence, appealUnanswered, appealCovers)
                            ? null
                            : new Appeal(
                                    appealAttachments,
                                    appealEvidence,
                                    appealUnanswered,
                                    appealCovers),
                    built,
                    writeOffReason);
        }
    }

    private static final class StepBuilder {
        UUID artifact;
        Decision decision;
        final TreeMap<String, String> edits = new TreeMap<>();
        Instant awaitUntil;
        Integer caseAsked;
        Instant caseDue;
        final TreeMap<String, InquiryBuilder> inquiries = new TreeMap<>();

        StepBuilder(StepState s) {
            artifact = s.artifact();
            if (s.review() != null) {
                decision = s.review().decision();
                edits.putAll(s.review().edits());
            }
            awaitUntil = s.awaitUntil();
            if (s.portalFollowUp() != null) {
                caseAsked = s.portalFollowUp().asked();
                caseDue = s.portalFollowUp().due();
            }
            s.inquiries().forEach((type, q) -> inquiries.put(type, new InquiryBuilder(q)));
        }

        InquiryBuilder inquiry(String type) {
            return inquiries.computeIfAbsent(type, t -> new InquiryBuilder(null));
        }

        /** Null when the step keeps nothing. */
        StepState build() {
            SortedMap<String, Inquiry> qs = new TreeMap<>();
            inquiries.forEach(
                    (type, q) -> {
                        if (!allNull(q.sent, q.asked, q.trace, q.due))
                            qs.put(type, new Inquiry(q.sent, q.asked, q.trace, q.due));
                    });
            Review review =
                    decision == null && edits.isEmpty() ? null : new Review(decision, edits);
            FollowUp followUp =
                    allNull(caseAsked, caseDue) ? null : new FollowUp(caseAsked, caseDue);
            if (allNull(artifact, review, awaitUntil, followUp) && qs.isEmpty()) return null;
            return new StepState(artifact, review, awaitUntil, followUp, qs);
        }
    }

    private static final class InquiryBuilder {
        UUID sent;
        Integer asked;
        String trace;
        Instant due;

        InquiryBuilder(Inquiry q) {
            if (q != null) {
                sent = q.sent();
                asked = q.asked();
                trace = q.trace();
                due = q.due();
            }
        }
    }

    private static boolean allNull(Object... values) {
        for (Object v : values) if (v != null) return false;
        return true;
    }
}
