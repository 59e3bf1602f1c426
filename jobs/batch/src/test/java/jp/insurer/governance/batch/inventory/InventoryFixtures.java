package jp.insurer.governance.batch.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.insurer.governance.batch.DuckDb;

/** A small raw zone written by DuckDB, an independent Parquet writer. */
final class InventoryFixtures {

    private InventoryFixtures() {}

    static Path rawZone(Path root) throws Exception {
        Path customers = Files.createDirectories(root.resolve("customers"));
        Path events = Files.createDirectories(root.resolve("web_events"));
        Path drift = Files.createDirectories(root.resolve("claims"));
        Files.createDirectories(root.resolve("empty_dataset"));
        Files.writeString(root.resolve("_ground_truth.json"), "{}"); // bookkeeping, not a dataset
        try (DuckDb db = new DuckDb()) {
            db.execute("COPY (SELECT i AS customer_id, 'name' || i AS name, DATE '1960-01-01' + i::INT AS birth_date"
                    + " FROM range(0, 700) t(i)) TO '" + customers.resolve("part-00000.parquet")
                    + "' (FORMAT parquet)");
            db.execute("COPY (SELECT i AS customer_id, 'name' || i AS name, DATE '1960-01-01' + i::INT AS birth_date"
                    + " FROM range(700, 1000) t(i)) TO '" + customers.resolve("part-00001.parquet")
                    + "' (FORMAT parquet)");
            db.execute("COPY (SELECT i AS event_id, 'c' || (i % 97) AS cookie_id,"
                    + " strftime(DATE '2026-11-20' + (i % 3)::INT, '%Y-%m-%d') AS dt FROM range(0, 3000) t(i))"
                    + " TO '" + events + "' (FORMAT parquet, PARTITION_BY (dt), OVERWRITE_OR_IGNORE)");
            // Schema drift: the amount column changed type between two files.
            db.execute("COPY (SELECT i AS claim_id, i * 100 AS amount FROM range(0, 50) t(i)) TO '"
                    + drift.resolve("part-00000.parquet") + "' (FORMAT parquet)");
            db.execute(
                    "COPY (SELECT i AS claim_id, (i * 100)::VARCHAR AS amount, 'x' AS note FROM range(50, 80) t(i)) TO '"
                            + drift.resolve("part-00001.parquet") + "' (FORMAT parquet)");
        }
        return root;
    }

    /** A file that claims to be Parquet and is not: what a truncated upload leaves. */
    static void corruptFile(Path dataset) throws IOException {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(dataset.resolve("part-00099.parquet"), garbage);
    }
}
