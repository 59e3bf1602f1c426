package jp.insurer.governance.policy.transform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.YamlNode;

/** The generalization hierarchies of {@code config/hierarchies/hierarchies.yml}, validated and immutable. */
public final class Hierarchies {

    public static final String DIR = "hierarchies";
    public static final String FILE = "hierarchies.yml";

    private final Map<String, Hierarchy> byName;

    public Hierarchies(Map<String, Hierarchy> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    public Optional<Hierarchy> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Map<String, Hierarchy> all() {
        return byName;
    }

    /** Whether the named hierarchy and every coarser level k-anonymity may move to output labels only. */
    public boolean labelsOnly(String name) {
        for (Hierarchy h = byName.get(name); ; h = byName.get(h.next())) {
            if (h == null || !h.labelsOnly()) return false;
            if (h.next() == null) return true;
        }
    }

    /**
     * Loads the hierarchies; a missing file means none (profiles naming one then fail validation).
     *
     * @throws ConfigException naming file, line and field for the first mistake
     */
    public static Hierarchies load(Path configDir) {
        Path dir = configDir.resolve(DIR);
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) return new Hierarchies(Map.of());
        YamlNode root = YamlNode.load(file).allowOnly("hierarchies");
        Map<String, Hierarchy> out = new LinkedHashMap<>();
        Map<String, YamlNode> nextNodes = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e :
                root.required("hierarchies").entries().entrySet()) {
            YamlNode h = e.getValue();
            String next = h.optional("next").map(YamlNode::string).orElse(null);
            h.optional("next").ifPresent(n -> nextNodes.put(e.getKey(), n));
            YamlNode typeNode = h.required("type");
            String type = typeNode.string().trim().toUpperCase(java.util.Locale.ROOT);
            try {
                out.put(
                        e.getKey(),
                        switch (type) {
                            case "AGE_BAND" -> {
                                h.allowOnly("type", "width", "top", "next");
                                yield new Hierarchy.AgeBand(
                                        h.required("width").integer(),
                                        h.required("top").integer(),
                                        next);
                            }
                            case "POSTAL_PREFECTURE" -> {
                                h.allowOnly("type", "table", "groups", "next");
                                YamlNode table = h.required("table");
                                Map<String, String> groups = new LinkedHashMap<>();
                                h.optional("groups")
                                        .ifPresent(g -> g.entries().forEach((group, members) -> {
                                            for (String prefecture : members.stringList()) {
                                                String was = groups.put(prefecture, group);
                                                if (was != null)
                                                    throw members.error(prefecture + " is already in group " + was);
                                            }
                                        }));
                                yield new Hierarchy.PostalPrefecture(
                                        table.string(), postalTable(dir.resolve(table.string()), table), groups, next);
                            }
                            case "LEADING_CHARS" -> {
                                h.allowOnly("type", "keep", "next");
                                yield new Hierarchy.LeadingChars(
                                        h.required("keep").integer(), next);
                            }
                            case "DATE_TRUNC" -> {
                                h.allowOnly("type", "unit", "next");
                                yield new Hierarchy.DateTrunc(
                                        h.required("unit").enumValue(Hierarchy.DateTrunc.Unit.class), next);
                            }
                            case "BANDS" -> {
                                h.allowOnly("type", "edges", "next");
                                List<YamlNode> edgeNodes = h.required("edges").list();
                                long[] edges = new long[edgeNodes.size()];
                                for (int i = 0; i < edges.length; i++) {
                                    try {
                                        edges[i] = Long.parseLong(
                                                edgeNodes.get(i).string().trim());
                                    } catch (NumberFormatException ex) {
                                        throw edgeNodes.get(i).error("expected a whole number");
                                    }
                                }
                                yield new Hierarchy.Bands(edges, next);
                            }
                            default ->
                                throw typeNode.error(
                                        "unknown hierarchy type '" + typeNode.string()
                                                + "'; expected one of [AGE_BAND, BANDS, DATE_TRUNC, LEADING_CHARS, POSTAL_PREFECTURE]");
                        });
            } catch (IllegalArgumentException ex) {
                throw h.error(ex.getMessage());
            }
        }
        for (Map.Entry<String, YamlNode> e : nextNodes.entrySet()) {
            String next = e.getValue().string();
            if (!out.containsKey(next)) {
                throw e.getValue().error("unknown hierarchy '" + next + "'; known: " + new TreeSet<>(out.keySet()));
            }
            // a cycle would make generalization loop forever
            String at = next;
            for (int steps = 0; at != null; steps++) {
                if (at.equals(e.getKey()) || steps > out.size())
                    throw e.getValue().error("hierarchy levels form a cycle");
                at = out.get(at).next();
            }
        }
        return new Hierarchies(out);
    }

    /** Reads {@code from<TAB>to<TAB>prefecture} lines; '#' starts a comment. Overlaps are errors. */
    static List<String> postalTable(Path tsv, YamlNode where) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw where.error("cannot read postal table " + tsv.getFileName());
        }
        String[] prefix = new String[1000];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] cols = line.split("\t");
            try {
                if (cols.length != 3) throw new IllegalArgumentException("expected from<TAB>to<TAB>prefecture");
                int from = Integer.parseInt(cols[0].trim());
                int to = Integer.parseInt(cols[1].trim());
                if (from < 0 || to > 999 || from > to)
                    throw new IllegalArgumentException("range must be within 000-999");
                for (int p = from; p <= to; p++) {
                    if (prefix[p] != null)
                        throw new IllegalArgumentException(
                                "prefix " + String.format("%03d", p) + " is already " + prefix[p]);
                    prefix[p] = cols[2].trim();
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(tsv, i + 1, null, e.getMessage());
            }
        }
        return new ArrayList<>(Arrays.asList(prefix));
    }
}
