package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.FileFooter;
import jp.insurer.governance.parquet.dataset.FooterReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.classify.ColumnClassifier;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.classify.SamplePlan;
import jp.insurer.governance.policy.detect.TextScanner;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tag job's sampler on a real Parquet file of many row groups: it reads rows past the first group, the same ones each run. */
class ClassifySamplingTest {

    static final int ROWS = 6000;
    /** ref_no is null in the first 40 % of the rows, as an export filled from the back. */
    static final int NULL_ROWS = ROWS * 4 / 10;

    @TempDir
    Path tmp;

    static long myNumber(long eleven) {
        String base = String.format("%011d", eleven);
        int sum = 0;
        for (int n = 1; n <= 11; n++) sum += (base.charAt(11 - n) - '0') * (n <= 6 ? n + 1 : n - 5);
        int r = sum % 11;
        return Long.parseLong(base + (r <= 1 ? 0 : 11 - r));
    }

    @Test
    void samplesRowsPastTheFirstRowGroupAndTheSameRowsEveryRun() throws Exception {
        Configuration conf = new Configuration();
        Path file = tmp.resolve("policies/part-00000.parquet");
        Files.createDirectories(file.getParent());
        RowSchema schema = RowSchema.of(
                "policies",
                Column.of("customer_id", ColumnType.STRING),
                Column.of("seq", ColumnType.INT64),
                Column.of("ref_no", ColumnType.INT64),
                Column.of("padding", ColumnType.STRING));
        try (ParquetRowWriter w = ParquetRowWriter.open(
                file.toString(),
                schema,
                WriterOptions.defaults().withRowGroupBytes(64 * 1024).withDictionary(false),
                conf)) {
            for (int i = 0; i < ROWS; i++) {
                w.write(new Object[] {
                    "C" + (i / 3),
                    (long) i,
                    i < NULL_ROWS ? null : myNumber(27_182_818_284L + 7L * i),
                    "x".repeat(80) + i
                });
            }
        }
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
        FileFooter footer = new FooterReader(conf).read(path);
        assertThat(footer.rowGroupRows()).as("several row groups").hasSizeGreaterThanOrEqualTo(4);
        assertThat(footer.rowGroupRows().get(0))
                .as("the first group holds only null ref_no")
                .isLessThan(NULL_ROWS);

        ClassificationPolicy policy =
                ClassificationPolicy.load(SuiteRun.projectRoot().resolve("config"));
        ColumnClassifier classifier = new ColumnClassifier(
                policy, TextScanner.fromConfig(SuiteRun.projectRoot().resolve("config"))::scanValue);
        ClassifyTasklet tasklet = new ClassifyTasklet(null, classifier, conf, SuiteProperties.OnBadFile.FAIL);
        List<DatasetFile> files = List.of(new DatasetFile(path, "part-00000.parquet", Map.of(), Files.size(file)));
        List<SamplePlan.SourceFile> sources =
                List.of(new SamplePlan.SourceFile("part-00000.parquet", footer.rowGroupRows()));
        List<String> columns = List.of("customer_id", "seq", "ref_no", "padding");

        ClassifyTasklet.Sample sample = tasklet.sample("policies", files, sources, columns, "customer_id");
        List<Long> seq = sample.values().get("seq").stream().map(v -> (Long) v).toList();
        assertThat(seq).hasSize(policy.sampling().rows()).doesNotHaveDuplicates();
        assertThat(seq)
                .as("rows past the first row group")
                .anyMatch(s -> s >= footer.rowGroupRows().get(0));
        assertThat(seq).as("not the first rows").anyMatch(s -> s >= ROWS / 2);
        assertThat(sample.customers()).hasSameSizeAs(seq).allMatch(Objects::nonNull);
        // each sampled row's values and customer stay together
        for (int i = 0; i < seq.size(); i++)
            assertThat(sample.customers().get(i)).isEqualTo("C" + (seq.get(i) / 3));

        ClassifyTasklet.Sample again = tasklet.sample("policies", files, sources, columns, "customer_id");
        assertThat(again.values().get("seq"))
                .as("a rerun samples the same rows")
                .isEqualTo(sample.values().get("seq"));

        ColumnClassification ref = classifier.classify(
                "policies", "ref_no", "INT64", sample.values().get("ref_no"), sample.customers());
        assertThat(ref.role()).as(ref.evidence()).isEqualTo(Role.DIRECT_IDENTIFIER);
        assertThat(ref.evidence()).contains("MY_NUMBER");
    }
}
