package jp.insurer.governance.batch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The floor for scripts/bench-extract.sh: a bare parquet-java copy (example Group API, ZSTD, one
 * thread) of exactly the columns the benchmark profile {@code bench-group-insurer}
 * (src/test/resources/bench/extracts.yml) makes the extract job read from the governed zone — the
 * customer link, the consent tags the gate reads and the profile's named source columns of customers, policies and
 * claims — with no gate, no transform and no suppression. Not a test.
 *
 * <pre>java ... ExtractCopyBaseline GOVERNED_DIR OUT_DIR</pre>
 */
public final class ExtractCopyBaseline {

    /**
     * The extract job reads the link and the consent tags its gate needs (ProfileExtraction.projection):
     * for a group insurer's product R&D, INSURANCE_GROUP_SHARING and SENSITIVE_RND.
     */
    static final List<String> TAG_COLUMNS =
            List.of("_customer_linked", "_consent_insurance_group_sharing", "_consent_sensitive_rnd");

    /** The source columns the bench profile names, per dataset, in profile order. */
    static final Map<String, List<String>> SOURCE_COLUMNS = new LinkedHashMap<>();

    static {
        SOURCE_COLUMNS.put("customers", List.of("customer_id", "birth_date", "gender", "postal_code"));
        SOURCE_COLUMNS.put("policies", List.of("customer_id", "policy_id", "product_code", "start_date"));
        SOURCE_COLUMNS.put(
                "claims",
                List.of(
                        "customer_id",
                        "policy_id",
                        "claim_type",
                        "incident_date",
                        "diagnosis_code",
                        "claimed_amount_jpy"));
    }

    public static void main(String[] args) throws IOException {
        Path governed = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Configuration conf = new Configuration();
        long rows = 0;
        int fileCount = 0;
        long start = System.nanoTime();
        for (Map.Entry<String, List<String>> dataset : SOURCE_COLUMNS.entrySet()) {
            List<String> wanted = new ArrayList<>(TAG_COLUMNS);
            wanted.addAll(dataset.getValue());
            List<Path> files;
            try (Stream<Path> s = Files.walk(governed.resolve(dataset.getKey()))) {
                files = s.filter(p -> p.toString().endsWith(".parquet"))
                        .sorted()
                        .toList();
            }
            long datasetRows = 0;
            for (Path file : files) {
                Path target = out.resolve(governed.relativize(file));
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
                org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(file.toUri());
                MessageType full;
                try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(source, conf))) {
                    full = reader.getFooter().getFileMetaData().getSchema();
                }
                List<Type> fields = new ArrayList<>();
                for (String name : wanted) fields.add(full.getType(name)); // fails loudly when a column is missing
                MessageType projection = new MessageType(full.getName(), fields);
                Configuration fileConf = new Configuration(conf);
                fileConf.set(ReadSupport.PARQUET_READ_SCHEMA, projection.toString());
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), source)
                                .withConf(fileConf)
                                .build();
                        ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(target))
                                .withType(projection)
                                .withCompressionCodec(CompressionCodecName.ZSTD)
                                .build()) {
                    for (Group g = reader.read(); g != null; g = reader.read()) {
                        writer.write(g);
                        datasetRows++;
                    }
                }
                fileCount++;
            }
            System.out.printf("  %s: %d rows, %d columns%n", dataset.getKey(), datasetRows, wanted.size());
            rows += datasetRows;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "copy baseline: %d files, rows %d in %.1f s = %.0f rows/s%n", fileCount, rows, seconds, rows / seconds);
    }
}
