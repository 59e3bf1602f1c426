package jp.insurer.governance.policy.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.config.Located;
import jp.insurer.governance.policy.config.Origin;
import jp.insurer.governance.policy.config.YamlNode;
import jp.insurer.governance.policy.transform.TextMode;
import jp.insurer.governance.policy.transform.Transform;

/**
 * One item of {@code profiles:} in {@code extracts.yml} as written: field names, types, enum values and
 * transform spellings checked, nothing across fields or files. {@link ExtractProfiles#load} then checks
 * the rules (names, the recipient's country and regime, purposes and the consents they need, k, hierarchies,
 * what each role may default to, keys, 匿名加工情報's limits) and builds the {@link ExtractProfile}. A field
 * not given has a null value; required ones are checked with the rules, in the order the rules read them,
 * and every error still names file, line and field.
 *
 * @param defaults the profile's {@code defaults:} in file order, empty when not given
 */
public record ExtractProfileSpec(
        Origin origin,
        Located<String> name,
        String description,
        Located<RecipientSpec> recipient,
        Located<ProcessingStandard> regime,
        Located<String> purpose,
        Located<Integer> k,
        Located<Double> maxSuppression,
        List<RoleDefault> defaults,
        Located<List<DatasetSpec>> datasets,
        Located<String> keyId,
        Located<OwnIdentifierMode> ownIdentifiers,
        Located<TextMode> text,
        Located<ExtractSchedule> schedule) {

    public record RecipientSpec(Located<String> name, Located<RecipientKind> kind, Located<String> country) {}

    /** A role's default transform ({@code defaults:} of the file or of a profile). */
    public record RoleDefault(Role role, TransformSpec transform) {}

    /**
     * A transform as written.
     *
     * @param hierarchyOrigin where a {@link Transform.Generalize}'s hierarchy is named (the hierarchy is checked
     *                        against {@code hierarchies.yml} with the rules); else the same as {@code origin}
     */
    public record TransformSpec(Transform transform, Origin origin, Origin hierarchyOrigin) {}

    /** @param transform null: the role's default */
    public record ColumnSpec(String column, TransformSpec transform, Origin origin) {}

    /** @param origin the dataset's entry under {@code datasets:} */
    public record DatasetSpec(
            String dataset,
            Origin origin,
            Located<List<ColumnSpec>> columns,
            Located<List<String>> quasiIdentifiers,
            Located<Boolean> linkable) {}

    public ExtractProfileSpec {
        defaults = List.copyOf(defaults);
    }

    /** Reads one profile's shape; the first mistake is a {@link jp.insurer.governance.policy.config.ConfigException}. */
    public static ExtractProfileSpec parse(YamlNode item) {
        item.allowOnly(
                "name",
                "description",
                "recipient",
                "purpose",
                "key_id",
                "k",
                "max_suppression",
                "defaults",
                "datasets",
                "text",
                "own_identifiers",
                "regime",
                "schedule");
        Located<RecipientSpec> recipient = Located.field(item, "recipient", r -> {
            r.allowOnly("name", "kind", "country");
            return new RecipientSpec(
                    Located.field(r, "name", YamlNode::string),
                    Located.field(r, "kind", k -> k.enumValue(RecipientKind.class)),
                    Located.field(r, "country", c -> c.string().trim()));
        });
        return new ExtractProfileSpec(
                Origin.of(item),
                Located.field(item, "name", YamlNode::string),
                item.string("description", ""),
                recipient,
                Located.field(item, "regime", ExtractProfileSpec::regime),
                Located.field(item, "purpose", YamlNode::string),
                Located.field(item, "k", YamlNode::integer),
                Located.field(item, "max_suppression", YamlNode::number),
                item.optional("defaults").map(ExtractProfileSpec::defaults).orElse(List.of()),
                Located.field(item, "datasets", ExtractProfileSpec::datasets),
                Located.field(item, "key_id", YamlNode::string),
                Located.field(item, "own_identifiers", ExtractProfileSpec::ownIdentifiers),
                Located.field(item, "text", t -> t.enumValue(TextMode.class)),
                Located.field(item, "schedule", ExtractSchedule::parse));
    }

    /** A {@code defaults:} mapping, role → transform, in file order. */
    static List<RoleDefault> defaults(YamlNode node) {
        List<RoleDefault> out = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
            out.add(new RoleDefault(roleOf(e.getKey(), e.getValue()), transform(e.getValue())));
        }
        return out;
    }

    private static Role roleOf(String key, YamlNode where) {
        for (Role r : Role.values()) if (r.name().equalsIgnoreCase(key)) return r;
        throw where.error("unknown role '" + key + "'; expected one of " + java.util.Arrays.toString(Role.values()));
    }

    /** keep | drop | pseudonymize | scrub_text | {generalize: NAME} | "generalize:NAME". */
    static TransformSpec transform(YamlNode node) {
        if (node.isMap()) {
            node.allowOnly("generalize");
            YamlNode hierarchyNode = node.required("generalize");
            return new TransformSpec(
                    new Transform.Generalize(hierarchyNode.string().trim()), Origin.of(node), Origin.of(hierarchyNode));
        }
        String text = node.string().trim();
        Optional<Transform> simple = Transform.parseSimple(text);
        if (simple.isPresent()) return new TransformSpec(simple.get(), Origin.of(node), Origin.of(node));
        if (!text.startsWith("generalize:")) {
            throw node.error("unknown transform '" + text
                    + "'; expected keep, drop, pseudonymize, scrub_text or {generalize: HIERARCHY}");
        }
        String name = text.substring("generalize:".length()).trim();
        return new TransformSpec(new Transform.Generalize(name), Origin.of(node), Origin.of(node));
    }

    private static List<DatasetSpec> datasets(YamlNode datasetsNode) {
        List<DatasetSpec> datasets = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : datasetsNode.entries().entrySet()) {
            YamlNode d = e.getValue().allowOnly("columns", "quasi_identifiers", "linkable");
            Located<List<ColumnSpec>> columns = Located.field(
                    d,
                    "columns",
                    c -> c.entries().entrySet().stream()
                            .map(column -> new ColumnSpec(
                                    column.getKey(),
                                    isDefault(column.getValue()) ? null : transform(column.getValue()),
                                    Origin.of(column.getValue())))
                            .toList());
            datasets.add(new DatasetSpec(
                    e.getKey(),
                    Origin.of(e.getValue()),
                    columns,
                    Located.field(d, "quasi_identifiers", YamlNode::stringList),
                    Located.field(d, "linkable", YamlNode::bool)));
        }
        return datasets;
    }

    /** A column with no transform or {@code default} takes its role's default. */
    private static boolean isDefault(YamlNode node) {
        return node.isNull()
                || (!node.isMap()
                        && !node.isList()
                        && "default".equals(node.string().trim()));
    }

    private static ProcessingStandard regime(YamlNode node) {
        ProcessingStandard standard = ProcessingStandard.fromConfig(node.string());
        if (standard == null) {
            throw node.error("expected consent (personal data provided with consent), pseudonymized "
                    + "(仮名加工情報) or anonymized (匿名加工情報), got '" + node.string() + "'");
        }
        return standard;
    }

    private static OwnIdentifierMode ownIdentifiers(YamlNode node) {
        String mode = node.string().trim();
        if (!mode.equals("fail") && !mode.equals("mask")) {
            throw node.error(
                    "expected 'fail' (the default: a released cell holding its own customer's identifier fails "
                            + "the extract) or 'mask' (replaced by a placeholder and counted), got '" + mode + "'");
        }
        return mode.equals("mask") ? OwnIdentifierMode.MASK : OwnIdentifierMode.FAIL;
    }
}
