package jp.insurer.governance.parquet.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.HadoopConfigurations;
import jp.insurer.governance.parquet.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRowWriterTest {

    private static final RowSchema ALL_TYPES = RowSchema.of(
            "all_types",
            Column.required("id", ColumnType.INT64),
            Column.of("name", ColumnType.STRING),
            Column.of("small", ColumnType.INT32),
            Column.of("ratio", ColumnType.DOUBLE),
            Column.of("flag", ColumnType.BOOLEAN),
            Column.of("birth", ColumnType.DATE),
            Column.of("seen_at", ColumnType.TIMESTAMP),
            Column.decimal("premium", 12, 2, true),
            Column.decimal("huge", 30, 4, true));

    private static final Instant SEEN = Instant.parse("2024-05-01T01:15:00.123456Z");

    @TempDir
    Path tmp;

    private final Configuration conf = HadoopConfigurations.create(Map.of());

    private static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {
            1L,
            "山田 太郎",
            42,
            0.25,
            true,
            LocalDate.of(1980, 3, 2),
            SEEN,
            new BigDecimal("1234.50"),
            new BigDecimal("12345678901234567890.1234")
        });
        rows.add(new Object[] {2L, null, null, null, null, null, null, null, null});
        rows.add(new Object[] {
            3L,
            "ヤマダ タロウ 🍣",
            -7,
            -1.5e10,
            false,
            LocalDate.of(1900, 1, 1),
            Instant.EPOCH,
            new BigDecimal("-0.01"),
            new BigDecimal("-1")
        });
        return rows;
    }

    @Test
    void writesEveryTypeReadableByDuckDbWithoutChecksumFiles() throws Exception {
        Path file = tmp.resolve("plain/part-00000.parquet");
        try (ParquetRowWriter writer =
                ParquetRowWriter.open(file.toString(), ALL_TYPES, WriterOptions.defaults(), conf)) {
            for (Object[] row : rows()) {
                writer.write(row);
            }
            assertThat(writer.rows()).isEqualTo(3);
        }

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT id, name, small, ratio, flag, CAST(birth AS VARCHAR), epoch_us(seen_at),"
                                + " CAST(premium AS VARCHAR), CAST(huge AS VARCHAR), typeof(seen_at), typeof(premium)"
                                + " FROM read_parquet('" + file + "') ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1L);
            assertThat(rs.getString(2)).isEqualTo("山田 太郎");
            assertThat(rs.getInt(3)).isEqualTo(42);
            assertThat(rs.getDouble(4)).isEqualTo(0.25);
            assertThat(rs.getBoolean(5)).isTrue();
            assertThat(rs.getString(6)).isEqualTo("1980-03-02");
            assertThat(rs.getLong(7)).isEqualTo(SEEN.getEpochSecond() * 1_000_000 + 123_456);
            assertThat(rs.getString(8)).isEqualTo("1234.50");
            assertThat(rs.getString(9)).isEqualTo("12345678901234567890.1234");
            assertThat(rs.getString(10)).isEqualTo("TIMESTAMP WITH TIME ZONE");
            assertThat(rs.getString(11)).isEqualTo("DECIMAL(12,2)");

            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(2L);
            for (int c = 2; c <= 9; c++) {
                rs.getObject(c);
                assertThat(rs.wasNull()).as("column %d", c).isTrue();
            }

            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("ヤマダ タロウ 🍣");
            assertThat(rs.getInt(3)).isEqualTo(-7);
            assertThat(rs.getDouble(4)).isEqualTo(-1.5e10);
            assertThat(rs.getBoolean(5)).isFalse();
            assertThat(rs.getString(6)).isEqualTo("1900-01-01");
            assertThat(rs.getLong(7)).isZero();
            assertThat(rs.getString(8)).isEqualTo("-0.01");
            assertThat(rs.getString(9)).isEqualTo("-1.0000");
            assertThat(rs.next()).isFalse();
        }
        assertNoChecksumFiles();
    }

    @Test
    void fileUriCodecAndFooterMetadata() throws Exception {
        for (Codec codec : Codec.values()) {
            Path file = tmp.resolve("uri/" + codec + ".parquet");
            WriterOptions options = WriterOptions.defaults()
                    .withCodec(codec)
                    .withMetadata("extract.id", "x-42")
                    .withMetadata("policy.version", "2024.10");
            try (ParquetRowWriter writer = ParquetRowWriter.open(file.toUri().toString(), ALL_TYPES, options, conf)) {
                for (Object[] row : rows()) {
                    writer.write(row);
                }
            }
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                    Statement st = db.createStatement()) {
                assertThat(strings(st, "SELECT DISTINCT compression FROM parquet_metadata('" + file + "')"))
                        .containsExactly(codec.name());
                Map<String, String> kv = new HashMap<>();
                try (ResultSet rs =
                        st.executeQuery("SELECT decode(key), decode(value) FROM parquet_kv_metadata('" + file + "')")) {
                    while (rs.next()) {
                        kv.put(rs.getString(1), rs.getString(2));
                    }
                }
                assertThat(kv).containsEntry("extract.id", "x-42").containsEntry("policy.version", "2024.10");
                assertThat(strings(st, "SELECT count(*) FROM read_parquet('" + file + "')"))
                        .containsExactly("3");
            }
        }
        assertNoChecksumFiles();
    }

    @Test
    void hadoopFileSystemOutputFileWritesWithoutChecksums() throws Exception {
        // The path remote schemes take (hdfs://, s3a://), exercised here on the raw local file system.
        org.apache.hadoop.fs.Path path =
                new org.apache.hadoop.fs.Path(tmp.resolve("hadoop/x.parquet").toUri());
        FileSystemOutputFile file =
                new FileSystemOutputFile(jp.insurer.governance.parquet.FileSystems.get(path, conf), path);
        try (ParquetRowWriter writer = ParquetRowWriter.open(file, ALL_TYPES, WriterOptions.defaults(), conf)) {
            for (Object[] row : rows()) {
                writer.write(row);
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = db.createStatement()) {
            assertThat(strings(st, "SELECT sum(id) FROM read_parquet('" + tmp.resolve("hadoop/x.parquet") + "')"))
                    .containsExactly("6");
        }
        assertNoChecksumFiles();
    }

    @Test
    void existingFileIsNotOverwrittenUnlessAsked() throws Exception {
        Path file = tmp.resolve("once.parquet");
        try (ParquetRowWriter writer =
                ParquetRowWriter.open(file.toString(), ALL_TYPES, WriterOptions.defaults(), conf)) {
            writer.write(rows().get(0));
        }
        assertThatThrownBy(() -> ParquetRowWriter.open(file.toString(), ALL_TYPES, WriterOptions.defaults(), conf))
                .isInstanceOf(IOException.class);
        try (ParquetRowWriter writer = ParquetRowWriter.open(
                file.toString(), ALL_TYPES, WriterOptions.defaults().withOverwrite(true), conf)) {
            writer.write(rows().get(1));
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = db.createStatement()) {
            assertThat(strings(st, "SELECT id FROM read_parquet('" + file + "')"))
                    .containsExactly("2");
        }
    }

    @Test
    void schemaFromExistingFileIsPreservedOnRewrite() throws Exception {
        // A file written by another tool (DuckDB): local timestamps, millisecond-free types, short ints.
        Path source = tmp.resolve("duck.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = db.createStatement()) {
            st.execute("COPY (SELECT 1::BIGINT AS id, 'あ'::VARCHAR AS s, 3::SMALLINT AS tiny,"
                    + " TIMESTAMP '2020-01-02 03:04:05' AS local_ts, TIMESTAMPTZ '2020-01-02 03:04:05+00' AS utc_ts,"
                    + " DATE '2001-02-03' AS d, 12.5::DECIMAL(9,1) AS dec) TO '" + source + "' (FORMAT parquet)");
        }
        MessageType original;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(source))) {
            original = reader.getFooter().getFileMetaData().getSchema();
        }
        RowSchema schema = RowSchema.fromMessageType(original);
        assertThat(schema.column(schema.indexOf("local_ts")).utcAdjusted()).isFalse();
        assertThat(schema.column(schema.indexOf("local_ts")).timeUnit()).isEqualTo(TimeUnit.MICROS);
        assertThat(schema.column(schema.indexOf("dec")).type()).isEqualTo(ColumnType.DECIMAL);
        assertThat(schema.toMessageType()).isEqualTo(original);

        Path copy = tmp.resolve("copy.parquet");
        try (ParquetRowWriter writer = ParquetRowWriter.open(copy.toString(), schema, WriterOptions.defaults(), conf)) {
            writer.write(new Object[] {
                1L,
                "あ",
                3,
                java.time.LocalDateTime.parse("2020-01-02T03:04:05"),
                Instant.parse("2020-01-02T03:04:05Z"),
                LocalDate.parse("2001-02-03"),
                new BigDecimal("12.5")
            });
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = db.createStatement()) {
            assertThat(strings(
                            st,
                            "SELECT count(*) FROM (SELECT * FROM read_parquet('" + source + "')"
                                    + " EXCEPT SELECT * FROM read_parquet('" + copy + "'))"))
                    .containsExactly("0");
            assertThat(strings(st, "SELECT typeof(tiny) || ',' || typeof(local_ts) FROM read_parquet('" + copy + "')"))
                    .containsExactly("SMALLINT,TIMESTAMP");
        }
    }

    @Test
    void schemaMapsToParquetTypes() {
        assertThat(ALL_TYPES.toMessageType().toString())
                .contains("required int64 id;")
                .contains("optional binary name (STRING);")
                .contains("optional int32 birth (DATE);")
                .contains("optional int64 seen_at (TIMESTAMP(MICROS,true));")
                .contains("optional int64 premium (DECIMAL(12,2));")
                .contains("optional fixed_len_byte_array(13) huge (DECIMAL(30,4));");
        assertThat(RowSchema.fromMessageType(ALL_TYPES.toMessageType()).columns())
                .isEqualTo(ALL_TYPES.columns());
    }

    @Test
    void badValuesNameTheColumnButNotTheValue() throws Exception {
        try (ParquetRowWriter writer = ParquetRowWriter.open(
                tmp.resolve("bad1.parquet").toString(), ALL_TYPES, WriterOptions.defaults(), conf)) {
            Object[] row = rows().get(1).clone();
            row[0] = null;
            assertThatThrownBy(() -> writer.write(row))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'id'");
        }
        try (ParquetRowWriter writer = ParquetRowWriter.open(
                tmp.resolve("bad2.parquet").toString(), ALL_TYPES, WriterOptions.defaults(), conf)) {
            Object[] row = rows().get(1).clone();
            row[2] = "090-1234-5678";
            assertThatThrownBy(() -> writer.write(row))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'small'")
                    .hasMessageContaining("java.lang.String")
                    .hasMessageNotContaining("090");
        }
    }

    @Test
    void rollingWriterSplitsFilesAndAlwaysLeavesOne() throws Exception {
        RowSchema schema = RowSchema.of("r", Column.required("n", ColumnType.INT64));
        String folder = tmp.resolve("rolling").toString();
        RollingRowWriter writer =
                new RollingRowWriter(folder, schema, WriterOptions.defaults(), conf, Long.MAX_VALUE, 400);
        try (writer) {
            for (long i = 0; i < 1000; i++) {
                writer.write(new Object[] {i});
            }
        }
        assertThat(writer.files()).extracting(RollingRowWriter.PartFile::rows).containsExactly(400L, 400L, 200L);
        String empty = tmp.resolve("empty").toString();
        new RollingRowWriter(empty, schema, WriterOptions.defaults(), conf, 1 << 20, 10).close();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = db.createStatement()) {
            assertThat(strings(st, "SELECT count(*), sum(n) FROM read_parquet('" + folder + "/*.parquet')"))
                    .containsExactly("1000");
            assertThat(strings(st, "SELECT count(*) FROM read_parquet('" + empty + "/*.parquet')"))
                    .containsExactly("0");
        }
        assertThat(Files.list(tmp.resolve("rolling"))
                        .map(p -> p.getFileName().toString())
                        .sorted())
                .containsExactly("part-00000.parquet", "part-00001.parquet", "part-00002.parquet");
        assertNoChecksumFiles();
    }

    private static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private void assertNoChecksumFiles() throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.map(Path::toString).filter(p -> p.endsWith(".crc")))
                    .isEmpty();
        }
    }
}
