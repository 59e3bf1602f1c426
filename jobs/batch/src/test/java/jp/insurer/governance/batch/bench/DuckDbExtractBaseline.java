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
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Hierarchy;
import jp.insurer.governance.policy.transform.Pseudonymizer;

/**
 * The competitor for scripts/bench-extract.sh: DuckDB doing the benchmark profile
 * {@code bench-group-insurer} (src/test/resources/bench/extracts.yml) in SQL on the same governed
 * files — consent gate, HMAC-SHA256 pseudonyms, generalization, sensitive cells nulled unless
 * SENSITIVE_RND is granted, and k-anonymity judged per person across the three linked datasets —
 * then one {@code COPY (SELECT …) TO 'DATASET.parquet' (FORMAT PARQUET, COMPRESSION ZSTD)} per
 * dataset. Not a test.
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
 *   <li>Generalization: every level of each quasi-identifier's {@code next} chain in
 *       config/hierarchies/hierarchies.yml is computed once into a temp table per dataset (age bands
 *       and amount bands as CASE expressions with the labels of {@link Hierarchy}, prefectures by
 *       joining the 3-digit postal prefix to postal-prefecture.tsv read with read_csv, regions by a
 *       CASE over the hierarchy's groups, months and years with strftime).</li>
 *   <li>Person-level k (PersonLattice's model, with exact values where the job sums 64-bit hashes):
 *       a person is a normalized customer key (full-width ASCII to half-width, whitespace removed,
 *       upper case: CustomerKey.DEFAULT for the ASCII keys this data has; any other key is refused).
 *       Per lattice node, each person's signature is, per dataset, the sorted list of their rows'
 *       quasi-identifier tuples ({@code list_sort(list(row(…)))}), the three joined on the person
 *       (FULL JOIN: a person may have rows in one dataset only); people are grouped by the whole
 *       combination. The node is chosen as PersonLattice.choose does — nodes by total height, then
 *       level by level; the least generalized node whose suppressed people are within max_suppression
 *       (fewest suppressed among equally high ones), else the node suppressing fewest — iterating the
 *       nodes from Java, one SQL aggregate each. People of classes smaller than k are left out of
 *       every dataset ({@code ANTI JOIN}).</li>
 * </ul>
 * The judgement (people, suppressed, released classes, smallest released class, node) is written to
 * {@code OUT_DIR/person-k.properties}; {@code verify} compares it with the manifest's {@code linkGroups}.
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
    /** The profile's k and max_suppression (extracts.yml sets no max_suppression: ExtractProfile's default). */
    static final int K = 10;

    static final double MAX_SUPPRESSION = 0.05;

    /**
     * A quasi-identifier of the profile, in the plan's order (datasets in profile order, columns in
     * profile order): the column, the hierarchy the profile asks for (null for keep) and the SQL name of
     * each level of its chain in the dataset's temp table.
     */
    record Qi(String dataset, String column, String hierarchy, List<String> levels) {}

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
            execute(c, "SET preserve_insertion_order = false");
            checkPseudonym(c, pseudonymSql, key);
            String gate = "_customer_linked AND _consent_insurance_group_sharing = 'GRANTED'";
            String sensitive = "_consent_sensitive_rnd = 'GRANTED'";
            execute(
                    c,
                    "CREATE TEMP TABLE prefix_prefecture AS SELECT lpad(i::VARCHAR, 3, '0') AS prefix, prefecture FROM ("
                            + " SELECT unnest(range(lo, hi + 1)) AS i, prefecture FROM read_csv("
                            + literal(config.resolve("hierarchies/postal-prefecture.tsv")
                                    .toString())
                            + ", delim = '\\t', header = false, comment = '#', auto_detect = false,"
                            + " columns = {'lo': 'INTEGER', 'hi': 'INTEGER', 'prefecture': 'VARCHAR'}))");

            // Pass 1 (the job's too): every gated row with each quasi-identifier at every level of its chain.
            List<Qi> qis = new ArrayList<>();
            List<String> birth = levels(qis, hierarchies, "customers", "birth_date", "age_band_10");
            levels(qis, hierarchies, "customers", "gender", null);
            List<String> postal = levels(qis, hierarchies, "customers", "postal_code", "prefecture");
            levels(qis, hierarchies, "policies", "product_code", null);
            List<String> start_ = levels(qis, hierarchies, "policies", "start_date", "month");
            List<String> incident = levels(qis, hierarchies, "claims", "incident_date", "month");
            List<String> amount = levels(qis, hierarchies, "claims", "claimed_amount_jpy", "claim_amount_band");
            execute(c, """
                    CREATE TEMP TABLE t_customers AS
                    WITH gated AS (
                      SELECT customer_id, gender,
                             CASE WHEN birth_date <= DATE '%1$s' THEN %2$d - year(birth_date)
                                  - CASE WHEN month(birth_date) * 100 + day(birth_date) > %3$d THEN 1 ELSE 0 END END AS age,
                             regexp_replace(translate(postal_code, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g') AS postal_digits
                      FROM read_parquet(%4$s)
                      WHERE %5$s
                    )
                    SELECT g.customer_id AS src_customer_id, %6$s AS pk, %7$s, g.gender,
                           %8$s
                    FROM gated g LEFT JOIN prefix_prefecture p
                      ON p.prefix = CASE WHEN length(g.postal_digits) = 7 THEN left(g.postal_digits, 3) END
                    """.formatted(
                            BUSINESS_DATE,
                            BUSINESS_DATE.getYear(),
                            BUSINESS_DATE.getMonthValue() * 100 + BUSINESS_DATE.getDayOfMonth(),
                            glob(governed, "customers"),
                            gate,
                            personSql("g.customer_id"),
                            chainSql(hierarchies, "age_band_10", birth, "g.age"),
                            chainSql(hierarchies, "prefecture", postal, "p.prefecture")));
            execute(c, """
                    CREATE TEMP TABLE t_policies AS
                    SELECT customer_id AS src_customer_id, policy_id AS src_policy_id, %s AS pk, product_code, %s
                    FROM read_parquet(%s)
                    WHERE %s
                    """.formatted(
                            personSql("customer_id"),
                            chainSql(hierarchies, "month", start_, "start_date"),
                            glob(governed, "policies"),
                            gate));
            execute(c, """
                    CREATE TEMP TABLE t_claims AS
                    SELECT customer_id AS src_customer_id, policy_id AS src_policy_id, %s AS pk,
                           CASE WHEN %s THEN claim_type END AS claim_type, %s,
                           CASE WHEN %s THEN diagnosis_code END AS diagnosis_code, %s
                    FROM read_parquet(%s)
                    WHERE %s
                    """.formatted(
                            personSql("customer_id"),
                            sensitive,
                            chainSql(hierarchies, "month", incident, "incident_date"),
                            sensitive,
                            chainSql(hierarchies, "claim_amount_band", amount, "claimed_amount_jpy"),
                            glob(governed, "claims"),
                            gate));
            for (String d : DATASETS) {
                long bad = scalar(
                        c,
                        "SELECT count(*) FROM t_" + d
                                + " WHERE pk IS NULL OR NOT regexp_full_match(pk, '[\\x21-\\x7E]+')");
                if (bad > 0) {
                    throw new IllegalStateException(
                            d + ": " + bad + " gated rows have no customer key or one outside ASCII after"
                                    + " width/space/case normalization; this baseline models only CustomerKey.DEFAULT on ASCII keys");
                }
            }

            // The lattice, as PersonLattice.of orders it: by total height, then level by level.
            List<int[]> nodes = new ArrayList<>();
            enumerate(qis, 0, new int[qis.size()], nodes);
            nodes.sort(
                    Comparator.<int[]>comparingInt(n -> Arrays.stream(n).sum()).thenComparing(Arrays::compare));
            long[] best = null;
            long[] fewest = null;
            int bestHeight = Integer.MAX_VALUE;
            for (int n = 0; n < nodes.size(); n++) {
                int height = Arrays.stream(nodes.get(n)).sum();
                if (height > bestHeight) break;
                long[] s = stats(c, qis, nodes.get(n), n);
                if (s[2] <= MAX_SUPPRESSION * s[0]) {
                    if (best == null || s[2] < best[2]) best = s;
                    bestHeight = height;
                }
                if (fewest == null || s[2] < fewest[2]) fewest = s;
            }
            long[] chosen = best != null ? best : fewest;
            int[] node = nodes.get((int) chosen[5]);
            execute(
                    c,
                    "CREATE TEMP TABLE suppressed AS SELECT pk FROM (SELECT pk, count(*) OVER (PARTITION BY c, p, cl) AS size FROM ("
                            + personsSql(c, qis, node) + ")) WHERE size < " + K);
            long people = chosen[0];
            long suppressedPeople = chosen[2];
            long releasedClasses = chosen[1] - chosen[3];
            long kAchieved = people == suppressedPeople ? 0 : chosen[4];
            Map<String, String> levelOf = new LinkedHashMap<>();
            for (int q = 0; q < qis.size(); q++)
                levelOf.put(
                        qis.get(q).dataset() + "." + qis.get(q).column(),
                        qis.get(q).levels().get(node[q]));
            Properties judgement = new Properties();
            judgement.setProperty("people", Long.toString(people));
            judgement.setProperty("peopleSuppressed", Long.toString(suppressedPeople));
            judgement.setProperty("classes", Long.toString(releasedClasses));
            judgement.setProperty("kAchieved", Long.toString(kAchieved));
            judgement.setProperty("nodes", Integer.toString(nodes.size()));
            judgement.setProperty("node", levelOf.toString());
            try (var w = Files.newBufferedWriter(out.resolve("person-k.properties"))) {
                judgement.store(w, "DuckDB's person-level k for " + PROFILE);
            }
            System.out.printf(
                    "  person-level k %d over %d nodes: chose %s; people %d, suppressed %d, released classes %d, k achieved %d%n",
                    K, nodes.size(), levelOf, people, suppressedPeople, releasedClasses, kAchieved);

            String c0 = level(qis, node, "customers", "birth_date");
            String c2 = level(qis, node, "customers", "postal_code");
            String p1 = level(qis, node, "policies", "start_date");
            String l0 = level(qis, node, "claims", "incident_date");
            String l1 = level(qis, node, "claims", "claimed_amount_jpy");
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put(
                    "customers",
                    "SELECT %s AS customer_id, %s AS birth_date, gender, %s AS postal_code FROM t_customers ANTI JOIN suppressed USING (pk)"
                            .formatted(pseudonymSql.formatted("src_customer_id"), c0, c2));
            queries.put(
                    "policies",
                    "SELECT %s AS customer_id, %s AS policy_id, product_code, %s AS start_date FROM t_policies ANTI JOIN suppressed USING (pk)"
                            .formatted(
                                    pseudonymSql.formatted("src_customer_id"),
                                    pseudonymSql.formatted("src_policy_id"),
                                    p1));
            queries.put(
                    "claims",
                    ("SELECT %s AS customer_id, %s AS policy_id, claim_type, %s AS incident_date, diagnosis_code, %s AS claimed_amount_jpy"
                                    + " FROM t_claims ANTI JOIN suppressed USING (pk)")
                            .formatted(
                                    pseudonymSql.formatted("src_customer_id"),
                                    pseudonymSql.formatted("src_policy_id"),
                                    l0,
                                    l1));
            long read = 0;
            long written = 0;
            for (Map.Entry<String, String> q : queries.entrySet()) {
                Path target = out.resolve(q.getKey() + ".parquet");
                Files.deleteIfExists(target);
                execute(
                        c,
                        "COPY (" + q.getValue() + ") TO " + literal(target.toString())
                                + " (FORMAT PARQUET, COMPRESSION ZSTD)");
                long in = scalar(
                        c, "SELECT sum(num_rows) FROM parquet_file_metadata(" + glob(governed, q.getKey()) + ")");
                long rows = scalar(
                        c, "SELECT sum(num_rows) FROM parquet_file_metadata(" + literal(target.toString()) + ")");
                System.out.printf("  %s: read %d, released %d%n", q.getKey(), in, rows);
                read += in;
                written += rows;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "duckdb baseline (%d threads, %s): rows %d read, %d released in %.1f s = %.0f rows/s%n",
                    threads, version(c), read, written, seconds, read / seconds);
        }
    }

    // ---- person-level k in SQL ----------------------------------------------------------------------------

    /** Adds a quasi-identifier with its hierarchy's chain ({@code next}) and returns its level column names. */
    private static List<String> levels(
            List<Qi> qis, Hierarchies hierarchies, String dataset, String column, String hierarchy) {
        List<String> levels = new ArrayList<>();
        if (hierarchy == null) {
            levels.add(column);
        } else {
            for (String h = hierarchy;
                    h != null;
                    h = hierarchies.get(h).orElseThrow().next()) levels.add(column + "_" + levels.size());
        }
        qis.add(new Qi(dataset, column, hierarchy, List.copyOf(levels)));
        return levels;
    }

    /** {@code expr AS level_0, … AS level_n} for a hierarchy's chain; {@code value} is what the first level reads. */
    private static String chainSql(Hierarchies hierarchies, String first, List<String> names, String value) {
        List<String> out = new ArrayList<>();
        String h = first;
        for (String name : names) {
            Hierarchy hierarchy = hierarchies.get(h).orElseThrow();
            out.add(levelSql(hierarchy, value) + " AS " + name);
            h = hierarchy.next();
        }
        return String.join(", ", out);
    }

    /**
     * One level of a hierarchy in SQL. {@code value} is an age for AGE_BAND, a prefecture for
     * POSTAL_PREFECTURE (the join to the postal table is done once), a DATE for DATE_TRUNC.
     */
    private static String levelSql(Hierarchy h, String value) {
        if (h instanceof Hierarchy.AgeBand a) return ageBandSql(a, value);
        if (h instanceof Hierarchy.Bands b) return bandsSql(b, value);
        if (h instanceof Hierarchy.DateTrunc t) {
            return t.unit() == Hierarchy.DateTrunc.Unit.MONTH
                    ? "strftime(" + value + ", '%Y-%m')"
                    : "strftime(" + value + ", '%Y')";
        }
        if (h instanceof Hierarchy.PostalPrefecture p && p.table().equals("postal-prefecture.tsv")) {
            if (p.groups().isEmpty()) return value;
            StringBuilder s = new StringBuilder("CASE " + value);
            new TreeMap<>(p.groups())
                    .forEach((pref, group) -> s.append(" WHEN ")
                            .append(literal(pref))
                            .append(" THEN ")
                            .append(literal(group)));
            return s.append(" END").toString();
        }
        throw new IllegalArgumentException("hierarchy " + h + " is not modelled by this baseline");
    }

    /** CustomerKey.DEFAULT for ASCII keys: full-width ASCII to half-width, whitespace removed, upper case, blank to null. */
    private static String personSql(String id) {
        StringBuilder full = new StringBuilder();
        StringBuilder half = new StringBuilder();
        for (char ch = 0x21; ch <= 0x7E; ch++) {
            full.append((char) (ch - 0x21 + 0xFF01));
            half.append(ch);
        }
        full.append('\u3000');
        half.append(' ');
        return "nullif(upper(regexp_replace(translate(CAST(" + id + " AS VARCHAR), " + literal(full.toString()) + ", "
                + literal(half.toString()) + "), '[ \\t\\n\\x0B\\f\\r]+', '', 'g')), '')";
    }

    private static void enumerate(List<Qi> qis, int at, int[] node, List<int[]> out) {
        if (at == qis.size()) {
            out.add(node.clone());
            return;
        }
        for (int l = 0; l < qis.get(at).levels().size(); l++) {
            node[at] = l;
            enumerate(qis, at + 1, node, out);
        }
    }

    /** The SQL column of a quasi-identifier at a node. */
    private static String level(List<Qi> qis, int[] node, String dataset, String column) {
        for (int q = 0; q < qis.size(); q++) {
            if (qis.get(q).dataset().equals(dataset) && qis.get(q).column().equals(column))
                return qis.get(q).levels().get(node[q]);
        }
        throw new IllegalArgumentException(dataset + "." + column);
    }

    /**
     * Every person with their signature at a node: per dataset the sorted list of their rows'
     * quasi-identifier tuples (null when they have no row there), as columns c, p, cl. A dataset's
     * lists depend only on its own levels, so each is built once into a temp table and reused by the
     * nodes that share those levels.
     */
    private static String personsSql(Connection c, List<Qi> qis, int[] node) throws SQLException {
        List<String> sigs = new ArrayList<>();
        for (String d : DATASETS) {
            List<String> tuple = new ArrayList<>();
            for (int q = 0; q < qis.size(); q++)
                if (qis.get(q).dataset().equals(d))
                    tuple.add(qis.get(q).levels().get(node[q]));
            String table = "sig_" + d + "_" + String.join("_", tuple);
            if (SIGNATURES.add(table)) {
                execute(
                        c,
                        "CREATE TEMP TABLE " + table + " AS SELECT pk, list_sort(list(row(" + String.join(", ", tuple)
                                + "))) AS sig FROM t_" + d + " GROUP BY pk");
            }
            sigs.add(table);
        }
        return "SELECT pk, s0.sig AS c, s1.sig AS p, s2.sig AS cl FROM " + sigs.get(0) + " s0 FULL JOIN " + sigs.get(1)
                + " s1 USING (pk) FULL JOIN " + sigs.get(2) + " s2 USING (pk)";
    }

    /** Per-dataset signature tables already built in this run. */
    private static final java.util.Set<String> SIGNATURES = new java.util.HashSet<>();

    /** People, classes, suppressed people, suppressed classes, smallest class of at least k, node index. */
    private static long[] stats(Connection c, List<Qi> qis, int[] node, int index) throws SQLException {
        String sql = "SELECT sum(size), count(*), coalesce(sum(size) FILTER (WHERE size < " + K
                + "), 0), count(*) FILTER (WHERE size < "
                + K + "), coalesce(min(size) FILTER (WHERE size >= " + K + "), 0) FROM (SELECT count(*) AS size FROM ("
                + personsSql(c, qis, node) + ") GROUP BY c, p, cl)";
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), index};
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
                throw new IllegalStateException(
                        "SQL pseudonym " + rs.getString(1) + " differs from Pseudonymizer's " + expected);
            }
        }
    }

    /** Hierarchy.AgeBand: "lower-upper" bands of width years, top and over as "top+", null for no or a negative age. */
    static String ageBandSql(Hierarchy.AgeBand band, String age) {
        int w = band.width();
        int top = band.top();
        return "CASE WHEN " + age + " IS NULL OR " + age + " < 0 THEN NULL WHEN " + age + " >= " + top + " THEN '" + top
                + "+' ELSE CAST(" + age + " // " + w + " * " + w + " AS VARCHAR) || '-' || CAST(least(" + age + " // "
                + w
                + " * " + w + " + " + (w - 1) + ", " + (top - 1) + ") AS VARCHAR) END";
    }

    /** Hierarchy.Bands: "&lt;first", "lower-upper" (upper = next edge - 1, one number when equal), "last+". */
    static String bandsSql(Hierarchy.Bands bands, String value) {
        long[] e = bands.edges();
        StringBuilder s = new StringBuilder(
                "CASE WHEN " + value + " IS NULL THEN NULL WHEN " + value + " < " + e[0] + " THEN '<" + e[0] + "'");
        for (int i = 0; i < e.length - 1; i++) {
            long upper = e[i + 1] - 1;
            String label = e[i] == upper ? Long.toString(upper) : e[i] + "-" + upper;
            s.append(" WHEN ")
                    .append(value)
                    .append(" < ")
                    .append(e[i + 1])
                    .append(" THEN '")
                    .append(label)
                    .append('\'');
        }
        return s.append(" ELSE '").append(e[e.length - 1]).append("+' END").toString();
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
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT f.path, f.rows FROM (SELECT unnest(files) AS f FROM read_json_auto("
                                    + literal(
                                            extractDir.resolve("manifest.json").toString()) + "))")) {
                while (rs.next()) manifest.put(rs.getString(1), rs.getLong(2));
            }
            Properties duckK = new Properties();
            try (var r = Files.newBufferedReader(duckOut.resolve("person-k.properties"))) {
                duckK.load(r);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read DuckDB's person-k.properties", e);
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT g.people, g.peopleSuppressed, g.classes, g.kAchieved FROM (SELECT unnest(linkGroups) AS g FROM read_json_auto("
                                    + literal(
                                            extractDir.resolve("manifest.json").toString()) + "))")) {
                boolean one = rs.next();
                String job =
                        one ? rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getLong(4) : "none";
                boolean more = one && rs.next();
                String duck = duckK.getProperty("people") + "/" + duckK.getProperty("peopleSuppressed") + "/"
                        + duckK.getProperty("classes") + "/" + duckK.getProperty("kAchieved");
                boolean same = one && !more && job.equals(duck);
                System.out.printf(
                        "verify person-level k (people/suppressed/released classes/k achieved): manifest linkGroups %s,"
                                + " duckdb %s at %s -> %s%n",
                        more ? "several groups" : job, duck, duckK.getProperty("node"), same ? "OK" : "MISMATCH");
                ok &= same;
            }
            for (String dataset : DATASETS) {
                String job =
                        "read_parquet(" + literal(extractDir.resolve(dataset).toString() + "/*.parquet") + ")";
                String duck = "read_parquet("
                        + literal(duckOut.resolve(dataset + ".parquet").toString()) + ")";
                List<String> columns = new ArrayList<>();
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + duck)) {
                    while (rs.next()) columns.add(rs.getString(1));
                }
                List<String> jobColumns = new ArrayList<>();
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + job)) {
                    while (rs.next()) jobColumns.add(rs.getString(1));
                }
                Long manifestRows = manifest.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(dataset + "/"))
                        .map(Map.Entry::getValue)
                        .reduce(Long::sum)
                        .orElse(null);
                long duckRows = scalar(c, "SELECT count(*) FROM " + duck);
                List<String> generalized =
                        columns.stream().filter(n -> !PSEUDONYMIZED.contains(n)).toList();
                String all = quoted(columns);
                String gen = quoted(generalized);
                long genDiff = scalar(
                        c,
                        "SELECT count(*) FROM ((SELECT " + gen + " FROM " + job + " EXCEPT ALL SELECT " + gen
                                + " FROM " + duck + ") UNION ALL (SELECT " + gen + " FROM " + duck
                                + " EXCEPT ALL SELECT " + gen
                                + " FROM " + job + "))");
                long rowDiff = scalar(
                        c,
                        "SELECT count(*) FROM ((SELECT " + all + " FROM " + job + " EXCEPT ALL SELECT " + all
                                + " FROM " + duck + ") UNION ALL (SELECT " + all + " FROM " + duck
                                + " EXCEPT ALL SELECT " + all
                                + " FROM " + job + "))");
                boolean same = manifestRows != null
                        && manifestRows == duckRows
                        && genDiff == 0
                        && rowDiff == 0
                        && jobColumns.equals(columns);
                System.out.printf(
                        "verify %s: manifest rows %s, duckdb rows %d, columns %s; multiset of (%s) differs in %d rows;"
                                + " full rows (pseudonyms included) differ in %d rows -> %s%n",
                        dataset,
                        manifestRows,
                        duckRows,
                        jobColumns.equals(columns) ? "same" : jobColumns + " vs " + columns,
                        String.join(", ", generalized),
                        genDiff,
                        rowDiff,
                        same ? "OK" : "MISMATCH");
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
        return t.indexOf('-') >= 0 || t.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(t)
                : Base64.getDecoder().decode(t);
    }

    private static String glob(Path governed, String dataset) {
        return literal(governed.resolve(dataset) + "/**/*.parquet");
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String quoted(List<String> names) {
        return String.join(
                ", ",
                names.stream().map(n -> '"' + n.replace("\"", "\"\"") + '"').toList());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return "DuckDB " + rs.getString(1);
        }
    }
}
