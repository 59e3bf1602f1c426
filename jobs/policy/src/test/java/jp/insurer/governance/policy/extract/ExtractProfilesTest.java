package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.insurer.governance.policy.classify.AcquisitionCategory;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.DecisionSource;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.detect.TestScanners;
import jp.insurer.governance.policy.transform.TextMode;
import jp.insurer.governance.policy.transform.Transform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtractProfilesTest {

    @TempDir
    Path dir;

    @Test
    void shippedProfilesLoadAndPlanAgainstTheSampleCatalog() {
        ExtractProfiles profiles = ExtractProfiles.load(TestScanners.configDir(), Catalogs.POLICY);
        assertThat(profiles.profiles().keySet())
                .containsExactly("rnd-internal", "group-insurer-product-rnd", "overseas-marketing-analytics");
        var plans = profiles.validate(Catalogs.sample());

        ExtractPlan insurer = plans.get("group-insurer-product-rnd");
        assertThat(insurer.profile().recipient().kind()).isEqualTo(RecipientKind.GROUP_INSURER);
        ExtractPlan.Dataset claims = insurer.dataset("claims").orElseThrow();
        assertThat(claims.released())
                .extracting(ExtractPlan.Column::name)
                .contains("diagnosis_name", "assessment_note");
        assertThat(claims.columns().stream()
                        .filter(c -> c.name().equals("diagnosis_name"))
                        .findFirst()
                        .orElseThrow()
                        .gated())
                .isTrue();
        // the profile default for QUASI_IDENTIFIER applies to incident_date
        ExtractPlan.Column incident = claims.columns().stream()
                .filter(c -> c.name().equals("incident_date"))
                .findFirst()
                .orElseThrow();
        assertThat(incident.transform()).isEqualTo(new Transform.Generalize("month"));
        assertThat(incident.fromDefault()).isTrue();
        // a NON_PERSONAL column without a transform takes the file default: keep
        assertThat(insurer.profile().roleDefaults().get(Role.NON_PERSONAL)).isEqualTo(Transform.KEEP);

        // claims are a 機微 topic (sensitive_topic: HEALTH): their free text is gated as a whole column
        ExtractPlan.Column note = claims.columns().stream()
                .filter(c -> c.name().equals("assessment_note"))
                .findFirst()
                .orElseThrow();
        assertThat(note.transform()).isEqualTo(Transform.SCRUB_TEXT);
        assertThat(note.gated()).isTrue();
        assertThat(note.caveat()).contains("null where the customer has not granted SENSITIVE_RND");
        assertThat(insurer.profile().textMode()).isEqualTo(TextMode.ALLOWLIST);
        assertThat(plans.get("rnd-internal").profile().textMode()).isEqualTo(TextMode.ALLOWLIST);

        ExtractPlan overseas = plans.get("overseas-marketing-analytics");
        assertThat(overseas.profile().purpose().consents()).containsExactly("MARKETING");
        assertThat(overseas.dataset("customers").orElseThrow().quasiIdentifiers())
                .containsExactly("birth_date", "gender", "postal_code");
    }

    @Test
    void sensitiveColumnsForARecipientThatMayNeverGetThemAreDropped() throws IOException {
        write(BASE.replace("kind: INTERNAL", "kind: GROUP_COMPANY")
                .replace(
                        "[birth_date, gender]\n",
                        "[birth_date, gender]\n      claims:\n        columns:\n          diagnosis_name: keep\n"));
        ExtractPlan plan = ExtractProfiles.load(dir, Catalogs.POLICY).plan("p1", Catalogs.sample());
        ExtractPlan.Column diagnosis =
                plan.dataset("claims").orElseThrow().columns().get(0);
        assertThat(diagnosis.transform()).isEqualTo(Transform.DROP);
        assertThat(diagnosis.caveat()).contains("機微情報 goes only to INTERNAL or GROUP_INSURER");
        assertThat(plan.dataset("claims").orElseThrow().released()).isEmpty();
    }

    @Test
    void freeTextAboutA機微TopicIsDroppedForRecipientsThatMayNeverGet機微情報() throws IOException {
        write(
                BASE.replace("kind: INTERNAL", "kind: GROUP_COMPANY")
                        .replace(
                                "[birth_date, gender]\n",
                                "[birth_date, gender]\n      claims:\n        columns:\n          assessment_note: scrub_text\n"));
        ExtractPlan plan = ExtractProfiles.load(dir, Catalogs.POLICY).plan("p1", Catalogs.sample());
        ExtractPlan.Column note = plan.dataset("claims").orElseThrow().columns().get(0);
        assertThat(note.transform()).isEqualTo(Transform.DROP);
        assertThat(note.caveat()).contains("free text about a 機微 topic (HEALTH)");
    }

    @Test
    void internalProfilesMayChooseBlocklistOthersMayNot() throws IOException {
        write(BASE.replace("    k: 2\n", "    k: 2\n    text: blocklist\n"));
        assertThat(ExtractProfiles.load(dir, Catalogs.POLICY)
                        .profile("p1")
                        .orElseThrow()
                        .textMode())
                .isEqualTo(TextMode.BLOCKLIST);
        write(BASE.replace("    k: 2\n", "    k: 2\n    text: blocklist\n")
                .replace("kind: INTERNAL", "kind: GROUP_INSURER"));
        assertThatThrownBy(() -> ExtractProfiles.load(dir, Catalogs.POLICY))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "extracts.yml:10: field 'profiles[0].text': free text goes to a GROUP_INSURER recipient only by allowlist");
        write(BASE.replace("    k: 2\n", "    k: 2\n    text: whitelist\n"));
        assertThatThrownBy(() -> ExtractProfiles.load(dir, Catalogs.POLICY))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("extracts.yml:10: field 'profiles[0].text': unknown value 'whitelist'");
    }

    static final String BASE = """
            purposes_of_use:
              - {id: PRODUCT_RND, section4: true, product_rnd: true}
              - {id: OWN, consents: [MARKETING]}
            profiles:
              - name: p1
                recipient: {name: R, kind: INTERNAL}
                purpose: PRODUCT_RND
                key_id: KEY_P1
                k: 2
                datasets:
                  customers:
                    columns:
                      customer_id: pseudonymize
                      birth_date: {generalize: age_band_5}
                      gender: keep
                    quasi_identifiers: [birth_date, gender]
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown transform            | customer_id: pseudonymize       | customer_id: hash                | extracts.yml:13: field 'profiles[0].datasets.customers.columns.customer_id': unknown transform 'hash'
        unknown hierarchy            | {generalize: age_band_5}        | {generalize: age_band_7}         | extracts.yml:14: field 'profiles[0].datasets.customers.columns.birth_date.generalize': unknown hierarchy 'age_band_7'
        unknown purpose of use       | purpose: PRODUCT_RND            | purpose: FUN                     | extracts.yml:7: field 'profiles[0].purpose': unknown purpose of use 'FUN'
        internal, not section 4      | purpose: PRODUCT_RND            | purpose: OWN                     | extracts.yml:7: field 'profiles[0].purpose': INTERNAL recipients receive data only for section-4 purposes
        unknown recipient kind       | kind: INTERNAL                  | kind: PARTNER                    | extracts.yml:6: field 'profiles[0].recipient.kind': unknown value 'PARTNER'
        k below 1                    | k: 2                            | k: 0                             | extracts.yml:9: field 'profiles[0].k': k must be at least 1
        key missing                  | '    key_id: KEY_P1\\n'         | ''                               | extracts.yml:5: field 'profiles[0].key_id': is required: the profile pseudonymizes
        a key instead of its name    | key_id: KEY_P1                  | key_id: c2VjcmV0a2V5Cg==         | extracts.yml:8: field 'profiles[0].key_id': key_id names an environment variable
        unknown consent purpose      | consents: [MARKETING]           | consents: [ADS]                  | extracts.yml:3: field 'purposes_of_use[1].consents[0]': unknown consent purpose 'ADS'
        keep as a direct-id default  | '    k: 2\\n'                   | '    k: 2\\n    defaults: {DIRECT_IDENTIFIER: keep}\\n' | extracts.yml:10: field 'profiles[0].defaults.DIRECT_IDENTIFIER': cannot be the default for DIRECT_IDENTIFIER: a DIRECT_IDENTIFIER column can never be kept
        typo in a profile field      | '    k: 2\\n'                   | '    k: 2\\n    quasi_identifier: [x]\\n' | extracts.yml:10: field 'profiles[0].quasi_identifier': unknown field
        suppression share above 1    | '    k: 2\\n'                   | '    k: 2\\n    max_suppression: 5\\n' | extracts.yml:10: field 'profiles[0].max_suppression': max_suppression is a share of records between 0 and 1
        suppress is gone (people)    | '[birth_date, gender]\\n'       | '[birth_date, gender]\\n        suppress: customer\\n' | extracts.yml:17: field 'profiles[0].datasets.customers.suppress': unknown field
        linkable is yes or no        | '[birth_date, gender]\\n'       | '[birth_date, gender]\\n        linkable: maybe\\n' | extracts.yml:17: field 'profiles[0].datasets.customers.linkable'
        overseas without a country   | '{name: R, kind: INTERNAL}'     | '{name: R, kind: OVERSEAS_GROUP_COMPANY}' | extracts.yml:6: field 'profiles[0].recipient.country': is required
        overseas to an unlisted one  | '{name: R, kind: INTERNAL}'     | '{name: R, kind: OVERSEAS_GROUP_COMPANY, country: US}' | extracts.yml:6: field 'profiles[0].recipient.country': country 'US' is not in policy.yml overseas_consent (countries [SG])
        a country for a domestic one | '{name: R, kind: INTERNAL}'     | '{name: R, kind: GROUP_INSURER, country: SG}' | extracts.yml:6: field 'profiles[0].recipient.country': a country is named only for an OVERSEAS_GROUP_COMPANY recipient
        仮名加工 to a group company    | '{name: R, kind: INTERNAL}'     | '{name: R, kind: GROUP_COMPANY}\\n    regime: pseudonymized' | extracts.yml:7: field 'profiles[0].regime': 仮名加工情報 (Enforcement Rules art. 31) is never provided to a third party
        unknown regime               | '    k: 2\\n'                   | '    k: 2\\n    regime: secret\\n' | extracts.yml:10: field 'profiles[0].regime': expected consent
        匿名加工 with a pseudonym      | '    k: 2\\n'                   | '    k: 2\\n    regime: anonymized\\n' | extracts.yml:14: field 'profiles[0].datasets.customers.columns.customer_id': 匿名加工情報 keeps no linking codes
        """)
    void loadErrorsNameFileLineAndField(String name, String from, String to, String expected) throws IOException {
        write(replace(from, to));
        assertThatThrownBy(() -> ExtractProfiles.load(dir, Catalogs.POLICY))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown dataset              | '      customers:\\n'             | '      clients:\\n'                  | extracts.yml:12: field 'profiles[0].datasets.clients': unknown dataset 'clients'
        unknown column               | gender: keep                      | sex: keep                           | extracts.yml:15: field 'profiles[0].datasets.customers.columns.sex': unknown column 'sex' in dataset 'customers'
        keep a direct identifier     | customer_id: pseudonymize         | 氏名: keep                            | extracts.yml:13: field 'profiles[0].datasets.customers.columns.氏名': a DIRECT_IDENTIFIER column can never be kept; use drop or pseudonymize; the profile is refused
        keep an unknown column       | customer_id: pseudonymize         | legacy_flag_x: keep                 | extracts.yml:13: field 'profiles[0].datasets.customers.columns.legacy_flag_x': an UNKNOWN column (nobody classified it) can never be kept
        keep free text               | '[birth_date, gender]\\n'         | '[birth_date, gender]\\n      contact_notes:\\n        columns: {note: keep}\\n' | extracts.yml:18: field 'profiles[0].datasets.contact_notes.columns.note': a FREE_TEXT column may hide identifiers and can never be kept
        qi not released              | gender: keep                      | gender: drop                        | extracts.yml:16: field 'profiles[0].datasets.customers.quasi_identifiers': quasi-identifier 'gender' is not a released column
        """)
    void catalogErrorsNameFileLineAndField(String name, String from, String to, String expected) throws IOException {
        write(replace(from, to));
        ExtractProfiles profiles = ExtractProfiles.load(dir, Catalogs.POLICY);
        assertThatThrownBy(() -> profiles.validate(Catalogs.sample()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    /** 匿名加工情報 (Rules art. 34(4)): a number or date goes out only through a top/bottom-coded hierarchy. */
    @Test
    void anAnonymizedProfileRefusesANumberKeptAsIs() throws IOException {
        write(BASE.replace("          customer_id: pseudonymize\n", "")
                .replace("    k: 2\n", "    k: 2\n    regime: anonymized\n"));
        ExtractProfiles profiles = ExtractProfiles.load(dir, Catalogs.POLICY);
        assertThat(profiles.profile("p1").orElseThrow().processingStandard()).isEqualTo(ProcessingStandard.ANONYMIZED);
        var catalog = Catalogs.sample();
        assertThat(profiles.validate(catalog)).isNotNull(); // gender as text: categorical, allowed
        var gender = catalog.get("customers").get("gender");
        catalog.get("customers")
                .put(
                        "gender",
                        new jp.insurer.governance.policy.classify.ColumnClassification(
                                "gender",
                                "INT32",
                                gender.role(),
                                gender.categories(),
                                gender.sensitiveKind(),
                                gender.source(),
                                gender.confidence(),
                                gender.evidence(),
                                gender.conflict()));
        assertThatThrownBy(() -> profiles.validate(catalog))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "extracts.yml:15: field 'profiles[0].datasets.customers.columns.gender': 匿名加工情報 top/bottom-codes");
    }

    /**
     * Every released column of a customer-linked dataset that can single a person out is a
     * quasi-identifier, listed or not; a name hint or detection cannot make it NON_PERSONAL, a rule can.
     */
    @Test
    void quasiIdentifiersAreFoundNotListed() throws IOException {
        write(replace("      quasi_identifiers: [birth_date, gender]\n", "")
                .replace("      gender: keep\n", "      gender: keep\n          segment: keep\n"));
        ExtractProfiles profiles = ExtractProfiles.load(dir, Catalogs.POLICY);
        var catalog = Catalogs.sample();
        catalog.get("customers").put("segment", classified("segment", Role.NON_PERSONAL, DecisionSource.DETECTED));
        assertThat(profiles.plan("p1", catalog)
                        .dataset("customers")
                        .orElseThrow()
                        .quasiIdentifiers())
                .containsExactly("birth_date", "gender", "segment");
        catalog.get("customers").put("segment", classified("segment", Role.NON_PERSONAL, DecisionSource.RULE));
        assertThat(profiles.plan("p1", catalog)
                        .dataset("customers")
                        .orElseThrow()
                        .quasiIdentifiers())
                .containsExactly("birth_date", "gender");
        assertThat(profiles.plan("p1", catalog, java.util.Set.of())
                        .dataset("customers")
                        .orElseThrow()
                        .quasiIdentifiers())
                .as("a dataset not linked to customers: only what the profile lists")
                .isEmpty();
    }

    @Test
    void keepToARecipientOutsideTheCompanyNeedsARule() throws IOException {
        write(replace("kind: INTERNAL", "kind: GROUP_INSURER"));
        ExtractProfiles profiles = ExtractProfiles.load(dir, Catalogs.POLICY);
        var catalog = Catalogs.sample();
        catalog.get("customers").put("gender", classified("gender", Role.QUASI_IDENTIFIER, DecisionSource.DETECTED));
        assertThatThrownBy(() -> profiles.plan("p1", catalog))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "extracts.yml:15: field 'profiles[0].datasets.customers.columns.gender': keep to a GROUP_INSURER "
                                + "recipient needs a compliance officer's rule for 'customers.gender'");
        catalog.get("customers").put("gender", classified("gender", Role.QUASI_IDENTIFIER, DecisionSource.RULE));
        assertThat(profiles.plan("p1", catalog).dataset("customers")).isPresent();
    }

    @Test
    void anUnlinkableDatasetIsPlannedAsSuch() throws IOException {
        write(replace(
                "      quasi_identifiers: [birth_date, gender]\n",
                "      quasi_identifiers: [birth_date, gender]\n        linkable: false\n"));
        ExtractPlan plan = ExtractProfiles.load(dir, Catalogs.POLICY).plan("p1", Catalogs.sample());
        assertThat(plan.dataset("customers").orElseThrow().linkable()).isFalse();
        assertThat(plan.dataset("customers").orElseThrow().released().get(0).caveat())
                .contains("does not join");
    }

    private static ColumnClassification classified(String column, Role role, DecisionSource source) {
        return new ColumnClassification(
                column, "STRING", role, java.util.Set.of(AcquisitionCategory.DIRECT), null, source, 1, "test", null);
    }

    private String replace(String from, String to) {
        String f = from.replace("\\n", "\n");
        String t = to == null ? "" : to.replace("\\n", "\n");
        assertThat(BASE).contains(f);
        return BASE.replace(f, t);
    }

    private void write(String extracts) throws IOException {
        Files.createDirectories(dir.resolve("hierarchies"));
        Files.writeString(
                dir.resolve("hierarchies/hierarchies.yml"),
                "hierarchies:\n  age_band_5: {type: AGE_BAND, width: 5, top: 85}\n");
        Files.writeString(dir.resolve("extracts.yml"), extracts);
    }
}
