package jp.insurer.governance.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocatedTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFieldIsReportedWhenRequiredExactlyAsYamlNodeReportsIt() throws IOException {
        Path file = Files.writeString(dir.resolve("f.yml"), "# comment\nrules:\n  - id: a\n    period: P1Y\n");
        YamlNode rule = YamlNode.load(file).required("rules").list().get(0);

        Located<String> clock = Located.field(rule, "clock", YamlNode::string);

        assertThat(clock.isPresent()).isFalse();
        assertThat(clock.orElse("fallback")).isEqualTo("fallback");
        String expected = catchMessage(() -> rule.required("clock"));
        assertThat(expected).isEqualTo(file + ":3: field 'rules[0].clock': is required");
        assertThatThrownBy(clock::required).isInstanceOf(ConfigException.class).hasMessage(expected);
    }

    @Test
    void aGivenFieldKeepsItsValueAndLineForRulesCheckedLater() throws IOException {
        Path file = Files.writeString(dir.resolve("f.yml"), "rules:\n  - id: a\n    period: P1Y\n");
        YamlNode rule = YamlNode.load(file).required("rules").list().get(0);

        Located<String> period = Located.field(rule, "period", YamlNode::string);

        assertThat(period.required()).isEqualTo("P1Y");
        assertThat(period.error("too short")).hasMessage(file + ":3: field 'rules[0].period': too short");
    }

    @Test
    void aValueThatCannotBeReadIsAnErrorWhenParsedNotLater() throws IOException {
        Path file = Files.writeString(dir.resolve("f.yml"), "k: many\n");
        YamlNode root = YamlNode.load(file);

        assertThatThrownBy(() -> Located.field(root, "k", YamlNode::integer))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":1: field 'k': expected a whole number, got 'many'");
    }

    private static String catchMessage(Runnable action) {
        try {
            action.run();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no ConfigException");
    }
}
