package jp.insurer.governance.batch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <pre>java ... ParquetCopyBaseline DATA_DIR OUT_DIR [THREADS]</pre>
 *
 * With THREADS (default 1) files are copied that many at a time, as the tag job tags them, so the two compare
 * at the same threads.
 */
public final class ParquetCopyBaseline {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Configuration conf = new Configuration();
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        long start = System.nanoTime();
        long rows = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> copies = new ArrayList<>();
            for (Path file : files) copies.add(pool.submit(() -> copy(conf, file, out.resolve(data.relativize(file)))));
            for (Future<Long> copy : copies) rows += copy.get();
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "baseline parquet-java copy: %d files, %d rows in %.1f s = %.0f rows/s (%d threads)%n",
                files.size(), rows, seconds, rows / seconds, threads);
    }

    private static long copy(Configuration conf, Path file, Path target) throws IOException {
        long rows = 0;
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
        return rows;
    }
}
