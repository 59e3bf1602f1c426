package jp.insurer.governance.policy.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.YamlNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parse step reads the file's shape only; ranges, references to `types` and regular expressions are the rule step's. */
class ClassificationSpecTest {

    private static final String SAMPLING =
            "sampling: {rows: 100, min_hit_rate: 0.6, hinted_hit_rate: 0.3, free_text_min_length: 20}\n"
                    + "types:\n  EMAIL_ADDRESS: {role: DIRECT_IDENTIFIER}\n";

    @TempDir
    Path dir;

    @Test
    void theShippedFileParsesAndBuildsThePolicyItLoads() {
        Path config = Path.of(System.getProperty("project.root"), "config");
        ClassificationSpec spec = ClassificationSpec.parse(YamlNode.load(config.resolve(ClassificationPolicy.FILE)));

        ClassificationPolicy built = ClassificationPolicy.of(spec);
        ClassificationPolicy loaded = ClassificationPolicy.load(config);

        assertThat(built.sampling()).isEqualTo(loaded.sampling());
        assertThat(built.types()).isEqualTo(loaded.types()).isNotEmpty();
        assertThat(built.hints())
                .extracting(ClassificationPolicy.NameHint::id)
                .containsExactlyElementsOf(loaded.hints().stream()
                        .map(ClassificationPolicy.NameHint::id)
                        .toList());
        assertThat(spec.hints()).hasSameSizeAs(loaded.hints());
    }

    @Test
    void aHintOfAnUnlistedTypeParsesAndIsRefusedByTheRulesAtItsLine() throws IOException {
        Path file = Files.writeString(
                dir.resolve(ClassificationPolicy.FILE),
                SAMPLING + "hints:\n  - name: 'tel'\n    holds: PHONE_NUMBER\n");
        ClassificationSpec spec = ClassificationSpec.parse(YamlNode.load(file));
        assertThat(spec.hints().get(0).holds().value()).isEqualTo("PHONE_NUMBER");

        assertThatThrownBy(() -> ClassificationPolicy.of(spec))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        file + ":6: field 'hints[0].holds': entity type 'PHONE_NUMBER' is not listed under 'types'");
    }

    @Test
    void aRateOutOfRangeParsesAndIsRefusedByTheRulesAtItsLine() throws IOException {
        Path file = Files.writeString(
                dir.resolve(ClassificationPolicy.FILE), SAMPLING.replace("min_hit_rate: 0.6", "min_hit_rate: 1.5"));
        ClassificationSpec spec = ClassificationSpec.parse(YamlNode.load(file));
        assertThat(spec.sampling().minHitRate().value()).isEqualTo(1.5);

        assertThatThrownBy(() -> ClassificationPolicy.of(spec))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":1: field 'sampling.min_hit_rate': must be a share between 0 (exclusive) and 1");
    }
}
