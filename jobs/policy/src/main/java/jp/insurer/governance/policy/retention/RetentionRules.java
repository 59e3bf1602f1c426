package jp.insurer.governance.policy.retention;

import java.nio.file.Path;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.YamlNode;

/**
 * The retention rules of {@code config/retention.yml}. Loading checks everything the file alone can
 * tell (shape, periods, purposes); {@link #validate} then checks the rules against the datasets the
 * inventory found, so that the job refuses to start (exit 2) before anything is read or deleted.
 */
public final class RetentionRules {

    public static final String FILE = "retention.yml";
    public static final String DEFAULT_CUSTOMER_COLUMN = "customer_id";
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Path file;
    private final RetentionMode defaultMode;
    private final List<RetentionRule> rules;
    private final RetentionPeriod provisionRecordsKeep;

    /** Enforcement Rules art. 21: third-party provision records are kept at least 3 years. */
    public static final Period PROVISION_RECORDS_MINIMUM = Period.ofYears(3);

    private RetentionRules(
            Path file, RetentionMode defaultMode, List<RetentionRule> rules, RetentionPeriod provisionRecordsKeep) {
        this.file = file;
        this.defaultMode = defaultMode;
        this.rules = List.copyOf(rules);
        this.provisionRecordsKeep = provisionRecordsKeep;
    }

    /**
     * How long third-party provision records (OUT/provision/, APPI art. 29) are kept after the provision
     * date: {@code provision_records.keep}, at least {@link #PROVISION_RECORDS_MINIMUM} (the default).
     * No retention rule reaches them: they are not a dataset of the raw or governed zone, and the
     * retention job never deletes under OUT/provision/.
     */
    public RetentionPeriod provisionRecordsKeep() {
        return provisionRecordsKeep;
    }

    public Path file() {
        return file;
    }

    /** The run mode when the job is started without {@code mode=}. */
    public RetentionMode defaultMode() {
        return defaultMode;
    }

    public List<RetentionRule> rules() {
        return rules;
    }

    public Optional<RetentionRule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * The mode of a run: the job parameter if given, else the file's default.
     *
     * @throws IllegalArgumentException for anything but {@code dry-run} or {@code enforce} (exit 2)
     */
    public RetentionMode runMode(String parameter) {
        if (parameter == null || parameter.isBlank()) return defaultMode;
        return RetentionMode.parse(parameter)
                .orElseThrow(
                        () -> new IllegalArgumentException("mode must be dry-run or enforce, got '" + parameter + "'"));
    }

