package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.YamlNode;
import jp.insurer.governance.policy.detect.TestScanners;
import jp.insurer.governance.policy.transform.Transform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile's parse step reads its shape only; hierarchies, purposes and cross-field rules are the rule step's. */
class ExtractProfileSpecTest {

    @TempDir
    Path dir;

    @Test
    void everyShippedProfileParsesIntoTheSpecOfTheProfileItLoadsAs() {
        Path config = TestScanners.configDir();
        List<ExtractProfileSpec> specs =
                YamlNode.load(config.resolve(ExtractProfiles.FILE)).required("profiles").list().stream()
                        .map(ExtractProfileSpec::parse)
                        .toList();
        ExtractProfiles loaded = ExtractProfiles.load(config, Catalogs.POLICY);

        assertThat(specs)
                .extracting(s -> s.name().value())
                .containsExactlyElementsOf(loaded.profiles().keySet());
        for (ExtractProfileSpec spec : specs) {
            ExtractProfile profile = loaded.profile(spec.name().value()).orElseThrow();
            assertThat(spec.k().value()).as(profile.name()).isEqualTo(profile.k());
            assertThat(spec.recipient().value().kind().value())
                    .as(profile.name())
                    .isEqualTo(profile.recipient().kind());
            assertThat(spec.purpose().value())
                    .as(profile.name())
                    .isEqualTo(profile.purpose().id());
            assertThat(spec.datasets().value())
                    .extracting(ExtractProfileSpec.DatasetSpec::dataset)
                    .as(profile.name())
                    .containsExactlyElementsOf(profile.datasets().stream()
                            .map(DatasetRequest::dataset)
                            .toList());
            assertThat(spec.schedule().isPresent())
                    .as(profile.name())
                    .isEqualTo(loaded.schedules().containsKey(profile.name()));
        }
    }

    @Test
    void anUnknownHierarchyParsesAndIsRefusedByTheRulesWhereItIsNamed() throws IOException {
        ExtractProfileSpec spec =
                ExtractProfileSpec.parse(profileReleasingBirthDate("{generalize: no_such_hierarchy}"));

        ExtractProfileSpec.ColumnSpec birthDate =
                spec.datasets().value().get(0).columns().value().get(0);
        assertThat(birthDate.transform().transform()).isEqualTo(new Transform.Generalize("no_such_hierarchy"));
        assertThat(birthDate.transform().origin().field())
                .isEqualTo("profiles[0].datasets.customers.columns.birth_date");
        assertThat(birthDate.transform().hierarchyOrigin().line()).isEqualTo(6);
        assertThat(birthDate.transform().hierarchyOrigin().field())
                .isEqualTo("profiles[0].datasets.customers.columns.birth_date.generalize");
        assertThat(spec.recipient().isPresent())
                .as("required fields are checked by the rules")
                .isFalse();
    }

    @Test
    void aTransformNobodyCanReadIsAnErrorOfTheParseStep() throws IOException {
        YamlNode item = profileReleasingBirthDate("blur");

        assertThatThrownBy(() -> ExtractProfileSpec.parse(item))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        dir.resolve(ExtractProfiles.FILE)
                                + ":6: field 'profiles[0].datasets.customers.columns.birth_date': "
                                + "unknown transform 'blur'; expected keep, drop, pseudonymize, scrub_text or {generalize: HIERARCHY}");
    }

    /** A profile with nothing but customers.birth_date under the given transform (line 6). */
    private YamlNode profileReleasingBirthDate(String transform) throws IOException {
        Path file = Files.writeString(dir.resolve(ExtractProfiles.FILE), """
                profiles:
                  - name: p1
                    datasets:
                      customers:
                        columns:
                          birth_date: %s
                """.formatted(transform));
        return YamlNode.load(file).required("profiles").list().get(0);
    }
}
