package jp.insurer.governance.policy.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionRulesTest {

    @TempDir
    Path dir;

    @Test
    void shippedRulesLoadAndFitTheSampleData() {
        Path config = Path.of(System.getProperty("project.root"), "config");
        List<String> purposes =
                PolicyLoader.load(config).purposes().stream().map(p -> p.id()).toList();
        RetentionRules rules = RetentionRules.load(config, purposes);

        List<RuleBinding> bindings =
                rules.validate(SampleDatasets.COLUMNS, SampleDatasets.PARTITION_KEYS, SampleDatasets.CATEGORIES);

        assertThat(rules.defaultMode()).isEqualTo(RetentionMode.DRY_RUN);
        assertThat(bindings)
                .extracting(b -> b.rule().id() + "@" + b.dataset())
                .containsExactly(
                        "device-cookie-13m@web_events", "lapsed-contract-customers-7y@customers",
                        "lapsed-contract-policies-7y@policies", "lapsed-contract-claims-7y@claims",
                        "lapsed-contract-payments-7y@payments", "contact-notes-3y@contact_notes",
                        "marketing-withdrawn-30d@web_events", "applicant-sensitive-6m@claims");
        RetentionRule sensitive = rules.rule("applicant-sensitive-6m").orElseThrow();
        assertThat(sensitive.action()).isEqualTo(RetentionAction.PURGE_COLUMNS);
        assertThat(sensitive.columns()).containsExactly("diagnosis_code", "diagnosis_name", "assessment_note");
        assertThat(sensitive.scope()).isEqualTo(RuleScope.NEVER_CONTRACTED);
        assertThat(rules.rule("marketing-withdrawn-30d").orElseThrow().clock())
                .isEqualTo(new RetentionClock.ConsentWithdrawal("MARKETING"));
        assertThat(rules.rule("device-cookie-13m").orElseThrow().period().period())
                .isEqualTo(java.time.Period.ofMonths(13));
        assertThat(rules.provisionRecordsKeep().period()).isEqualTo(java.time.Period.ofYears(3));
    }

    @Test
    void provisionRecordsAreKeptAtLeastThreeYearsLongerIfConfigured() throws IOException {
        Files.writeString(dir.resolve(RetentionRules.FILE), "rules: []\n");
        assertThat(RetentionRules.load(dir, SampleDatasets.PURPOSES)
                        .provisionRecordsKeep()
                        .period())
                .as("the minimum without a setting")
                .isEqualTo(java.time.Period.ofYears(3));
        Files.writeString(dir.resolve(RetentionRules.FILE), "provision_records:\n  keep: P5Y\nrules: []\n");
        assertThat(RetentionRules.load(dir, SampleDatasets.PURPOSES)
                        .provisionRecordsKeep()
                        .period())
                .isEqualTo(java.time.Period.ofYears(5));
        Files.writeString(dir.resolve(RetentionRules.FILE), "provision_records:\n  keep: P36M\nrules: []\n");
        assertThat(RetentionRules.load(dir, SampleDatasets.PURPOSES)
                        .provisionRecordsKeep()
                        .period())
                .isEqualTo(java.time.Period.ofMonths(36));
    }

    @Test
    void legalHoldAppliesWhetherListedOrNot() throws IOException {
        RetentionRules rules = load(rule("PURGE_ROWS", ""));
        assertThat(rules.rules().get(0).exceptions()).containsExactly(ExceptionKind.LEGAL_HOLD);
    }

    @Test
    void fullRuleIsReadIntoRecord() throws IOException {
        RetentionRules rules = load("""
                mode: enforce
                rules:
                  - id: r1
                    description: test
                    category: THIRD_PARTY
                    clock: {type: COLLECTION_DATE, column: checked_at}
                    period: PT72H
                    action: PURGE_COLUMNS
                    columns: [score, result]
                    exceptions: [OPEN_CLAIM]
                    scope: never_contracted
                    customer_column: customer_id
                    mode: dry-run
                """);
        RetentionRule r = rules.rules().get(0);
        assertThat(r.category()).isEqualTo(AcquisitionCategory.THIRD_PARTY);
        assertThat(r.dataset()).isNull();
        assertThat(r.period().duration()).isEqualTo(java.time.Duration.ofHours(72));
        assertThat(r.exceptions()).containsExactlyInAnyOrder(ExceptionKind.LEGAL_HOLD, ExceptionKind.OPEN_CLAIM);
        assertThat(r.scope()).isEqualTo(RuleScope.NEVER_CONTRACTED);
        assertThat(rules.defaultMode()).isEqualTo(RetentionMode.ENFORCE);
        assertThat(r.effectiveMode(RetentionMode.ENFORCE)).isEqualTo(RetentionMode.DRY_RUN);
        assertThat(rules.validate(SampleDatasets.COLUMNS, SampleDatasets.PARTITION_KEYS, SampleDatasets.CATEGORIES))
                .containsExactly(new RuleBinding(r, "third_party_checks"));
    }

    @ParameterizedTest(name = "run {0}, rule {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
        dry-run, -,       DRY_RUN
        dry-run, enforce, DRY_RUN
        enforce, -,       ENFORCE
        enforce, enforce, ENFORCE
        enforce, dry-run, DRY_RUN
        """)
    void onlyAnEnforcingRunChangesDataAndATrialRuleNever(String run, String rule, RetentionMode expected)
            throws IOException {
        RetentionRules rules = load(rule("PURGE_ROWS", rule == null ? "" : "    mode: " + rule + "\n"));
        assertThat(rules.rules().get(0).effectiveMode(rules.runMode(run))).isEqualTo(expected);
    }

    @Test
    void runModeFallsBackToTheFileAndRejectsTypos() throws IOException {
        RetentionRules rules = load(rule("PURGE_ROWS", ""));
        assertThat(rules.runMode(null)).isEqualTo(RetentionMode.DRY_RUN);
        assertThat(rules.runMode("ENFORCE")).isEqualTo(RetentionMode.ENFORCE);
        assertThatThrownBy(() -> rules.runMode("enforced")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        no rules key           | mode: dry-run\\n                                            | retention.yml:1: field 'rules': is required
        bad mode               | mode: maybe\\nrules: []\\n                                  | retention.yml:1: field 'mode': expected dry-run or enforce
        typo in a rule field   | rules:\\n  - id: a\\n    datset: x\\n                       | retention.yml:3: field 'rules[0].datset': unknown field
        bad rule id            | rules:\\n  - id: a b\\n                                     | retention.yml:2: field 'rules[0].id': rule ids are
        no dataset or category | rules:\\n  - id: a\\n    clock: {type: CONTRACT_END}\\n     | retention.yml:2: field 'rules[0].dataset': is required (or 'category')
        dataset and category   | rules:\\n  - id: a\\n    dataset: x\\n    category: USAGE\\n | retention.yml:4: field 'rules[0].category': a rule names a dataset or a category, not both
        unknown category       | rules:\\n  - id: a\\n    category: COOKIES\\n               | retention.yml:3: field 'rules[0].category': unknown value 'COOKIES'
        no clock               | rules:\\n  - id: a\\n    dataset: x\\n    period: P1Y\\n      | retention.yml:2: field 'rules[0].clock': is required
        clock without type     | rules:\\n  - id: a\\n    dataset: x\\n    clock: {column: c}\\n | retention.yml:4: field 'rules[0].clock.type': is required
        unknown clock type     | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: NOW}\\n | retention.yml:4: field 'rules[0].clock.type': unknown clock type 'NOW'
        clock as a string      | rules:\\n  - id: a\\n    dataset: x\\n    clock: created_at\\n | retention.yml:4: field 'rules[0].clock': expected a mapping
        event time no column   | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: EVENT_TIME}\\n | retention.yml:4: field 'rules[0].clock.column': is required
        field of another clock | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END, column: c}\\n | retention.yml:4: field 'rules[0].clock.column': unknown field
        unknown purpose        | rules:\\n  - id: a\\n    dataset: x\\n    clock:\\n      type: CONSENT_WITHDRAWAL\\n      purpose: ADS\\n | retention.yml:6: field 'rules[0].clock.purpose': unknown purpose 'ADS'
        no period              | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n | retention.yml:2: field 'rules[0].period': is required
        unparsable period      | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: 13 months\\n | retention.yml:5: field 'rules[0].period': not an ISO-8601 period
        zero period            | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P0D\\n | retention.yml:5: field 'rules[0].period': period must be positive
        negative period        | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P-1Y\\n | retention.yml:5: field 'rules[0].period': period must be positive
        unknown action         | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P1Y\\n    action: DELETE\\n | retention.yml:6: field 'rules[0].action': unknown value 'DELETE'
        drop by contract end   | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P1Y\\n    action: DROP_PARTITION\\n | retention.yml:6: field 'rules[0].action': DROP_PARTITION needs an EVENT_TIME or COLLECTION_DATE clock
        purge columns no list  | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P1Y\\n    action: PURGE_COLUMNS\\n | retention.yml:2: field 'rules[0].columns': is required for PURGE_COLUMNS
        purge columns empty    | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P1Y\\n    action: PURGE_COLUMNS\\n    columns: []\\n | retention.yml:7: field 'rules[0].columns': PURGE_COLUMNS needs at least one column
        column listed twice    | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P1Y\\n    action: PURGE_COLUMNS\\n    columns: [a, a]\\n | retention.yml:7: field 'rules[0].columns[1]': listed twice
        columns with purge rows| rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P1Y\\n    action: PURGE_ROWS\\n    columns: [a]\\n | retention.yml:7: field 'rules[0].columns': 'columns' only applies to PURGE_COLUMNS
        unknown exception      | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P1Y\\n    action: PURGE_ROWS\\n    exceptions: [VIP]\\n | retention.yml:7: field 'rules[0].exceptions[0]': unknown value 'VIP'
        duplicate rule id      | rules:\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P1Y\\n    action: PURGE_ROWS\\n  - id: a\\n    dataset: x\\n    clock: {type: CONTRACT_END}\\n    period: P1Y\\n    action: PURGE_ROWS\\n | retention.yml:7: field 'rules[1].id': duplicate rule id 'a'
        broken YAML            | rules: [\\n                                                   | retention.yml:2: invalid YAML
        provision records 2y   | provision_records:\\n  keep: P2Y\\nrules: []\\n           | retention.yml:2: field 'provision_records.keep': third-party provision records are kept at least 3 years
        provision 35 months    | provision_records:\\n  keep: P35M\\nrules: []\\n          | retention.yml:2: field 'provision_records.keep': third-party provision records are kept at least 3 years
        provision in days      | provision_records:\\n  keep: P1095D\\nrules: []\\n        | retention.yml:2: field 'provision_records.keep': third-party provision records are kept at least 3 years
        provision in hours     | provision_records:\\n  keep: PT26000H\\nrules: []\\n      | retention.yml:2: field 'provision_records.keep': third-party provision records are kept at least 3 years
        provision unparsable   | provision_records:\\n  keep: 3 years\\nrules: []\\n       | retention.yml:2: field 'provision_records.keep': not an ISO-8601 period
        provision typo         | provision_records:\\n  kept: P3Y\\nrules: []\\n           | retention.yml:2: field 'provision_records.kept': unknown field
        """)
    void loadingMistakesNameFileLineAndField(String why, String yaml, String expected) throws IOException {
        Files.writeString(dir.resolve(RetentionRules.FILE), yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> RetentionRules.load(dir, SampleDatasets.PURPOSES))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown dataset          | dataset: web_event   | EVENT_TIME, column: event_ts      | PURGE_ROWS     | -                  | retention.yml:4: field 'rules[0].dataset': unknown dataset 'web_event'
        unknown clock column     | dataset: web_events  | EVENT_TIME, column: event_time    | PURGE_ROWS     | -                  | retention.yml:5: field 'rules[0].clock.column': unknown column 'event_time' in dataset 'web_events'
        drop on unpartitioned    | dataset: customers   | EVENT_TIME, column: created_at    | DROP_PARTITION | -                  | retention.yml:7: field 'rules[0].action': DROP_PARTITION needs a date partition, but dataset 'customers' is not partitioned
        drop by non-partition    | dataset: web_events  | EVENT_TIME, column: event_ts      | DROP_PARTITION | -                  | retention.yml:5: field 'rules[0].clock.column': DROP_PARTITION needs the clock on a partition key; dataset 'web_events' is partitioned by [dt]
        unknown purge column     | dataset: claims      | EVENT_TIME, column: claim_date    | PURGE_COLUMNS  | columns: [diagnosis_code, diagnosis] | retention.yml:8: field 'rules[0].columns[1]': unknown column 'diagnosis' in dataset 'claims'
        purge a partition key    | dataset: web_events  | EVENT_TIME, column: event_ts      | PURGE_COLUMNS  | columns: [ip, dt]  | retention.yml:8: field 'rules[0].columns[1]': 'dt' is a partition key
        no customer column       | dataset: legal_holds | COLLECTION_DATE, column: hold_from | PURGE_ROWS    | -                  | retention.yml:3: field 'rules[0].customer_column': unknown column 'customer_id' in dataset 'legal_holds'
        bad customer column      | dataset: claims      | CONTRACT_END                      | PURGE_ROWS     | customer_column: cust | retention.yml:8: field 'rules[0].customer_column': unknown column 'cust'
        bad policy column        | dataset: customers   | CONTRACT_END                      | PURGE_ROWS     | policy_column: policy_id | retention.yml:8: field 'rules[0].policy_column': unknown column 'policy_id'
        category, missing column | category: USAGE      | EVENT_TIME, column: created_at    | PURGE_ROWS     | -                  | retention.yml:5: field 'rules[0].clock.column': unknown column 'created_at' in dataset 'web_events' (category USAGE)
        """)
    void validationAgainstTheInventoryNamesFileLineAndField(
            String why, String target, String clock, String action, String extra, String expected) throws IOException {
        Files.writeString(
                dir.resolve(RetentionRules.FILE),
                "mode: dry-run\nrules:\n  - id: r\n    " + target
                        + "\n    clock: {type: " + clock + "}\n    period: P1Y\n    action: " + action + "\n"
                        + ("-".equals(extra) ? "" : "    " + extra + "\n"));
        RetentionRules rules = RetentionRules.load(dir, SampleDatasets.PURPOSES);
        assertThatThrownBy(() -> rules.validate(
                        SampleDatasets.COLUMNS, SampleDatasets.PARTITION_KEYS, SampleDatasets.CATEGORIES))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void categoryRuleBindsEveryDatasetOfTheCategoryAndNoneIfAbsent() throws IOException {
        Files.writeString(dir.resolve(RetentionRules.FILE), """
                rules:
                  - id: by-category
                    category: PAYMENT_IDENTITY
                    clock: {type: CONTRACT_END}
                    period: P7Y
                    action: PURGE_ROWS
                """);
        RetentionRules rules = RetentionRules.load(dir, SampleDatasets.PURPOSES);
        Map<String, Set<AcquisitionCategory>> twoPaymentSets = Map.of(
                "payments", Set.of(AcquisitionCategory.PAYMENT_IDENTITY),
                "customers", Set.of(AcquisitionCategory.PAYMENT_IDENTITY, AcquisitionCategory.DIRECT));
        assertThat(rules.validate(SampleDatasets.COLUMNS, Map.of(), twoPaymentSets))
                .extracting(RuleBinding::dataset)
                .containsExactly("customers", "payments");
        assertThat(rules.validate(SampleDatasets.COLUMNS, Map.of(), Map.of())).isEmpty();
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> RetentionRules.load(dir, SampleDatasets.PURPOSES))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("retention.yml: file not found");
    }

    private String rule(String action, String extra) {
        return "rules:\n  - id: r\n    dataset: customers\n    clock: {type: CONTRACT_END}\n    period: P7Y\n"
                + "    action: " + action + "\n" + extra;
    }

    private RetentionRules load(String yaml) throws IOException {
        Files.writeString(dir.resolve(RetentionRules.FILE), yaml);
        return RetentionRules.load(dir, SampleDatasets.PURPOSES);
    }
}
