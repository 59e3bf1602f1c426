package jp.insurer.governance.policy.classify;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jp.insurer.governance.policy.config.Located;
import jp.insurer.governance.policy.config.Origin;
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
        return of(ClassificationSpec.parse(YamlNode.load(configDir.resolve(FILE))));
    }

    /** Checks the rules of a parsed file and builds the policy; every error names file, line and field. */
    public static ClassificationPolicy of(ClassificationSpec spec) {
        ClassificationSpec.SamplingSpec s = spec.sampling();
        Sampling sampling = new Sampling(
                positive(s.rows()),
                rate(s.minHitRate()),
                rate(s.hintedHitRate()),
                positive(s.freeTextMinLength()),
                s.rowGroups().isPresent() ? positive(s.rowGroups()) : Sampling.DEFAULT_ROW_GROUPS,
                s.runLength().isPresent() ? positive(s.runLength()) : Sampling.DEFAULT_RUN_LENGTH);

        List<DatasetRule> datasets = new ArrayList<>();
        for (ClassificationSpec.DatasetSpec d : spec.datasets()) {
            datasets.add(new DatasetRule(
                    d.id(),
                    glob(d.dataset()),
                    d.categories(),
                    d.customerKey(),
                    d.sensitiveTopic() == null ? null : d.sensitiveTopic().name()));
        }

        List<ColumnRule> columns = new ArrayList<>();
        for (ClassificationSpec.ColumnSpec c : spec.columns()) {
            Role role = c.role().required();
            String kind = sensitiveKind(c.origin(), role, c.sensitiveKind());
            columns.add(new ColumnRule(
                    c.origin().field(),
                    c.dataset() == null ? null : glob(c.dataset()),
                    glob(c.column().required()),
                    role,
                    c.categories(),
                    kind));
        }

        List<NameHint> hints = new ArrayList<>();
        for (ClassificationSpec.HintSpec h : spec.hints()) {
            String holds = h.holds().value();
            if (holds == null && h.role() == null)
                throw h.origin().error("a hint needs 'holds' (an entity type) or 'role'");
            if (holds != null && !spec.types().containsKey(holds)) {
                throw h.holds().error("entity type '" + holds + "' is not listed under 'types'");
            }
            String pattern = h.name().required();
            String id = h.origin().field() + " /" + (pattern.length() > 40 ? pattern.substring(0, 40) + "…" : pattern)
                    + "/";
            hints.add(new NameHint(
                    id,
                    regex(h.name()),
                    holds,
                    h.role(),
                    sensitiveKind(h.origin(), h.role(), h.sensitiveKind()),
                    h.categories(),
                    h.customerKey()));
        }
        return new ClassificationPolicy(sampling, spec.types(), datasets, columns, hints);
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

    private static String sensitiveKind(Origin entry, Role role, SensitiveKind kind) {
        if (kind == null && role == Role.SENSITIVE) throw entry.error("a SENSITIVE role needs 'sensitive_kind'");
        return kind == null ? null : kind.name();
    }

    private static Pattern glob(String glob) {
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

    private static Pattern regex(Located<String> node) {
        try {
            return Pattern.compile(node.value(), Pattern.UNICODE_CASE | Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw node.error("invalid regular expression: " + e.getDescription());
        }
    }

    private static int positive(Located<Integer> node) {
        int value = node.required();
        if (value <= 0) throw node.error("must be a positive whole number");
        return value;
    }

    private static double rate(Located<Double> node) {
        double value = node.required();
        if (value <= 0 || value > 1) throw node.error("must be a share between 0 (exclusive) and 1");
        return value;
    }
}
