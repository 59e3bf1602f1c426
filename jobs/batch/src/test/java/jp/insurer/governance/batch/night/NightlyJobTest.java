package jp.insurer.governance.batch.night;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nightly} on the sample data: one execution whose steps are the jobs themselves makes exactly
 * what the jobs make one by one, ends with exit 4 when a job quarantined records, and is not redone for a
 * completed date (the reason, and the exit code it first ended with).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyJobTest {

    @TempDir
    static Path shared;

    static Path data;
    static String[] params;
    static Map<String, Integer> oneByOne;
    static SuiteRun night;

    @BeforeAll
    static void nightAndJobsOneByOne() throws Exception {
        data = SampleData.generate(shared.resolve("data"), 300);
        params = new String[] {"data=" + data, "date=" + SampleData.AS_OF};
        oneByOne = Nights.jobsOneByOne(
                Nights.stateWithKeys(shared.resolve("state-jobs")), shared.resolve("out-jobs"), params);
        night = SuiteRun.job(Nights.stateWithKeys(shared.resolve("state")), shared.resolve("out"), "nightly", params);
    }

    @Test
    @Order(1)
    void theNightMakesWhatTheJobsMakeOneByOne() throws Exception {
        int expected = oneByOne.containsValue(4) ? 4 : 0;
        assertThat(night.exitCode).as(night.toString()).isEqualTo(expected);
        Nights.assertSameOutputs(shared.resolve("out-jobs"), shared.resolve("out"));
        // every step is named with its child's execution, and the children's summaries follow
        assertThat(night.out)
                .contains(
                        "== inventory: COMPLETED",
                        "== tag: COMPLETED",
                        "== retention: COMPLETED",
                        "== extract-rnd-internal: COMPLETED",
                        "== extract-group-insurer-product-rnd: COMPLETED",
                        "== extract-overseas-marketing-analytics: COMPLETED",
                        "nightly completed (execution ");
        // retention ran as retention.yml says (the shipped mode is a dry run): nothing deleted in the raw zone
        assertThat(night.out).doesNotContain("enforce");
        for (String report :
                new String[] {"inventory-%s", "tag-%s", "retention-%s-dry-run", "extract-%s", "night-%s"}) {
            assertThat(shared.resolve("out/reports/" + report.formatted(SampleData.AS_OF) + ".json"))
                    .exists();
        }
        // the extract report lists every profile the night released, not only the last step's
        String report = Files.readString(shared.resolve("out/reports/extract-" + SampleData.AS_OF + ".json"));
        assertThat(report)
                .contains("\"rnd-internal\"", "\"group-insurer-product-rnd\"", "\"overseas-marketing-analytics\"");
        try (DuckDb db = new DuckDb()) {
            String released = shared.resolve("out/extracts/rnd-internal-" + SampleData.AS_OF + "/customers/*.parquet")
                    .toString();
            assertThat(db.scalarLong("SELECT count(*) FROM read_parquet('" + released + "')"))
                    .isPositive();
        }
    }

    @Test
    @Order(2)
    void aCompletedDateIsNotRedoneAndKeepsItsExitCode() throws Exception {
        Path governed = shared.resolve("out/governed");
        long before = Files.getLastModifiedTime(shared.resolve("out/catalog/catalog.json"))
                .toMillis();
        SuiteRun again = SuiteRun.job(shared.resolve("state"), shared.resolve("out"), "nightly", params);
        assertThat(again.exitCode).as(again.toString()).isEqualTo(night.exitCode);
        assertThat(again.out)
                .contains("nightly already completed with these parameters")
                .contains("Use --rerun");
        if (night.exitCode == 4) assertThat(again.out).contains("exit 4 then, and now");
        assertThat(Files.getLastModifiedTime(shared.resolve("out/catalog/catalog.json"))
                        .toMillis())
                .isEqualTo(before);
        assertThat(governed).isDirectory();
    }

    @Test
    @Order(3)
    void aCompletedDateWhoseReportsAreGoneSaysWhatToDo() throws Exception {
        Path report = shared.resolve("out/reports/tag-" + SampleData.AS_OF + ".json");
        Path aside = shared.resolve("tag-report-aside.json");
        Files.move(report, aside);
        try {
            SuiteRun again = SuiteRun.job(shared.resolve("state"), shared.resolve("out"), "nightly", params);
            assertThat(again.exitCode).as(again.toString()).isEqualTo(1);
            assertThat(again.err)
                    .contains(
                            "nightly already completed for " + SampleData.AS_OF,
                            "the tag report",
                            "is gone",
                            "scripts/nightly.sh <same parameters> --rerun");
        } finally {
            Files.move(aside, report);
        }
    }
}
