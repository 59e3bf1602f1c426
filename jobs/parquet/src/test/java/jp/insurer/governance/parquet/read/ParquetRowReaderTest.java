package jp.insurer.governance.parquet.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.HadoopConfigurations;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRowReaderTest {

    @TempDir
    Path tmp;

    final Configuration conf = HadoopConfigurations.create(Map.of());

    @Test
    void readsBackWhatTheWriterWroteWithTheSameJavaTypes() throws IOException {
        RowSchema schema = RowSchema.of(
                "t",
                Column.required("id", ColumnType.INT64),
                Column.of("name", ColumnType.STRING),
                Column.of("n", ColumnType.INT32),
                Column.of("ratio", ColumnType.DOUBLE),
                Column.of("flag", ColumnType.BOOLEAN),
                Column.of("birth", ColumnType.DATE),
                Column.of("seen", ColumnType.TIMESTAMP),
                Column.decimal("premium", 12, 2, true));
        List<Object[]> rows = List.of(
                new Object[] {
                    1L,
                    "山田 太郎",
                    42,
                    0.25,
                    true,
                    LocalDate.of(1980, 3, 2),
                    Instant.parse("2024-05-01T01:15:00.123456Z"),
                    new BigDecimal("1234.50")
                },
                new Object[] {2L, null, null, null, null, null, null, null},
                new Object[] {
                    3L,
                    "😀 ｆｕｌｌ",
                    -1,
                    -0.5,
                    false,
                    LocalDate.of(1900, 1, 1),
                    Instant.parse("1969-12-31T23:59:59.999999Z"),
                    new BigDecimal("-0.01")
                });
        Path file = tmp.resolve("t.parquet");
        try (ParquetRowWriter writer = ParquetRowWriter.open(file.toString(), schema, WriterOptions.defaults(), conf)) {
            for (Object[] row : rows) writer.write(row);
        }

        List<Object[]> read = readAll(ParquetRowReader.open(new org.apache.hadoop.fs.Path(file.toUri()), conf));
        assertThat(read).hasSize(3);
        for (int i = 0; i < rows.size(); i++) assertThat(read.get(i)).containsExactly(rows.get(i));
    }

    @Test
    void projectionReturnsOnlyTheNamedColumnsInTheGivenOrder() throws Exception {
        Path file = tmp.resolve("duck.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS id, 'v' || i AS label, i % 2 = 0 AS even FROM range(0, 5000) t(i))" + " TO '"
                    + file + "' (FORMAT parquet)");
        }
        try (ParquetRowReader reader =
                ParquetRowReader.open(new org.apache.hadoop.fs.Path(file.toUri()), conf, List.of("label", "id"))) {
            assertThat(reader.schema().columns()).extracting(Column::name).containsExactly("label", "id");
            List<Object[]> rows = readAll(reader);
            assertThat(rows).hasSize(5000);
            assertThat(rows.get(4999)).containsExactly("v4999", 4999L);
        }
        assertThatThrownBy(
                        () -> ParquetRowReader.open(new org.apache.hadoop.fs.Path(file.toUri()), conf, List.of("nope")))
                .hasMessageContaining("duck.parquet")
                .hasMessageContaining("no column 'nope'");
    }

    @Test
    void invalidUtf8IsAnErrorNamingFileRowAndColumnNeverTheValue() throws IOException {
        MessageType type =
                MessageTypeParser.parseMessageType("message m { required int64 id; optional binary note (STRING); }");
        Path file = tmp.resolve("bad-utf8.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<org.apache.parquet.example.data.Group> writer = ExampleParquetWriter.builder(
                        new LocalOutputFile(file))
                .withType(type)
                .build()) {
            writer.write(groups.newGroup().append("id", 1L).append("note", "ok"));
            writer.write(groups.newGroup()
                    .append("id", 2L)
                    .append("note", Binary.fromConstantByteArray(new byte[] {'a', (byte) 0xC3, 0x28})));
        }
        try (ParquetRowReader reader = ParquetRowReader.open(new org.apache.hadoop.fs.Path(file.toUri()), conf)) {
            assertThat(reader.read()).containsExactly(1L, "ok");
            assertThatThrownBy(reader::read)
                    .hasMessageContaining("bad-utf8.parquet")
                    .hasMessageContaining("row 2")
                    .hasMessageContaining("column 'note'")
                    .hasMessageContaining("not valid UTF-8");
        }
    }

    @Test
    void notParquetIsAnErrorNamingTheFile() throws IOException {
        Path file = tmp.resolve("junk.parquet");
        java.nio.file.Files.writeString(file, "definitely not parquet, just text of some length to pass size checks");
        assertThatThrownBy(() -> ParquetRowReader.open(new org.apache.hadoop.fs.Path(file.toUri()), conf))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("junk.parquet");
    }

    private static List<Object[]> readAll(ParquetRowReader reader) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        try (reader) {
            for (Object[] row = reader.read(); row != null; row = reader.read()) rows.add(row);
        }
        return rows;
    }
}
