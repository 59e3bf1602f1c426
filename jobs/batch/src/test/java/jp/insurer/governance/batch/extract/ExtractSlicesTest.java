package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.dataset.FooterReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each plan of an extract has its own intermediate folder, so an earlier run's worker cannot write into a later one's. */
class ExtractSlicesTest {

    @TempDir
    java.nio.file.Path tmp;

    private final Configuration conf = new Configuration();

    @Test
    void twoPlansOfOneExtractShareNoIntermediatePath() throws Exception {
        ExtractSlices first = plan();
        ExtractSlices second = plan();
        String out = tmp.resolve("out").toString();
        assertThat(first.planId()).matches("[0-9a-f]{16}").isNotEqualTo(second.planId());
        List<Path> a = paths(first, out);
        List<Path> b = paths(second, out);
        for (Path p : a) {
            assertThat(p.toString()).startsWith(ExtractSlices.work(out, "x").toString() + "/plan-" + first.planId());
            for (Path q : b) assertThat(q.toString()).doesNotStartWith(p.toString());
        }
        // the plan is the same whoever reads it back
        FileSystem fs = FileSystem.getLocal(conf);
        Path file = ExtractSlices.planFile(out, "x");
        ExtractSlices.write(fs, file, first);
        assertThat(ExtractSlices.read(fs, file, ExtractSlices.class)).isEqualTo(first);
    }

    @Test
    void aPlanWithoutAValidPlanIdIsRefused() throws Exception {
        FileSystem fs = FileSystem.getLocal(conf);
        Path file = new Path(tmp.resolve("plan.json").toUri());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(plan()), Map.class);
        for (Object bad : new Object[] {null, "", "ABCDEF0123456789", "../../governed1", "0123"}) {
            json.put("planId", bad);
            Files.writeString(java.nio.file.Path.of(file.toUri()), Json.MAPPER.writeValueAsString(json));
            assertThatThrownBy(() -> ExtractSlices.read(fs, file, ExtractSlices.class))
                    .as(String.valueOf(bad))
                    .hasStackTraceContaining("extract x: its plan has no valid plan id");
        }
    }

    private ExtractSlices plan() throws Exception {
        java.nio.file.Path dataset = tmp.resolve("governed/claims");
        if (!Files.exists(dataset)) {
            Files.createDirectories(dataset);
            RowSchema schema = RowSchema.fromMessageType(org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                    "message claims { required binary id (STRING); }"));
            try (ParquetRowWriter w = ParquetRowWriter.open(
                    dataset.resolve("part-0.parquet").toString(), schema, WriterOptions.defaults(), conf)) {
                w.write(new Object[] {"c1"});
            }
        }
        List<DatasetFile> files = new DatasetLayout(conf).files(new Path(dataset.toUri()));
        return ExtractSlices.assign("x", 2, "sha", Map.of(), Map.of("claims", files), new FooterReader(conf));
    }

    private static List<Path> paths(ExtractSlices plan, String out) {
        return List.of(
                plan.staging(out),
                plan.counts(out, 0, 1),
                plan.choice(out, 0),
                plan.result(out, 1),
                plan.customers(out, 1));
    }
}
