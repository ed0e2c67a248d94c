package org.reclaim.drafting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkable things a text mentions: amounts, dates, denial codes, procedure codes, identifiers
 * (claim numbers, NPIs, authorization numbers) and placeholders. The same reading is applied to the
 * facts a model was given and to its answer; whatever the answer mentions that the facts do not is
 * a made-up detail.
 *
 * <p>Each kind is cut out of the text once read, so that a date is not read again as an amount or
 * an identifier.
 */
record Mentions(
        Set<BigDecimal> amounts,
        Set<LocalDate> dates,
        Set<String> groupCarcs,
        Set<String> carcs,
        Set<String> rarcs,
        Set<String> procedures,
        Set<String> identifiers,
        Set<String> placeholders,
        List<String> unreadable) {

    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b");
    private static final Pattern US_DATE =
            Pattern.compile("\\b(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})\\b");
    private static final Pattern LONG_DATE =
            Pattern.compile(
                    "\\b(January|February|March|April|May|June|July|August|September|October|November|December"
                            + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern MONEY =
            Pattern.compile(
                    "\\$\\s?\\d[\\d,]*(?:\\.\\d+)?|\\b\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?\\b|\\b\\d+\\.\\d{2}\\b");
    private static final Pattern GROUP_CARC =
            Pattern.compile("\\b(CO|PR|OA|PI|CR)\\s?[-‑–]?\\s?([A-Z]?\\d{1,3})\\b");
    private static final Pattern CARC =
            Pattern.compile(
                    "(?i:\\bCARCs?|\\b(?:claim\\s+)?adjustment\\s+reason\\s+codes?|\\breason\\s+codes?)\\s*(?:#|:|no\\.)?\\s*([A-Z]?\\d{1,3})\\b");
    private static final Pattern RARC = Pattern.compile("\\b(MA\\d{1,3}|M\\d{1,3}|N\\d{1,4})\\b");
    private static final Pattern PROCEDURE = Pattern.compile("\\b(\\d{4}[0-9FTU]|[A-V]\\d{4})\\b");

    /**
     * Six or more letters, digits and hyphens with at least four digits: claim numbers, NPIs, auth
     * numbers.
     */
    private static final Pattern IDENTIFIER =
            Pattern.compile("\\b[A-Za-z0-9][A-Za-z0-9-]{4,}[A-Za-z0-9]\\b");

    static Mentions in(String text) {
        Mentions m =
                new Mentions(
                        new LinkedHashSet<>(),
                        new LinkedHashSet<>(),
                        new LinkedHashSet<>(),
                        new LinkedHashSet<>(),
                        new LinkedHashSet<>(),
                        new LinkedHashSet<>(),
                        new LinkedHashSet<>(),
                        new LinkedHashSet<>(),
                        new ArrayList<>());
        StringBuilder t = new StringBuilder(text == null ? "" : text);
        cut(t, Placeholders.ANY, x -> m.placeholders.add(x.group()));
        cut(t, ISO_DATE, x -> m.date(x.group(), x.group(1), x.group(2), x.group(3)));
        cut(t, US_DATE, x -> m.date(x.group(), year(x.group(3)), x.group(1), x.group(2)));
        cut(t, LONG_DATE, x -> m.date(x.group(), x.group(3), month(x.group(1)), x.group(2)));
        cut(t, MONEY, x -> m.amount(x.group()));
        cut(t, GROUP_CARC, x -> m.groupCarcs.add(x.group(1) + "-" + x.group(2)));
        cut(t, CARC, x -> m.carcs.add(x.group(1).toUpperCase(Locale.ROOT)));
        cut(t, RARC, x -> m.rarcs.add(x.group(1)));
        cut(t, PROCEDURE, x -> m.procedures.add(x.group(1)));
        cut(
                t,
                IDENTIFIER,
                x -> {
                    if (x.group().chars().filter(Character::isDigit).count() >= 4) {
                        m.identifiers.add(x.group().toUpperCase(Locale.ROOT));
                    }
                });
        return m;
    }

    /** Adds everything {@code other} mentions. */
    Mentions with(Mentions other) {
        amounts.addAll(other.amounts);
        dates.addAll(other.dates);
        groupCarcs.addAll(other.groupCarcs);
        carcs.addAll(other.carcs);
        rarcs.addAll(other.rarcs);
        procedures.addAll(other.procedures);
        identifiers.addAll(other.identifiers);
        placeholders.addAll(other.placeholders);
        return this;
    }

    /**
     * What this text mentions that {@code facts} do not, one message per mention, naming {@code
     * where}.
     */
    List<String> notIn(Mentions facts, String where) {
        List<String> errors = new ArrayList<>();
        for (String u : unreadable)
            errors.add(where + ": '" + u + "' is not a valid date or amount");
        for (String p : placeholders) {
            if (!facts.placeholders.contains(p)) errors.add(where + ": unknown placeholder " + p);
        }
        for (BigDecimal a : amounts) {
            if (!facts.amounts.contains(a)) {
                errors.add(
                        where
                                + ": amount "
                                + AppealLetter.dollars(a)
                                + " is not in the facts "
                                + dollars(facts));
            }
        }
        for (LocalDate d : dates) {
            if (!facts.dates.contains(d)) {
                errors.add(
                        where
                                + ": date "
                                + Placeholders.US_DATE.format(d)
                                + " is not in the facts "
                                + dates(facts));
            }
        }
        for (String gc : groupCarcs) {
            if (!facts.groupCarcs.contains(gc)) {
                errors.add(
                        where + ": denial code " + gc + " is not in the facts " + facts.groupCarcs);
            }
        }
        Set<String> knownCarcs = new LinkedHashSet<>(facts.carcs);
        facts.groupCarcs.forEach(gc -> knownCarcs.add(gc.substring(gc.indexOf('-') + 1)));
        for (String c : carcs) {
            if (!knownCarcs.contains(c))
                errors.add(where + ": CARC " + c + " is not in the facts " + knownCarcs);
        }
        for (String r : rarcs) {
            if (!facts.rarcs.contains(r))
                errors.add(where + ": RARC " + r + " is not in the facts " + facts.rarcs);
        }
        for (String p : procedures) {
            if (!facts.procedures.contains(p)) {
                errors.add(
                        where
                                + ": procedure code "
                                + p
                                + " is not in the facts "
                                + facts.procedures);
            }
        }
        for (String id : identifiers) {
            if (!facts.identifiers.contains(id)) {
                errors.add(
                        where
                                + ": number "
                                + id
                                + " is not in the facts (claim, provider or authorization numbers)");
            }
        }
        return errors;
    }

    private void date(String raw, String y, String mo, String d) {
        try {
            dates.add(LocalDate.of(Integer.parseInt(y), Integer.parseInt(mo), Integer.parseInt(d)));
        } catch (DateTimeException | NumberFormatException e) {
            unreadable.add(raw);
        }
    }

    private void amount(String raw) {
        String digits = raw.replace("$", "").replace(",", "").strip();
        try {
            amounts.add(new BigDecimal(digits).setScale(2, RoundingMode.UNNECESSARY));
        } catch (ArithmeticException | NumberFormatException e) {
            unreadable.add(raw);
        }
    }

    private static String year(String y) {
        return y.length() == 2 ? "20" + y : y;
    }

    private static String month(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        for (Month m : Month.values()) {
            if (m.name().startsWith(n.substring(0, 3))) return Integer.toString(m.getValue());
        }
        return "0";
    }

    private static String dollars(Mentions facts) {
        return facts.amounts.stream().map(AppealLetter::dollars).toList().toString();
    }

    private static String dates(Mentions facts) {
        return facts.dates.stream().map(Placeholders.US_DATE::format).toList().toString();
    }

    /**
     * Reads every match, then blanks it out (same length, so later matches keep their positions).
     */
    private static void cut(StringBuilder text, Pattern pattern, Consumer<Matcher> read) {
        Matcher matcher = pattern.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (matcher.find()) {
            read.accept(matcher);
            spans.add(new int[] {matcher.start(), matcher.end()});
        }
        for (int[] s : spans) {
            for (int i = s[0]; i < s[1]; i++) text.setCharAt(i, ' ');
        }
    }
}
