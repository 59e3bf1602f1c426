package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.Trees;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.config.PolicyLoader;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Third-party provision records (APPI art. 29), overseas informed consent (art. 28) and the regime of
 * each release, on the generator's data after a real tag run. Judged independently: DuckDB reads the
 * released Parquet files and the raw consent ledger; the records are read back through the public
 * {@link ProvisionRecords} API and mapped through the recipients' pseudonym keys.
 */
class ExtractProvisionIT {

    static final List<String> OUTSIDE = List.of("group-insurer-product-rnd", "overseas-marketing-analytics");
    static final String OVERSEAS = "overseas-marketing-analytics";
    /** policy.yml overseas_consent.SG as shipped. */
    static final Set<String> INFORMING_SG = Set.of("2022.4", "2024.10");

    @TempDir
    static Path tmp;

    static ExtractFixture sample;
    static Path data;
    static Path state;
    static Path out;
    static Path config;
    static Policy policy;
    static SuiteRun extract;
    static Connection db;

    @BeforeAll
    static void tagThenExtract() throws Exception {
        sample = ExtractFixture.sample(tmp, 1000);
        data = sample.data;
        state = sample.state;
        out = tmp.resolve("out");
        config = ExtractJobIT.linkedProfiles(tmp.resolve("config"));
        policy = PolicyLoader.load(config);
        sample.tag(out, ExtractFixture.config(config));
        extract = sample.extract(out, ExtractFixture.config(config));
        db = DriverManager.getConnection("jdbc:duckdb:");
    }

    static String extractId(String profile) {
        return profile + "-" + SampleData.AS_OF;
    }

    static ProvisionRecords records(Path root) throws Exception {
        org.apache.hadoop.fs.Path o = FileSystems.path(root.toString());
        return ProvisionRecords.read(FileSystems.get(o, new Configuration()), o);
    }

    static List<ProvisionRecords.Provision> provisionsOf(ProvisionRecords records, String profile) {
        return records.all().stream()
                .filter(p -> p.extractId().equals(extractId(profile)))
                .toList();
    }

    static JsonNode manifest(Path root, String profile) throws Exception {
        return Json.MAPPER.readTree(
                Files.readAllBytes(root.resolve("extracts/" + extractId(profile) + "/manifest.json")));
    }

