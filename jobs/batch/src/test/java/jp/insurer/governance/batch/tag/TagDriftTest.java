package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.HeadlessChromium;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema drift between runs is reported, and new columns are classified like any other. */
class TagDriftTest {

    @TempDir
    Path tmp;

    @Test
    void newDatasetNewColumnAndChangedTypeAreReportedAndClassified() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 60);
        Path out = tmp.resolve("out");
        String[] params = {"data=" + data, "date=" + SampleData.AS_OF};
        assertThat(SuiteRun.job(tmp.resolve("state"), out, "tag", params).exitCode)
                .isZero();

        // Between runs: a dataset appears, and a file of customers brings a new column of phone numbers.
        Path newDataset = Files.createDirectories(data.resolve("survey_answers"));
        try (DuckDb db = new DuckDb()) {
            db.execute(
                    "COPY (SELECT 'C' || lpad(i::VARCHAR, 8, '0') AS customer_id, '090-1234-' || lpad(i::VARCHAR, 4, '0') AS renraku_saki,"
                            + " i % 5 AS satisfaction FROM range(0, 50) t(i)) TO '"
                            + newDataset.resolve("part-00000.parquet") + "' (FORMAT parquet)");
            db.execute(
                    "COPY (SELECT * REPLACE (CAST(birth_date AS VARCHAR) AS birth_date), '080-5555-' || lpad(row_number() OVER ()::VARCHAR, 4, '0') AS mobile_2"
                            + " FROM read_parquet('" + data.resolve("customers") + "/*.parquet') LIMIT 10) TO '"
                            + data.resolve("customers/part-99999.parquet") + "' (FORMAT parquet)");
        }
        SuiteRun again =
                SuiteRun.job(tmp.resolve("state"), out, "tag", "data=" + data, "date=" + SampleData.AS_OF, "--rerun");
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("schema drift in: customers, survey_answers");

        Catalog catalog = Json.MAPPER.readValue(Files.readAllBytes(out.resolve("catalog/catalog.json")), Catalog.class);
        Catalog.Entry survey = catalog.datasets().stream()
                .filter(e -> e.name().equals("survey_answers"))
                .findFirst()
                .orElseThrow();
        assertThat(survey.drift()).anyMatch(d -> d.startsWith("new dataset"));
        assertThat(survey.columns())
                .filteredOn(c -> c.name().equals("renraku_saki"))
                .singleElement()
                .satisfies(c -> assertThat(c.role()).isEqualTo("DIRECT_IDENTIFIER"));
        Catalog.Entry customers = catalog.datasets().stream()
                .filter(e -> e.name().equals("customers"))
                .findFirst()
                .orElseThrow();
        assertThat(customers.drift())
                .anyMatch(d -> d.contains("new column 'mobile_2'"))
                .anyMatch(d -> d.contains("'birth_date' has different types in different files"));
        assertThat(customers.columns())
                .filteredOn(c -> c.name().equals("mobile_2"))
                .singleElement()
                .satisfies(c -> assertThat(c.role()).isEqualTo("DIRECT_IDENTIFIER"));

        assumeTrue(HeadlessChromium.available(), "Debian chromium is not installed");
        String dom = HeadlessChromium.renderedDom(out.resolve("catalog/index.html"), tmp.resolve("profile"));
        assertThat(dom)
                .contains("id=\"ds-survey_answers\"")
                .contains("new column 'mobile_2'")
                .contains("renraku_saki");
    }
}
