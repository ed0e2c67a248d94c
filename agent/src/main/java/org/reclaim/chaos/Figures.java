package org.reclaim.chaos;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reclaim.common.Json;

/** A scenario's printed figures and invariants: a table, or JSON with {@code --json}. */
final class Figures {

    record Invariant(String name, long value, boolean holds) {}

    final String scenario;
    final Map<String, Object> figures = new LinkedHashMap<>();
    final List<Invariant> invariants = new ArrayList<>();

    Figures(String scenario) {
        this.scenario = scenario;
    }

    void figure(String name, Object value) {
        figures.put(name, value);
    }

    /** An invariant that holds when {@code value} is zero. */
    void zero(String name, long value) {
        invariants.add(new Invariant(name, value, value == 0));
    }

    boolean holds() {
        return invariants.stream().allMatch(Invariant::holds);
    }

    List<String> broken() {
        return invariants.stream().filter(i -> !i.holds()).map(Invariant::name).toList();
    }

    void print(PrintStream out, boolean json) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", scenario);
            m.put("figures", figures);
            Map<String, Object> inv = new LinkedHashMap<>();
            for (Invariant i : invariants)
                inv.put(i.name(), Map.of("value", i.value(), "holds", i.holds()));
            m.put("invariants", inv);
            m.put("holds", holds());
            out.println(Json.write(m));
            return;
        }
        out.printf(Locale.ROOT, "chaos %s (SIMULATED parties)%n", scenario);
        for (Map.Entry<String, Object> f : figures.entrySet())
            out.printf(Locale.ROOT, "  %-44s %s%n", f.getKey(), f.getValue());
        for (Invariant i : invariants)
            out.printf(
                    Locale.ROOT,
                    "  %-44s %-8d %s%n",
                    i.name(),
                    i.value(),
                    i.holds() ? "ok" : "BROKEN");
        out.printf(
                Locale.ROOT,
                "chaos %s: %s%n",
                scenario,
                holds() ? "every invariant holds" : "broken: " + String.join(", ", broken()));
    }
}
