package org.reclaim.connector.records;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.reclaim.connector.records.RecordFact.Kind;

/**
 * Reads facts from the practice's documents (text, and PDF through PDFBox's text extraction):
 * member id, group number, subscriber name and date of birth, authorization number and the dates it
 * is valid, each from a labelled field. Practices' forms label the same field many ways ("Member
 * ID", "Member #", "Subscriber ID", "ID No.", "Policy number"; "Group", "Grp #"; "Auth #", "Prior
 * authorization", "PA number"; "Authorization valid 01/02/2026 - 03/04/2026"), so a field is found
 * by its label's words, wherever it stands on a line, with its value after a separator on the same
 * line or alone on the next one.
 *
 * <p>A bare label ("Group", "Subscriber", "Prior authorization") counts only when a colon or an
 * equals sign follows it, so that "Reclaim Medical Group 12 Main St" is not a group number; a label
 * that names its field ("Group number", "Member #", "Subscriber name", "DOB") needs no separator.
 * Identifiers must contain a digit. Nothing here is trusted: each fact is a candidate that the
 * payer's answer has to confirm before it is used.
 */
public final class RecordFacts {

    /** Documents larger than this are not read (a scan of a chart, not a form). */
    static final int MAX_BYTES = 20 * 1024 * 1024;

    private RecordFacts() {}

    /**
     * What one document gave: its facts, or why it could not be read ({@code problem}, naming the
     * document; null when it was read).
     */
    public record Reading(String document, List<RecordFact> facts, String problem) {
        public Reading {
            facts = List.copyOf(facts);
        }
    }

    /**
     * What the documents of a claim gave together: every fact, and one problem per bad document.
     */
    public record Found(List<RecordFact> facts, List<String> problems) {

        public Found {
            facts = List.copyOf(facts);
            problems = List.copyOf(problems);
        }

        public static Found of(List<Reading> readings) {
            List<RecordFact> facts = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Reading r : readings) {
                facts.addAll(r.facts());
                if (r.problem() != null) problems.add(r.problem());
            }
            return new Found(facts, problems);
        }

        /** Every fact of this kind, in document order. */
        public List<RecordFact> all(Kind kind) {
            return facts.stream().filter(f -> f.kind() == kind).toList();
        }

