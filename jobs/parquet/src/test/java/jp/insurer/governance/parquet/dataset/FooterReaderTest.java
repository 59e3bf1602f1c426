package jp.insurer.governance.parquet.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.HadoopConfigurations;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FooterReaderTest {

    private static final RowSchema EVENTS = RowSchema.of("events", Column.required("id", ColumnType.INT64));

    @TempDir
    Path tmp;

    private final Configuration conf = HadoopConfigurations.create(Map.of());

    @Test
    void totalRowsSumsTheFootersOfEveryFile() throws IOException {
        List<DatasetFile> files = List.of(write("a.parquet", 3), write("b.parquet", 0), write("c.parquet", 1500));
        assertThat(new FooterReader(conf).totalRows(files)).isEqualTo(1503);
        assertThat(new FooterReader(conf).totalRows(List.of())).isZero();
    }

    @Test
    void aFileThatIsNotParquetIsNamedNotCounted() throws IOException {
        Path broken = Files.writeString(tmp.resolve("broken.parquet"), "not parquet");
        List<DatasetFile> files = List.of(write("a.parquet", 3), file(broken));
        assertThatThrownBy(() -> new FooterReader(conf).totalRows(files))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("broken.parquet");
    }

    private DatasetFile write(String name, int rows) throws IOException {
        Path path = tmp.resolve(name);
        try (ParquetRowWriter writer = ParquetRowWriter.open(path.toString(), EVENTS, WriterOptions.defaults(), conf)) {
            for (long i = 0; i < rows; i++) writer.write(new Object[] {i});
        }
        return file(path);
    }

    private static DatasetFile file(Path path) throws IOException {
        return new DatasetFile(
                new org.apache.hadoop.fs.Path(path.toUri()), path.getFileName().toString(), Map.of(), Files.size(path));
    }
}
