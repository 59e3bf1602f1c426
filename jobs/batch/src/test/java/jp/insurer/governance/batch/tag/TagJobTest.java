package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The tag job on the generator's data, judged by its ground truth and by DuckDB. */
class TagJobTest {

    @TempDir
    static Path tmp;

    static Path data;
    static Path out;
    static SuiteRun run;
    static Catalog catalog;

    @BeforeAll
    static void tagSampleData() throws Exception {
        data = SampleData.generate(tmp.resolve("data"), 400);
        out = tmp.resolve("out");
        run = SuiteRun.job(tmp.resolve("state"), out, "tag", "data=" + data, "date=" + SampleData.AS_OF);
        catalog = Json.MAPPER.readValue(Files.readAllBytes(out.resolve("catalog/catalog.json")), Catalog.class);
    }

    @Test
    void completesAndSaysWhereEverythingIs() {
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("catalog/catalog.json").contains("governed/");
        assertThat(out.resolve("catalog/index.html")).isRegularFile();
        assertThat(out.resolve("reports/tag-" + SampleData.AS_OF + ".json")).isRegularFile();
    }

    @Test
    void everyColumnsRoleAndCategoriesMatchTheGroundTruth() throws Exception {
        JsonNode truth = Json.MAPPER
                .readTree(Files.readAllBytes(data.resolve("_ground_truth.json")))
                .get("datasets");
        List<String> mismatches = new ArrayList<>();
        int columns = 0;
        for (Catalog.Entry entry : catalog.datasets()) {
            Map<String, JsonNode> expected = new HashMap<>();
            truth.get(entry.name())
                    .get("columns")
                    .forEach(c -> expected.put(c.get("name").asString(), c));
            assertThat(entry.columns()).hasSameSizeAs(expected.values());
            for (Catalog.Column c : entry.columns()) {
                columns++;
                JsonNode t = expected.get(c.name());
                List<String> categories = new ArrayList<>();
                t.get("categories").forEach(x -> categories.add(x.asString()));
                String kind = t.get("sensitiveKind").isNull()
                        ? null
                        : t.get("sensitiveKind").asString();
                if (!c.role().equals(t.get("role").asString())
                        || !c.categories().equals(categories.stream().sorted().toList())
                        || ("SENSITIVE".equals(c.role()) && !java.util.Objects.equals(kind, c.sensitiveKind()))) {
                    mismatches.add(entry.name() + "." + c.name() + ": " + c.role() + " " + c.categories() + " "
                            + c.sensitiveKind() + ", truth " + t.get("role").asString() + " " + categories + " " + kind
                            + " — " + c.evidence());
                }
            }
        }
        assertThat(columns).isGreaterThan(80);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void consentCountsMatchAnIndependentQueryOverTheLedger() throws Exception {
        Catalog.Entry customers = catalog.datasets().stream()
                .filter(e -> e.name().equals("customers"))
                .findFirst()
                .orElseThrow();
        // The consent rules of the README ("How the tag job decides") in SQL: events up to the end of the business date
        // in Japan, the latest
        // decides, a withdrawal wins at the same instant; no event means NOT_GIVEN.
        String sql = """
            WITH ev AS (
              SELECT customer_id, purpose, action, CAST(event_ts AS TIMESTAMPTZ) AS ts
              FROM read_parquet('%s/consent_events/**/*.parquet')
              WHERE CAST(event_ts AS TIMESTAMPTZ) < TIMESTAMPTZ '%s 00:00:00+09:00' + INTERVAL 1 DAY),
            last AS (
              SELECT customer_id, purpose, action,
                     row_number() OVER (PARTITION BY customer_id, purpose ORDER BY ts DESC, action = 'WITHDRAWN' DESC) AS rn
              FROM ev),
            purposes AS (SELECT unnest(['INSURANCE_GROUP_SHARING','GROUP_SHARING','SENSITIVE_RND','MARKETING','NEWSLETTER']) AS purpose)
            SELECT p.purpose, coalesce(l.action, 'NOT_GIVEN') AS state, count(*) AS n
            FROM read_parquet('%s/customers/**/*.parquet') c CROSS JOIN purposes p
            LEFT JOIN last l ON l.customer_id = c.customer_id AND l.purpose = p.purpose AND l.rn = 1
            GROUP BY ALL
            """.formatted(data, SampleData.AS_OF, data);
        Map<String, Map<String, Long>> expected = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                expected.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        }
        assertThat(expected).hasSize(5);
        assertThat(expected.get("INSURANCE_GROUP_SHARING").get("GRANTED")).isPositive();
        assertThat(expected.get("MARKETING").get("WITHDRAWN")).isPositive();
        for (var purpose : expected.entrySet()) {
            assertThat(customers.rowsByConsent().get(purpose.getKey()))
                    .as(purpose.getKey())
                    .isEqualTo(purpose.getValue());
        }
    }

    @Test
    void governedZoneHoldsEveryRecordWithItsTagsReadableByDuckDb() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (Catalog.Entry entry : catalog.datasets()) {
                long source = count(
                        s, "SELECT count(*) FROM read_parquet('" + data.resolve(entry.name()) + "/**/*.parquet')");
                long governed = count(
                        s,
                        "SELECT count(*) FROM read_parquet('"
                                + out.resolve("governed").resolve(entry.name())
                                + "/**/*.parquet', hive_partitioning=true)");
                assertThat(governed).as(entry.name()).isEqualTo(source).isEqualTo(entry.rows());
            }
            String events = out.resolve("governed/web_events") + "/**/*.parquet";
            assertThat(count(
                            s,
                            "SELECT count(*) FROM read_parquet('" + events
                                    + "') WHERE NOT _customer_linked AND _consent_marketing IS NULL"))
                    .as("anonymous web events are tagged as such")
                    .isPositive();
            assertThat(count(
                            s, "SELECT count(DISTINCT dt) FROM read_parquet('" + events + "', hive_partitioning=true)"))
                    .as("partitioned like the source")
                    .isGreaterThan(700);
            String claims = out.resolve("governed/claims") + "/**/*.parquet";
            assertThat(count(
                            s,
                            "SELECT count(*) FROM read_parquet('" + claims
                                    + "') WHERE diagnosis_name IS NOT NULL AND NOT _contains_sensitive"))
                    .isZero();
            assertThat(count(
                            s,
                            "SELECT count(*) FROM read_parquet('" + claims
                                    + "') WHERE _categories <> 'DIRECT' OR _policy_version IS NULL"))
                    .isZero();
        }
        try (var files = Files.walk(out.resolve("governed"))) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(".staging")))
                    .isEmpty();
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
