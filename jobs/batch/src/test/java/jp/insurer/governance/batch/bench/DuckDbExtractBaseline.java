package jp.insurer.governance.batch.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Hierarchy;
import jp.insurer.governance.policy.transform.Pseudonymizer;

/**
 * The competitor for scripts/bench-extract.sh: DuckDB doing the benchmark profile
 * {@code bench-group-insurer} (src/test/resources/bench/extracts.yml) in SQL on the same governed
 * files — consent gate, HMAC-SHA256 pseudonyms, generalization, sensitive cells nulled unless
 * SENSITIVE_RND is granted, k-anonymity suppression (customers by age band, gender and prefecture,
 * claims by incident month) — one {@code COPY (SELECT …) TO
 * 'DATASET.parquet' (FORMAT PARQUET, COMPRESSION ZSTD)} per dataset. Not a test.
 *
 * <ul>
 *   <li>Gate (ConsentGate's table for GROUP_INSURER + PRODUCT_RND, a purpose without consents of its
 *       own): a record needs {@code _customer_linked} and INSURANCE_GROUP_SHARING = GRANTED (WITHDRAWN,
 *       NOT_GIVEN and a missing tag exclude it); 機微情報 (claim_type, diagnosis_code) additionally needs
 *       SENSITIVE_RND = GRANTED, else the cell is null.</li>
 *   <li>Pseudonyms: DuckDB has no hmac(), so HMAC-SHA256 is {@code sha256(opad || unhex(sha256(ipad ||
 *       msg)))} with the key pads computed here and passed as hex literals; msg is the Pseudonymizer's
 *       {@code "extract/PROFILE" || 0x00 || id}, and the first 12 bytes are written in its alphabet
 *       ({@code translate} of the hex digits), so the values equal the job's.</li>
 *   <li>Generalization: hierarchy parameters (age band width and top, band edges) are read from
 *       config/hierarchies/hierarchies.yml and written into CASE expressions with the labels of
 *       {@link Hierarchy}; prefectures by joining the 3-digit postal prefix to
 *       config/hierarchies/postal-prefecture.tsv read with read_csv.</li>
 * </ul>
 * Nothing here scans released values for personal data (the job's leak check) and nothing is staged
 * or hashed for a manifest.
 *
 * <pre>
 * java ... DuckDbExtractBaseline GOVERNED_DIR OUT_DIR BASE64_KEY THREADS [CONFIG_DIR]
 * java ... DuckDbExtractBaseline verify EXTRACT_DIR DUCKDB_OUT_DIR    (compares the two outputs; exit 1 on a difference)
 * java ... DuckDbExtractBaseline rows GOVERNED_DIR                      (rows of the three datasets, from the footers)
 * </pre>
 */
public final class DuckDbExtractBaseline {

