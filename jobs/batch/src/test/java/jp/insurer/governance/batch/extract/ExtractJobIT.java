package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.Trees;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The extract job on the generator's data after a tag run, judged independently: DuckDB reads the
 * released files, and the governed zone's consent tags (joined through pseudonyms computed here with
 * the test keys) say which customers may appear.
 */
class ExtractJobIT {

    static final List<String> PROFILES =
            List.of("rnd-internal", "group-insurer-product-rnd", "overseas-marketing-analytics");
    /** Consents each profile needs per record (README "Consent gate"). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "rnd-internal", List.of(),
            "group-insurer-product-rnd", List.of("insurance_group_sharing"),
            "overseas-marketing-analytics", List.of("group_sharing", "marketing"));

    @TempDir
    static Path tmp;

    static ExtractFixture sample;
    static Path data;
    static Path state;
    static Path out;
    static SuiteRun tag;
    static SuiteRun extract;
    static Connection db;
    static Path config;

    @BeforeAll
    static void tagThenExtract() throws Exception {
        sample = ExtractFixture.sample(tmp, 1000);
        data = sample.data;
        state = sample.state;
        out = tmp.resolve("out");
        config = linkedProfiles(tmp.resolve("config"));
        tag = sample.tag(out, ExtractFixture.config(config));
        extract = SuiteRun.job(
                state, out, "extract", "data=" + data, "date=" + SampleData.AS_OF, "--governance.config=" + config);
        db = DriverManager.getConnection("jdbc:duckdb:");
        pseudonymTable();
    }

    /**
     * The project's config with the test's extracts.yml: the shipped profiles with every transactional
     * dataset linked by the customer pseudonym (the shipped ones release them unlinked) and small k,
     * so that k-anonymity across linked files is exercised.
     */
    static Path linkedProfiles(Path config) throws Exception {
        ExtractFixture.projectConfig(config);
        try (var in = ExtractJobIT.class.getResourceAsStream("/extract/linked-extracts.yml")) {
            Files.write(config.resolve("extracts.yml"), in.readAllBytes());
        }
        return config;
    }

