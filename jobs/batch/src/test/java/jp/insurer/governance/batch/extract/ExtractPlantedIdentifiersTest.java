package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.tag.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adversary's columns, planted past the first 1,200 rows of {@code policies} (null before), with
 * names the {@code _id}/{@code _no} hint calls non-personal: a LINE id repeated on every policy of its
 * customer, an emergency contact phone number (text), a contact phone number stored as INT64 and a
 * reference number stored as INT64 holding valid My Numbers. The tag job must see them for what they
 * are; and when a compliance officer's rule wrongly says NON_PERSONAL, the leak check must refuse an
 * extract that keeps them — naming dataset, column and type, never a value, publishing nothing.
 */
class ExtractPlantedIdentifiersTest {

    static final int FIRST_ROWS = 1200;
    static final List<String> PLANTED = List.of("line_id", "emergency_contact_no", "contact_no", "ref_no");

    @TempDir
    static Path tmp;

    static Path data;
    static Path state;
    /** Some of the planted values, which no output may contain. */
    static final List<String> secrets = new ArrayList<>();

    /** Check digit from the published rule, computed here independently of the detector. */
    static long myNumber(long eleven) {
        String base = String.format("%011d", eleven);
        int sum = 0;
        for (int n = 1; n <= 11; n++) sum += (base.charAt(11 - n) - '0') * (n <= 6 ? n + 1 : n - 5);
        int r = sum % 11;
        return Long.parseLong(base + (r <= 1 ? 0 : 11 - r));
    }

