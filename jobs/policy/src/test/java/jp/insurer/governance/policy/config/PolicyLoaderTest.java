package jp.insurer.governance.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.insurer.governance.policy.consent.CustomerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {

    @TempDir
    Path dir;

    @Test
    void shippedPolicyLoads() {
        Policy policy = PolicyLoader.load(Path.of(System.getProperty("project.root"), "config"));
        assertThat(policy.purposes())
                .extracting(p -> p.id())
                .contains("INSURANCE_GROUP_SHARING", "GROUP_SHARING", "SENSITIVE_RND", "MARKETING", "NEWSLETTER");
        assertThat(policy.sha256()).hasSize(64);
    }

    @Test
    void hashChangesWithAnyPolicyFile() throws IOException {
        write("version: v1\npurposes:\n  - id: A\n");
        String before = PolicyLoader.load(dir).sha256();
        Files.writeString(dir.resolve("extra.yml"), "x: 1\n");
        assertThat(PolicyLoader.load(dir).sha256()).isNotEqualTo(before);
    }

    @Test
    void aConfigChangedSinceLoadingIsRefused() throws IOException {
        write("version: v1\npurposes:\n  - id: A\n");
        Policy loaded = PolicyLoader.load(dir);
        PolicyLoader.requireUnchanged(dir, loaded); // the same files: goes on
        Files.writeString(dir.resolve("extract-profiles.yml"), "profiles: {}\n");
        assertThatThrownBy(() -> PolicyLoader.requireUnchanged(dir, loaded))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changed since this process loaded it")
                .hasMessageContaining(loaded.sha256());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        missing version         | purposes:\\n  - id: A\\n                          | policy.yml:1: field 'version': is required
        typo in a field         | version: v1\\npurposes:\\n  - id: A\\n    descripton: x\\n | policy.yml:4: field 'purposes[0].descripton': unknown field
        lower-case purpose      | version: v1\\npurposes:\\n  - id: marketing\\n     | policy.yml:3: field 'purposes[0].id': purpose ids are UPPER_SNAKE_CASE
        duplicate purpose       | version: v1\\npurposes:\\n  - id: A\\n  - id: A\\n | policy.yml:4: field 'purposes[1].id': duplicate purpose 'A'
        broken YAML             | version: v1\\npurposes: [\\n                      | policy.yml:3: invalid YAML
        purposes not a list     | version: v1\\npurposes: A\\n                      | policy.yml:2: field 'purposes': expected a list
        typo in customer_keys   | version: v1\\npurposes:\\n  - id: A\\ncustomer_keys:\\n  uppercase: true\\n | policy.yml:5: field 'customer_keys.uppercase': unknown field
        customer_keys not bool  | version: v1\\npurposes:\\n  - id: A\\ncustomer_keys:\\n  width: maybe\\n | policy.yml:5: field 'customer_keys.width': expected true or false
        earliest_event no date  | version: v1\\npurposes:\\n  - id: A\\nconsent_ledger:\\n  earliest_event: 2000-13-01\\n | policy.yml:5: field 'consent_ledger.earliest_event': earliest_event is a date
        typo in consent_ledger  | version: v1\\npurposes:\\n  - id: A\\nconsent_ledger:\\n  earliest: 2000-01-01\\n | policy.yml:5: field 'consent_ledger.earliest': unknown field
        """)
    void mistakesNameFileLineAndField(String why, String yaml, String expected) throws IOException {
        write(yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> PolicyLoader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void customerKeysAreConfigurableAndDefaultToEveryStep() throws IOException {
        Policy shipped = PolicyLoader.load(Path.of(System.getProperty("project.root"), "config"));
        assertThat(shipped.customerKeys()).isEqualTo(CustomerKey.DEFAULT);
        assertThat(shipped.customerMaster()).isEqualTo("customers");
        write("version: v1\npurposes:\n  - id: A\n");
        assertThat(PolicyLoader.load(dir).customerKeys()).isEqualTo(CustomerKey.DEFAULT);
        write("version: v1\npurposes:\n  - id: A\ncustomer_keys:\n  upper_case: false\n  master: kokyaku\n");
        Policy p = PolicyLoader.load(dir);
        assertThat(p.customerKeys()).isEqualTo(new CustomerKey(true, true, false));
        assertThat(p.customerMaster()).isEqualTo("kokyaku");
    }

    @Test
    void theLedgersEarliestEventIsConfigurableAndDefaultsTo2000() throws IOException {
        write("version: v1\npurposes:\n  - id: A\n");
        assertThat(PolicyLoader.load(dir).earliestLedgerEvent()).isEqualTo(java.time.LocalDate.of(2000, 1, 1));
        write("version: v1\npurposes:\n  - id: A\nconsent_ledger:\n  earliest_event: 2010-04-01\n");
        assertThat(PolicyLoader.load(dir).earliestLedgerEvent()).isEqualTo(java.time.LocalDate.of(2010, 4, 1));
        Policy shipped = PolicyLoader.load(Path.of(System.getProperty("project.root"), "config"));
        assertThat(shipped.earliestLedgerEvent()).isEqualTo(Policy.DEFAULT_EARLIEST_LEDGER_EVENT);
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> PolicyLoader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.yml: file not found");
    }

    private void write(String yaml) throws IOException {
        Files.writeString(dir.resolve("policy.yml"), yaml);
    }
}