    /** customer → consent tags, from the governed zone, with the customer's pseudonym under each profile's key. */
    static void pseudonymTable() throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE consent (profile VARCHAR, pseudonym VARCHAR, insurance_group_sharing VARCHAR, "
                    + "group_sharing VARCHAR, sensitive_rnd VARCHAR, marketing VARCHAR)");
        }
        List<String[]> customers = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT customer_id, _consent_insurance_group_sharing, "
                        + "_consent_group_sharing, _consent_sensitive_rnd, _consent_marketing FROM read_parquet('"
                        + out.resolve("governed/customers") + "/**/*.parquet')")) {
            while (rs.next())
                customers.add(new String[] {
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)
                });
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO consent VALUES (?, ?, ?, ?, ?, ?)")) {
            for (String profile : PROFILES) {
                Pseudonymizer p = new Pseudonymizer(
                        SampleData.KEYS.get(SampleData.PROFILE_KEYS.get(profile)), Pseudonymizer.contextFor(profile));
                // linkable: false datasets have pseudonyms of their own, under "profile/dataset"
                for (String scope : List.of(profile, profile + "/contact_notes")) {
                    Pseudonymizer keyed = scope.equals(profile) ? p : p.forDataset("contact_notes");
                    for (String[] c : customers) {
                        insert.setString(1, scope);
                        insert.setString(2, keyed.pseudonym(c[0].strip()));
                        for (int i = 1; i < 5; i++) insert.setString(2 + i, c[i]);
                        insert.addBatch();
                    }
                }
            }
            insert.executeBatch();
        }
    }

    static Path folder(String profile) {
        return out.resolve("extracts/" + profile + "-" + SampleData.AS_OF);
    }

    static String parquet(String profile, String dataset) {
        return "read_parquet('" + folder(profile).resolve(dataset + "/*.parquet") + "')";
    }

    static JsonNode manifest(String profile) throws Exception {
        return Json.MAPPER.readTree(Files.readAllBytes(folder(profile).resolve("manifest.json")));
    }

    static long scalar(String sql) throws Exception {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Set<String> columns(String profile, String dataset) throws Exception {
        Set<String> names = new java.util.TreeSet<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + parquet(profile, dataset))) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    @Test
    void releasesEveryProfileAsACompleteFolder() throws Exception {
        assertThat(extract.exitCode).as(extract.toString()).isZero();
        assertThat(extract.out).contains("extracts/").contains("reports/extract-" + SampleData.AS_OF + ".json");
        // The console names the exclusions in words with the manifest's counts: no raw map, no reason code, no value.
        long withdrawn = manifest("overseas-marketing-analytics")
                .get("excludedRows")
                .get("CONSENT_WITHDRAWN")
                .asLong();
        String overseas = extract.out
                .lines()
                .filter(l -> l.contains("overseas-marketing-analytics-" + SampleData.AS_OF))
                .findFirst()
                .orElseThrow();
        assertThat(overseas)
                .contains("excluded: ", String.format(java.util.Locale.ROOT, "%,d consent withdrawn", withdrawn))
                .doesNotContain("{", "_");
        try (Stream<Path> s = Files.list(out.resolve("extracts"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly(PROFILES.stream()
                            .map(p -> p + "-" + SampleData.AS_OF)
                            .sorted()
                            .toArray(String[]::new));
        }
        for (String profile : PROFILES) {
            assertThat(folder(profile).resolve("DATA_DICTIONARY.md")).isRegularFile();
            JsonNode m = manifest(profile);
            assertThat(m.get("profile").asString()).isEqualTo(profile);
            assertThat(m.get("businessDate").asString()).isEqualTo(SampleData.AS_OF);
            assertThat(m.get("policyVersion").asString()).isEqualTo("2026.11-1");
            assertThat(m.get("policySha256").asString()).hasSize(64);
            assertThat(m.get("recipient").get("kind").asString()).isNotEmpty();
            assertThat(m.get("purpose").asString()).isNotEmpty();
            assertThat(m.get("k").asInt()).isPositive();
            // k = 20 over age band × gender × prefecture can suppress a small sample's customers entirely
            if (!m.get("kAchieved").isNull())
                assertThat(m.get("kAchieved").asLong())
                        .isGreaterThanOrEqualTo(m.get("k").asLong());
            assertThat(m.get("risk").get("prosecutorMax").asDouble())
                    .isLessThanOrEqualTo(1.0 / m.get("k").asInt());
            assertThat(m.get("excludedRows").has("K_ANONYMITY_SUPPRESSED")).isTrue();
            assertThat(m.get("keyFingerprint").asString()).hasSize(16);
            for (JsonNode f :
                    m.get("files")) { // the level each quasi-identifier was released at, one per quasi-identifier
                List<String> qis = new ArrayList<>();
                f.get("quasiIdentifiers").forEach(q -> qis.add(q.asString()));
                List<String> generalized = new ArrayList<>();
                f.get("generalization").propertyNames().forEach(generalized::add);
                assertThat(generalized).as(profile + " " + f.get("path")).isEqualTo(qis);
            }
        }
        // 1,000 customers over 5-year bands × gender × prefecture are too sparse for k = 5 within 5 %
        // suppression: the age is released in coarser bands instead, and DuckDB sees only those
        String ageLevel = manifest("rnd-internal")
                .get("files")
                .get(0)
                .get("generalization")
                .get("birth_date")
                .asString();
        assertThat(ageLevel).isIn("age_band_10", "age_band_20");
        assertThat(scalar("SELECT count(*) FROM read_parquet('"
                        + folder("rnd-internal").resolve("customers") + "/*.parquet') "
                        + "WHERE birth_date NOT SIMILAR TO '[0-9]*0-[0-9]*9|80\\+'")) // 10- and 20-year
                // bands both
                // start at a 0
                .isZero();
        assertThat(manifest("overseas-marketing-analytics")
                        .get("excludedRows")
                        .get("CONSENT_WITHDRAWN")
                        .asLong())
                .isPositive();
        assertThat(manifest("rnd-internal")
                        .get("excludedRows")
                        .get("CONSENT_NOT_GIVEN")
                        .asLong())
                .isZero();
        assertThat(out.resolve("reports/extract-" + SampleData.AS_OF + ".html")).isRegularFile();
    }

    @Test
    void manifestChecksumsAndRowCountsMatchTheFilesAndFootersCarryTheExtractId() throws Exception {
        for (String profile : PROFILES) {
            for (JsonNode f : manifest(profile).get("files")) {
                Path file = folder(profile).resolve(f.get("path").asString());
                String sha = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
                assertThat(sha).as(file.toString()).isEqualTo(f.get("sha256").asString());
                assertThat(scalar("SELECT count(*) FROM read_parquet('" + file + "')"))
                        .isEqualTo(f.get("rows").asLong());
                assertThat(scalar("SELECT count(*) FROM parquet_kv_metadata('" + file
                                + "') WHERE decode(key) = 'governance.extract.id' " + "AND decode(value) = '" + profile
                                + "-" + SampleData.AS_OF + "'"))
                        .isEqualTo(1);
                assertThat(scalar("SELECT count(*) FROM parquet_kv_metadata('" + file
                                + "') WHERE decode(key) = 'governance.policy.version' "
                                + "AND decode(value) = '2026.11-1'"))
                        .isEqualTo(1);
            }
        }
    }

    /**
     * What a recipient holds about one person — their rows in every linked file, with the
     * quasi-identifier values of each, and how many — is shared by at least k people: DuckDB joins every
     * released file of a link group on the customer pseudonym and groups people by the whole combination.
     */
    @Test
    void everyPersonsCombinationAcrossLinkedFilesIsSharedByAtLeastKPeople() throws Exception {
        int linkedGroups = 0;
        for (String profile : PROFILES) {
            JsonNode m = manifest(profile);
            int k = m.get("k").asInt();
            long smallest = Long.MAX_VALUE;
            for (JsonNode group : m.get("linkGroups")) {
                List<String> perPerson = new ArrayList<>();
                for (JsonNode dataset : group.get("datasets")) {
                    JsonNode f = file(m, dataset.asString());
                    List<String> qi = new ArrayList<>();
                    f.get("quasiIdentifiers")
                            .forEach(q -> qi.add("coalesce(CAST(\"" + q.asString() + "\" AS VARCHAR), '-')"));
                    String tuple = qi.isEmpty() ? "'row'" : "concat_ws('|', " + String.join(", ", qi) + ")";
                    perPerson.add("(SELECT customer_id AS person, list_sort(list(" + tuple + ")) AS d"
                            + perPerson.size() + " FROM read_parquet('"
                            + folder(profile).resolve(f.get("path").asString()) + "') GROUP BY customer_id)");
                }
                String joined = perPerson.get(0) + " t0";
                List<String> lists = new ArrayList<>(List.of("d0"));
                for (int i = 1; i < perPerson.size(); i++) {
                    joined += " FULL JOIN " + perPerson.get(i) + " t" + i + " USING (person)";
                    lists.add("d" + i);
                }
                String classes =
                        "SELECT " + String.join(", ", lists) + ", count(*) AS n FROM " + joined + " GROUP BY ALL";
                assertThat(scalar("SELECT count(*) FROM (" + classes + ") WHERE n < " + k))
                        .as(profile + " " + group)
                        .isZero();
                assertThat(scalar("SELECT count(*) FROM (" + classes + ")"))
                        .as(profile + " classes")
                        .isEqualTo(group.get("classes").asLong());
                long min = scalar("SELECT min(n) FROM (" + classes + ")");
                assertThat(min)
                        .as(profile + " smallest group")
                        .isEqualTo(group.get("kAchieved").asLong());
                smallest = Math.min(smallest, min);
                if (group.get("datasets").size() > 1) linkedGroups++;
            }
            assertThat(m.get("kAchieved").asLong())
                    .as(profile + " kAchieved is the smallest group of people")
                    .isEqualTo(smallest);
        }
        assertThat(linkedGroups).isEqualTo(3);
    }

    static JsonNode file(JsonNode manifest, String dataset) {
        for (JsonNode f : manifest.get("files")) if (f.get("path").asString().startsWith(dataset + "/")) return f;
        throw new AssertionError("no file for " + dataset);
    }

    @Test
    void aSuppressedPersonIsInNoLinkedFile() throws Exception {
        long carried = 0;
        for (String profile : PROFILES) {
            JsonNode m = manifest(profile);
            carried +=
                    m.get("excludedRows").get("K_ANONYMITY_CUSTOMER_SUPPRESSED").asLong();
            String customers = "read_parquet('" + folder(profile).resolve("customers") + "/*.parquet')";
            for (JsonNode dataset : m.get("linkGroups").get(0).get("datasets")) {
                if (dataset.asString().equals("customers")) continue;
                // the same consent gates every dataset, so a customer id not in customers was suppressed with its
                // person
                assertThat(scalar("SELECT count(*) FROM " + parquet(profile, dataset.asString())
                                + " WHERE customer_id NOT IN (SELECT customer_id FROM " + customers + ")"))
                        .as(profile + " " + dataset.asString() + " rows of people not released")
                        .isZero();
            }
        }
        assertThat(carried).as("rows left out with their suppressed person").isPositive();
    }

    @Test
    void noReleasedRecordBelongsToACustomerWithoutTheRequiredConsent() throws Exception {
        long checked = 0;
        for (String profile : PROFILES) {
            for (JsonNode f : manifest(profile).get("files")) {
                String dataset = f.get("path").asString().split("/")[0];
                String file = parquet(profile, dataset);
                long released = scalar("SELECT count(*) FROM " + file);
                String scope = dataset.equals("contact_notes") ? profile + "/contact_notes" : profile;
                long known = scalar("SELECT count(*) FROM " + file + " r JOIN consent c ON c.profile = '" + scope
                        + "' AND c.pseudonym = r.customer_id");
                assertThat(known)
                        .as(profile + " " + dataset + ": every record's customer is known under this profile's key")
                        .isEqualTo(released);
                checked += released;
                for (String purpose : REQUIRED.get(profile)) {
                    assertThat(scalar("SELECT count(*) FROM " + file + " r JOIN consent c ON c.profile = '" + scope
                                    + "' AND c.pseudonym = r.customer_id WHERE c." + purpose
                                    + " IS DISTINCT FROM 'GRANTED'"))
                            .as(profile + " " + dataset + " " + purpose)
                            .isZero();
                }
            }
        }
        assertThat(checked).isPositive();
        // sharing consent is needed and some records pass it (overseas k = 20 may suppress a 1,000-customer sample
        // whole)
        assertThat(scalar("SELECT count(*) FROM " + parquet("group-insurer-product-rnd", "claims")))
                .isPositive();
    }

    @Test
    void sensitiveColumnsOnlyForTheGroupInsurerAndOnlyWithSensitiveConsent() throws Exception {
        Set<String> sensitive = Set.of("diagnosis_code", "diagnosis_name", "hospital", "hospitalization_days");
        for (String profile : List.of("rnd-internal", "overseas-marketing-analytics")) {
            for (JsonNode f : manifest(profile).get("files")) {
                assertThat(columns(profile, f.get("path").asString().split("/")[0]))
                        .doesNotContainAnyElementsOf(sensitive);
            }
        }
        String claims = parquet("group-insurer-product-rnd", "claims");
        assertThat(columns("group-insurer-product-rnd", "claims"))
                .contains("diagnosis_code", "diagnosis_name", "hospitalization_days");
        String join = " FROM " + claims
                + " r JOIN consent c ON c.profile = 'group-insurer-product-rnd' AND c.pseudonym = r.customer_id ";
        assertThat(scalar("SELECT count(*)" + join
                        + "WHERE (r.diagnosis_name IS NOT NULL OR r.diagnosis_code IS NOT NULL "
                        + "OR r.hospitalization_days IS NOT NULL) AND c.sensitive_rnd IS DISTINCT FROM 'GRANTED'"))
                .isZero();
        assertThat(scalar("SELECT count(*)" + join + "WHERE r.diagnosis_name IS NOT NULL"))
                .as("granted customers' diagnoses")
                .isPositive();
        assertThat(scalar("SELECT count(*)" + join + "WHERE c.sensitive_rnd <> 'GRANTED'"))
                .as("others' claims, without 機微情報")
                .isPositive();
    }

    @Test
    void pseudonymsJoinWithinAnExtractButNotAcrossProfiles() throws Exception {
        assertThat(scalar("SELECT count(*) FROM " + parquet("rnd-internal", "policies") + " p JOIN "
                        + parquet("rnd-internal", "customers") + " c USING (customer_id)"))
                .isPositive();
        assertThat(scalar("SELECT count(*) FROM " + parquet("group-insurer-product-rnd", "claims") + " p JOIN "
                        + parquet("group-insurer-product-rnd", "customers") + " c USING (customer_id)"))
                .isPositive();
        // the same customers, released to two recipients, share no pseudonym
        assertThat(scalar("SELECT count(*) FROM " + parquet("group-insurer-product-rnd", "customers")))
                .isPositive();
        assertThat(scalar("SELECT count(*) FROM " + parquet("rnd-internal", "customers") + " a JOIN "
                        + parquet("group-insurer-product-rnd", "customers") + " b USING (customer_id)"))
                .isZero();
        assertThat(scalar("SELECT count(*) FROM " + parquet("rnd-internal", "customers")
                        + " WHERE customer_id NOT LIKE 'p\\_%' ESCAPE '\\'"))
                .isZero();
    }

    @Test
    void aRerunReplacesTheReleaseWithIdenticalBytes() throws Exception {
        rerunWithIdenticalBytes("profile=group-insurer-product-rnd");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class) // the job logs to the console, not to SuiteRun's streams
    void aKStateSpilledToDiskReleasesTheSameBytes(CapturedOutput log) throws Exception {
        // a few hundred people per run: many runs and sorted chunks
        rerunWithIdenticalBytes("--governance.extract.k-memory-mb=16KB");
        assertThat(log.getOut()).contains("was spilled to local disk");
        assertThat(state.resolve("extract-k")).isEmptyDirectory();
    }

    /**
     * The slices only split the released rows into part files: on a raw zone whose datasets come in several files,
     * one slice releases the same rows (as a multiset) with the same manifest, but for its files, as the default
     * four, which did split them into parts.
     */
    @Test
    void oneSliceReleasesTheRowsAndManifestOfFour() throws Exception {
        Path split = tmp.resolve("split");
        ExtractFixture several = new ExtractFixture(
                splitIntoThreeFiles(data, split.resolve("data")), SampleData.writeKeys(split.resolve("state")));
        Path fourOut = split.resolve("four");
        several.tag(fourOut, ExtractFixture.config(config));
        Path oneOut = split.resolve("one");
        jp.insurer.governance.batch.Trees.copy(fourOut, oneOut);
        several.extract(fourOut, "--governance.config=" + config);
        several.extract(oneOut, "--governance.config=" + config, "--governance.extract.slices=1");
        int parted = 0;
        for (String profile : PROFILES) {
            Path four = fourOut.resolve("extracts/" + profile + "-" + SampleData.AS_OF);
            Path single = oneOut.resolve("extracts/" + profile + "-" + SampleData.AS_OF);
            JsonNode fourManifest = Json.MAPPER.readTree(Files.readAllBytes(four.resolve("manifest.json")));
            JsonNode oneManifest = Json.MAPPER.readTree(Files.readAllBytes(single.resolve("manifest.json")));
            Map<String, Long> fourRows = new java.util.TreeMap<>();
            for (JsonNode f : fourManifest.get("files")) {
                String path = f.get("path").asString();
                fourRows.merge(
                        path.substring(0, path.indexOf('/')), f.get("rows").asLong(), Long::sum);
            }
            for (JsonNode f : oneManifest.get("files")) {
                String path = f.get("path").asString();
                String dataset = path.substring(0, path.indexOf('/'));
                assertThat(path).isEqualTo(dataset + "/part-00000.parquet");
                assertThat(f.get("rows").asLong()).as(path).isEqualTo(fourRows.get(dataset));
                String a = "read_parquet('" + four.resolve(dataset) + "/*.parquet')";
                String b = "read_parquet('" + single.resolve(path) + "')";
                assertThat(scalar("SELECT count(*) FROM ((SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b
                                + ") UNION ALL (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a + "))"))
                        .as(profile + " " + dataset + ": rows in one release and not the other")
                        .isZero();
            }
            assertThat(oneManifest.get("files").size()).isEqualTo(fourRows.size());
            parted += fourManifest.get("files").size() - fourRows.size();
            for (JsonNode m : List.of(fourManifest, oneManifest))
                ((tools.jackson.databind.node.ObjectNode) m).remove("files");
            // the provision id is the SHA-256 of the record's content, every customer and consent relied on included
            assertThat(oneManifest).as(profile + " manifest but its files").isEqualTo(fourManifest);
        }
        assertThat(parted).as("datasets released in more than one part").isPositive();
    }

    /** A copy of the raw zone with every dataset but the consent ledger in three files (DuckDB writes them). */
    private static Path splitIntoThreeFiles(Path from, Path to) throws Exception {
        jp.insurer.governance.batch.Trees.copy(from, to);
        List<Path> files;
        try (Stream<Path> s = Files.walk(to)) {
            files = s.filter(p -> p.toString().endsWith(".parquet"))
                    .filter(p -> !to.relativize(p).startsWith("consent_events"))
                    .toList();
        }
        for (Path file : files) {
            long rows = scalar("SELECT count(*) FROM read_parquet('" + file + "')");
            if (rows < 3) continue;
            Path moved = file.resolveSibling(".source.parquet.tmp");
            Files.move(file, moved);
            String name = file.getFileName().toString().replace(".parquet", "");
            for (int i = 0; i < 3; i++) {
                try (Statement st = db.createStatement()) {
                    st.execute("COPY (SELECT * FROM read_parquet('" + moved + "') LIMIT " + (rows / 3 + 1) + " OFFSET "
                            + i * (rows / 3 + 1) + ") TO '" + file.resolveSibling(name + "-" + i + ".parquet")
                            + "' (FORMAT parquet)");
                }
            }
            Files.delete(moved);
        }
        return to;
    }

    /** Runs extract again with {@code more}; every file under extracts/ must come out byte for byte as before. */
    private static void rerunWithIdenticalBytes(String... more) throws Exception {
        Map<String, byte[]> before = files(out.resolve("extracts"));
        List<String> args = new ArrayList<>(
                List.of("data=" + data, "date=" + SampleData.AS_OF, "--rerun", "--governance.config=" + config));
        args.addAll(List.of(more));
        SuiteRun again = SuiteRun.job(state, out, "extract", args.toArray(String[]::new));
        assertThat(again.exitCode).as(again.toString()).isZero();
        Map<String, byte[]> after = files(out.resolve("extracts"));
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void aProfileKeepingADirectIdentifierIsRefusedBeforeAnythingStarts() throws Exception {
        Path config = tmp.resolve("bad-config");
        ExtractFixture.projectConfig(config);
        Path yml = config.resolve("extracts.yml");
        Files.writeString(
                yml,
                Files.readString(yml)
                        .replaceFirst("          gender: keep\n", "          gender: keep\n          phone: keep\n"));
        SuiteRun run = SuiteRun.job(
                tmp.resolve("state-bad"),
                out,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "--governance.config=" + config);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err)
                .containsPattern("extracts\\.yml:\\d+: field '[^']*phone'")
                .contains("DIRECT_IDENTIFIER");
        assertThat(run.err.lines().count()).isEqualTo(1);
    }

    @Test
    void aMissingKeyIsRefusedNamingTheVariableNotAValue() throws Exception {
        SuiteRun run = SuiteRun.job(
                tmp.resolve("state-nokeys"),
                out,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=overseas-marketing-analytics",
                "--governance.config=" + config);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err).contains("EXTRACT_KEY_OVERSEAS_MARKETING").contains("keys/EXTRACT_KEY_OVERSEAS_MARKETING");
    }

    @Test
    void aCorruptGovernedFileFailsTheExtractNamingDatasetAndFileAndPublishesNothing() throws Exception {
        Path broken = tmp.resolve("out-broken");
        Trees.copy(out.resolve("governed"), broken.resolve("governed"));
        Trees.copy(out.resolve("catalog"), broken.resolve("catalog"));
        Path claims;
        try (Stream<Path> s = Files.walk(broken.resolve("governed/claims"))) {
            claims =
                    s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(claims);
        for (int i = 4; i < bytes.length / 2; i++) bytes[i] = (byte) 0x5a; // pages gone, footer intact
        Files.write(claims, bytes);
        SuiteRun run = SuiteRun.job(
                SampleData.writeKeys(tmp.resolve("state-broken")),
                broken,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=group-insurer-product-rnd",
                "--governance.config=" + config);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err + run.out)
                .contains(
                        "dataset 'claims'",
                        "file " + broken.resolve("governed/claims").relativize(claims));
        // No release; the hidden work of the slices that completed stays for --restart (a new run clears it).
        if (Files.exists(broken.resolve("extracts"))) {
            try (Stream<Path> s = Files.list(broken.resolve("extracts"))) {
                assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                        .isEmpty();
            }
        }
    }

    @Test
    void aGovernedZoneTaggedForAnotherDateFailsClosed() throws Exception {
        SuiteRun run = SuiteRun.job(
                SampleData.writeKeys(tmp.resolve("state-date")),
                out,
                "extract",
                "data=" + data,
                "date=2026-11-23",
                "profile=rnd-internal",
                "--governance.config=" + config);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains("run tag for 2026-11-23 first");
        assertThat(out.resolve("extracts/rnd-internal-2026-11-23")).doesNotExist();
    }

    /** The zone decides where the business date ends, hence which consent events the tags counted. */
    @Test
    void aGovernedZoneTaggedInAnotherTimeZoneFailsClosed() throws Exception {
        SuiteRun run = SuiteRun.job(
                SampleData.writeKeys(tmp.resolve("state-zone")),
                out,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=rnd-internal",
                "--governance.config=" + config,
                "--governance.zone=UTC");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains("tagged in time zone Asia/Tokyo, not this run's governance.zone UTC");
    }

    @Test
    void withoutTheCustomerMasterNothingThatNeedsConsentIsReleased() throws Exception {
        Path config = linkedProfiles(tmp.resolve("config-no-master"));
        Path policy = config.resolve("policy.yml");
        Files.writeString(policy, Files.readString(policy).replace("  master: customers", "  master: no_such_dataset"));
        Path zone = tmp.resolve("out-no-master");
        Path state = SampleData.writeKeys(tmp.resolve("state-no-master"));
        SuiteRun tag = SuiteRun.job(
                state, zone, "tag", "data=" + data, "date=" + SampleData.AS_OF, "--governance.config=" + config);
        assertThat(tag.exitCode).as(tag.toString()).isZero();
        assertThat(tag.out).contains("(not checked) ledger customers not in the customer master");
        SuiteRun extract = SuiteRun.job(
                state,
                zone,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=group-insurer-product-rnd",
                "--governance.config=" + config);
        assertThat(extract.exitCode).as(extract.toString()).isEqualTo(1);
        assertThat(extract.err)
                .contains("tagged without checking the consent ledger against the customer master")
                .contains("'no_such_dataset'");
        assertThat(zone.resolve("extracts/group-insurer-product-rnd-" + SampleData.AS_OF))
                .doesNotExist();
    }

    static Map<String, byte[]> files(Path root) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList())
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return files;
    }
}
