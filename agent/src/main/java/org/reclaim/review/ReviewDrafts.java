package org.reclaim.review;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.reclaim.work.Artifacts;
import org.reclaim.work.ClaimOnFile;
import org.reclaim.work.WorkContext;
import org.reclaim.x12.claim.ClaimDocument;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What an open review decides, shown inline on the queue: the act approval performs (a write-off of
 * an amount, a corrected claim sent, an appeal sent), the draft in a few words (the corrected
 * claim's changes field by field, or the letter's opening) and the corrected claim's fields an
 * operator may edit before approving. Drafts are immutable artifacts: what is read of one is kept
 * by its id.
 */
@Component
public class ReviewDrafts {

    /** What approval does. */
    public enum Kind {
        WRITE_OFF,
        CORRECTED_CLAIM,
        APPEAL,
        OTHER
    }

    /** One editable field of a corrected claim: its edit name, a label and the draft's value. */
    public record Field(String name, String label, String value) {}

    /**
     * The act approval performs ({@code act}: "Approve write-off $185.00"), the draft in words
     * (null when there is nothing to show) and, for a corrected claim, its editable fields.
     */
    public record Preview(Kind kind, String act, String summary, List<Field> fields) {}

    private static final int EXCERPT = 400;
    private static final int CACHED = 2_000;

    private final Artifacts artifacts;

