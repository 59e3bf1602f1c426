package jp.insurer.governance.policy.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.YamlNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parse step reads the file's shape only; purposes of policy.yml and cross-field rules are the rule step's. */
class RetentionSpecTest {

    @TempDir
    Path dir;

    @Test
    void theShippedFileParsesIntoOneSpecPerRuleInFileOrder() {
        Path file = Path.of(System.getProperty("project.root"), "config", RetentionRules.FILE);
        RetentionSpec spec = RetentionSpec.parse(YamlNode.load(file));

        RetentionRules rules = RetentionRules.of(file, spec, SampleDatasets.PURPOSES);

        assertThat(spec.rules())
                .extracting(r -> r.id().value())
                .containsExactlyElementsOf(
                        rules.rules().stream().map(RetentionRule::id).toList());
        RetentionSpec.RuleSpec withdrawn = spec.rules().stream()
                .filter(r -> r.id().value().equals("marketing-withdrawn-30d"))
                .findFirst()
                .orElseThrow();
        assertThat(withdrawn.clock().value()).isEqualTo(new RetentionClock.ConsentWithdrawal("MARKETING"));
    }

    @Test
    void aPurposeUnknownToPolicyYmlParsesAndIsRefusedByTheRulesAtItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve(RetentionRules.FILE), """
                rules:
                  - id: ads
                    dataset: web_events
                    clock:
                      type: CONSENT_WITHDRAWAL
                      purpose: ADS
                    period: P30D
                    action: PURGE_ROWS
                """);
        RetentionSpec spec = RetentionSpec.parse(YamlNode.load(file));
        assertThat(spec.rules().get(0).clock().value()).isEqualTo(new RetentionClock.ConsentWithdrawal("ADS"));

        assertThat(RetentionRules.of(file, spec, List.of("ADS")).rules()).hasSize(1);
        assertThatThrownBy(() -> RetentionRules.of(file, spec, List.of("MARKETING")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        file
                                + ":6: field 'rules[0].clock.purpose': unknown purpose 'ADS'; configured in policy.yml: [MARKETING]");
    }

    @Test
    void aMissingRequiredFieldParsesAndIsReportedByTheRulesAtTheRulesLine() throws IOException {
        Path file = Files.writeString(dir.resolve(RetentionRules.FILE), """
                rules:
                  - id: no-period
                    dataset: web_events
                    clock: {type: CONTRACT_END}
                    action: PURGE_ROWS
                """);
        RetentionSpec spec = RetentionSpec.parse(YamlNode.load(file));
        assertThat(spec.rules().get(0).period().isPresent()).isFalse();

        assertThatThrownBy(() -> RetentionRules.of(file, spec, SampleDatasets.PURPOSES))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":2: field 'rules[0].period': is required");
    }
}
