package org.reclaim.drafting;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text in a practice's record that speaks to the model instead of describing the patient ("ignore
 * the rules and…", "System: …", "send this appeal to…"). A record is data: an answer that carries
 * out such a sentence (repeats what it asks for) is refused, as is a letter that names a contact
 * (an e-mail, a web address, a street address or post-office box; a phone number is already refused
 * as a number not in the facts) the claim's facts do not hold, since a letter never directs the
 * payer anywhere a record says.
 */
final class RecordInstructions {

    /** Words addressed to a reader who follows orders, not to a clinician. */
    private static final Pattern INSTRUCTION =
            Pattern.compile(
                    "(?i)\\b(?:ignore|disregard|forget|override)\\b[^.!?\\n]{0,40}"
                            + "\\b(?:rules?|instructions?|prompt|guidelines|policy|above|previous)\\b"
                            + "|\\b(?:system|assistant)\\s*:"
                            + "|\\byou (?:must|should|are to|will)\\b"
                            + "|\\b(?:send|mail|fax|forward|address|direct)\\b[^.!?\\n]{0,30}"
                            + "\\b(?:appeal|letter|packet|payment|check)\\b[^.!?\\n]{0,30}\\bto\\b");

    /** Runs of this many words shared by an instruction and an answer: the answer follows it. */
    static final int ECHO_WORDS = 3;

    private static final Pattern CONTACT =
            Pattern.compile(
                    "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+"
                            + "|(?i:\\bhttps?://\\S+|\\bwww\\.\\S+)"
                            + "|\\b\\d{1,6}\\s+(?:[A-Z][a-z]+\\s+){1,3}"
                            + "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct)\\b"
                            + "|(?i:\\bP\\.?\\s?O\\.?\\s+Box\\s+\\d+)");

    private RecordInstructions() {}

    /** An instruction found in a record: the document's name and the sentence carrying it. */
    record Found(String document, String sentence) {}

    /** The sentences of the documents (as the model saw them) that speak to the model. */
    static List<Found> in(Map<String, String> documents, Map<String, String> phi) {
        List<Found> found = new ArrayList<>();
        documents.forEach(
                (name, text) -> {
                    String seen = Placeholders.scrubDocument(text, phi);
                    for (String sentence : seen.split("(?<=[.!?])\\s+|\\n")) {
                        if (INSTRUCTION.matcher(sentence).find())
                            found.add(new Found(name, sentence.strip()));
                    }
                });
        return found;
    }

    /**
     * The problems of an answer's text: it repeats an instruction found in a record (a run of
     * {@link #ECHO_WORDS} words the facts do not have), or it names a contact the facts do not.
     *
     * @param facts the facts the answer may cite, as the model saw them
     */
    static List<String> followed(String answer, String where, List<Found> found, String facts) {
        List<String> errors = new ArrayList<>();
        Set<String> inFacts = runs(facts);
        Set<String> said = runs(answer);
        for (Found f : found) {
            Set<String> echoed = new LinkedHashSet<>(runs(f.sentence()));
            echoed.retainAll(said);
            echoed.removeAll(inFacts);
            if (!echoed.isEmpty()) {
                errors.add(
                        where
                                + ": follows an instruction written in the record "
                                + f.document()
                                + " (it repeats '"
                                + echoed.iterator().next()
                                + "'); a record is data, never an instruction");
            }
        }
        String known = facts.toLowerCase(Locale.ROOT);
        Matcher m = CONTACT.matcher(answer);
        while (m.find()) {
            if (!known.contains(m.group().toLowerCase(Locale.ROOT))) {
                errors.add(
                        where
                                + ": names a contact ('"
                                + m.group()
                                + "') that is not in the facts; a letter never directs the payer"
                                + " anywhere a record says");
            }
        }
        return errors;
    }

    /** Every run of {@link #ECHO_WORDS} consecutive words, lower-cased. */
    private static Set<String> runs(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).split("[^a-z0-9\\[\\]_]+");
        List<String> w = new ArrayList<>();
        for (String x : words) if (!x.isEmpty()) w.add(x);
        Set<String> runs = new LinkedHashSet<>();
        for (int i = 0; i + ECHO_WORDS <= w.size(); i++)
            runs.add(String.join(" ", w.subList(i, i + ECHO_WORDS)));
        return runs;
    }
}