    /** Read drafts by artifact id: the letter's excerpt, or the corrected claim's fields. */
    private final Map<UUID, Object> read =
            Collections.synchronizedMap(
                    new LinkedHashMap<>(64, 0.75f, true) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        protected boolean removeEldestEntry(Map.Entry<UUID, Object> e) {
                            return size() > CACHED;
                        }
                    });

    ReviewDrafts(Artifacts artifacts) {
        this.artifacts = artifacts;
    }

    /** The review with its preview (decided reviews, read without a context: the act only). */
    Mono<OperatorActions.ReviewView> preview(
            OperatorActions.ReviewView v, String contextText, String stepKind) {
        WorkContext ctx = contextText == null ? null : WorkContext.decode(contextText);
        Kind kind = kind(ctx, stepKind);
        String act =
                switch (kind) {
                    case WRITE_OFF -> "Approve write-off " + dollars(v.amount());
                    case CORRECTED_CLAIM -> "Approve corrected claim";
                    case APPEAL -> "Approve appeal";
                    case OTHER -> "Approve";
                };
        if (ctx == null) return Mono.just(v.withDraft(new Preview(kind, act, null, List.of())));
        return switch (kind) {
            case WRITE_OFF -> {
                String because = ctx.get("appeal.unanswered");
                if (because == null) because = ctx.get("write-off.reason");
                yield Mono.just(
                        v.withDraft(
                                new Preview(
                                        kind,
                                        act,
                                        "writes off "
                                                + dollars(v.amount())
                                                + (because == null || because.isBlank()
                                                        ? " as not recoverable"
                                                        : ": " + because),
                                        List.of())));
            }
            case CORRECTED_CLAIM -> {
                String summary = claimChanges(ctx);
                UUID draft = v.artifactId();
                yield (draft == null
                                ? Mono.just(List.<Field>of())
                                : fields(draft, v.patientControlNumber()))
                        .map(f -> v.withDraft(new Preview(kind, act, summary, f)));
            }
            case APPEAL ->
                    (v.artifactId() == null ? Mono.<String>empty() : excerpt(v.artifactId()))
                            .map(e -> v.withDraft(new Preview(kind, act, e, List.of())))
                            .defaultIfEmpty(v.withDraft(new Preview(kind, act, null, List.of())));
            case OTHER -> Mono.just(v.withDraft(new Preview(kind, act, null, List.of())));
        };
    }

    private static Kind kind(WorkContext ctx, String stepKind) {
        if ("WRITE_OFF".equals(stepKind)) return Kind.WRITE_OFF;
        if (ctx == null || !"REVIEW".equals(stepKind)) return Kind.OTHER;
        String pending = ctx.get("pending.submit");
        if ("claim".equals(pending)) return Kind.CORRECTED_CLAIM;
        if ("appeal".equals(pending)) return Kind.APPEAL;
        return Kind.OTHER;
    }

    static String dollars(BigDecimal amount) {
        return amount == null
                ? "(no amount)"
                : "$" + String.format("%,.2f", amount.setScale(2, RoundingMode.HALF_UP));
    }

    /**
     * The corrected claim's changes in words: "frequency 1 → 7 (replaces CHP1), prior authorization
     * added (A1), line 1 modifiers + 25". A replacement drafted on the original claim goes from
     * frequency 1 (CLM05-3 of an original, also when the claim on file names none) to 7; one
     * drafted on a corrected claim sent before says only that it is frequency 7. The member id is
     * never shown.
     */
    static String claimChanges(WorkContext ctx) {
        List<String> out = new ArrayList<>();
        String method = ctx.get("claim.method");
        String replaces = ctx.get("claim.replaces");
        String base = ctx.get("claim.base");
        if ("REPLACEMENT_CLAIM".equals(method))
            out.add(
                    (base == null || base.equals("original") ? "frequency 1 → 7" : "frequency 7")
                            + (replaces == null || replaces.isBlank()
                                    ? ""
                                    : " (replaces " + replaces + ")"));
        else if ("NEW_CLAIM".equals(method)) out.add("sent as a new claim (frequency 1)");
        String changes = ctx.get("draft.changes");
        if (changes != null) {
            for (String part : changes.split("; ")) {
                String c = part.strip();
                boolean operator = c.startsWith("operator: ");
                if (operator) c = c.substring("operator: ".length());
                String words = change(c);
                if (words != null) out.add(operator ? "operator: " + words : words);
            }
        }
        return out.isEmpty() ? "no field changes recorded" : String.join(", ", out);
    }

    /** "line[1].modifiers: (none) → 25" in words, or null when it is not a change. */
    static String change(String described) {
        int colon = described.indexOf(": ");
        int arrow = described.indexOf(" → ");
        if (colon <= 0 || arrow < colon) return described.isEmpty() ? null : described;
        String field = described.substring(0, colon);
        String from = described.substring(colon + 2, arrow).strip();
        String to = described.substring(arrow + 3).strip();
        String label = label(field);
        if (from.equals("(member id)")) return label + " changed";
        boolean none = from.equals("(none)");
        boolean gone = to.equals("(none)");
        if (field.endsWith(".modifiers")) {
            Set<String> a = none ? Set.of() : new LinkedHashSet<>(List.of(from.split(",")));
            Set<String> b = gone ? Set.of() : new LinkedHashSet<>(List.of(to.split(",")));
            List<String> words = new ArrayList<>();
            for (String m : b) if (!a.contains(m)) words.add("+ " + m);
            for (String m : a) if (!b.contains(m)) words.add("− " + m);
            return words.isEmpty() ? null : label + " " + String.join(" ", words);
        }
        if (none && gone) return null;
        if (none) return label + " added (" + to + ")";
        if (gone) return label + " removed (was " + from + ")";
        return label + " " + from + " → " + to;
    }

    /**
     * "line[2].serviceDate" → "line 2 service date"; "priorAuthorization" → "prior authorization".
     */
    static String label(String field) {
        if (field.startsWith("line[") && field.contains("].")) {
            String n = field.substring(5, field.indexOf(']'));
            return "line " + n + " " + words(field.substring(field.indexOf("].") + 2));
        }
        if (field.startsWith("diagnosis[") && field.endsWith("]"))
            return "diagnosis " + field.substring(10, field.length() - 1);
        if (field.equals("subscriber.memberId")) return "member id";
        if (field.equals("frequencyCode")) return "frequency";
        return words(field);
    }

    private static String words(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }

    private Mono<String> excerpt(UUID artifact) {
        Object known = read.get(artifact);
        if (known instanceof String s) return Mono.just(s);
        return artifacts
                .get(artifact)
                .flatMap(
                        a ->
                                Mono.fromCallable(() -> letterExcerpt(a.content()))
                                        .subscribeOn(Schedulers.boundedElastic()))
                .doOnNext(s -> read.put(artifact, s));
    }

    /** The letter's opening, whitespace collapsed: what the payer reads first. */
    static String letterExcerpt(byte[] pdf) throws IOException {
        String text;
        try (var doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc);
        }
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT).strip() + " …";
    }

    @SuppressWarnings("unchecked")
    private Mono<List<Field>> fields(UUID artifact, String pcn) {
        Object known = read.get(artifact);
        if (known instanceof List<?> l) return Mono.just((List<Field>) l);
        return artifacts
                .get(artifact)
                .map(
                        a -> {
                            ClaimDocument doc = ClaimOnFile.find(a.content(), pcn);
                            return doc == null ? List.<Field>of() : editable(doc);
                        })
                .doOnNext(f -> read.put(artifact, f))
                .defaultIfEmpty(List.of());
    }

    /**
     * The fields an operator may edit before approving, by the names the edits accept (see {@code
     * ReviewStep}): prior authorization, referral, the diagnoses, and each line's procedure,
     * modifiers and units.
     */
    static List<Field> editable(ClaimDocument doc) {
        List<Field> out = new ArrayList<>();
        ClaimDocument.Claim c = doc.claim();
        out.add(field("priorAuthorization", c.priorAuthorization()));
        out.add(field("referral", c.referral()));
        for (int i = 0; i < c.diagnoses().size() && i < 12; i++)
            out.add(field("diagnosis[" + (i + 1) + "]", c.diagnoses().get(i).code()));
        for (int n = 1; n <= doc.lines().size() && n <= 50; n++) {
            ClaimDocument.Line l = doc.lines().get(n - 1);
            out.add(field("line[" + n + "].procedure", l.procedure()));
            out.add(field("line[" + n + "].modifiers", String.join(",", l.modifiers())));
            out.add(
                    field(
                            "line[" + n + "].units",
                            l.units() == null
                                    ? null
                                    : l.units().stripTrailingZeros().toPlainString()));
        }
        return List.copyOf(out);
    }

    private static Field field(String name, String value) {
        String label = label(name);
        return new Field(
                name,
                Character.toUpperCase(label.charAt(0)) + label.substring(1),
                value == null ? "" : value);
    }
}
