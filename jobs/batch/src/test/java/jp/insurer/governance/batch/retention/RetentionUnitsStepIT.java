package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jp.insurer.governance.batch.DuckDb;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.StepTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * {@code retentionUnits}, retention's partitioned step, enforcing the shipped rules on the tagged
 * sample after the steps that plan and check it, in the shared context.
 */
class RetentionUnitsStepIT extends StepTestContext {

    /** 13 months before the business date: device-cookie-13m drops every web-event day before it. */
    private static final String CUTOFF = "2025-10-24";

    @Autowired
    @Qualifier("retentionPrepare")
    Step retentionPrepare;

    @Autowired
    @Qualifier("retentionDecide")
    Step retentionDecide;

    @Autowired
    @Qualifier("retentionValve")
    Step retentionValve;

    @Autowired
    @Qualifier("retentionUnits")
    Step retentionUnits;

    @TempDir
    Path tmp;

    @Test
    void everyUnitIsCommittedAndTheExpiredDaysAreGone() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 60);
        Path out = tmp.resolve("out");
        runJob("tagJob", parameters(data, out));
        String events = "read_parquet('" + data.resolve("web_events") + "/**/*.parquet', hive_partitioning=true)";
        long expiredDays;
        long keptDays;
        try (DuckDb db = new DuckDb()) {
            expiredDays =
                    db.scalarLong("SELECT count(DISTINCT dt) FROM " + events + " WHERE dt < DATE '" + CUTOFF + "'");
            keptDays = db.scalarLong("SELECT count(DISTINCT dt) FROM " + events + " WHERE dt >= DATE '" + CUTOFF + "'");
        }
        assertThat(expiredDays).isPositive();

        JobExecution run = batch.startStep(
                inOrder("retentionUpToUnits", retentionPrepare, retentionDecide, retentionValve, retentionUnits),
                parameters(data, out, RetentionParameters.MODE, "enforce"),
                null);

        assertThat(run.getStatus()).as(run.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        List<StepExecution> units = run.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith("retentionUnit:"))
                .toList();
        assertThat(units)
                .isNotEmpty()
                .allSatisfy(u -> assertThat(u.getStatus()).as(u.getStepName()).isEqualTo(BatchStatus.COMPLETED));
        try (DuckDb db = new DuckDb()) {
            assertThat(db.scalarLong("SELECT count(*) FROM " + events + " WHERE dt < DATE '" + CUTOFF + "'"))
                    .isZero();
            assertThat(db.scalarLong("SELECT count(DISTINCT dt) FROM " + events + " WHERE dt >= DATE '" + CUTOFF + "'"))
                    .isEqualTo(keptDays);
        }
        long decisions = RetentionFixtures.auditRecords(out, "RETENTION_DECISION");
        assertThat(decisions).isPositive();
        assertThat(RetentionFixtures.auditRecords(out, "RETENTION_COMMITTED")).isEqualTo(decisions);
        assertThat(RetentionFixtures.leftovers(data)).isZero();
    }
}
