package jp.insurer.governance.policy.retention;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.config.Located;
import jp.insurer.governance.policy.config.Origin;
import jp.insurer.governance.policy.config.YamlNode;

/**
 * {@code retention.yml} as written: field names, types, enum values, periods and clock shapes checked,
 * nothing across fields or files. {@link RetentionRules#of} then checks the rules (ids, dataset or
 * category, the clock an action needs, PURGE_COLUMNS's columns, consent purposes of {@code policy.yml},
 * the provision-record minimum) and builds the runtime rules. Values a rule checks keep where they were
 * written, so its error still names file, line and field.
 *
 * @param mode             null when not given
 * @param provisionRecords {@code provision_records.keep}, null when not given
 */
public record RetentionSpec(RetentionMode mode, List<RuleSpec> rules, Located<RetentionPeriod> provisionRecords) {

    /**
     * One item of {@code rules:}; a field not given has a null value (required ones are checked with the rules).
     *
     * @param clock     the clock as written; {@code purpose} of a CONSENT_WITHDRAWAL clock is not yet checked
     * @param columns   the {@code columns:} node's each listed column
     * @param positions the line of every field of the rule, for checks against the datasets on disk
     */
    public record RuleSpec(
            Origin origin,
            Located<String> id,
            String description,
            Located<String> dataset,
            Located<AcquisitionCategory> category,
            Located<RetentionClock> clock,
            Located<RetentionPeriod> period,
            Located<RetentionAction> action,
            Located<List<Located<String>>> columns,
            Set<ExceptionKind> exceptions,
            RuleScope scope,
            String customerColumn,
            String policyColumn,
            RetentionMode mode,
            ConfigPositions positions) {}

    public RetentionSpec {
        rules = List.copyOf(rules);
    }

    /** Reads the file's shape; the first mistake is a {@link jp.insurer.governance.policy.config.ConfigException}. */
    public static RetentionSpec parse(YamlNode root) {
        root.allowOnly("mode", "rules", "provision_records");
        RetentionMode mode = root.optional("mode").map(RetentionSpec::mode).orElse(null);
        List<RuleSpec> rules =
                root.required("rules").list().stream().map(RetentionSpec::rule).toList();
        Located<RetentionPeriod> keep = root.optional("provision_records")
                .map(p -> {
                    YamlNode keepNode = p.allowOnly("keep").required("keep");
                    return Located.of(keepNode, period(keepNode));
                })
                .orElse(null);
        return new RetentionSpec(mode, rules, keep);
    }

    private static RuleSpec rule(YamlNode item) {
        item.allowOnly(
                "id",
                "description",
                "dataset",
                "category",
                "clock",
                "period",
                "action",
                "columns",
                "exceptions",
                "scope",
                "customer_column",
                "policy_column",
                "mode");
        Map<String, Integer> lines = new HashMap<>();
        for (Map.Entry<String, YamlNode> e : item.entries().entrySet())
            lines.put(e.getKey(), e.getValue().line());
        Located<String> id = Located.field(item, "id", YamlNode::string);
        Located<String> dataset = Located.field(item, "dataset", YamlNode::string);
        Located<AcquisitionCategory> category =
                Located.field(item, "category", n -> n.enumValue(AcquisitionCategory.class));
        Located<RetentionClock> clock = Located.field(item, "clock", n -> clock(n, lines));
        Located<RetentionPeriod> period = Located.field(item, "period", RetentionSpec::period);
        Located<RetentionAction> action = Located.field(item, "action", n -> n.enumValue(RetentionAction.class));
        Located<List<Located<String>>> columns = Located.field(item, "columns", node -> {
            List<YamlNode> items = node.isList() ? node.list() : List.of(node);
            for (int i = 0; i < items.size(); i++)
                lines.put("columns[" + i + "]", items.get(i).line());
            return items.stream().map(n -> Located.of(n, n.string())).toList();
        });
        Set<ExceptionKind> exceptions = EnumSet.noneOf(ExceptionKind.class);
        item.optional("exceptions").ifPresent(node -> {
            for (YamlNode e : node.isList() ? node.list() : List.of(node))
                exceptions.add(e.enumValue(ExceptionKind.class));
        });
        RuleScope scope =
                item.optional("scope").map(n -> n.enumValue(RuleScope.class)).orElse(RuleScope.ALL);
        return new RuleSpec(
                Origin.of(item),
                id,
                item.string("description", ""),
                dataset,
                category,
                clock,
                period,
                action,
                columns,
                exceptions,
                scope,
                item.string("customer_column", RetentionRules.DEFAULT_CUSTOMER_COLUMN),
                item.string("policy_column", null),
                item.optional("mode").map(RetentionSpec::mode).orElse(null),
                new ConfigPositions(item.file(), item.path(), item.line(), lines));
    }

    /** The clock's shape by its type; a CONSENT_WITHDRAWAL purpose is checked against policy.yml later. */
    private static RetentionClock clock(YamlNode node, Map<String, Integer> lines) {
        if (!node.isMap())
            throw node.error("expected a mapping with 'type' (EVENT_TIME, CONTRACT_END,"
                    + " CONSENT_WITHDRAWAL, COLLECTION_DATE)");
        for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
            lines.put("clock." + e.getKey(), e.getValue().line());
        }
        YamlNode typeNode = node.required("type");
        String type = typeNode.string().trim().toUpperCase(java.util.Locale.ROOT);
        switch (type) {
            case "EVENT_TIME" -> {
                node.allowOnly("type", "column");
                return new RetentionClock.EventTimeColumn(
                        node.required("column").string());
            }
            case "COLLECTION_DATE" -> {
                node.allowOnly("type", "column");
                return new RetentionClock.CollectionDate(node.required("column").string());
            }
            case "CONTRACT_END" -> {
                node.allowOnly("type");
                return new RetentionClock.ContractEnd();
            }
            case "CONSENT_WITHDRAWAL" -> {
                node.allowOnly("type", "purpose");
                return new RetentionClock.ConsentWithdrawal(
                        node.required("purpose").string());
            }
            default ->
                throw typeNode.error("unknown clock type '" + typeNode.string()
                        + "'; expected one of [EVENT_TIME, CONTRACT_END, CONSENT_WITHDRAWAL, COLLECTION_DATE]");
        }
    }

    private static RetentionPeriod period(YamlNode node) {
        try {
            return RetentionPeriod.parse(node.string());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static RetentionMode mode(YamlNode node) {
        return RetentionMode.parse(node.string())
                .orElseThrow(() -> node.error("expected dry-run or enforce, got '" + node.string() + "'"));
    }
}
