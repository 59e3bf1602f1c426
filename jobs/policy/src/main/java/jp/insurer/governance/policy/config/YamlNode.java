package jp.insurer.governance.policy.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A position-aware view of a YAML document. Policy files are read through it, rather than bound
 * reflectively, so that every error names file, line and dotted field path
 * ({@code profiles[2].columns.birth_date}) — something plain data binding loses.
 */
public final class YamlNode {

    private final Path file;
    private final String path;
    private final Node node;

    private YamlNode(Path file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** Parses one file; syntax errors become a {@link ConfigException} with the parser's line. */
    public static YamlNode load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file, 0, null, "file not found or not a regular file");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Node root = new Yaml(options).compose(reader);
            if (root == null) {
                throw new ConfigException(file, 0, null, "file is empty");
            }
            return new YamlNode(file, "", root);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(file, line, null, "invalid YAML: " + e.getProblem());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException ce) throw ce;
            throw new ConfigException(file, 0, null, "cannot read: " + e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    /** Dotted field path from the document root; empty for the root. */
    public String path() {
        return path;
    }

    public int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** An error about this node, naming its file, line and field. */
    public ConfigException error(String problem) {
        return new ConfigException(file, line(), path, problem);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isNull() {
        return node instanceof ScalarNode s
                && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
    }

    /** Entries of a mapping, in file order. */
    public Map<String, YamlNode> entries() {
        if (!(node instanceof MappingNode map)) throw error("expected a mapping (key: value)");
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new YamlNode(file, path, t.getKeyNode()).error("keys must be plain strings");
            }
            out.put(k.getValue(), new YamlNode(file, child(k.getValue()), t.getValueNode()));
        }
        return Collections.unmodifiableMap(out);
    }

    public Optional<YamlNode> optional(String key) {
        YamlNode value = entries().get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    public YamlNode required(String key) {
        return optional(key).orElseThrow(() -> new ConfigException(file, line(), child(key), "is required"));
    }

    /** Typos in keys are errors: an unknown key is a setting an officer believes is in force. */
    public YamlNode allowOnly(String... keys) {
        Set<String> allowed = Set.of(keys);
        for (Map.Entry<String, YamlNode> e : entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("unknown field; expected one of " + new TreeSet<>(allowed));
            }
        }
        return this;
    }

    public List<YamlNode> list() {
        if (!(node instanceof SequenceNode seq)) throw error("expected a list");
        List<YamlNode> out = new ArrayList<>();
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.add(new YamlNode(file, path + "[" + i + "]", items.get(i)));
        }
        return Collections.unmodifiableList(out);
    }

    /** A scalar or a list of scalars, as strings. */
    public List<String> stringList() {
        if (node instanceof ScalarNode) return List.of(string());
        return list().stream().map(YamlNode::string).toList();
    }

    public String string() {
        if (!(node instanceof ScalarNode s)) throw error("expected a single value");
        if (isNull()) throw error("must not be empty");
        return s.getValue();
    }

    public String string(String key, String fallback) {
        return optional(key).map(YamlNode::string).orElse(fallback);
    }

    public int integer() {
        try {
            return Integer.parseInt(string().trim());
        } catch (NumberFormatException e) {
            throw error("expected a whole number, got '" + string() + "'");
        }
    }

    public double number() {
        try {
            return Double.parseDouble(string().trim());
        } catch (NumberFormatException e) {
            throw error("expected a number, got '" + string() + "'");
        }
    }

    public boolean bool() {
        return switch (string().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false, got '" + string() + "'");
        };
    }

    /** An enum constant, case-insensitive; the error lists the allowed values. */
    public <E extends Enum<E>> E enumValue(Class<E> type) {
        String raw = string().trim();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw)) return constant;
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) names.add(constant.name());
        throw error("unknown value '" + raw + "'; expected one of " + names);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @Override
    public String toString() {
        return file + ":" + line() + " " + path;
    }
}
