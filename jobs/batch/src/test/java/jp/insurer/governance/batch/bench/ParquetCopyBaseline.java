package jp.insurer.governance.batch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * The bare parquet-java baseline (docs/benchmarks.md), measured in the same run as the suite: a bare parquet-java copy (example
 * Group API, ZSTD) of every Parquet file under a raw zone. Run by scripts/bench.sh; not a test.
 *
 * <pre>java ... ParquetCopyBaseline DATA_DIR OUT_DIR</pre>
 */
public final class ParquetCopyBaseline {

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Configuration conf = new Configuration();
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        long rows = 0;
        long start = System.nanoTime();
        for (Path file : files) {
            Path target = out.resolve(data.relativize(file));
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            MessageType schema;
            try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                    HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))) {
                schema = reader.getFooter().getFileMetaData().getSchema();
            }
            try (ParquetReader<Group> reader = ParquetReader.builder(
                                    new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                            .withConf(conf)
                            .build();
                    ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(target))
                            .withType(schema)
                            .withCompressionCodec(CompressionCodecName.ZSTD)
                            .build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    writer.write(g);
                    rows++;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "baseline parquet-java copy: %d files, %d rows in %.1f s = %.0f rows/s%n",
                files.size(), rows, seconds, rows / seconds);
    }
}
