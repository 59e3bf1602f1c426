package jp.insurer.governance.batch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * The DuckDB baseline of scripts/bench.sh, beside {@link ParquetCopyBaseline} in the same run: every dataset
 * folder of a raw zone read by DuckDB and written again as ZSTD Parquet, one {@code COPY} per dataset, with
 * {@code THREADS} threads. The floor of a columnar engine for "read every source once, write it once". Not a
 * test.
 *
 * <pre>
 * java ... DuckDbCopyBaseline DATA_DIR OUT_DIR THREADS
 * java ... DuckDbCopyBaseline rows DATA_DIR            (rows of every dataset, from the footers)
 * </pre>
 */
public final class DuckDbCopyBaseline {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("rows")) {
            long rows = 0;
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                    Statement sql = db.createStatement()) {
                for (Path dataset : datasets(Path.of(args[1]))) {
                    try (var rs = sql.executeQuery("SELECT count(*) FROM read_parquet('" + dataset
                            + "/**/*.parquet', union_by_name = true)")) {
                        rs.next();
                        rows += rs.getLong(1);
                    }
                }
            }
            System.out.println(rows);
            return;
        }
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        List<Path> datasets = datasets(data);
        Files.createDirectories(out);
        long rows = 0;
        long start = System.nanoTime();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = db.createStatement()) {
            sql.execute("SET threads = " + threads);
            for (Path dataset : datasets) {
                Path target = out.resolve(dataset.getFileName() + ".parquet");
                Files.deleteIfExists(target);
                // union_by_name: a dataset's daily files may differ in optional columns, as the suite allows.
                rows += copy(sql, dataset, target);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "baseline DuckDB copy: %d datasets, %d rows in %.1f s = %.0f rows/s (%d threads)%n",
                datasets.size(), rows, seconds, rows / seconds, threads);
    }

    /** The dataset folders of a raw zone (the generator's ground truth and bookkeeping files are not datasets). */
    private static List<Path> datasets(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data)) {
            return s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("_")
                            && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static long copy(Statement sql, Path dataset, Path target) throws SQLException {
        sql.execute("COPY (SELECT * FROM read_parquet('" + dataset + "/**/*.parquet', union_by_name = true)) TO '"
                + target + "' (FORMAT PARQUET, COMPRESSION ZSTD)");
        return sql.getUpdateCount();
    }
}
