package org.reclaim.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.reclaim.drafting.CodingRule;

/**
 * {@code config/coding-rules.yml}: the coding corrections the agent may make
 * (docs/coding-rules.md). Loaded and reloaded with the rest of the configuration; a wrong value is
 * refused with its file and line and the rules in force stay as they were. No file: no coding rule,
 * so a coding denial is never corrected automatically.
 */
public final class CodingRuleFile {

    public static final String FILE = "coding-rules.yml";

    private static final Set<String> TOP = Set.of("rules");
    private static final Set<String> KEYS =
            Set.of(
                    "id",
                    "source",
                    "carcs",
                    "modifier",
                    "procedures",
                    "sameDayWith",
                    "evidence",
                    "sameCodeSameDay",
                    "description");

    private CodingRuleFile() {}

    public static List<CodingRule> load(ConfigFile file) {
        if (file == null) return List.of();
        Map<String, Yaml> top = Yaml.parse(file).map(TOP);
        Yaml rules = top.get("rules");
        if (rules == null) throw file.problem(1, "'rules' is missing");
        List<CodingRule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Yaml r : rules.list()) {
            Map<String, Yaml> m = r.map(KEYS);
            for (String required : List.of("id", "source", "modifier", "procedures", "evidence")) {
                if (!m.containsKey(required)) throw r.problem("'" + required + "' is missing");
            }
            String id = m.get("id").string();
            if (!id.matches("[a-z0-9][a-z0-9-]*"))
                throw m.get("id")
                        .problem("an id is lower-case letters, digits and '-': '" + id + "'");
            if (!ids.add(id)) throw m.get("id").problem("the id '" + id + "' is used twice");
            String modifier = m.get("modifier").string();
            if (!modifier.matches("[A-Z0-9]{2}"))
                throw m.get("modifier")
                        .problem("a modifier is two letters or digits: '" + modifier + "'");
            List<String> procedures = codes(m.get("procedures"));
            if (procedures.isEmpty())
                throw m.get("procedures").problem("name at least one code or range");
            List<String> sameDay =
                    m.containsKey("sameDayWith") ? codes(m.get("sameDayWith")) : List.of();
            Set<String> carcs = new LinkedHashSet<>();
            if (m.containsKey("carcs")) {
                for (Yaml c : m.get("carcs").list()) {
                    String v = c.string();
                    if (!v.matches("[A-Z]?\\d{1,3}")) throw c.problem("'" + v + "' is not a CARC");
                    carcs.add(v);
                }
            }
            List<Pattern> evidence = new ArrayList<>();
            for (Yaml e : m.get("evidence").list()) {
                try {
                    evidence.add(CodingRule.phrase(e.string()));
                } catch (PatternSyntaxException ex) {
                    throw e.problem("not a valid phrase pattern: " + ex.getDescription());
                }
            }
            if (evidence.isEmpty())
                throw m.get("evidence").problem("name at least one phrase the records must state");
            out.add(
                    new CodingRule(
                            id,
                            m.get("source").string(),
                            carcs,
                            modifier,
                            procedures,
                            sameDay,
                            evidence,
                            m.containsKey("sameCodeSameDay") && m.get("sameCodeSameDay").bool(),
                            file.name() + ":" + r.line()));
        }
        return List.copyOf(out);
    }

    private static List<String> codes(Yaml y) {
        List<String> out = new ArrayList<>();
        for (Yaml c : y.list()) {
            String v = c.string();
            String problem = CodingRule.rangeProblem(v);
            if (problem != null) throw c.problem(problem);
            out.add(v);
        }
        return out;
    }
}
