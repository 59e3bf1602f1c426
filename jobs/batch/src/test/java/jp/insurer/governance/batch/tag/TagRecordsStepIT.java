package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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

/** {@code tagRecords}, the partitioned step of tag, after the two steps that plan it, in the shared context. */
class TagRecordsStepIT extends StepTestContext {

    @Autowired
    @Qualifier("tagConsentLedger")
    Step tagConsentLedger;

    @Autowired
    @Qualifier("tagClassify")
    Step tagClassify;

    @Autowired
    @Qualifier("tagRecords")
    Step tagRecords;

    @TempDir
    Path tmp;

    @Test
    void everySourceFileIsTaggedWholeByOnePartitionOfItsDataset() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 60);
        Path out = tmp.resolve("out");

        JobExecution run = batch.startStep(
                inOrder("tagUpToRecords", tagConsentLedger, tagClassify, tagRecords), parameters(data, out), null);

        assertThat(run.getStatus()).as(run.toString()).isEqualTo(BatchStatus.COMPLETED);
        List<StepExecution> partitions = run.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith("tagFile:"))
                .toList();
        List<String> datasets = datasets(data);
        // Consecutive files of a dataset share a partition, up to 64: the daily web events make several.
        long expected = 0;
        for (String dataset : datasets)
            expected += (parquetFiles(data.resolve(dataset)) + TagFilePartitioner.MAX_FILES - 1)
                    / TagFilePartitioner.MAX_FILES;
        assertThat(partitions)
                .hasSize((int) expected)
                .allSatisfy(p -> assertThat(p.getStatus()).as(p.getStepName()).isEqualTo(BatchStatus.COMPLETED));
        assertThat(partitions.stream().filter(p -> p.getStepName().contains("tag:web_events#")))
                .hasSizeGreaterThan(1);
        long tagged = 0;
        try (DuckDb db = new DuckDb()) {
            for (String dataset : datasets) {
                long source = db.scalarLong(
                        "SELECT count(*) FROM read_parquet('" + data.resolve(dataset) + "/**/*.parquet')");
                long governed = db.scalarLong("SELECT count(*) FROM read_parquet('"
                        + out.resolve("governed").resolve(dataset) + "/**/*.parquet', hive_partitioning=true)");
                assertThat(governed).as(dataset).isEqualTo(source);
                tagged += governed;
                assertThat(parquetFiles(out.resolve("governed").resolve(dataset)))
                        .as(dataset)
                        .isEqualTo(parquetFiles(data.resolve(dataset)));
            }
        }
        assertThat(tagged).isPositive();
    }

    /** The sample's dataset folders (its ground truth and other files beside them are not datasets). */
    private static List<String> datasets(Path data) throws Exception {
        try (Stream<Path> s = Files.list(data)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("_") && !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static long parquetFiles(Path folder) throws Exception {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }
}
