package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.tag.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canaries: unique values planted in every identifier and free-text column of the source never appear
 * in any byte of any released folder — raw file bytes, every decoded value, Parquet statistics and
 * key-value metadata, manifest and data dictionary — while the same rows' other columns do.
 *
 * <p>The columns are found the way an owner would find them, from the tag job's catalog (every
 * DIRECT_IDENTIFIER and FREE_TEXT string column of every dataset a profile reads), not from a list
 * written here. Customer, policy and claim ids keep their values (they link consent and rows) and are
 * unique already: their raw values are canaries too.
 */
class ExtractCanaryTest {

    static final List<String> DATASETS = List.of("customers", "policies", "claims", "contact_notes");
    static final List<String> PROFILES =
            List.of("rnd-internal", "group-insurer-product-rnd", "overseas-marketing-analytics");
    /** Columns whose values link rows to consent and to each other: kept, their raw values checked instead. */
    static final Set<String> LINK_COLUMNS = Set.of("customer_id", "policy_id");

    @TempDir
    static Path tmp;

    static Connection db;
    static final Set<String> canaries = new LinkedHashSet<>();
    static final List<String> planted = new ArrayList<>(); // customer ids whose rows carry canaries
    static final Map<String, String> noteOf = new LinkedHashMap<>(); // customer id → its planted contact note text
    static final Map<String, List<String>> plantedColumns = new LinkedHashMap<>();
    static Path out;