    /** Every customer pseudonym in the released files of a profile (any file with a customer_id column). */
    static Set<String> releasedPseudonyms(Path root, String profile) throws Exception {
        Set<String> pseudonyms = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root.resolve("extracts/" + extractId(profile)))) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        for (Path f : files) {
            Set<String> columns = new HashSet<>();
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + f + "')")) {
                while (rs.next()) columns.add(rs.getString(1));
            }
            if (!columns.contains("customer_id")) continue;
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("SELECT DISTINCT customer_id FROM read_parquet('" + f
                            + "') WHERE customer_id IS NOT NULL")) {
                while (rs.next()) pseudonyms.add(rs.getString(1));
            }
        }
        return pseudonyms;
    }

    /**
     * pseudonym under the profile's key → normalized customer key, for every customer id the governed
     * zone holds (dirty spellings included: the extract pseudonymizes the id as written).
     */
    static Map<String, String> pseudonymToKey(String profile) throws Exception {
        Pseudonymizer p = new Pseudonymizer(
                SampleData.KEYS.get(SampleData.PROFILE_KEYS.get(profile)), Pseudonymizer.contextFor(profile));
        Map<String, String> map = new HashMap<>();
        for (String dataset : List.of("customers", "policies", "claims")) {
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("SELECT DISTINCT customer_id FROM read_parquet('"
                            + out.resolve("governed/" + dataset) + "/**/*.parquet') WHERE customer_id IS NOT NULL")) {
                while (rs.next()) {
                    String raw = rs.getString(1);
                    map.put(p.pseudonym(raw.strip()), policy.customerKeys().normalize(raw));
                }
            }
        }
        return map;
    }

    @Test
    void everyOutsideReleaseHasItsProvisionRecordMatchingTheReleasedCustomersExactly() throws Exception {
        ProvisionRecords records = records(out);
        assertThat(provisionsOf(records, "rnd-internal"))
                .as("an INTERNAL release is no provision")
                .isEmpty();
        for (String profile : OUTSIDE) {
            List<ProvisionRecords.Provision> provisions = provisionsOf(records, profile);
            assertThat(provisions).as(profile).hasSize(1);
            ProvisionRecords.Provision provision = provisions.get(0);
            assertThat(manifest(out, profile)
                            .path("provision")
                            .path("provisionId")
                            .asString())
                    .isEqualTo(provision.provisionId());
            assertThat(provision.extractFolder()).isEqualTo("extracts/" + extractId(profile));
            assertThat(provision.date()).hasToString(SampleData.AS_OF);
            assertThat(provision.items())
                    .contains(new ProvisionRecords.Item("customers", "customer_id", "pseudonymize"));

            Map<String, String> toKey = pseudonymToKey(profile);
            Set<String> released = new TreeSet<>();
            for (String pseudonym : releasedPseudonyms(out, profile)) {
                assertThat(toKey)
                        .as("a released pseudonym maps to a governed customer")
                        .containsKey(pseudonym);
                released.add(toKey.get(pseudonym));
            }
            List<String> recorded = records.customersOf(provision.provisionId());
            assertThat(released).as(profile + ": customers released").hasSizeGreaterThan(20);
            assertThat(recorded)
                    .as(profile + ": recorded customers are exactly the released ones")
                    .containsExactlyInAnyOrderElementsOf(released);
            assertThat(provision.customers()).isEqualTo(released.size());
        }
        ProvisionRecords.Provision overseas = provisionsOf(records, OVERSEAS).get(0);
        assertThat(overseas.recipientKind()).isEqualTo("OVERSEAS_GROUP_COMPANY");
        assertThat(overseas.recipientCountry()).isEqualTo("SG");
        assertThat(provisionsOf(records, "group-insurer-product-rnd").get(0).recipientCountry())
                .isNull();
    }

    /** Each relied consent names a GRANTED event of the raw ledger, with that event's document version. */
    @Test
    void theConsentEvidenceLeavesNoLocalFileBehind() throws Exception {
        // The consent tables and the provision's sorted files (STATE/consent) are removed when each step ends.
        Path consent = state.resolve("consent");
        if (java.nio.file.Files.exists(consent)) assertThat(consent).isEmptyDirectory();
    }

    @Test
    void theConsentReliedOnIsTheLedgersDecidingGrant() throws Exception {
        ProvisionRecords records = records(out);
        try (Statement s = db.createStatement()) {
            s.execute(
                    "CREATE OR REPLACE TABLE relied (customer VARCHAR, purpose VARCHAR, event_id VARCHAR, version VARCHAR)");
        }
        long rows = 0;
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO relied VALUES (?, ?, ?, ?)")) {
            for (String profile : OUTSIDE) {
                ProvisionRecords.Provision provision =
                        provisionsOf(records, profile).get(0);
                for (String customer : records.customersOf(provision.provisionId())) {
                    var mine = records.forCustomer(customer).stream()
                            .filter(c -> c.provision().provisionId().equals(provision.provisionId()))
                            .toList();
                    assertThat(mine).hasSize(1);
                    List<String> purposes = mine.get(0).purposes();
                    assertThat(purposes)
                            .contains(profile.equals(OVERSEAS) ? "GROUP_SHARING" : "INSURANCE_GROUP_SHARING");
                    if (profile.equals(OVERSEAS)) assertThat(purposes).contains("MARKETING");
                    for (ProvisionRecords.ReliedConsent c : mine.get(0).consents()) {
                        assertThat(c.eventId()).isNotNull();
                        assertThat(c.eventTime()).isNotNull();
                        insert.setString(1, customer);
                        insert.setString(2, c.purpose());
                        insert.setString(3, c.eventId());
                        insert.setString(4, c.documentVersion());
                        insert.addBatch();
                        rows++;
                    }
                }
            }
            insert.executeBatch();
        }
        // The raw ledger's lines by event id, purpose and action read as the export spells them (NFKC, case, spaces).
        Map<String, List<String>> ledger = new HashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT event_id, purpose, action, document_version " + "FROM read_parquet('"
                                + data.resolve("consent_events") + "/**/*.parquet') WHERE event_id IS NOT NULL")) {
            while (rs.next()) {
                ledger.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(word(rs.getString(2)) + "|" + word(rs.getString(3)) + "|" + rs.getString(4));
            }
        }
        long matched = 0;
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT purpose, event_id, version FROM relied")) {
            while (rs.next()) {
                String purpose = rs.getString(1);
                String version = rs.getString(3);
                if (ledger.getOrDefault(rs.getString(2), List.of()).stream()
                        .anyMatch(l -> l.startsWith(purpose + "|GRANT") && l.endsWith("|" + version))) matched++;
            }
        }
        assertThat(rows).isGreaterThan(50);
        assertThat(matched)
                .as("every relied consent is a GRANTED ledger event of that purpose and version")
                .isEqualTo(rows);
    }

    @Test
    void anOldVersionGroupSharingConsentNeverReachesTheOverseasRecipient() throws Exception {
        // From the raw ledger: customers whose every GROUP_SHARING grant was under a version that did not inform about
        // SG.
        Map<String, Boolean> informed = new HashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT customer_id, document_version FROM read_parquet('"
                        + data.resolve("consent_events")
                        + "/**/*.parquet') WHERE upper(trim(purpose)) = 'GROUP_SHARING' "
                        + "AND upper(trim(action)) LIKE 'GRANT%' AND customer_id IS NOT NULL")) {
            while (rs.next()) {
                String key = policy.customerKeys().normalize(rs.getString(1));
                if (key != null) informed.merge(key, INFORMING_SG.contains(rs.getString(2)), Boolean::logicalOr);
            }
        }
        Set<String> onlyOld = new TreeSet<>();
        informed.forEach((k, v) -> {
            if (!v) onlyOld.add(k);
        });
        // ... of them, those the consent tags alone would have released (GROUP_SHARING and MARKETING granted)
        Set<String> wouldGo = new TreeSet<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT customer_id FROM read_parquet('"
                        + out.resolve("governed/customers")
                        + "/**/*.parquet') WHERE _consent_group_sharing = 'GRANTED' "
                        + "AND _consent_marketing = 'GRANTED'")) {
            while (rs.next()) {
                String key = policy.customerKeys().normalize(rs.getString(1));
                if (onlyOld.contains(key)) wouldGo.add(key);
            }
        }
        assertThat(wouldGo)
                .as("the sample has old-version GROUP_SHARING consents the tags alone would release")
                .hasSizeGreaterThan(5);

        Map<String, String> toKey = pseudonymToKey(OVERSEAS);
        Set<String> released = new TreeSet<>();
        for (String pseudonym : releasedPseudonyms(out, OVERSEAS)) released.add(toKey.get(pseudonym));
        assertThat(released).isNotEmpty().doesNotContainAnyElementsOf(onlyOld);

        ProvisionRecords records = records(out);
        ProvisionRecords.Provision provision = provisionsOf(records, OVERSEAS).get(0);
        for (String customer : records.customersOf(provision.provisionId())) {
            for (var p : records.forCustomer(customer)) {
                if (!p.provision().provisionId().equals(provision.provisionId())) continue;
                p.consents().stream()
                        .filter(c -> c.purpose().equals("GROUP_SHARING"))
                        .forEach(c -> assertThat(INFORMING_SG).contains(c.documentVersion()));
            }
        }
        JsonNode manifest = manifest(out, OVERSEAS);
        assertThat(manifest.path("excludedRows")
                        .path("CONSENT_NOT_INFORMED_FOR_COUNTRY")
                        .asLong())
                .isGreaterThan(0);
        assertThat(manifest.path("recipient").path("country").asString()).isEqualTo("SG");
        assertThat(Files.readString(out.resolve("reports/extract-" + SampleData.AS_OF + ".json")))
                .contains("CONSENT_NOT_INFORMED_FOR_COUNTRY");
        assertThat(manifest(out, "group-insurer-product-rnd")
                        .path("excludedRows")
                        .path("CONSENT_NOT_INFORMED_FOR_COUNTRY")
                        .asLong())
                .as("only overseas recipients need the informing version")
                .isZero();
    }

    @Test
    void theManifestAndTheDataDictionaryStateTheRegime() throws Exception {
        for (String profile : List.of("rnd-internal", "group-insurer-product-rnd", OVERSEAS)) {
            JsonNode standard = manifest(out, profile).path("processingStandard");
            assertThat(standard.path("regime").asString()).as(profile).isEqualTo("consent");
            assertThat(standard.path("ja").asString()).contains("同意");
            String dictionary = Files.readString(out.resolve("extracts/" + extractId(profile) + "/DATA_DICTIONARY.md"));
            assertThat(dictionary)
                    .contains(
                            "加工の基準 / Processing standard",
                            standard.path("ja").asString(),
                            standard.path("en").asString());
        }
        assertThat(manifest(out, "rnd-internal").path("provision").isNull()
                        || manifest(out, "rnd-internal").path("provision").isMissingNode())
                .as("no provision record for an internal release")
                .isTrue();
    }

    @Test
    void aPseudonymizedProfileToAGroupCompanyIsRefusedWithExit2() throws Exception {
        Path refusedConfig = ExtractJobIT.linkedProfiles(tmp.resolve("config-pseudonymized"));
        Path file = refusedConfig.resolve("extracts.yml");
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        int at = 0;
        while (!lines.get(at).contains("kind: GROUP_INSURER}")) at++;
        lines.set(at, lines.get(at).replace("GROUP_INSURER}", "GROUP_COMPANY}"));
        lines.add(at + 1, "    regime: pseudonymized");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Path refusedOut = tmp.resolve("out-refused");
        SuiteRun run = SuiteRun.job(
                state,
                refusedOut,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=group-insurer-product-rnd",
                "--governance.config=" + refusedConfig);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err).contains("extracts.yml:" + (at + 2) + ": field 'profiles[1].regime'", "仮名加工情報");
        assertThat(refusedOut.resolve("extracts/" + extractId("group-insurer-product-rnd")))
                .doesNotExist();
        assertThat(refusedOut.resolve("provision"))
                .satisfiesAnyOf(
                        p -> assertThat(p).doesNotExist(),
                        p -> assertThat(Files.list(p).toList()).isEmpty());
    }

    @Test
    void aTamperedProvisionRecordIsNamedByVerifyAudit() throws Exception {
        Path copy = tmp.resolve("out-tampered");
        Trees.copy(out.resolve("provision"), copy.resolve("provision"));
        SuiteRun intact = SuiteRun.job(tmp.resolve("state-tampered"), copy, "verify-audit", "data=" + data);
        assertThat(intact.exitCode).as(intact.toString()).isZero();
        assertThat(intact.out).contains("provision records OK: 2 provisions");

        Path segment;
        try (Stream<Path> s = Files.list(copy.resolve("provision"))) {
            segment = s.filter(p -> p.getFileName().toString().startsWith("chain-"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        List<String> lines = Files.readAllLines(segment, StandardCharsets.UTF_8);
        String original = lines.get(0);
        int key = original.indexOf("\\\"key\\\":\\\"") + 10; // first character of the first customer key (compact JSON)
        assertThat(key).isGreaterThan(10);
        String firstKey = original.substring(key, original.indexOf("\\\"", key));
        char flipped = original.charAt(key + 1) == '9' ? '8' : (char) (original.charAt(key + 1) + 1);
        lines.set(0, original.substring(0, key + 1) + flipped + original.substring(key + 2)); // one byte edited
        Files.write(segment, lines, StandardCharsets.UTF_8);
        SuiteRun modified = SuiteRun.job(tmp.resolve("state-tampered"), copy, "verify-audit", "data=" + data);
        assertThat(modified.exitCode).as(modified.toString()).isEqualTo(1);
        assertThat(modified.err)
                .contains("provision records broken", "MODIFIED", segment.getFileName() + ":1", "sequence 1");
        assertThat(modified.out + modified.err)
                .as("no customer key in the message")
                .doesNotContain(firstKey);

        lines.set(0, original);
        lines.remove(1);
        Files.write(segment, lines, StandardCharsets.UTF_8);
        SuiteRun deleted = SuiteRun.job(tmp.resolve("state-tampered"), copy, "verify-audit", "data=" + data);
        assertThat(deleted.exitCode).as(deleted.toString()).isEqualTo(1);
        assertThat(deleted.err)
                .contains("provision records broken", "OUT_OF_SEQUENCE", segment.getFileName() + ":2", "sequence 3");
    }

    /**
     * A chain cut after a whole line, or without its last file, is still a valid chain: verify-audit finds the cut
     * through the published release that names the missing record (APPI art. 29: no release without its record).
     */
    @Test
    void aProvisionChainCutShortIsNamedByVerifyAudit() throws Exception {
        Path copy = tmp.resolve("out-cut");
        for (String zone : List.of("extracts", "provision")) Trees.copy(out.resolve(zone), copy.resolve(zone));
        SuiteRun intact = SuiteRun.job(tmp.resolve("state-cut"), copy, "verify-audit", "data=" + data);
        assertThat(intact.exitCode).as(intact.toString()).isZero();

        Path last; // one segment per recording run: the last one holds the overseas provision, its seal last
        try (Stream<Path> s = Files.list(copy.resolve("provision"))) {
            last = s.filter(p -> p.getFileName().toString().startsWith("chain-"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
        List<String> lines = Files.readAllLines(last, StandardCharsets.UTF_8);
        assertThat(lines.get(lines.size() - 1)).contains("PROVISION_RECORDED", extractId(OVERSEAS));
        Files.write(last, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
        SuiteRun cut = SuiteRun.job(tmp.resolve("state-cut"), copy, "verify-audit", "data=" + data);
        assertThat(cut.exitCode).as(cut.toString()).isEqualTo(1);
        assertThat(cut.err)
                .contains("provision records incomplete: 1 published release", "extracts/" + extractId(OVERSEAS))
                .doesNotContain("extracts/" + extractId("group-insurer-product-rnd"));

        Files.delete(last);
        SuiteRun removed = SuiteRun.job(tmp.resolve("state-cut"), copy, "verify-audit", "data=" + data);
        assertThat(removed.exitCode).as(removed.toString()).isEqualTo(1);
        assertThat(removed.err).contains("provision records incomplete", "extracts/" + extractId(OVERSEAS));
    }

    /**
     * A process killed after the record was synced but before the release was renamed into place
     * leaves the record and a staging folder; one killed amid the record leaves its first lines. The
     * rerun releases the same bytes and completes the record without writing any record twice.
     */
    @Test
    void aCrashBetweenRecordAndPublishConvergesWithoutADuplicateRecord() throws Exception {
        Path crashed = tmp.resolve("out-crashed");
        for (String zone : List.of("governed", "catalog", "extracts", "provision"))
            Trees.copy(out.resolve(zone), crashed.resolve(zone));
        Path release = crashed.resolve("extracts/" + extractId(OVERSEAS));
        Files.move(release, crashed.resolve("extracts/.staging-" + extractId(OVERSEAS)));
        Set<String> before = releasedPseudonyms(out, OVERSEAS);
        Path segment; // one segment per recording run: the last one holds the overseas provision
        try (Stream<Path> s = Files.list(crashed.resolve("provision"))) {
            segment = s.filter(p -> p.getFileName().toString().startsWith("chain-"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
        List<String> chain = Files.readAllLines(segment, StandardCharsets.UTF_8);
        assertThat(chain.get(chain.size() - 1)).contains("PROVISION_RECORDED", extractId(OVERSEAS));
        long total = countChainLines(crashed);
        Path state2 = SampleData.writeKeys(tmp.resolve("state-crashed"));

        SuiteRun rerun = SuiteRun.job(
                state2,
                crashed,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=" + OVERSEAS,
                "--governance.config=" + config);
        assertThat(rerun.exitCode).as(rerun.toString()).isZero();
        assertThat(release).isDirectory();
        assertThat(releasedPseudonyms(crashed, OVERSEAS)).isEqualTo(before);
        assertThat(countChainLines(crashed))
                .as("nothing appended: the record was there")
                .isEqualTo(total);
        assertThat(provisionsOf(records(crashed), OVERSEAS)).hasSize(1);

        // Killed amid the record: the seal never written (nor the release).
        Files.write(segment, chain.subList(0, chain.size() - 1), StandardCharsets.UTF_8);
        Files.move(release, crashed.resolve("extracts/.staging-" + extractId(OVERSEAS)));
        assertThat(provisionsOf(records(crashed), OVERSEAS)).isEmpty();
        SuiteRun again = SuiteRun.job(
                state2,
                crashed,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=" + OVERSEAS,
                "--governance.config=" + config,
                "run.id=2");
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(countChainLines(crashed)).as("only the seal appended").isEqualTo(total);
        ProvisionRecords records = records(crashed);
        assertThat(provisionsOf(records, OVERSEAS)).hasSize(1);
        assertThat(records.customersOf(provisionsOf(records, OVERSEAS).get(0).provisionId()))
                .doesNotHaveDuplicates()
                .hasSize(before.size());
        assertThat(manifest(crashed, OVERSEAS)
                        .path("provision")
                        .path("provisionId")
                        .asString())
                .isEqualTo(provisionsOf(records, OVERSEAS).get(0).provisionId());
    }

    /**
     * Retention enforced years later deletes expired data in the raw and governed zones and leaves every
     * provision record as it was: they are kept at least 3 years (retention.yml provision_records.keep)
     * and no rule reaches out/provision/.
     */
    @Test
    void retentionNeverDeletesProvisionRecords() throws Exception {
        Path data2 = tmp.resolve("data-retention");
        Path out2 = tmp.resolve("out-retention");
        Trees.copy(data, data2);
        for (String zone : List.of("governed", "catalog", "provision"))
            Trees.copy(out.resolve(zone), out2.resolve(zone));
        Map<Path, byte[]> before = new HashMap<>();
        try (Stream<Path> s = Files.list(out2.resolve("provision"))) {
            for (Path p : s.toList()) before.put(p, Files.readAllBytes(p));
        }
        Path state2 = tmp.resolve("state-retention");
        SuiteRun retention = SuiteRun.job(
                state2,
                out2,
                "retention",
                "data=" + data2,
                "date=2028-11-24",
                "mode=enforce",
                "--allow-mass-delete",
                "--allow-future-date",
                "--governance.config=" + config);
        assertThat(retention.exitCode).as(retention.toString()).isIn(0, 4);
        assertThat(Files.exists(out2.resolve("audit")))
                .as("retention enforced and audited its deletions")
                .isTrue();
        try (Stream<Path> s = Files.list(out2.resolve("provision"))) {
            assertThat(s.toList()).containsExactlyInAnyOrderElementsOf(before.keySet());
        }
        for (var e : before.entrySet())
            assertThat(Files.readAllBytes(e.getKey())).isEqualTo(e.getValue());
        SuiteRun verify = SuiteRun.job(state2, out2, "verify-audit", "data=" + data2);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
        assertThat(verify.out).contains("audit chain OK", "provision records OK: 2 provisions");
    }

    private static String word(String text) {
        return text == null
                ? ""
                : java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC)
                        .strip()
                        .toUpperCase(java.util.Locale.ROOT);
    }

    private static long countChainLines(Path root) throws Exception {
        long n = 0;
        try (Stream<Path> s = Files.list(root.resolve("provision"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("chain-"))
                    .toList()) {
                n += Files.readAllLines(p, StandardCharsets.UTF_8).size();
            }
        }
        return n;
    }
}