    static final String PROFILE = "bench-group-insurer";
    static final LocalDate BUSINESS_DATE = LocalDate.parse(System.getProperty("bench.date", "2026-11-24"));
    static final List<String> DATASETS = List.of("customers", "policies", "claims");
    static final List<String> PSEUDONYMIZED = List.of("customer_id", "policy_id");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("verify")) {
            System.exit(verify(Path.of(args[1]), Path.of(args[2])) ? 0 : 1);
        }
        if (args.length > 0 && args[0].equals("rows")) {
            System.out.println(inputRows(Path.of(args[1]).toAbsolutePath()));
            return;
        }
        Path governed = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        byte[] key = decode(args[2]);
        int threads = Integer.parseInt(args[3]);
        Path config = Path.of(args.length > 4 ? args[4] : "config").toAbsolutePath();
        Hierarchies hierarchies = Hierarchies.load(config);
        Files.createDirectories(out);
        String pseudonymSql = pseudonymSql(key, Pseudonymizer.contextFor(PROFILE));

        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            execute(c, "SET threads = " + threads);
            checkPseudonym(c, pseudonymSql, key);
            String gate = "_customer_linked AND _consent_insurance_group_sharing = 'GRANTED'";
            String sensitive = "_consent_sensitive_rnd = 'GRANTED'";
            execute(c, "CREATE TEMP TABLE prefix_prefecture AS SELECT lpad(i::VARCHAR, 3, '0') AS prefix, prefecture FROM ("
                    + " SELECT unnest(range(lo, hi + 1)) AS i, prefecture FROM read_csv("
                    + literal(config.resolve("hierarchies/postal-prefecture.tsv").toString())
                    + ", delim = '\\t', header = false, comment = '#', auto_detect = false,"
                    + " columns = {'lo': 'INTEGER', 'hi': 'INTEGER', 'prefecture': 'VARCHAR'}))");

            String customers = """
                    WITH gated AS (
                      SELECT customer_id, gender,
                             CASE WHEN birth_date <= DATE '%1$s' THEN %2$d - year(birth_date)
                                  - CASE WHEN month(birth_date) * 100 + day(birth_date) > %3$d THEN 1 ELSE 0 END END AS age,
                             regexp_replace(translate(postal_code, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g') AS postal_digits
                      FROM read_parquet(%4$s)
                      WHERE %5$s
                    ), released AS (
                      SELECT %6$s AS customer_id, %7$s AS birth_date, g.gender, p.prefecture AS postal_code
                      FROM gated g LEFT JOIN prefix_prefecture p
                        ON p.prefix = CASE WHEN length(g.postal_digits) = 7 THEN left(g.postal_digits, 3) END
                    )
                    SELECT * FROM released
                    QUALIFY count(*) OVER (PARTITION BY birth_date, gender, postal_code) >= 10
                    """.formatted(BUSINESS_DATE, BUSINESS_DATE.getYear(),
                    BUSINESS_DATE.getMonthValue() * 100 + BUSINESS_DATE.getDayOfMonth(), glob(governed, "customers"), gate,
                    pseudonymSql.formatted("g.customer_id"),
                    ageBandSql((Hierarchy.AgeBand) hierarchies.get("age_band_10").orElseThrow(), "g.age"));
            String policies = """
                    SELECT %s AS customer_id, %s AS policy_id, product_code, %s AS start_date, status,
                           %s AS annual_premium_jpy
                    FROM read_parquet(%s)
                    WHERE %s
                    """.formatted(pseudonymSql.formatted("customer_id"), pseudonymSql.formatted("policy_id"),
                    monthSql("start_date"),
                    bandsSql((Hierarchy.Bands) hierarchies.get("premium_band").orElseThrow(), "annual_premium_jpy"),
                    glob(governed, "policies"), gate);
            String claims = """
                    SELECT * FROM (
                      SELECT %s AS customer_id, %s AS policy_id,
                             CASE WHEN %s THEN claim_type END AS claim_type, %s AS incident_date,
                             CASE WHEN %s THEN diagnosis_code END AS diagnosis_code, %s AS claimed_amount_jpy
                      FROM read_parquet(%s)
                      WHERE %s
                    ) released
                    QUALIFY count(*) OVER (PARTITION BY incident_date) >= 10
                    """.formatted(pseudonymSql.formatted("customer_id"), pseudonymSql.formatted("policy_id"),
                    sensitive, monthSql("incident_date"), sensitive,
                    bandsSql((Hierarchy.Bands) hierarchies.get("claim_amount_band").orElseThrow(), "claimed_amount_jpy"),
                    glob(governed, "claims"), gate);

            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("customers", customers);
            queries.put("policies", policies);
            queries.put("claims", claims);
            long read = 0;
            long written = 0;
            for (Map.Entry<String, String> q : queries.entrySet()) {
                Path target = out.resolve(q.getKey() + ".parquet");
                Files.deleteIfExists(target);
                execute(c, "COPY (" + q.getValue() + ") TO " + literal(target.toString()) + " (FORMAT PARQUET, COMPRESSION ZSTD)");
                long in = scalar(c, "SELECT sum(num_rows) FROM parquet_file_metadata(" + glob(governed, q.getKey()) + ")");
                long rows = scalar(c, "SELECT sum(num_rows) FROM parquet_file_metadata(" + literal(target.toString()) + ")");
                System.out.printf("  %s: read %d, released %d%n", q.getKey(), in, rows);
                read += in;
                written += rows;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("duckdb baseline (%d threads, %s): rows %d read, %d released in %.1f s = %.0f rows/s%n",
                    threads, version(c), read, written, seconds, read / seconds);
        }
    }

    /** HMAC-SHA256 in SQL: the key pads are constants, so two sha256 calls per value. {@code %s} is the id expression. */
    static String pseudonymSql(byte[] key, String context) throws Exception {
        byte[] k = key.length > 64 ? MessageDigest.getInstance("SHA-256").digest(key) : key;
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        byte[] ctx = context.getBytes(StandardCharsets.UTF_8);
        byte[] inner = new byte[64 + ctx.length + 1]; // ipad || context || 0x00, then the id
        System.arraycopy(ipad, 0, inner, 0, 64);
        System.arraycopy(ctx, 0, inner, 64, ctx.length);
        HexFormat hex = HexFormat.of();
        String digest = "sha256(unhex('" + hex.formatHex(opad) + "') || unhex(sha256(unhex('" + hex.formatHex(inner)
                + "') || encode(trim(CAST(%s AS VARCHAR))))))";
        return "('" + Pseudonymizer.PREFIX + "' || translate(left(" + digest + ", 24), '0123456789abcdef', '"
                + Pseudonymizer.ALPHABET + "'))";
    }

    /** Fails unless the SQL pseudonym of a sample id equals the job's Pseudonymizer. */
    private static void checkPseudonym(Connection c, String pseudonymSql, byte[] key) throws SQLException {
        String sample = "000123456789";
        String expected = new Pseudonymizer(key, Pseudonymizer.contextFor(PROFILE)).pseudonym(sample);
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + pseudonymSql.formatted(literal(sample)))) {
            rs.next();
            if (!expected.equals(rs.getString(1))) {
                throw new IllegalStateException("SQL pseudonym " + rs.getString(1) + " differs from Pseudonymizer's " + expected);
            }
        }
    }

    /** Hierarchy.AgeBand: "lower-upper" bands of width years, top and over as "top+", null for no or a negative age. */
    static String ageBandSql(Hierarchy.AgeBand band, String age) {
        int w = band.width();
        int top = band.top();
        return "CASE WHEN " + age + " IS NULL OR " + age + " < 0 THEN NULL WHEN " + age + " >= " + top + " THEN '" + top
                + "+' ELSE CAST(" + age + " // " + w + " * " + w + " AS VARCHAR) || '-' || CAST(least(" + age + " // " + w
                + " * " + w + " + " + (w - 1) + ", " + (top - 1) + ") AS VARCHAR) END";
    }

    /** Hierarchy.Bands: "&lt;first", "lower-upper" (upper = next edge - 1, one number when equal), "last+". */
    static String bandsSql(Hierarchy.Bands bands, String value) {
        long[] e = bands.edges();
        StringBuilder s = new StringBuilder("CASE WHEN " + value + " IS NULL THEN NULL WHEN " + value + " < " + e[0]
                + " THEN '<" + e[0] + "'");
        for (int i = 0; i < e.length - 1; i++) {
            long upper = e[i + 1] - 1;
            String label = e[i] == upper ? Long.toString(upper) : e[i] + "-" + upper;
            s.append(" WHEN ").append(value).append(" < ").append(e[i + 1]).append(" THEN '").append(label).append('\'');
        }
        return s.append(" ELSE '").append(e[e.length - 1]).append("+' END").toString();
    }

    /** Hierarchy.DateTrunc MONTH of a DATE column: "YYYY-MM". */
    static String monthSql(String column) {
        return "strftime(" + column + ", '%Y-%m')";
    }

    // ---- verify: the job's extract against DuckDB's output ------------------------------------------------

    /**
     * Per dataset: the manifest's row count equals DuckDB's; the multiset of released non-pseudonym
     * values (generalized, kept and gated columns) is equal; and the full rows, pseudonyms included,
     * are equal as multisets.
     */
    static boolean verify(Path extractDir, Path duckOut) throws SQLException {
        boolean ok = true;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            Map<String, Long> manifest = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT f.path, f.rows FROM (SELECT unnest(files) AS f FROM read_json_auto("
                            + literal(extractDir.resolve("manifest.json").toString()) + "))")) {
                while (rs.next()) manifest.put(rs.getString(1), rs.getLong(2));
            }
            for (String dataset : DATASETS) {
                String job = "read_parquet(" + literal(extractDir.resolve(dataset).toString() + "/*.parquet") + ")";
                String duck = "read_parquet(" + literal(duckOut.resolve(dataset + ".parquet").toString()) + ")";
                List<String> columns = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + duck)) {
                    while (rs.next()) columns.add(rs.getString(1));
                }
                List<String> jobColumns = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + job)) {
                    while (rs.next()) jobColumns.add(rs.getString(1));
                }
                Long manifestRows = manifest.get(dataset + "/part-00000.parquet");
                long duckRows = scalar(c, "SELECT count(*) FROM " + duck);
                List<String> generalized = columns.stream().filter(n -> !PSEUDONYMIZED.contains(n)).toList();
                String all = quoted(columns);
                String gen = quoted(generalized);
                long genDiff = scalar(c, "SELECT count(*) FROM ((SELECT " + gen + " FROM " + job + " EXCEPT ALL SELECT " + gen
                        + " FROM " + duck + ") UNION ALL (SELECT " + gen + " FROM " + duck + " EXCEPT ALL SELECT " + gen
                        + " FROM " + job + "))");
                long rowDiff = scalar(c, "SELECT count(*) FROM ((SELECT " + all + " FROM " + job + " EXCEPT ALL SELECT " + all
                        + " FROM " + duck + ") UNION ALL (SELECT " + all + " FROM " + duck + " EXCEPT ALL SELECT " + all
                        + " FROM " + job + "))");
                boolean same = manifestRows != null && manifestRows == duckRows && genDiff == 0 && rowDiff == 0
                        && jobColumns.equals(columns);
                System.out.printf("verify %s: manifest rows %s, duckdb rows %d, columns %s; multiset of (%s) differs in %d rows;"
                                + " full rows (pseudonyms included) differ in %d rows -> %s%n",
                        dataset, manifestRows, duckRows, jobColumns.equals(columns) ? "same" : jobColumns + " vs " + columns,
                        String.join(", ", generalized), genDiff, rowDiff, same ? "OK" : "MISMATCH");
                ok &= same;
            }
        }
        return ok;
    }

    /** The rows of the benchmark's datasets in the governed zone, from the Parquet footers. */
    static long inputRows(Path governed) throws SQLException {
        long rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String dataset : DATASETS) {
                rows += scalar(c, "SELECT sum(num_rows) FROM parquet_file_metadata(" + glob(governed, dataset) + ")");
            }
        }
        return rows;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static byte[] decode(String base64) {
        String t = base64.trim();
        return t.indexOf('-') >= 0 || t.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
    }

    private static String glob(Path governed, String dataset) {
        return literal(governed.resolve(dataset) + "/**/*.parquet");
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> '"' + n.replace("\"", "\"\"") + '"').toList());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return "DuckDB " + rs.getString(1);
        }
    }
}
