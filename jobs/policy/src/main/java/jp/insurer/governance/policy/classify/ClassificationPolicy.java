package jp.insurer.governance.policy.classify;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jp.insurer.governance.policy.config.YamlNode;
import jp.insurer.governance.policy.detect.SensitiveKind;

/**
 * {@code config/classification.yml}: rules that decide, name hints that suggest, what each detected
 * entity type means for a column, and how many values to sample. Rules and dataset entries use
 * globs ({@code *}, {@code ?}) on exact names; hints use regular expressions on lower-cased,
 * NFKC-normalised names, so {@code ＴＥＬ} and {@code tel} match alike.
 */
public record ClassificationPolicy(
        Sampling sampling,
        Map<String, TypeMeaning> types,
        List<DatasetRule> datasets,
        List<ColumnRule> columns,
        List<NameHint> hints) {

    public static final String FILE = "classification.yml";

    /**
     * @param rows          rows sampled per dataset (values per column), drawn at random across its files
     * @param minHitRate    share of sampled non-null values a detector must match to decide
     * @param hintedHitRate the same when the column's name hints at that type
     * @param freeTextMinLength average length (code points) from which varied text is FREE_TEXT
     * @param rowGroups     row groups read per dataset, drawn at random (by rows) over all its files
     * @param runLength     consecutive rows taken at each drawn position, so a customer's records
     *                      written together are seen together (values that follow the customer)
     */
    public record Sampling(
            int rows, double minHitRate, double hintedHitRate, int freeTextMinLength, int rowGroups, int runLength) {

        public static final int DEFAULT_ROW_GROUPS = 8;
        public static final int DEFAULT_RUN_LENGTH = 4;

        public Sampling(int rows, double minHitRate, double hintedHitRate, int freeTextMinLength) {
            this(rows, minHitRate, hintedHitRate, freeTextMinLength, DEFAULT_ROW_GROUPS, DEFAULT_RUN_LENGTH);
        }
    }

    /** What finding an entity type in a column means. */
    public record TypeMeaning(Role role, Set<AcquisitionCategory> categories) {}

    /**
     * @param sensitiveTopic a {@code SensitiveKind} name when the dataset's records are about a 機微 topic
     *                       (claims: health): its free text is then 機微情報 as a whole column; else null
     */
    public record DatasetRule(
            String id,
            Pattern dataset,
            Set<AcquisitionCategory> categories,
            String customerKey,
            String sensitiveTopic) {}

    public record ColumnRule(
            String id,
            Pattern dataset,
            Pattern column,
            Role role,
            Set<AcquisitionCategory> categories,
            String sensitiveKind) {}

    /**
     * @param holds       entity type the name suggests (detection confirms it at the lower hit rate), or null
     * @param role        role decided by the name alone when values show nothing, or null
     * @param customerKey the column links records to customers
     */
    public record NameHint(
            String id,
            Pattern name,
            String holds,
            Role role,
            String sensitiveKind,
            Set<AcquisitionCategory> categories,
            boolean customerKey) {}

    public ClassificationPolicy {
        types = Map.copyOf(types);
        datasets = List.copyOf(datasets);
        columns = List.copyOf(columns);
        hints = List.copyOf(hints);
    }

    public static ClassificationPolicy load(Path configDir) {
        YamlNode root =
                YamlNode.load(configDir.resolve(FILE)).allowOnly("sampling", "types", "datasets", "columns", "hints");
        YamlNode s = root.required("sampling")
                .allowOnly(
                        "rows", "min_hit_rate", "hinted_hit_rate", "free_text_min_length", "row_groups", "run_length");
        Sampling sampling = new Sampling(
                positive(s.required("rows")),
                rate(s.required("min_hit_rate")),
                rate(s.required("hinted_hit_rate")),
                positive(s.required("free_text_min_length")),
                s.optional("row_groups").map(ClassificationPolicy::positive).orElse(Sampling.DEFAULT_ROW_GROUPS),
                s.optional("run_length").map(ClassificationPolicy::positive).orElse(Sampling.DEFAULT_RUN_LENGTH));

        Map<String, TypeMeaning> types = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : root.required("types").entries().entrySet()) {
            YamlNode t = e.getValue().allowOnly("role", "categories");
            types.put(e.getKey(), new TypeMeaning(t.required("role").enumValue(Role.class), categories(t)));
        }

        List<DatasetRule> datasets = new ArrayList<>();
        for (YamlNode d : root.optional("datasets").map(YamlNode::list).orElse(List.of())) {
            d.allowOnly("dataset", "categories", "customer_key", "sensitive_topic");
            datasets.add(new DatasetRule(
                    d.path(),
                    glob(d.required("dataset")),
                    categories(d),
                    d.optional("customer_key").map(YamlNode::string).orElse(null),
                    d.optional("sensitive_topic")
                            .map(t -> t.enumValue(SensitiveKind.class).name())
                            .orElse(null)));
        }

        List<ColumnRule> columns = new ArrayList<>();
        for (YamlNode c : root.optional("columns").map(YamlNode::list).orElse(List.of())) {
            c.allowOnly("dataset", "column", "role", "categories", "sensitive_kind");
            Role role = c.required("role").enumValue(Role.class);
            String kind = sensitiveKind(c, role);
            columns.add(new ColumnRule(
                    c.path(),
                    glob(c.optional("dataset").orElse(null)),
                    glob(c.required("column")),
                    role,
                    categories(c),
                    kind));
        }

        List<NameHint> hints = new ArrayList<>();
        for (YamlNode h : root.optional("hints").map(YamlNode::list).orElse(List.of())) {
            h.allowOnly("name", "holds", "role", "sensitive_kind", "categories", "customer_key");
            String holds = h.optional("holds").map(YamlNode::string).orElse(null);
            Role role = h.optional("role").map(r -> r.enumValue(Role.class)).orElse(null);
            if (holds == null && role == null) throw h.error("a hint needs 'holds' (an entity type) or 'role'");
            if (holds != null && !types.containsKey(holds)) {
                throw h.required("holds").error("entity type '" + holds + "' is not listed under 'types'");
            }
            String pattern = h.required("name").string();
            String id = h.path() + " /" + (pattern.length() > 40 ? pattern.substring(0, 40) + "…" : pattern) + "/";
            hints.add(new NameHint(
                    id,
                    regex(h.required("name")),
                    holds,
                    role,
                    sensitiveKind(h, role),
                    categories(h),
                    h.optional("customer_key").map(YamlNode::bool).orElse(false)));
        }
        return new ClassificationPolicy(sampling, types, datasets, columns, hints);
    }

    /** The first column rule for a dataset's column. */
    public Optional<ColumnRule> rule(String dataset, String column) {
        return columns.stream()
                .filter(r ->
                        (r.dataset() == null || r.dataset().matcher(dataset).matches())
                                && r.column().matcher(column).matches())
                .findFirst();
    }

    /** Categories configured for a dataset (all matching entries, unioned). */
    public Set<AcquisitionCategory> datasetCategories(String dataset) {
        Set<AcquisitionCategory> out = EnumSet.noneOf(AcquisitionCategory.class);
        for (DatasetRule d : datasets) if (d.dataset().matcher(dataset).matches()) out.addAll(d.categories());
        return out;
    }

    /** The 機微 topic of a dataset's records ({@code sensitive_topic}), if any: the first matching entry's. */
    public Optional<String> sensitiveTopic(String dataset) {
        for (DatasetRule d : datasets) {
            if (d.sensitiveTopic() != null && d.dataset().matcher(dataset).matches())
                return Optional.of(d.sensitiveTopic());
        }
        return Optional.empty();
    }

    /** The column linking a dataset's records to customers: configured, else the first hinted column present. */
    public Optional<String> customerKey(String dataset, List<String> columnNames) {
        for (DatasetRule d : datasets) {
            if (d.dataset().matcher(dataset).matches()
                    && d.customerKey() != null
                    && columnNames.contains(d.customerKey())) {
                return Optional.of(d.customerKey());
            }
        }
        for (String column : columnNames) {
            for (NameHint h : hints)
                if (h.customerKey() && h.name().matcher(normalizeName(column)).find()) return Optional.of(column);
        }
        return Optional.empty();
    }

    public List<NameHint> hintsFor(String column) {
        String normalized = normalizeName(column);
        return hints.stream().filter(h -> h.name().matcher(normalized).find()).toList();
    }

    static String normalizeName(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static Set<AcquisitionCategory> categories(YamlNode node) {
        Set<AcquisitionCategory> out = EnumSet.noneOf(AcquisitionCategory.class);
        node.optional("categories").ifPresent(c -> {
            if (c.isList()) c.list().forEach(item -> out.add(item.enumValue(AcquisitionCategory.class)));
            else out.add(c.enumValue(AcquisitionCategory.class));
        });
        return out;
    }

    private static String sensitiveKind(YamlNode node, Role role) {
        Optional<YamlNode> kind = node.optional("sensitive_kind");
        if (kind.isEmpty()) {
            if (role == Role.SENSITIVE) throw node.error("a SENSITIVE role needs 'sensitive_kind'");
            return null;
        }
        return kind.get().enumValue(SensitiveKind.class).name();
    }

    private static Pattern glob(YamlNode node) {
        if (node == null) return null;
        String glob = node.string();
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static Pattern regex(YamlNode node) {
        try {
            return Pattern.compile(node.string(), Pattern.UNICODE_CASE | Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw node.error("invalid regular expression: " + e.getDescription());
        }
    }

    private static int positive(YamlNode node) {
        int value = node.integer();
        if (value <= 0) throw node.error("must be a positive whole number");
        return value;
    }

    private static double rate(YamlNode node) {
        double value = node.number();
        if (value <= 0 || value > 1) throw node.error("must be a share between 0 (exclusive) and 1");
        return value;
    }
}