    /**
     * Reads {@code retention.yml} from the config folder.
     *
     * @param purposes the configured consent purposes; a {@code CONSENT_WITHDRAWAL} clock must name one
     * @throws ConfigException naming file, line and field for the first mistake
     */
    public static RetentionRules load(Path configDir, Collection<String> purposes) {
        Path file = configDir.resolve(FILE);
        YamlNode root = YamlNode.load(file).allowOnly("mode", "rules", "provision_records");
        RetentionMode mode = root.optional("mode").map(RetentionRules::mode).orElse(RetentionMode.DRY_RUN);
        List<RetentionRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode item : root.required("rules").list()) {
            RetentionRule rule = rule(item, Set.copyOf(purposes));
            if (!ids.add(rule.id())) throw item.required("id").error("duplicate rule id '" + rule.id() + "'");
            rules.add(rule);
        }
        RetentionPeriod keep =
                new RetentionPeriod(PROVISION_RECORDS_MINIMUM.toString(), PROVISION_RECORDS_MINIMUM, null);
        Optional<YamlNode> provision = root.optional("provision_records");
        if (provision.isPresent()) {
            YamlNode keepNode = provision.get().allowOnly("keep").required("keep");
            try {
                keep = RetentionPeriod.parse(keepNode.string());
            } catch (IllegalArgumentException e) {
                throw keepNode.error(e.getMessage());
            }
            if (!atLeast(keep, PROVISION_RECORDS_MINIMUM)) {
                throw keepNode.error(
                        "third-party provision records are kept at least 3 years (Enforcement Rules art. 21)," + " got "
                                + keep.text() + "; a longer period is allowed, a shorter one never");
            }
        }
        return new RetentionRules(file, mode, rules, keep);
    }

    /** Whether a period is at least the minimum from every start date (months count as short as they can be). */
    private static boolean atLeast(RetentionPeriod p, Period minimum) {
        java.time.LocalDate[] starts = {
            java.time.LocalDate.of(2024, 2, 29),
            java.time.LocalDate.of(2023, 3, 1),
            java.time.LocalDate.of(2023, 1, 31),
            java.time.LocalDate.of(2025, 12, 31)
        };
        for (java.time.LocalDate start : starts) {
            java.time.LocalDate required = start.plus(minimum);
            java.time.LocalDate kept = p.period() != null
                    ? start.plus(p.period())
                    : start.atStartOfDay().plus(p.duration()).toLocalDate();
            if (kept.isBefore(required)) return false;
        }
        return true;
    }

    private static RetentionRule rule(YamlNode item, Set<String> purposes) {
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

        YamlNode idNode = item.required("id");
        String id = idNode.string();
        if (!RULE_ID.matcher(id).matches()) {
            throw idNode.error("rule ids are letters, digits, '-', '_' or '.', got '" + id + "'");
        }

        Optional<YamlNode> datasetNode = item.optional("dataset");
        Optional<YamlNode> categoryNode = item.optional("category");
        if (datasetNode.isPresent() && categoryNode.isPresent()) {
            throw categoryNode.get().error("a rule names a dataset or a category, not both");
        }
        if (datasetNode.isEmpty() && categoryNode.isEmpty()) {
            throw new ConfigException(
                    item.file(), item.line(), item.path() + ".dataset", "is required (or 'category')");
        }
        String dataset = datasetNode.map(YamlNode::string).orElse(null);
        AcquisitionCategory category =
                categoryNode.map(n -> n.enumValue(AcquisitionCategory.class)).orElse(null);

        YamlNode clockNode = item.required("clock");
        RetentionClock clock = clock(clockNode, purposes, lines);

        YamlNode periodNode = item.required("period");
        RetentionPeriod period;
        try {
            period = RetentionPeriod.parse(periodNode.string());
        } catch (IllegalArgumentException e) {
            throw periodNode.error(e.getMessage());
        }

        YamlNode actionNode = item.required("action");
        RetentionAction action = actionNode.enumValue(RetentionAction.class);
        if (action == RetentionAction.DROP_PARTITION && clock.column().isEmpty()) {
            throw actionNode.error("DROP_PARTITION needs an EVENT_TIME or COLLECTION_DATE clock on the date"
                    + " partition key, not " + clock.type());
        }

        List<String> columns = List.of();
        Optional<YamlNode> columnsNode = item.optional("columns");
        if (action == RetentionAction.PURGE_COLUMNS) {
            YamlNode node = columnsNode.orElseThrow(() -> new ConfigException(
                    item.file(), item.line(), item.path() + ".columns", "is required for PURGE_COLUMNS"));
            columns = distinctStrings(node, lines, "columns");
            if (columns.isEmpty()) throw node.error("PURGE_COLUMNS needs at least one column");
        } else if (columnsNode.isPresent()) {
            throw columnsNode.get().error("'columns' only applies to PURGE_COLUMNS");
        }

        Set<ExceptionKind> exceptions = EnumSet.noneOf(ExceptionKind.class);
        item.optional("exceptions").ifPresent(node -> {
            for (YamlNode e : node.isList() ? node.list() : List.of(node))
                exceptions.add(e.enumValue(ExceptionKind.class));
        });

        RuleScope scope =
                item.optional("scope").map(n -> n.enumValue(RuleScope.class)).orElse(RuleScope.ALL);
        String customerColumn = item.string("customer_column", DEFAULT_CUSTOMER_COLUMN);
        String policyColumn = item.string("policy_column", null);
        RetentionMode mode = item.optional("mode").map(RetentionRules::mode).orElse(null);

        return new RetentionRule(
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
                customerColumn,
                policyColumn,
                mode,
                new ConfigPositions(item.file(), item.path(), item.line(), lines));
    }

    private static RetentionClock clock(YamlNode node, Set<String> purposes, Map<String, Integer> lines) {
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
                YamlNode purposeNode = node.required("purpose");
                String purpose = purposeNode.string();
                if (!purposes.contains(purpose)) {
                    throw purposeNode.error(
                            "unknown purpose '" + purpose + "'; configured in policy.yml: " + new TreeSet<>(purposes));
                }
                return new RetentionClock.ConsentWithdrawal(purpose);
            }
            default ->
                throw typeNode.error("unknown clock type '" + typeNode.string()
                        + "'; expected one of [EVENT_TIME, CONTRACT_END, CONSENT_WITHDRAWAL, COLLECTION_DATE]");
        }
    }

    private static List<String> distinctStrings(YamlNode node, Map<String, Integer> lines, String field) {
        List<YamlNode> items = node.isList() ? node.list() : List.of(node);
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode n = items.get(i);
            lines.put(field + "[" + i + "]", n.line());
            if (!out.add(n.string())) throw n.error("listed twice: '" + n.string() + "'");
        }
        return List.copyOf(out);
    }

    private static RetentionMode mode(YamlNode node) {
        return RetentionMode.parse(node.string())
                .orElseThrow(() -> node.error("expected dry-run or enforce, got '" + node.string() + "'"));
    }

    /**
     * Checks every rule against the datasets the inventory found and binds it to concrete datasets.
     * Unknown dataset or column, a DROP_PARTITION on a dataset without that date partition, a missing
     * customer column: each is a {@link ConfigException} naming the rule's file, line and field.
     *
     * @param knownColumnsByDataset columns of each dataset (partition keys may be included or not)
     * @param partitionKeysByDataset Hive partition keys of each dataset ({@code dt}); absent = none
     * @param categoriesByDataset    acquisition categories of each dataset, for category rules; absent = none
     * @return one binding per rule and dataset, in rule order then dataset name order
     */
    public List<RuleBinding> validate(
            Map<String, Set<String>> knownColumnsByDataset,
            Map<String, Set<String>> partitionKeysByDataset,
            Map<String, Set<AcquisitionCategory>> categoriesByDataset) {
        List<RuleBinding> bindings = new ArrayList<>();
        for (RetentionRule rule : rules) {
            List<String> datasets;
            if (rule.dataset() != null) {
                if (!knownColumnsByDataset.containsKey(rule.dataset())) {
                    throw rule.positions()
                            .error(
                                    "dataset",
                                    "unknown dataset '" + rule.dataset() + "'; known: "
                                            + new TreeSet<>(knownColumnsByDataset.keySet()));
                }
                datasets = List.of(rule.dataset());
            } else {
                datasets = new TreeSet<>(knownColumnsByDataset.keySet())
                        .stream()
                                .filter(d -> categoriesByDataset
                                        .getOrDefault(d, Set.of())
                                        .contains(rule.category()))
                                .toList();
            }
            for (String dataset : datasets) {
                check(
                        rule,
                        dataset,
                        knownColumnsByDataset.get(dataset),
                        partitionKeysByDataset.getOrDefault(dataset, Set.of()));
                bindings.add(new RuleBinding(rule, dataset));
            }
        }
        return List.copyOf(bindings);
    }

    private static void check(RetentionRule rule, String dataset, Set<String> columns, Set<String> partitionKeys) {
        ConfigPositions at = rule.positions();
        String where = rule.category() == null
                ? "dataset '" + dataset + "'"
                : "dataset '" + dataset + "' (category " + rule.category() + ")";
        Set<String> all = new HashSet<>(columns);
        all.addAll(partitionKeys);
        String clockColumn = rule.clock().column().orElse(null);
        if (rule.action() == RetentionAction.DROP_PARTITION) {
            if (partitionKeys.isEmpty()) {
                throw at.error("action", "DROP_PARTITION needs a date partition, but " + where + " is not partitioned");
            }
            if (!partitionKeys.contains(clockColumn)) {
                throw at.error(
                        "clock.column",
                        "DROP_PARTITION needs the clock on a partition key; " + where + " is partitioned by "
                                + new TreeSet<>(partitionKeys) + ", not '" + clockColumn + "'");
            }
        } else if (clockColumn != null && !all.contains(clockColumn)) {
            throw at.error("clock.column", "unknown column '" + clockColumn + "' in " + where);
        }
        if (!all.contains(rule.customerColumn())) {
            throw at.error(
                    "customer_column",
                    "unknown column '" + rule.customerColumn() + "' in " + where
                            + "; legal holds and exceptions need the customer id (set customer_column)");
        }
        if (rule.policyColumn() != null && !all.contains(rule.policyColumn())) {
            throw at.error("policy_column", "unknown column '" + rule.policyColumn() + "' in " + where);
        }
        for (int i = 0; i < rule.columns().size(); i++) {
            String c = rule.columns().get(i);
            if (partitionKeys.contains(c)) {
                throw at.error(
                        "columns[" + i + "]",
                        "'" + c + "' is a partition key of " + where + " and cannot be set to null");
            }
            if (!columns.contains(c)) throw at.error("columns[" + i + "]", "unknown column '" + c + "' in " + where);
        }
    }
}
