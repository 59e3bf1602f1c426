package jp.insurer.governance.sampledata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generates a small data set once and reads it back with DuckDB, an independent Parquet reader. */
class SampleDataCommandTest {

    private static final int CUSTOMERS = 400;
    private static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);

    @TempDir
    static Path tmp;

    private static Path out;
    private static String summary;
    private static Connection db;

    @BeforeAll
    static void generate() throws Exception {
        out = tmp.resolve("run1");
        Run run = run(
                "--customers",
                String.valueOf(CUSTOMERS),
                "--out",
                out.toString(),
                "--seed",
                "11",
                "--as-of",
                AS_OF.toString(),
                "--with-anomalies",
                "--with-text-truth");
        assertThat(run.exit).as(run.err).isZero();
        summary = run.out;
        db = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @Test
    void everyDatasetIsReadableAndRowCountsMatchSummaryAndGroundTruth() throws Exception {
        String truth = Files.readString(out.resolve("_ground_truth.json"));
        for (String dataset : List.of(
                "customers",
                "policies",
                "claims",
                "payments",
                "web_events",
                "contact_notes",
                "third_party_checks",
                "consent_events",
                "legal_holds")) {
            long rows = count("SELECT count(*) FROM " + table(dataset));
            assertThat(rows).as(dataset).isEqualTo(truthLong(truth, dataset, "rows"));
            Matcher m = Pattern.compile("(?m)^\\s+" + dataset + "\\s+([\\d,]+) rows")
                    .matcher(summary);
            assertThat(m.find()).as("summary line for " + dataset).isTrue();
            assertThat(Long.parseLong(m.group(1).replace(",", ""))).isEqualTo(rows);
            if (!dataset.equals("legal_holds")) {
                assertThat(rows).as(dataset).isPositive();
            }
            // The ground truth classifies every column the files hold, and nothing else.
            List<String> fileColumns =
                    strings("SELECT column_name FROM (DESCRIBE SELECT * FROM " + table(dataset) + ")");
            List<String> truthColumns = strings("SELECT unnest(json_extract_string(content, '$.datasets." + dataset
                    + ".columns[*].name')) FROM read_text('" + out.resolve("_ground_truth.json") + "')");
            assertThat(truthColumns).as(dataset).containsExactlyInAnyOrderElementsOf(fileColumns);
        }
        assertThat(count("SELECT count(*) FROM customers_view()".replace("customers_view()", table("customers"))))
                .isEqualTo(CUSTOMERS);
        assertThat(strings("SELECT column_name FROM (DESCRIBE SELECT * FROM " + table("customers") + ")"))
                .contains("氏名", "フリガナ");
        assertThat(Files.exists(out.resolve("_SUCCESS"))).isTrue();
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(Path::toString).filter(p -> p.endsWith(".crc")))
                    .isEmpty();
        }
    }

    @Test
    void myNumbersHaveValidCheckDigitsAndAboutAThirdHaveOne() throws Exception {
        List<String> numbers = strings("SELECT my_number FROM " + table("customers") + " WHERE my_number IS NOT NULL");
        assertThat(numbers.size()).isBetween(CUSTOMERS / 5, CUSTOMERS * 2 / 5);
        for (String n : numbers) {
            assertThat(n).matches("\\d{12}");
            int sum = 0;
            int[] weights = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
            for (int i = 0; i < 11; i++) {
                sum += (n.charAt(i) - '0') * weights[i];
            }
            int check = sum % 11 <= 1 ? 0 : 11 - sum % 11;
            assertThat(n.charAt(11) - '0').as(n).isEqualTo(check);
        }
    }

    @Test
    void cardNumbersPassLuhnAndUseRealIssuerRanges() throws Exception {
        List<String> rows = strings(
                "SELECT card_brand || ':' || card_number FROM " + table("payments") + " WHERE card_number IS NOT NULL");
        assertThat(rows).isNotEmpty();
        for (String row : rows) {
            String brand = row.substring(0, row.indexOf(':'));
            String number = row.substring(row.indexOf(':') + 1);
            assertThat(luhn(number)).as(number).isTrue();
            int two = Integer.parseInt(number.substring(0, 2));
            int four = Integer.parseInt(number.substring(0, 4));
            switch (brand) {
                case "VISA" -> assertThat(number).startsWith("4").hasSize(16);
                case "MASTERCARD" ->
                    assertThat((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720))
                            .isTrue();
                case "JCB" -> assertThat(four).isBetween(3528, 3589);
                case "AMEX" -> assertThat(two == 34 || two == 37).isTrue();
                default -> throw new AssertionError("unknown brand " + brand);
            }
        }
        assertThat(strings("SELECT DISTINCT length(account_number) FROM " + table("payments")
                        + " WHERE account_number IS NOT NULL"))
                .containsExactly("7");
    }

    @Test
    void webEventsArePartitionedByDayOverTwoYears() throws Exception {
        String sql = "SELECT count(DISTINCT dt), min(dt), max(dt) FROM " + table("web_events");
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(730);
            assertThat(rs.getString(2)).isEqualTo(AS_OF.minusDays(729).toString());
            assertThat(rs.getString(3)).isEqualTo(AS_OF.toString());
        }
        try (Stream<Path> partitions = Files.list(out.resolve("web_events"))) {
            assertThat(partitions
                            .filter(p -> Files.exists(p.resolve("part-00000.parquet")))
                            .count())
                    .isEqualTo(730);
        }
        assertThat(count("SELECT count(*) FROM " + table("web_events") + " WHERE ip LIKE '%:%'"))
                .isPositive();
        assertThat(count("SELECT count(*) FROM " + table("web_events") + " WHERE customer_id IS NULL"))
                .isPositive();
    }

    @Test
    void consentLedgerHasTheDocumentedDirtAndCountsIt() throws Exception {
        String truth = Files.readString(out.resolve("_ground_truth.json"));
        String t = table("consent_events");
        long invalid = count("SELECT count(*) FROM " + t + " WHERE customer_id IS NULL"
                + " OR purpose NOT IN ('INSURANCE_GROUP_SHARING','GROUP_SHARING','SENSITIVE_RND','MARKETING','NEWSLETTER')"
                + " OR action NOT IN ('GRANTED','WITHDRAWN') OR try_cast(event_ts AS TIMESTAMPTZ) IS NULL");
        assertThat(invalid).isEqualTo(jsonLong(truth, "\"total\"")).isPositive();
        long duplicates =
                count("SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM " + t + ")) FROM " + t);
        assertThat(duplicates).isEqualTo(jsonLong(truth, "\"duplicateEvents\"")).isPositive();
        long after = count("SELECT count(*) FROM " + t + " WHERE try_cast(event_ts AS TIMESTAMPTZ) >= TIMESTAMPTZ '"
                + AS_OF.plusDays(1) + " 00:00:00+09'");
        assertThat(after).isEqualTo(jsonLong(truth, "\"eventsAfterAsOf\""));
        assertThat(count("SELECT count(*) FROM " + t + " WHERE event_ts LIKE '%+09:00'"))
                .isPositive();
        // Realistic rates: most grant insurance-group sharing at sign-up, fewer the sensitive R&D use.
        long igs = count("SELECT count(DISTINCT customer_id) FROM " + t
                + " WHERE purpose = 'INSURANCE_GROUP_SHARING' AND action = 'GRANTED'");
        long rnd = count("SELECT count(DISTINCT customer_id) FROM " + t
                + " WHERE purpose = 'SENSITIVE_RND' AND action = 'GRANTED'");
        assertThat(igs).isBetween(CUSTOMERS * 6L / 10, CUSTOMERS * 9L / 10);
        assertThat(rnd).isLessThan(igs / 2);
        assertThat(count("SELECT count(*) FROM " + t + " WHERE action = 'WITHDRAWN'"))
                .isPositive();
    }

    @Test
    void policiesEndedLongAgoAndRecently() throws Exception {
        String t = table("policies");
        long total = count("SELECT count(*) FROM " + t);
        long endedLongAgo = count("SELECT count(*) FROM " + t + " WHERE status <> 'ACTIVE' AND end_date < DATE '"
                + AS_OF.minusYears(5) + "'");
        long endedRecently = count("SELECT count(*) FROM " + t + " WHERE status <> 'ACTIVE' AND end_date >= DATE '"
                + AS_OF.minusYears(1) + "'");
        assertThat(endedLongAgo).isGreaterThan(total / 20);
        assertThat(endedRecently).isPositive();
        assertThat(strings("SELECT DISTINCT status FROM " + t + " ORDER BY 1"))
                .containsExactly("ACTIVE", "CANCELLED", "EXPIRED", "LAPSED");
        assertThat(count("SELECT count(*) FROM " + t + " WHERE start_date > end_date"))
                .isZero();
    }

    @Test
    void sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot() throws Exception {
        Path again = tmp.resolve("run2");
        assertThat(run(
                                "--customers",
                                String.valueOf(CUSTOMERS),
                                "--out",
                                again.toString(),
                                "--seed",
                                "11",
                                "--as-of",
                                AS_OF.toString(),
                                "--with-anomalies",
                                "--with-text-truth")
                        .exit)
                .isZero();
        Map<String, byte[]> first = files(out);
        Map<String, byte[]> second = files(again);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        for (String name : first.keySet()) {
            assertThat(Arrays.equals(first.get(name), second.get(name)))
                    .as(name)
                    .isTrue();
        }

        Path other = tmp.resolve("run3");
        assertThat(run(
                                "--customers",
                                String.valueOf(CUSTOMERS),
                                "--out",
                                other.toString(),
                                "--seed",
                                "12",
                                "--as-of",
                                AS_OF.toString(),
                                "--with-anomalies")
                        .exit)
                .isZero();
        Map<String, byte[]> third = files(other);
        assertThat(Arrays.equals(first.get("customers/part-00000.parquet"), third.get("customers/part-00000.parquet")))
                .isFalse();
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheArgument() throws Exception {
        Path fresh = tmp.resolve("never");
        assertBad("--customers", new String[] {"--out", fresh.toString()});
        assertBad("--customers", new String[] {"--customers", "many", "--out", fresh.toString()});
        assertBad("--customers", new String[] {"--customers", "0", "--out", fresh.toString()});
        assertBad("--out", new String[] {"--customers", "10"});
        assertBad("--as-of", new String[] {"--customers", "10", "--out", fresh.toString(), "--as-of", "2024-13-01"});
        assertBad("--seed", new String[] {"--customers", "10", "--out", fresh.toString(), "--seed"});
        assertBad("--codec", new String[] {"--customers", "10", "--out", fresh.toString(), "--codec", "lz9"});
        assertBad("--frobnicate", new String[] {"--customers", "10", "--out", fresh.toString(), "--frobnicate"});
        assertBad("--out", new String[] {"--customers", "10", "--out", out.toString()}); // not empty
        assertThat(Files.exists(fresh)).isFalse();
    }

    @Test
    void textTruthLocatesTheEntitiesInEveryFreeText() throws Exception {
        List<String> lines = Files.readAllLines(out.resolve("_text_truth.jsonl"));
        long notes = count("SELECT count(*) FROM " + table("contact_notes"));
        long claimNotes = count("SELECT count(assessment_note) FROM " + table("claims"));
        assertThat(lines).hasSize((int) (notes + claimNotes));
        Map<String, String> texts = new TreeMap<>();
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT note_id, note FROM " + table("contact_notes"))) {
            while (rs.next()) {
                texts.put(rs.getString(1), rs.getString(2));
            }
        }
        Pattern idPattern = Pattern.compile("\"dataset\": \"contact_notes\", \"column\": \"note\", \"id\": \"(\\w+)\"");
        Pattern entity = Pattern.compile(
                "\\{\"type\": \"(\\w+)\"(?:, \"kind\": \"(\\w+)\")?, \"start\": (\\d+), \"end\": (\\d+)\\}");
        int phones = 0;
        for (String line : lines) {
            Matcher id = idPattern.matcher(line);
            if (!id.find()) {
                continue;
            }
            String text = texts.get(id.group(1));
            assertThat(text).as(id.group(1)).isNotNull();
            Matcher m = entity.matcher(line);
            while (m.find()) {
                String value = text.substring(
                        text.offsetByCodePoints(0, Integer.parseInt(m.group(3))),
                        text.offsetByCodePoints(0, Integer.parseInt(m.group(4))));
                String digits = java.text.Normalizer.normalize(value, java.text.Normalizer.Form.NFKC)
                        .replaceAll("[^0-9]", "");
                switch (m.group(1)) {
                    case "PHONE_NUMBER" -> {
                        assertThat(digits).as(value).hasSizeBetween(10, 12);
                        phones++;
                    }
                    case "MY_NUMBER" ->
                        assertThat(CheckDigits.isValidMyNumber(digits))
                                .as(value)
                                .isTrue();
                    case "CREDIT_CARD" -> assertThat(luhn(digits)).as(value).isTrue();
                    case "EMAIL_ADDRESS" -> assertThat(value).containsAnyOf("@", "＠");
                    case "SENSITIVE" -> assertThat(m.group(2)).isNotBlank();
                    default -> assertThat(value).isNotBlank();
                }
            }
        }
        assertThat(phones).isPositive();
    }

    @Test
    void helpPrintsUsage() {
        Run run = run("--help");
        assertThat(run.exit).isZero();
        assertThat(run.out).contains("--customers N").contains("--as-of");
    }

    @Test
    void overwriteReplacesAPreviousRunAndCodecCanBeChosen() throws Exception {
        Path dir = tmp.resolve("small");
        assertThat(run("--customers", "5", "--out", dir.toString(), "--as-of", "2025-01-31").exit)
                .isZero();
        Run again = run(
                "--customers",
                "7",
                "--out",
                dir.toString(),
                "--as-of",
                "2025-01-31",
                "--overwrite",
                "--codec",
                "snappy");
        assertThat(again.exit).as(again.err).isZero();
        assertThat(count("SELECT count(*) FROM read_parquet('" + dir.resolve("customers") + "/*.parquet')"))
                .isEqualTo(7);
        assertThat(strings("SELECT DISTINCT compression FROM parquet_metadata('" + dir.resolve("customers")
                        + "/part-00000.parquet')"))
                .containsExactly("SNAPPY");
    }

    // ---- helpers

    private void assertBad(String argument, String[] args) {
        Run run = run(args);
        assertThat(run.exit).as(String.join(" ", args)).isEqualTo(2);
        assertThat(run.err.lines().count()).isEqualTo(1);
        assertThat(run.err).contains(argument);
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SampleDataCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String table(String dataset) {
        if (dataset.equals("web_events")) {
            return "read_parquet('" + out.resolve(dataset) + "/*/*.parquet', hive_partitioning = true)";
        }
        return "read_parquet('" + out.resolve(dataset) + "/*.parquet')";
    }

    private static long count(String sql) throws SQLException {
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
    }

    private static long truthLong(String json, String dataset, String field) throws SQLException {
        return count("SELECT CAST(json_extract('" + json.replace("'", "''") + "', '$.datasets." + dataset + "." + field
                + "') AS BIGINT)");
    }

    private static long jsonLong(String json, String key) {
        Matcher m = Pattern.compile(Pattern.quote(key) + ":\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as(key).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> result = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                result.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return result;
    }
}
