package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.dataset.FooterReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.extract.OwnIdentifierForms;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zone's row groups cut into parts: every row once, in reading order, in stretches of equal weight, a row
 * weighing the forms its columns give.
 */
class OwnIdentifierPlanTest {

    @TempDir
    java.nio.file.Path tmp;

    private final Configuration conf = new Configuration();

    @Test
    void partsAreContiguousStretchesOfEqualWeightCoveringEveryRowOnce() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            List<OwnIdentifierPlan.RowGroup> groups = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int g = 0; g < n; g++) {
                long rows = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 50 : 5000);
                groups.add(new OwnIdentifierPlan.RowGroup(
                        "d" + g % 3,
                        "part-" + g + ".parquet",
                        "1@1",
                        g % 2,
                        rows,
                        1_000 + random.nextInt(random.nextBoolean() ? 9 : 30_000)));
            }
            int parts = 1 + random.nextInt(8);
            List<List<OwnIdentifierPlan.Segment>> cut = OwnIdentifierPlan.cut(groups, parts);
            assertThat(cut).hasSize(parts);

            // read part after part, the segments are the groups' rows in order, each row once
            List<OwnIdentifierPlan.Segment> line =
                    cut.stream().flatMap(List::stream).toList();
            int at = 0;
            long total = 0;
            for (OwnIdentifierPlan.RowGroup g : groups) {
                total += g.rows() * g.weight();
                long next = 0;
                while (next < g.rows()) {
                    OwnIdentifierPlan.Segment s = line.get(at++);
                    assertThat(s.relative()).isEqualTo(g.relative());
                    assertThat(s.fromRow()).isEqualTo(next);
                    assertThat(s.toRow()).isGreaterThan(s.fromRow()).isLessThanOrEqualTo(g.rows());
                    next = s.toRow();
                }
            }
            assertThat(at).isEqualTo(line.size());

            // each part weighs the P-th of the total, to one row of the widest group
            long widest = groups.stream()
                    .mapToLong(OwnIdentifierPlan.RowGroup::weight)
                    .max()
                    .orElse(1);
            for (List<OwnIdentifierPlan.Segment> part : cut) {
                long weight = 0;
                for (OwnIdentifierPlan.Segment s : part) {
                    long width = groups.stream()
                            .filter(g -> g.relative().equals(s.relative()))
                            .findFirst()
                            .orElseThrow()
                            .weight();
                    weight += (s.toRow() - s.fromRow()) * width;
                }
                assertThat((double) weight)
                        .isCloseTo((double) total / parts, org.assertj.core.data.Offset.offset(2.0 * widest));
            }
        }
    }

    @Test
    void oneLargeRowGroupIsSplitByRows() {
        var customers = new OwnIdentifierPlan.RowGroup("customers", "part-00000.parquet", "1@1", 0, 1_000_000, 9);
        var policies = new OwnIdentifierPlan.RowGroup("policies", "part-00000.parquet", "1@1", 0, 1_000_000, 1);
        List<List<OwnIdentifierPlan.Segment>> cut = OwnIdentifierPlan.cut(List.of(customers, policies), 2);
        assertThat(cut.get(0))
                .containsExactly(
                        new OwnIdentifierPlan.Segment("customers", "part-00000.parquet", "1@1", 0, 0, 555_556));
        assertThat(cut.get(1))
                .containsExactly(
                        new OwnIdentifierPlan.Segment("customers", "part-00000.parquet", "1@1", 0, 555_556, 1_000_000),
                        new OwnIdentifierPlan.Segment("policies", "part-00000.parquet", "1@1", 0, 0, 1_000_000));
    }

    @Test
    void aDatasetOfNamesAndAddressesGetsMoreSmallerPartsThanOneOfPostalCodes() throws Exception {
        // customers: a kanji name and an address give many forms a row; policies: a postal code, one
        write(
                "customers",
                "message customers { required binary id (STRING); optional binary name (STRING);"
                        + " optional binary address (STRING); optional binary fax (STRING); }",
                3_000,
                r -> new Object[] {"C" + r, NAMES[r % NAMES.length], ADDRESSES[r % ADDRESSES.length], null});
        write(
                "policies",
                "message policies { required binary id (STRING); optional binary postal (STRING); }",
                3_000,
                r -> new Object[] {"C" + r, r % 4 == 0 ? null : "100-000" + r % 10});
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        columns.put(
                "customers",
                Map.of(
                        "name", OwnIdentifierForms.PERSON_NAME,
                        "address", OwnIdentifierForms.ADDRESS,
                        "fax", OwnIdentifierForms.PHONE_NUMBER));
        columns.put("policies", Map.of("postal", OwnIdentifierForms.POSTAL_CODE));
        FileSystem fs = FileSystem.getLocal(conf);

        OwnIdentifierPlan plan = OwnIdentifierPlan.make(
                columns,
                new Path(tmp.resolve("governed").toUri()),
                fs,
                new DatasetLayout(conf),
                new FooterReader(conf),
                6,
                "sha");

        // the weights are the sampled rows' mean forms, a column of nulls weighing one form
        Map<String, Long> customers = plan.weights().get("customers");
        assertThat(customers.get("name")).isEqualTo(meanForms(OwnIdentifierForms.PERSON_NAME, NAMES));
        assertThat(customers.get("address")).isEqualTo(meanForms(OwnIdentifierForms.ADDRESS, ADDRESSES));
        assertThat(customers.get("fax")).isEqualTo(OwnIdentifierPlan.MIN_COLUMN_WEIGHT);
        assertThat(customers.get("name") + customers.get("address")).isGreaterThan(4_000);
        assertThat(plan.weights().get("policies")).isEqualTo(Map.of("postal", OwnIdentifierPlan.MIN_COLUMN_WEIGHT));

        // the same rows, far more weight: customers' rows are cut into more, smaller parts
        List<Long> customerParts = new ArrayList<>();
        List<Long> policyParts = new ArrayList<>();
        for (List<OwnIdentifierPlan.Segment> part : plan.parts()) {
            long c = 0;
            long p = 0;
            for (OwnIdentifierPlan.Segment s : part) {
                if (s.dataset().equals("customers")) c += s.toRow() - s.fromRow();
                else p += s.toRow() - s.fromRow();
            }
            if (c > 0) customerParts.add(c);
            if (p > 0) policyParts.add(p);
        }
        assertThat(customerParts.stream().mapToLong(Long::longValue).sum()).isEqualTo(3_000);
        assertThat(policyParts.stream().mapToLong(Long::longValue).sum()).isEqualTo(3_000);
        assertThat(customerParts.size()).isGreaterThan(policyParts.size());
        assertThat(customerParts.get(0)).isLessThan(1_000); // one sixth of the rows would be 1,000
        assertThat(policyParts.get(policyParts.size() - 1)).isGreaterThan(1_000);

        // the plan file keeps the weights and the cut: a worker reads them, never weighs again
        Path file = new Path(tmp.resolve("plan.json").toUri());
        ExtractSlices.write(fs, file, plan);
        assertThat(ExtractSlices.read(fs, file, OwnIdentifierPlan.class)).isEqualTo(plan);
        // weighing the same zone again gives the same cut
        assertThat(OwnIdentifierPlan.make(
                                columns,
                                new Path(tmp.resolve("governed").toUri()),
                                fs,
                                new DatasetLayout(conf),
                                new FooterReader(conf),
                                6,
                                "sha")
                        .parts())
                .isEqualTo(plan.parts());
    }

    @Test
    void aDatasetWithoutRowsWeighsOneFormPerColumn() throws Exception {
        write("empty", "message empty { required binary id (STRING); optional binary name (STRING); }", 0, r -> null);
        var files = new DatasetLayout(conf)
                .files(new Path(tmp.resolve("governed/empty").toUri()));
        assertThat(OwnIdentifierPlan.formsPerRow(
                        "empty", Map.of("name", OwnIdentifierForms.PERSON_NAME), files, FileSystem.getLocal(conf)))
                .isEqualTo(Map.of("name", OwnIdentifierPlan.MIN_COLUMN_WEIGHT));
    }

    private static final String[] NAMES = {"山田 太郎", "やまだ はなこ", "佐藤 一郎", "Taro Suzuki"};
    private static final String[] ADDRESSES = {"東京都千代田区丸の内1-1-1", "大阪府大阪市北区梅田2-2-2 梅田ビル3階"};

    /** The mean forms of values cycled over the sample, in thousandths. */
    private static long meanForms(String type, String[] values) {
        long forms = 0;
        for (int r = 0; r < OwnIdentifierPlan.SAMPLE_ROWS; r++)
            forms += OwnIdentifierForms.of(type, values[r % values.length]).size();
        return Math.max(
                OwnIdentifierPlan.MIN_COLUMN_WEIGHT, Math.round(1000.0 * forms / OwnIdentifierPlan.SAMPLE_ROWS));
    }

    private void write(String dataset, String schema, int rows, java.util.function.IntFunction<Object[]> row)
            throws Exception {
        java.nio.file.Path folder = tmp.resolve("governed").resolve(dataset);
        Files.createDirectories(folder);
        try (ParquetRowWriter w = ParquetRowWriter.open(
                folder.resolve("part-00000.parquet").toString(),
                RowSchema.fromMessageType(org.apache.parquet.schema.MessageTypeParser.parseMessageType(schema)),
                WriterOptions.defaults(),
                conf)) {
            for (int r = 0; r < rows; r++) w.write(row.apply(r));
        }
    }
}