    @BeforeAll
    static void plant() throws Exception {
        data = SampleData.generate(tmp.resolve("data"), 1000);
        state = SampleData.writeKeys(tmp.resolve("state"));
        Path policies;
        try (Stream<Path> s = Files.walk(data.resolve("policies"))) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
            assertThat(files).hasSize(1);
            policies = files.get(0);
        }
        Path planted = policies.resolveSibling("planted.tmp");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = db.createStatement()) {
            s.execute("CREATE TABLE p AS SELECT * EXCLUDE (file_row_number), file_row_number AS rn FROM read_parquet('"
                    + policies + "', file_row_number = true)");
            assertThat(count(s, "SELECT count(*) FROM p WHERE rn >= " + FIRST_ROWS))
                    .as("rows past the first 1,200")
                    .isGreaterThan(300);
            s.execute(
                    "CREATE TABLE x (customer_id VARCHAR, line_id VARCHAR, emergency_contact_no VARCHAR, contact_no BIGINT, ref_no BIGINT)");
            List<String> customers = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT DISTINCT customer_id FROM p WHERE rn >= " + FIRST_ROWS + " ORDER BY 1")) {
                while (rs.next()) customers.add(rs.getString(1));
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO x VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < customers.size(); i++) {
                    String line = String.format(
                            "U%016x%016x", 0x5eed_1ee7L * (i + 1) * 2_654_435_761L, 0x9e37_79b9_7f4a_7c15L * (i + 7));
                    String emergency = String.format("080-%04d-%04d", 2000 + i, 7000 + 3 * i);
                    long contact = 9_010_000_000L + 7_919L * i; // 090-1xxx-xxxx without its trunk 0
                    long ref = myNumber(31_415_926_535L + 104_729L * i);
                    insert.setString(1, customers.get(i));
                    insert.setString(2, line);
                    insert.setString(3, emergency);
                    insert.setLong(4, contact);
                    insert.setLong(5, ref);
                    insert.addBatch();
                    if (i % 40 == 0)
                        secrets.addAll(List.of(
                                line,
                                emergency,
                                emergency.replace("-", ""),
                                "0" + contact,
                                Long.toString(contact),
                                Long.toString(ref)));
                }
                insert.executeBatch();
            }
            s.execute("COPY (SELECT p.* EXCLUDE (rn), "
                    + "CASE WHEN rn >= " + FIRST_ROWS + " THEN x.line_id END AS line_id, "
                    + "CASE WHEN rn >= " + FIRST_ROWS + " THEN x.emergency_contact_no END AS emergency_contact_no, "
                    + "CASE WHEN rn >= " + FIRST_ROWS + " THEN x.contact_no END AS contact_no, "
                    + "CASE WHEN rn >= " + FIRST_ROWS + " THEN x.ref_no END AS ref_no "
                    + "FROM p LEFT JOIN x ON x.customer_id = p.customer_id ORDER BY rn) TO '" + planted
                    + "' (FORMAT PARQUET)");
            assertThat(count(
                            s,
                            "SELECT count(ref_no) FROM read_parquet('" + planted
                                    + "', file_row_number = true) WHERE file_row_number < " + FIRST_ROWS))
                    .as("nothing planted in the first rows")
                    .isZero();
        }
        Files.move(planted, policies, StandardCopyOption.REPLACE_EXISTING);
        assertThat(secrets).isNotEmpty();
    }

    @Test
    void tagDoesNotCallThemNonPersonalFromAHint() throws Exception {
        Path out = tmp.resolve("out-default");
        SuiteRun tag = SuiteRun.job(state, out, "tag", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(tag.exitCode).as(tag.toString()).isZero();
        Map<String, Catalog.Column> columns = policyColumns(out);
        for (String name : PLANTED) {
            Catalog.Column c = columns.get(name);
            assertThat(c.role()).as(name + ": " + c.evidence()).isEqualTo("DIRECT_IDENTIFIER");
            assertThat(c.source()).as(name).isEqualTo("DETECTED");
        }
        assertThat(columns.get("contact_no").evidence()).contains("PHONE_NUMBER");
        assertThat(columns.get("emergency_contact_no").evidence()).contains("PHONE_NUMBER");
        assertThat(columns.get("ref_no").evidence()).contains("MY_NUMBER");
        assertThat(columns.get("line_id").evidence()).contains("values follow the customer");
        // a hint alone is a hint: the catalog never dresses it up as detected or ruled
        assertThat(columns.get("annual_premium_jpy").source()).isEqualTo("HINT");
        assertThat(columns.get("product_code").source())
                .as("a compliance officer's rule")
                .isEqualTo("RULE");
        assertThat(Files.readString(out.resolve("catalog/catalog.json")) + tag.out + tag.err)
                .doesNotContain(secrets.toArray(String[]::new));

        // and a profile keeping them is refused before anything is read
        Path config = configWithProfile(tmp.resolve("config-default"), false);
        SuiteRun extract = SuiteRun.job(
                state,
                out,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=planted-internal",
                "--governance.config=" + config);
        assertThat(extract.exitCode).as(extract.toString()).isEqualTo(2);
        assertThat(extract.err + extract.out)
                .contains("extracts.yml:", "line_id", "the profile is refused")
                .doesNotContain(secrets.toArray(String[]::new));
        assertNothingPublished(out);
    }

    @Test
    void whenARuleWronglySaysNonPersonalTheLeakCheckRefusesTheExtract() throws Exception {
        Path config = configWithProfile(tmp.resolve("config-rule"), true);
        Path out = tmp.resolve("out-rule");
        SuiteRun tag = SuiteRun.job(
                state, out, "tag", "data=" + data, "date=" + SampleData.AS_OF, "--governance.config=" + config);
        assertThat(tag.exitCode).as(tag.toString()).isZero();
        Map<String, Catalog.Column> columns = policyColumns(out);
        for (String name : PLANTED) {
            assertThat(columns.get(name).role()).as(name).isEqualTo("NON_PERSONAL");
            assertThat(columns.get(name).source()).as(name).isEqualTo("RULE");
        }

        SuiteRun extract = SuiteRun.job(
                state,
                out,
                "extract",
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "profile=planted-internal",
                "--governance.config=" + config);
        assertThat(extract.exitCode).as(extract.toString()).isEqualTo(1);
        assertThat(extract.err + extract.out)
                .contains(
                        "leak check failed",
                        "nothing was published",
                        "dataset 'policies' column 'line_id' holds RECORD_KEY",
                        "dataset 'policies' column 'emergency_contact_no' holds PHONE_NUMBER",
                        "dataset 'policies' column 'contact_no' holds PHONE_NUMBER",
                        "dataset 'policies' column 'ref_no' holds MY_NUMBER")
                .doesNotContain(secrets.toArray(String[]::new));
        assertNothingPublished(out);
    }

    /** The shipped config plus a test profile keeping the planted columns; with {@code rules}, rules calling them NON_PERSONAL. */
    static Path configWithProfile(Path config, boolean rules) throws Exception {
        if (Files.exists(config)) return config;
        ExtractJobTest.copy(SuiteRun.projectRoot().resolve("config"), config);
        Path extracts = config.resolve("extracts.yml");
        Files.writeString(extracts, Files.readString(extracts) + """

                  - name: planted-internal
                    description: test profile keeping the planted columns
                    recipient: {name: 商品開発部 データサイエンスチーム, kind: INTERNAL}
                    purpose: SERVICE_RND
                    key_id: EXTRACT_KEY_RND_INTERNAL
                    k: 5
                    datasets:
                      policies:
                        columns:
                          customer_id: pseudonymize
                          product_code:
                          status:
                          line_id: keep
                          emergency_contact_no: keep
                          contact_no: keep
                          ref_no: keep
                """);
        if (rules) {
            Path classification = config.resolve("classification.yml");
            String ruled = PLANTED.stream()
                    .map(c -> "  - {dataset: policies, column: " + c + ", role: NON_PERSONAL}\n")
                    .collect(Collectors.joining());
            Files.writeString(
                    classification, Files.readString(classification).replace("\ncolumns:\n", "\ncolumns:\n" + ruled));
        }
        return config;
    }

    static Map<String, Catalog.Column> policyColumns(Path out) throws Exception {
        Catalog catalog = Json.MAPPER.readValue(Files.readAllBytes(out.resolve("catalog/catalog.json")), Catalog.class);
        return catalog.datasets().stream()
                .filter(d -> d.name().equals("policies"))
                .findFirst()
                .orElseThrow()
                .columns()
                .stream()
                .collect(Collectors.toMap(Catalog.Column::name, Function.identity()));
    }

    static void assertNothingPublished(Path out) throws Exception {
        if (!Files.exists(out.resolve("extracts"))) return;
        try (Stream<Path> s = Files.list(out.resolve("extracts"))) {
            assertThat(s.toList()).as("no release and no staging folder").isEmpty();
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
