package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.policy.anonymity.EquivalenceClassProfile;
import jp.insurer.governance.policy.anonymity.KAnonymity;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.detect.TestScanners;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import jp.insurer.governance.policy.transform.TextScrubber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's parts in the order the job will call them: gate, transform, k-anonymity, leak check, manifest, dictionary. */
class ExtractPipelineTest {

    static final byte[] KEY = new byte[32];
    static final LocalDate DATE = LocalDate.of(2026, 11, 24);

    @TempDir
    Path config;

    /** The shipped config, with the group insurer's claims linked by customer and policy pseudonyms. */
    ExtractProfiles linkedClaims() throws IOException {
        try (var files = Files.walk(TestScanners.configDir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = config.resolve(TestScanners.configDir().relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        String shipped = Files.readString(config.resolve("extracts.yml"));
        String unlinked = "        linkable: false\n        columns:\n          claim_type: keep";
        assertThat(shipped).contains(unlinked);
        Files.writeString(
                config.resolve("extracts.yml"),
                shipped.replace(
                        unlinked,
                        "        columns:\n          customer_id: pseudonymize\n          policy_id: pseudonymize\n          claim_type: keep"));
        return ExtractProfiles.load(config, Catalogs.POLICY);
    }

    @Test
    void groupInsurerExtractEndToEnd() throws IOException {
        ExtractProfiles profiles = linkedClaims();
        ExtractPlan plan = profiles.plan("group-insurer-product-rnd", Catalogs.sample());
        ConsentGate gate = ConsentGate.forProfile(plan.profile(), ConsentGateTest.ORDER);
        Pseudonymizer pseudonymizer =
                new Pseudonymizer(KEY, Pseudonymizer.contextFor(plan.profile().name()));
        TextScrubber scrubber = new TextScrubber(TestScanners.project());

        List<String> source = List.of(
                "claim_id",
                "policy_id",
                "customer_id",
                "claim_type",
                "incident_date",
                "claim_date",
                "diagnosis_code",
                "diagnosis_name",
                "hospital",
                "hospitalization_days",
                "claimed_amount_jpy",
                "paid_amount_jpy",
                "claim_status",
                "assessment_note");
        DatasetTransformer claims = DatasetTransformer.compile(
                plan.dataset("claims").orElseThrow(),
                source,
                profiles.hierarchies(),
                pseudonymizer,
                scrubber,
                DATE,
                ZoneId.of("Asia/Tokyo"));
        assertThat(claims.outputColumns())
                .containsExactly(
                        "customer_id",
                        "policy_id",
                        "claim_type",
                        "incident_date",
                        "diagnosis_code",
                        "diagnosis_name",
                        "hospitalization_days",
                        "claimed_amount_jpy",
                        "paid_amount_jpy",
                        "assessment_note");

        Object[] row = {
            "CL1",
            "P000000001",
            "C000000001",
            "PERSONAL_LIABILITY",
            LocalDate.of(2026, 3, 9),
            LocalDate.of(2026, 3, 20),
            "E11",
            "2型糖尿病",
            "中央病院",
            5,
            120_000,
            100_000,
            "PAID",
            "山田太郎様より電話あり。糖尿病で入院。０９０－１２３４－５６７８"
        };
        ConsentState[] withSensitive = ConsentGateTest.states("GNGNN");
        ConsentState[] withoutSensitive = ConsentGateTest.states("GNWNN");
        assertThat(gate.decide(withSensitive)).isEqualTo(RecordVerdict.INCLUDE);
        assertThat(gate.decide(ConsentGateTest.states("WNGNN"))).isEqualTo(RecordVerdict.CONSENT_WITHDRAWN);

        Object[] allowed = claims.apply(row, gate.sensitiveAllowed(withSensitive));
        assertThat(allowed)
                .containsExactly(
                        pseudonymizer.pseudonym("C000000001"),
                        pseudonymizer.pseudonym("P000000001"),
                        "PERSONAL_LIABILITY",
                        "2026-03",
                        "E11",
                        "2型糖尿病",
                        "4-7",
                        "100000-299999",
                        "100000-299999",
                        "＜氏名＞様より電話あり。糖尿病で入院。＜電話番号＞");
        Object[] stripped = claims.apply(row, gate.sensitiveAllowed(withoutSensitive));
        assertThat(stripped)
                .containsExactly(
                        pseudonymizer.pseudonym("C000000001"),
                        pseudonymizer.pseudonym("P000000001"),
                        "PERSONAL_LIABILITY",
                        "2026-03",
                        null,
                        null,
                        null,
                        "100000-299999",
                        "100000-299999",
                        null); // claims are a 機微 topic: their notes are null without SENSITIVE_RND, not scrubbed word
        // by word

        // k-anonymity over incident month, k = 10: 10 records in March, 1 in April
        EquivalenceClassProfile profile =
                new EquivalenceClassProfile(plan.dataset("claims").orElseThrow().quasiIdentifiers());
        List<Object[]> released = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Object[] r = row.clone();
            r[4] = i < 10 ? LocalDate.of(2026, 3, 1 + i) : LocalDate.of(2026, 4, 2);
            Object[] out = claims.apply(r, false);
            released.add(out);
            profile.add(claims.quasiIdentifiers(out));
        }
        KAnonymity.Judgement judgement = new KAnonymity(plan.profile().k()).judge(profile);
        assertThat(judgement.suppressedRecords()).isEqualTo(1);
        assertThat(judgement.kAchieved()).isEqualTo(10);
        assertThat(released.stream()
                        .filter(r -> judgement.suppressed(claims.quasiIdentifiers(r)))
                        .count())
                .isEqualTo(1);

        // leak check: the released rows are clean, a raw phone number in a kept column is not
        LeakCheck leaks = LeakCheck.forDataset(
                TestScanners.project(), plan.dataset("claims").orElseThrow(), gate.sensitiveEligible());
        leaks.inspect(claims.outputColumns(), allowed);
        leaks.inspect(claims.outputColumns(), stripped);
        assertThat(leaks.leaks()).isEmpty();
        Object[] leaky = allowed.clone();
        leaky[2] = "連絡先 090-1234-5678";
        leaks.inspect(claims.outputColumns(), leaky);
        assertThat(leaks.leaks()).containsExactly(new LeakCheck.Leak("claim_type", "PHONE_NUMBER"));
        // a pseudonym column is checked by shape: a raw id there is a leak, and a value scanned clean
        // once in one column (memo) does not make it clean in another
        Object[] raw = allowed.clone();
        raw[0] = "C000000001";
        raw[5] = "連絡先 090-1234-5678";
        leaks.inspect(claims.outputColumns(), raw);
        assertThat(leaks.leaks())
                .containsExactly(
                        new LeakCheck.Leak("claim_type", "PHONE_NUMBER"),
                        new LeakCheck.Leak("customer_id", LeakCheck.NOT_A_PSEUDONYM),
                        new LeakCheck.Leak("diagnosis_name", "PHONE_NUMBER"));

        // a kept column whose values are nearly all distinct is a record key, whatever it was classified as
        LeakCheck keys = LeakCheck.forDataset(
                TestScanners.project(), plan.dataset("claims").orElseThrow(), gate.sensitiveEligible());
        for (int i = 0; i < 200; i++) {
            Object[] r = allowed.clone();
            r[2] = "CL" + (100_000 + i); // claim_type (kept) holding claim numbers
            r[4] = i % 3 == 0 ? "E11" : "J18"; // diagnosis_code (kept): few values, fine
            keys.inspect(claims.outputColumns(), r);
        }
        assertThat(keys.leaks()).containsExactly(new LeakCheck.Leak("claim_type", LeakCheck.RECORD_KEY));
        assertThat(keys.clean()).isFalse();
        assertThat(leaks.leaks().toString()).doesNotContain("090");

        ExtractManifest manifest = new ExtractManifest(
                "group-insurer-product-rnd-2026-11-24",
                plan.profile().name(),
                plan.profile().recipient(),
                plan.profile().purpose().id(),
                DATE,
                "2026.11-1",
                "ab".repeat(32),
                plan.profile().k(),
                ExtractManifest.kAchieved(List.of(judgement)),
                ExtractManifest.Risk.combine(List.of(judgement)),
                Map.of(
                        RecordVerdict.CONSENT_WITHDRAWN.name(),
                        1L,
                        ExtractManifest.K_ANONYMITY,
                        judgement.suppressedRecords()),
                List.of(new ExtractManifest.File(
                        "claims/part-00000.parquet",
                        "cd".repeat(32),
                        10,
                        List.of("incident_date"),
                        Map.of("incident_date", "month"))),
                List.of(),
                null);
        assertThat(manifest.kAchieved()).isEqualTo(10);
        assertThat(manifest.risk().prosecutorMax()).isEqualTo(0.1);
        assertThat(manifest.risk().prosecutorAverage()).isEqualTo(0.1);

        String md = DataDictionary.render(plan, manifest);
        assertThat(md)
                .contains(
                        "# Data dictionary: group-insurer-product-rnd",
                        "GROUP_INSURER",
                        "PRODUCT_RND",
                        "INSURANCE_GROUP_SHARING",
                        "| `diagnosis_name` | 機微情報 (HEALTH)",
                        "generalized (month) (default for QUASI_IDENTIFIER)",
                        "File `claims/part-00000.parquet`: 10 rows.",
                        "Quasi-identifiers (k applies): incident_date.",
                        "| K_ANONYMITY_SUPPRESSED | 1 |",
                        "achieved 10");
        assertThat(md).doesNotContain("C000000001", "山田");
    }

    @Test
    void anonymousRecordsAndMarketingConsent() {
        ExtractProfiles profiles = ExtractProfiles.load(TestScanners.configDir(), Catalogs.POLICY);
        ConsentGate internal =
                ConsentGate.forProfile(profiles.profile("rnd-internal").orElseThrow(), ConsentGateTest.ORDER);
        ConsentGate overseas = ConsentGate.forProfile(
                profiles.profile("overseas-marketing-analytics").orElseThrow(), ConsentGateTest.ORDER);
        assertThat(internal.decide(null)).isEqualTo(RecordVerdict.INCLUDE);
        assertThat(overseas.decide(null)).isEqualTo(RecordVerdict.NO_CUSTOMER_LINK);
        assertThat(overseas.requiredConsents()).containsExactly("GROUP_SHARING", "MARKETING");
        assertThat(overseas.sensitiveAllowed(ConsentGateTest.states("GGGGG"))).isFalse();
        Set<String> rendered =
                Set.of(DataDictionary.render(profiles.plan("overseas-marketing-analytics", Catalogs.sample()), null));
        assertThat(rendered.iterator().next()).contains("No 機微情報");
    }
}
