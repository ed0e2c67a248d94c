package org.reclaim.rules;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with the file and line it came from. Operator files are read as a node tree (never
 * bound to classes by reflection), so every wrong value is reported as {@code file:line: reason}
 * and an unknown key is an error rather than silently ignored.
 */
public final class Yaml {

    private final ConfigFile file;
    private final Node node;

    private Yaml(ConfigFile file, Node node) {
        this.file = file;
        this.node = node;
    }

    public static Yaml parse(ConfigFile file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Node root;
        try {
            root = new org.yaml.snakeyaml.Yaml(options).compose(new StringReader(file.text()));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw file.problem(line, "not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw file.problem(0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) throw file.problem(0, "the file is empty");
        return new Yaml(file, root);
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    ConfigFile file() {
        return file;
    }

    public TriageConfigException problem(String reason) {
        return file.problem(line(), reason);
    }

    boolean isNull() {
        return node instanceof ScalarNode s
                && (s.getValue().isEmpty()
                        || s.getValue().equals("~")
                        || s.getValue().equals("null"))
                && s.getScalarStyle().getChar() == null;
    }

    /** The entries of a mapping; a key not in {@code allowed} is an error at its line. */
    public Map<String, Yaml> map(Set<String> allowed) {
        if (!(node instanceof MappingNode m)) throw problem("expected a mapping (key: value)");
        Map<String, Yaml> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw file.problem(
                        t.getKeyNode().getStartMark().getLine() + 1, "a key must be plain text");
            }
            String key = k.getValue();
            if (allowed != null && !allowed.contains(key)) {
                List<String> sorted = new ArrayList<>(allowed);
                sorted.sort(null);
                throw file.problem(
                        k.getStartMark().getLine() + 1,
                        "unknown key '" + key + "' (allowed: " + String.join(", ", sorted) + ")");
            }
            out.put(key, new Yaml(file, t.getValueNode()));
        }
        return out;
    }

    public List<Yaml> list() {
        if (isNull()) return List.of();
        if (!(node instanceof SequenceNode s)) throw problem("expected a list");
        List<Yaml> out = new ArrayList<>(s.getValue().size());
        for (Node n : s.getValue()) out.add(new Yaml(file, n));
        return out;
    }

    public String string() {
        if (!(node instanceof ScalarNode s)) throw problem("expected a single value");
        String v = s.getValue().trim();
        if (v.isEmpty()) throw problem("the value is empty");
        return v;
    }

    public List<String> strings() {
        List<String> out = new ArrayList<>();
        for (Yaml y : list()) out.add(y.string());
        return out;
    }

    public int integer(int min, int max) {
        String v = string();
        int i;
        try {
            i = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw problem("expected a whole number, found '" + v + "'");
        }
        if (i < min || i > max)
            throw problem("must be between " + min + " and " + max + ", found " + i);
        return i;
    }

    public BigDecimal money() {
        String v = string();
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw problem("expected an amount like 250.00, found '" + v + "'");
        }
        if (d.signum() < 0) throw problem("an amount cannot be negative: " + v);
        if (d.scale() > 2) throw problem("an amount has at most two decimals: " + v);
        return d.setScale(2);
    }

    public boolean bool() {
        String v = string();
        return switch (v) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw problem("expected true or false, found '" + v + "'");
        };
    }

    /** An ISO-8601 duration of whole days, e.g. {@code P30D}. */
    public Duration days() {
        String v = string();
        Duration d;
        try {
            d = Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw problem("expected a duration in days like P30D, found '" + v + "'");
        }
        if (d.isNegative() || d.isZero() || d.toHours() % 24 != 0) {
            throw problem("expected a positive whole number of days like P30D, found '" + v + "'");
        }
        return d;
    }

    public <E extends Enum<E>> E enumValue(Class<E> type) {
        String v = string();
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw problem("'" + v + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    public <E extends Enum<E>> List<E> enumValues(Class<E> type) {
        List<E> out = new ArrayList<>();
        for (Yaml y : list()) out.add(y.enumValue(type));
        return out;
    }
}
