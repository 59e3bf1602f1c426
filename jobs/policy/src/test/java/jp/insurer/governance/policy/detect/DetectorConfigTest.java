package jp.insurer.governance.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import jp.insurer.governance.policy.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorConfigTest {

    @TempDir
    Path tmp;

    /** A copy of the repository's config with custom.yml replaced. */
    private Path configWithCustom(String customYaml) throws IOException {
        Path detectors = Files.createDirectories(tmp.resolve("config/detectors"));
        Path source = TestScanners.configDir().resolve("detectors");
        try (Stream<Path> files = Files.walk(source)) { // recursive: the name lexicon sits in lexicon/
            for (Path f : files.toList()) {
                Path to = detectors.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(detectors.resolve("custom.yml"), customYaml);
        return tmp.resolve("config");
    }

    @Test
    void customDetectorWorksWithoutCodeChange() throws IOException {
        Path config = configWithCustom("""
                detectors:
                  - name: member-id
                    type: MEMBER_ID
                    pattern: 'M\\d{6}'
                    checksum: luhn
                    context: [会員]
                    score: 0.9
                    context_required: true
                """);
        TextScanner scanner = TextScanner.fromConfig(config);
        // M000018: 000018 passes Luhn; M000017 does not
        assertThat(scanner.scan("会員番号 M000018")).extracting(Finding::type).contains("MEMBER_ID");
        assertThat(scanner.scan("会員番号 M000017")).extracting(Finding::type).doesNotContain("MEMBER_ID");
        assertThat(scanner.scan("品番 M000018")).extracting(Finding::type).doesNotContain("MEMBER_ID");
    }

    @Test
    void invalidRegexNamesFileLineAndField() throws IOException {
        Path config = configWithCustom("""
                detectors:
                  - name: broken
                    type: BROKEN_ID
                    pattern: 'AB(\\d{3}'
                """);
        assertThatThrownBy(() -> TextScanner.fromConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("custom.yml:4")
                .hasMessageContaining("detectors[0].pattern")
                .hasMessageContaining("invalid regular expression");
    }

    @Test
    void unknownChecksumNamesFileLineAndField() throws IOException {
        Path config = configWithCustom("""
                detectors:
                  - name: x
                    type: X_ID
                    pattern: 'X\\d{4}'
                    checksum: crc32
                """);
        assertThatThrownBy(() -> TextScanner.fromConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("custom.yml:5")
                .hasMessageContaining("detectors[0].checksum")
                .hasMessageContaining("crc32");
    }

    @Test
    void unknownFieldAndBadTypeNameAreErrors() throws IOException {
        Path typo = configWithCustom("""
                detectors:
                  - name: x
                    type: X_ID
                    pattern: 'X\\d{4}'
                    scroe: 0.5
                """);
        assertThatThrownBy(() -> TextScanner.fromConfig(typo)).hasMessageContaining("detectors[0].scroe");
        Path lower = configWithCustom("""
                detectors:
                  - name: x
                    type: policy number
                    pattern: 'X\\d{4}'
                """);
        assertThatThrownBy(() -> TextScanner.fromConfig(lower)).hasMessageContaining("detectors[0].type");
    }

    @Test
    void unknownSensitiveKindIsAnError() throws IOException {
        Path config = configWithCustom("detectors: []\n");
        Files.writeString(config.resolve("detectors/sensitive-terms.yml"), """
                kinds:
                  - kind: HOBBY
                    terms: [釣り]
                """);
        assertThatThrownBy(() -> TextScanner.fromConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sensitive-terms.yml:2")
                .hasMessageContaining("HOBBY");
    }

    @Test
    void disablingAnUnknownDetectorIsAnError() throws IOException {
        Path config = configWithCustom("detectors: []\n");
        Files.writeString(config.resolve("detectors/detectors.yml"), "min_score: 0.4\ndisabled: [no-such-detector]\n");
        assertThatThrownBy(() -> TextScanner.fromConfig(config)).hasMessageContaining("no-such-detector");
    }

    @Test
    void missingNameLexiconNamesFileLineAndField() throws IOException {
        Path config = configWithCustom("detectors: []\n");
        Path names = config.resolve("detectors/person-names.yml");
        Files.writeString(
                names,
                Files.readString(names)
                        .replace("lexicon: lexicon/enamdict-names.txt.gz", "lexicon: lexicon/no-such-lexicon.txt.gz"));
        assertThatThrownBy(() -> TextScanner.fromConfig(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("person-names.yml:")
                .hasMessageContaining("lexicon")
                .hasMessageContaining("no-such-lexicon.txt.gz");
    }

    @Test
    void missingFileIsAnError() {
        assertThatThrownBy(() -> TextScanner.fromConfig(tmp))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("detectors.yml");
    }
}
