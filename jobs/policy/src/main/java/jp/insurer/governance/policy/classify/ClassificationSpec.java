package jp.insurer.governance.policy.classify;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.policy.classify.ClassificationPolicy.TypeMeaning;
import jp.insurer.governance.policy.config.Located;
import jp.insurer.governance.policy.config.Origin;
import jp.insurer.governance.policy.config.YamlNode;
import jp.insurer.governance.policy.detect.SensitiveKind;

/**
 * {@code classification.yml} as written: field names, types and enum values checked, nothing across
 * fields or files. {@link ClassificationPolicy#load} then checks the rules (ranges, a SENSITIVE role's
 * kind, hints naming listed types, regular expressions) and builds the policy. Values a rule checks keep
 * where they were written, so its error still names file, line and field.
 */
public record ClassificationSpec(
        SamplingSpec sampling,
        Map<String, TypeMeaning> types,
        List<DatasetSpec> datasets,
        List<ColumnSpec> columns,
        List<HintSpec> hints) {

    /** A field not given has a null value; required ones are checked with the rules, in the order they were read. */
    public record SamplingSpec(
            Located<Integer> rows,
            Located<Double> minHitRate,
            Located<Double> hintedHitRate,
            Located<Integer> freeTextMinLength,
            Located<Integer> rowGroups,
            Located<Integer> runLength) {}

    /** @param id the entry's field path ({@code datasets[2]}) */
    public record DatasetSpec(
            String id,
            String dataset,
            Set<AcquisitionCategory> categories,
            String customerKey,
            SensitiveKind sensitiveTopic) {}

    /** @param dataset a glob, or null for every dataset; {@code sensitiveKind} null when not given */
    public record ColumnSpec(
            Origin origin,
            String dataset,
            Located<String> column,
            Located<Role> role,
            Set<AcquisitionCategory> categories,
            SensitiveKind sensitiveKind) {}

    /** @param role null when not given; likewise {@code sensitiveKind} */
    public record HintSpec(
            Origin origin,
            Located<String> name,
            Located<String> holds,
            Role role,
            SensitiveKind sensitiveKind,
            Set<AcquisitionCategory> categories,
            boolean customerKey) {}

    public ClassificationSpec {
        types = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(types));
        datasets = List.copyOf(datasets);
        columns = List.copyOf(columns);
        hints = List.copyOf(hints);
    }

    /** Reads the file's shape; the first mistake is a {@link jp.insurer.governance.policy.config.ConfigException}. */
    public static ClassificationSpec parse(YamlNode root) {
        root.allowOnly("sampling", "types", "datasets", "columns", "hints");
        YamlNode s = root.required("sampling")
                .allowOnly(
                        "rows", "min_hit_rate", "hinted_hit_rate", "free_text_min_length", "row_groups", "run_length");
        SamplingSpec sampling = new SamplingSpec(
                Located.field(s, "rows", YamlNode::integer),
                Located.field(s, "min_hit_rate", YamlNode::number),
                Located.field(s, "hinted_hit_rate", YamlNode::number),
                Located.field(s, "free_text_min_length", YamlNode::integer),
                Located.field(s, "row_groups", YamlNode::integer),
                Located.field(s, "run_length", YamlNode::integer));

        Map<String, TypeMeaning> types = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : root.required("types").entries().entrySet()) {
            YamlNode t = e.getValue().allowOnly("role", "categories");
            types.put(e.getKey(), new TypeMeaning(t.required("role").enumValue(Role.class), categories(t)));
        }

        List<DatasetSpec> datasets = root.optional("datasets").map(YamlNode::list).orElse(List.of()).stream()
                .map(d -> {
                    d.allowOnly("dataset", "categories", "customer_key", "sensitive_topic");
                    return new DatasetSpec(
                            d.path(),
                            d.required("dataset").string(),
                            categories(d),
                            d.optional("customer_key").map(YamlNode::string).orElse(null),
                            kind(d, "sensitive_topic"));
                })
                .toList();

        List<ColumnSpec> columns = root.optional("columns").map(YamlNode::list).orElse(List.of()).stream()
                .map(c -> {
                    c.allowOnly("dataset", "column", "role", "categories", "sensitive_kind");
                    return new ColumnSpec(
                            Origin.of(c),
                            c.optional("dataset").map(YamlNode::string).orElse(null),
                            Located.field(c, "column", YamlNode::string),
                            Located.field(c, "role", r -> r.enumValue(Role.class)),
                            categories(c),
                            kind(c, "sensitive_kind"));
                })
                .toList();

        List<HintSpec> hints = root.optional("hints").map(YamlNode::list).orElse(List.of()).stream()
                .map(h -> {
                    h.allowOnly("name", "holds", "role", "sensitive_kind", "categories", "customer_key");
                    return new HintSpec(
                            Origin.of(h),
                            Located.field(h, "name", YamlNode::string),
                            Located.field(h, "holds", YamlNode::string),
                            h.optional("role").map(r -> r.enumValue(Role.class)).orElse(null),
                            kind(h, "sensitive_kind"),
                            categories(h),
                            h.optional("customer_key").map(YamlNode::bool).orElse(false));
                })
                .toList();
        return new ClassificationSpec(sampling, types, datasets, columns, hints);
    }

    private static Set<AcquisitionCategory> categories(YamlNode node) {
        Set<AcquisitionCategory> out = EnumSet.noneOf(AcquisitionCategory.class);
        node.optional("categories").ifPresent(c -> {
            if (c.isList()) c.list().forEach(item -> out.add(item.enumValue(AcquisitionCategory.class)));
            else out.add(c.enumValue(AcquisitionCategory.class));
        });
        return out;
    }

    private static SensitiveKind kind(YamlNode node, String key) {
        return node.optional(key).map(k -> k.enumValue(SensitiveKind.class)).orElse(null);
    }
}