        /**
         * The one value the documents state for this kind: empty when none states one, or when they
         * disagree (then none of them is a candidate).
         */
        public Optional<RecordFact> agreed(Kind kind) {
            List<RecordFact> all = all(kind);
            if (all.isEmpty()) return Optional.empty();
            String first = normalized(all.get(0).value());
            for (RecordFact f : all)
                if (!normalized(f.value()).equals(first)) return Optional.empty();
            return Optional.of(all.get(0));
        }
    }

    /** A document's text, or the problem (naming the document) that kept it from being read. */
    public record Text(String text, String problem) {
        static Text problem(String problem) {
            return new Text(null, problem);
        }
    }

    /**
     * The text of one records document: a PDF's extracted text (PDFBox), else the bytes as text;
     * never throws for a bad document (too large, a broken or password-protected PDF, binary).
     */
    public static Text text(String document, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return Text.problem(
                    document + ": not read, larger than " + MAX_BYTES / 1024 / 1024 + " MB");
        }
        boolean pdf =
                document.toLowerCase(Locale.ROOT).endsWith(".pdf")
                        || bytes.length >= 5
                                && new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)
                                        .equals("%PDF-");
        if (pdf) {
            try (PDDocument doc = Loader.loadPDF(bytes)) {
                return new Text(new PDFTextStripper().getText(doc), null);
            } catch (InvalidPasswordException e) {
                return Text.problem(
                        document + ": the PDF is password-protected, its text cannot be read");
            } catch (IOException | RuntimeException e) {
                return Text.problem(
                        document + ": not a readable PDF (" + oneLine(e.getMessage()) + ")");
            }
        }
        String text = text(bytes);
        return text == null
                ? Text.problem(document + ": neither text nor PDF, not read")
                : new Text(text, null);
    }

    /** Reads one document's facts by its name and bytes; never throws for a bad document. */
    public static Reading read(String document, byte[] bytes) {
        Text t = text(document, bytes);
        return t.problem() != null
                ? new Reading(document, List.of(), t.problem())
                : new Reading(document, facts(document, t.text()), null);
    }

    /** UTF-8 (else Windows-1252) text, or null for binary content. */
    static String text(byte[] bytes) {
        String s;
        try {
            s =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            s = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        int control = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') control++;
        }
        return control > Math.max(2, s.length() / 100) ? null : s;
    }

    // ------------------------------------------------------------------ labels

    private record Label(Kind kind, Pattern pattern) {}

    private static final String SUFFIX = "(?:\\s*(?:number|num\\.?|no\\.?|#|id))";
    private static final String IDENT = "(?:id(?:entification)?" + SUFFIX + "?|#|no\\.?|number)";

    /** Labels by kind; at one place on a line the longest label wins. */
    private static final List<Label> LABELS =
            List.of(
                    label(Kind.MEMBER_ID, "member\\s*" + IDENT),
                    label(Kind.MEMBER_ID, "subscriber\\s*" + IDENT),
                    label(Kind.MEMBER_ID, "insured(?:'?s)?\\s*" + IDENT),
                    label(Kind.MEMBER_ID, "policy\\s*(?:number|no\\.?|#|id)"),
                    label(Kind.MEMBER_ID, "identification\\s*(?:number|no\\.?|#)"),
                    label(Kind.MEMBER_ID, "id\\s*(?:number|no\\.?|#)"),
                    label(
                            Kind.MEMBER_ID,
                            "medicare\\s*(?:beneficiary\\s*identifier|number|no\\.?|id|#)|mbi|hicn"),
                    label(Kind.MEMBER_ID, "medicaid\\s*(?:number|no\\.?|id|#)"),
                    label(Kind.GROUP_NUMBER, "(?:group|grp\\.?)" + SUFFIX + "?"),
                    label(
                            Kind.SUBSCRIBER_NAME,
                            "(?:subscriber|insured(?:'?s)?|policy\\s*holder(?:'?s)?|member|cardholder)"
                                    + "\\s*(?:full\\s*)?name"),
                    label(
                            Kind.SUBSCRIBER_NAME,
                            "(?:subscriber|policy\\s*holder|insured)"
                                    + "(?!\\s*(?:'?s\\b|id|#|no\\b|number|dob|d\\.o\\.b|date|birth|identification|name))"),
                    label(
                            Kind.SUBSCRIBER_BIRTH_DATE,
                            "(?:(?:subscriber|insured|member|patient|policy\\s*holder)(?:'?s)?\\s*)?"
                                    + "(?:date\\s*of\\s*birth|d\\.?\\s?o\\.?\\s?b\\.?|birth\\s*date|birthdate)"),
                    label(
                            Kind.AUTHORIZATION_NUMBER,
                            "(?:prior\\s*)?auth(?:ori[sz]ation)?\\.?(?:\\s*(?:number|num\\.?|no\\.?|#|id|code))?"),
                    label(Kind.AUTHORIZATION_NUMBER, "pa\\s*(?:number|no\\.?|#)"),
                    label(
                            Kind.AUTHORIZATION_NUMBER,
                            "pre-?\\s*cert(?:ification)?(?:\\s*(?:number|no\\.?|#))?"),
                    label(Kind.AUTHORIZATION_NUMBER, "approval\\s*(?:number|no\\.?|#)"));

    private static Label label(Kind kind, String regex) {
        return new Label(
                kind,
                Pattern.compile(
                        "(?<![A-Za-z0-9])(?:" + regex + ")(?![A-Za-z])", Pattern.CASE_INSENSITIVE));
    }

    /** A label that names its field needs no separator after it. */
    private static final Pattern NAMES_ITS_FIELD =
            Pattern.compile(
                    "(?i).*(#|\\bno\\.?|number|num\\.?|\\bid|identifier|code|name|\\bdob|d\\.o\\.b\\.?|birth|birthdate|mbi|hicn)$");

    /** Words before "ID No." and the like that make it someone else's number. */
    private static final Set<String> OTHER_NUMBERS =
            Set.of(
                    "tax",
                    "provider",
                    "npi",
                    "employer",
                    "federal",
                    "claim",
                    "account",
                    "patient",
                    "practice",
                    "payer",
                    "fax",
                    "phone",
                    "license",
                    "check",
                    "reference",
                    "ref");

    private static final Pattern SEPARATOR = Pattern.compile("[\\s]*[:=#\\-\u2013.]*[\\s]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{1,29}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z'\\-., ]{0,60}");

    private static final String MONTHS =
            "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                    + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
    private static final String DATE =
            "(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/\\-.]\\d{1,2}[/\\-.]\\d{2,4}"
                    + "|(?:"
                    + MONTHS
                    + ")\\.?\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+(?:"
                    + MONTHS
                    + ")\\.?,?\\s+\\d{4})";
    private static final Pattern A_DATE =
            Pattern.compile("(?<![0-9])" + DATE + "(?![0-9])", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE =
            Pattern.compile(
                    "(" + DATE + ")\\s*(?:-|\u2013|\u2014|to|through|thru|until)\\s*(" + DATE + ")",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern VALIDITY =
            Pattern.compile("(?i)\\b(auth\\w*|valid|effective|approved|approval|certified|pa)\\b");

    private record Hit(Label label, int start, int end) {}

    /** The facts of a document's text, by label, in reading order. */
    public static List<RecordFact> facts(String document, String text) {
        Set<RecordFact> out = new LinkedHashSet<>();
        String[] lines =
                text.replace("\r\n", "\n").replace('\r', '\n').replace('\f', '\n').split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].replace('\u00a0', ' ');
            range(document, line, out);
            List<Hit> hits = hits(line);
            for (int h = 0; h < hits.size(); h++) {
                Hit hit = hits.get(h);
                int end = h + 1 < hits.size() ? hits.get(h + 1).start() : line.length();
                String labelText = line.substring(hit.start(), hit.end()).strip();
                if (hit.label().kind() == Kind.MEMBER_ID && someoneElses(line, hit.start()))
                    continue;
                Matcher sep = SEPARATOR.matcher(line).region(hit.end(), end);
                sep.lookingAt();
                String separator = line.substring(hit.end(), sep.end());
                String rest = segment(line.substring(sep.end(), end));
                boolean named = NAMES_ITS_FIELD.matcher(labelText).matches();
                if (rest.isEmpty() && h + 1 == hits.size() && n + 1 < lines.length) {
                    // the label alone at the end of its line: the value is the next line's
                    String next = lines[n + 1].replace('\u00a0', ' ').strip();
                    if (!next.isEmpty() && hits(next).isEmpty()) {
                        rest = segment(next);
                        named = true;
                    }
                }
                if (!named && !separator.contains(":") && !separator.contains("=")) continue;
                String value = value(hit.label().kind(), rest);
                if (value != null)
                    out.add(new RecordFact(hit.label().kind(), value, document, labelText));
            }
        }
        return List.copyOf(out);
    }

    /** The labels on a line, leftmost first, the longest at one place, not overlapping. */
    private static List<Hit> hits(String line) {
        List<Hit> all = new ArrayList<>();
        for (Label l : LABELS) {
            Matcher m = l.pattern().matcher(line);
            while (m.find()) all.add(new Hit(l, m.start(), m.end()));
        }
        all.sort(
                (a, b) ->
                        a.start() != b.start()
                                ? Integer.compare(a.start(), b.start())
                                : Integer.compare(b.end(), a.end()));
        List<Hit> chosen = new ArrayList<>();
        int upTo = 0;
        for (Hit h : all) {
            if (h.start() < upTo) continue;
            chosen.add(h);
            upTo = h.end();
        }
        return chosen;
    }

    /** "Tax ID No.", "Provider ID #": a number that is not the member's. */
    private static boolean someoneElses(String line, int start) {
        Matcher m = Pattern.compile("([A-Za-z]+)[\\s.']*$").matcher(line.substring(0, start));
        return m.find() && OTHER_NUMBERS.contains(m.group(1).toLowerCase(Locale.ROOT));
    }

    /** The value's part of what follows a label: up to a wide gap, a tab, a bar or a semicolon. */
    private static String segment(String s) {
        String v = s.strip();
        Matcher gap = Pattern.compile("\\s{2,}|\t|\\||;").matcher(v);
        if (gap.find()) v = v.substring(0, gap.start());
        return v.strip();
    }

    private static String value(Kind kind, String rest) {
        if (rest.isEmpty()) return null;
        return switch (kind) {
            case MEMBER_ID, GROUP_NUMBER, AUTHORIZATION_NUMBER -> identifier(rest);
            case SUBSCRIBER_NAME -> name(rest);
            case SUBSCRIBER_BIRTH_DATE -> {
                Matcher m = A_DATE.matcher(rest);
                yield m.lookingAt() ? date(m.group()) : null;
            }
            default -> null;
        };
    }

    private static String identifier(String rest) {
        Matcher m = IDENTIFIER.matcher(rest);
        if (!m.lookingAt()) return null;
        String v = m.group();
        while (v.endsWith("-")) v = v.substring(0, v.length() - 1);
        if (v.chars().noneMatch(Character::isDigit)) return null;
        // a date is not an identifier
        if (A_DATE.matcher(rest).lookingAt()) return null;
        return v.length() < 2 ? null : v.toUpperCase(Locale.ROOT);
    }

    /** "DOE, JANE A" or "Jane A. Doe" as {@code DOE, JANE A}; null for anything else. */
    static String name(String rest) {
        Matcher m = NAME.matcher(rest);
        if (!m.lookingAt()) return null;
        String v = m.group().strip().replaceAll("[.,]+$", "").replaceAll("\\s+", " ");
        if (v.isEmpty()) return null;
        String upper = v.toUpperCase(Locale.ROOT);
        if (v.contains(",")) {
            String[] parts = upper.split(",", 2);
            String last = parts[0].strip();
            String first = parts[1].strip().replace(".", "");
            if (last.isEmpty() || last.split(" ").length > 3) return null;
            return first.isEmpty() ? last : last + ", " + first;
        }
        String[] words = upper.replace(".", "").split(" ");
        if (words.length > 4) return null;
        if (words.length == 1) return words[0];
        String last = words[words.length - 1];
        String first = String.join(" ", java.util.Arrays.copyOf(words, words.length - 1));
        return last + ", " + first;
    }

    /** An authorization's validity on one line: "Authorization valid 01/02/2026 - 03/04/2026". */
    private static void range(String document, String line, Set<RecordFact> out) {
        Matcher r = RANGE.matcher(line);
        while (r.find()) {
            String before = line.substring(0, r.start());
            Matcher v = VALIDITY.matcher(before);
            if (!v.find()) continue;
            String from = date(r.group(1));
            String to = date(r.group(2));
            if (from == null || to == null || to.compareTo(from) < 0) continue;
            String label = before.substring(v.start()).strip().replaceAll("[\\s:=\\-]+$", "");
            out.add(new RecordFact(Kind.AUTHORIZATION_FROM, from, document, label));
            out.add(new RecordFact(Kind.AUTHORIZATION_TO, to, document, label));
        }
    }

    /** A date as the documents write it, as ISO; null when it is not one. */
    static String date(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT).replace(",", " ").replace(".", " ");
        try {
            Matcher iso = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})").matcher(s.strip());
            if (iso.matches())
                return LocalDate.of(
                                Integer.parseInt(iso.group(1)),
                                Integer.parseInt(iso.group(2)),
                                Integer.parseInt(iso.group(3)))
                        .toString();
            Matcher us =
                    Pattern.compile("(\\d{1,2})[/\\-.](\\d{1,2})[/\\-.](\\d{2,4})")
                            .matcher(s.strip());
            if (us.matches()) {
                int year = Integer.parseInt(us.group(3));
                if (us.group(3).length() == 2) year += year <= 40 ? 2000 : 1900;
                else if (us.group(3).length() == 3) return null;
                return LocalDate.of(
                                year, Integer.parseInt(us.group(1)), Integer.parseInt(us.group(2)))
                        .toString();
            }
            String[] w = t.trim().split("\\s+");
            if (w.length == 3) {
                int month = month(w[0]);
                if (month > 0)
                    return LocalDate.of(Integer.parseInt(w[2]), month, Integer.parseInt(w[1]))
                            .toString();
                month = month(w[1]);
                if (month > 0)
                    return LocalDate.of(Integer.parseInt(w[2]), month, Integer.parseInt(w[0]))
                            .toString();
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static int month(String word) {
        String[] names = {
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
        };
        for (int i = 0; i < names.length; i++) if (word.startsWith(names[i])) return i + 1;
        return 0;
    }

    private static String normalized(String v) {
        return v.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
    }

    private static String oneLine(String s) {
        if (s == null) return "unreadable";
        String v = s.replaceAll("\\s+", " ").strip();
        return v.length() > 160 ? v.substring(0, 160) + "…" : v;
    }
}