    @BeforeAll
    static void plantTagAndExtract() throws Exception {
        db = DriverManager.getConnection("jdbc:duckdb:");
        Path data = SampleData.generate(tmp.resolve("data"), 800);
        Path state = SampleData.writeKeys(tmp.resolve("state"));

        // A first tag run says which customers every profile may receive and which columns are identifiers.
        Path first = tmp.resolve("out-first");
        SuiteRun tag0 = SuiteRun.job(state, first, "tag", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(tag0.exitCode).as(tag0.toString()).isZero();
        Catalog catalog =
                Json.MAPPER.readValue(Files.readAllBytes(first.resolve("catalog/catalog.json")), Catalog.class);
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT c.customer_id FROM read_parquet('"
                        + first.resolve("governed/customers") + "/**/*.parquet') c "
                        + "WHERE _consent_insurance_group_sharing = 'GRANTED' AND _consent_group_sharing = 'GRANTED' "
                        + "AND _consent_marketing = 'GRANTED' "
                        // Tokyo, Kanagawa or Chiba (postal 100-299) and aged 25-64: classes large enough that
                        // k-anonymity keeps them
                        + "AND postal_code >= '100' AND postal_code < '30' AND birth_date BETWEEN DATE '1962-01-01' AND DATE '2001-01-01' "
                        + "AND customer_id IN (SELECT customer_id FROM read_parquet('" + data.resolve("contact_notes")
                        + "/**/*.parquet')) "
                        + "ORDER BY customer_id LIMIT 6")) {
            while (rs.next()) planted.add(rs.getString(1));
        }
        assertThat(planted).hasSize(6);

        int n = 0;
        for (String dataset : DATASETS) {
            Catalog.Entry entry = catalog.datasets().stream()
                    .filter(d -> d.name().equals(dataset))
                    .findFirst()
                    .orElseThrow();
            List<String> replacements = new ArrayList<>();
            for (Catalog.Column c : entry.columns()) {
                boolean identifier = c.role().equals("DIRECT_IDENTIFIER");
                boolean text = c.role().equals("FREE_TEXT");
                if (!(identifier || text) || !c.physicalType().contains("STRING") || LINK_COLUMNS.contains(c.name()))
                    continue;
                plantedColumns.computeIfAbsent(dataset, d -> new ArrayList<>()).add(c.name());
                StringBuilder cases = new StringBuilder("CASE customer_id");
                for (String customer : planted) {
                    n++;
                    String value = text ? freeText(n) : identifier(c.name(), n);
                    if (dataset.equals("contact_notes") && text) noteOf.put(customer, value);
                    cases.append(" WHEN '")
                            .append(customer)
                            .append("' THEN '")
                            .append(value)
                            .append('\'');
                }
                replacements.add(cases.append(" ELSE \"")
                        .append(c.name())
                        .append("\" END AS \"")
                        .append(c.name())
                        .append('"')
                        .toString());
            }
            if (!replacements.isEmpty()) rewrite(data.resolve(dataset), replacements); // policies: link ids only
        }
        assertThat(noteOf).hasSize(planted.size());
        assertThat(plantedColumns.get("customers")).contains("氏名", "phone", "email", "address", "my_number");
        assertThat(plantedColumns.get("claims")).contains("assessment_note");
        // the linking ids of planted rows: raw values must not appear either
        for (String dataset : List.of("policies", "claims")) {
            try (Statement s = db.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT DISTINCT policy_id FROM read_parquet('" + data.resolve(dataset)
                                    + "/**/*.parquet') WHERE customer_id IN (" + quoted(planted) + ")")) {
                while (rs.next()) canaries.add(rs.getString(1));
            }
        }
        canaries.addAll(planted);

        out = tmp.resolve("out");
        SuiteRun tag = SuiteRun.job(state, out, "tag", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(tag.exitCode).as(tag.toString()).isZero();
        SuiteRun extract = SuiteRun.job(state, out, "extract", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(extract.exitCode).as(extract.toString()).isZero();
    }

    /** A unique identifier-like value: a random-looking token, per column and row. */
    static String identifier(String column, int n) {
        String token = "CNRY" + Integer.toString(n * 7919 + 104729, 36).toUpperCase() + "Q";
        canaries.add(token);
        return column.equals("email") ? token.toLowerCase() + "@example.org" : token;
    }

    /**
     * Free text carrying unique personal data in the forms people write: a reference code, a phone
     * number, an e-mail address, a My Number (valid check digit) and an unusual name with an honorific,
     * between ordinary words that must survive.
     */
    static String freeText(int n) {
        String code = "REF" + (700000 + n * 13) + "K";
        String phone = String.format("080-%04d-%04d", 2400 + n, 7300 + n);
        String mail = "cnry" + n + "x@example.net";
        String myNumber = myNumber(String.format("%011d", 31_415_926_000L + n * 101L));
        String name = "鰐淵燦" + "太次三".charAt(n % 3) + "郎";
        canaries.addAll(List.of(code, phone, mail, myNumber, name, phone.replace("-", ""), "cnry" + n + "x"));
        return "解約の相談あり。" + name + "様、照会番号" + code + "、連絡先" + phone + "、" + mail + "、マイナンバー" + myNumber + "。後日連絡予定。";
    }

    /** 11 digits + the My Number check digit (番号法施行令 第8条). */
    static String myNumber(String eleven) {
        int sum = 0;
        for (int i = 1; i <= 11; i++) {
            int p = eleven.charAt(11 - i) - '0';
            int q = i <= 6 ? i + 1 : i - 5;
            sum += p * q;
        }
        int r = sum % 11;
        return eleven + (r <= 1 ? 0 : 11 - r);
    }

    static void rewrite(Path datasetDir, List<String> replacements) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(datasetDir)) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        assertThat(files).as(datasetDir + " is one file").hasSize(1);
        Path source = files.get(0);
        Path planted = source.resolveSibling("planted.tmp");
        try (Statement s = db.createStatement()) {
            s.execute("COPY (SELECT * REPLACE (" + String.join(", ", replacements) + ") FROM read_parquet('" + source
                    + "')) TO '" + planted + "' (FORMAT PARQUET)");
        }
        Files.move(planted, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void noCanaryAppearsInAnyByteOfAnyRelease() throws Exception {
        List<Path> releases = releases();
        assertThat(releases).hasSize(PROFILES.size());
        long filesChecked = 0;
        for (Path release : releases) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(release)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                StringBuilder everything =
                        new StringBuilder(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                everything.append('\n').append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                if (file.toString().endsWith(".parquet"))
                    everything.append('\n').append(decoded(file));
                String text = everything.toString();
                for (String canary : canaries) {
                    assertThat(text.contains(canary))
                            .as("a planted value appears in " + release.relativize(file))
                            .isFalse();
                    assertThat(text.contains(
                                    new String(canary.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)))
                            .as("a planted value's bytes appear in " + release.relativize(file))
                            .isFalse();
                }
                filesChecked++;
            }
        }
        assertThat(filesChecked).isGreaterThanOrEqualTo(3 * 3); // parts, manifest and dictionary of three releases
        assertThat(canaries).hasSizeGreaterThan(50);
    }

    @Test
    void thePlantedRowsAreReleasedWithTheirOtherColumns() throws Exception {
        // the shipped profile releases notes unlinked (no customer pseudonym): the planted notes are
        // found by their ordinary words, released around the scrubbed values
        List<String> notes = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT note FROM read_parquet('"
                        + release("rnd-internal").resolve("contact_notes")
                        + "/*.parquet') WHERE note LIKE '解約の相談あり。%後日連絡予定。'")) {
            while (rs.next()) notes.add(rs.getString(1));
        }
        assertThat(notes)
                .as("planted notes")
                .isNotEmpty()
                .anySatisfy(note -> assertThat(note).contains("＜氏名＞様", "＜識別番号＞", "＜電話番号＞", "＜メール＞", "＜マイナンバー＞"));
    }

    /** Every value of every column as text, plus the footer's statistics and key-value metadata. */
    static String decoded(Path parquet) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        String f = "'" + parquet + "'";
        for (String sql : List.of(
                "SELECT * FROM read_parquet(" + f + ")",
                "SELECT * FROM parquet_metadata(" + f + ")",
                "SELECT CAST(key AS VARCHAR), CAST(value AS VARCHAR) FROM parquet_kv_metadata(" + f + ")")) {
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        text.writeBytes(String.valueOf(rs.getObject(i)).getBytes(StandardCharsets.UTF_8));
                        text.write('\t');
                    }
                    text.write('\n');
                }
            }
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    static List<Path> releases() throws Exception {
        try (Stream<Path> s = Files.list(out.resolve("extracts"))) {
            return s.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    static Path release(String profile) throws Exception {
        return releases().stream()
                .filter(d -> d.getFileName().toString().startsWith(profile + "-"))
                .findFirst()
                .orElseThrow();
    }

    static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
    }
}
