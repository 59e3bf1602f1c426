package jp.insurer.governance.batch.subject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Copies, hashes and DuckDB look-ups for the subject-request tests. */
final class SubjectFixtures {

    private SubjectFixtures() {}

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    /** SHA-256 of every file below a folder (hidden ones included), by relative path. */
    static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        if (!Files.exists(root)) return sums;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    byte[] b = new byte[65536];
                    for (int n = in.read(b); n > 0; n = in.read(b)) sha.update(b, 0, n);
                    sums.put(root.relativize(p).toString(), HexFormat.of().formatHex(sha.digest()));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return sums;
    }

    /** The first column of every row of a DuckDB query, as text. */
    static List<String> strings(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }

    static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows of the customer in every dataset of a zone that has a customer_id column. */
    static long rowsOf(Path zone, String customer) throws IOException, SQLException {
        long n = 0;
        try (Stream<Path> s = Files.list(zone)) {
            for (Path dataset : s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList()) {
                String glob = dataset + "/**/*.parquet";
                boolean hasFiles;
                try (Stream<Path> f = Files.walk(dataset)) {
                    hasFiles = f.anyMatch(p -> p.toString().endsWith(".parquet")
                            && !p.getFileName().toString().startsWith("."));
                }
                if (!hasFiles) continue;
                long hasColumn = count("SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet('" + glob
                        + "', hive_partitioning = true, union_by_name = true)) WHERE column_name = 'customer_id'");
                if (hasColumn == 0) continue;
                n += count("SELECT count(*) FROM read_parquet('" + glob
                        + "', hive_partitioning = true, union_by_name = true)" + " WHERE upper(trim(customer_id)) = '"
                        + customer + "'");
            }
        }
        return n;
    }
}
