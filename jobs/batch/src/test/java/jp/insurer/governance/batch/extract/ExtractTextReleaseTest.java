package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Free text by allowlist, end to end: contact and claim notes holding personal data in the forms that
 * got through the blocklist (issue 11) are planted into the sample data, tag and extract run for every
 * demo profile, and every released byte is read back (raw and decoded by DuckDB). No planted span
 * reaches any release; claim notes of customers without SENSITIVE_RND are not released at all
 * (claims are a 機微 topic), and contact notes released to rnd-internal mention no 機微情報.
 */
class ExtractTextReleaseTest {

    /** Planted contact notes (released to rnd-internal): every form of issue 11, written here. */
    static final List<String> CONTACT_NOTES = List.of(
            "わにぶちさくたろう様より入電。ｸﾛﾊﾞﾈ ﾐﾂｺ様の件、kurobane mitsukoさんとも話した。Wanibuchi-san は了承。"
                    + "父の燦太と妻 瑞穂も同席。エンドウ様にも連絡済み。担当は鰐淵＜氏名＞。",
            "新住所は祖師谷七丁目十九番二十三号 ルミエール祖師谷305号室。旧住所は下北沢5-33-17。電話は〇七〇の四四三二の八八一九、" + "自宅は03・5488・2716、携帯 080 7710 3346 まで。",
            "メールは wanibuchi.s(at)example.net、または mizuho アットマーク example ドット jp、連絡はkrbn77@example.orgまでとのこと。"
                    + "マイナンバーは 461 870 523 914、口頭では四六一八七〇五二三九一四とも。",
            "生年月日は一九七四年十一月二十九日、長女は98年6月17日生。勤務先は株式会社クロバネ精機の第二営業部長。"
                    + "LINE IDは sakutaro_1129、インスタは @mizuho.garden。車は世田谷 517 ほ 47-21 の白いワゴン。");
    /** Planted claim notes (released to group-insurer-product-rnd only where 機微情報 is allowed). */
    static final List<String> CLAIM_NOTES = List.of(
            "被保険者わにぶちさくたろう様、悪性新生物のため聖マリアンナ記念病院に入院（21日間）。退院後は通院。",
            "さくら台メンタルクリニックの精神科に月2回通院、1日3錠を服用中。連絡先 〇九〇の三三一八の七七四二。",
            "ひだまりレディースクリニックで出産予定、妊娠32週。手術給付金の対象外。");
    /** Spans of the planted notes that identify someone: none may be released anywhere. */
    static final List<String> SECRETS = List.of(
            "わにぶち",
            "さくたろう",
            "ｸﾛﾊﾞﾈ",
            "クロバネ",
            "ﾐﾂｺ",
            "ミツコ",
            "kurobane",
            "mitsuko",
            "wanibuchi",
            "燦太",
            "瑞穂",
            "エンドウ",
            "鰐淵",
            "祖師谷",
            "七丁目",
            "十九番",
            "ルミエール",
            "305号室",
            "下北沢",
            "5-33-17",
            "〇七〇の四四三二",
            "八八一九",
            "5488・2716",
            "7710 3346",
            "08077103346",
            "mizuho",
            "krbn77",
            "example",
            "461 870",
            "461870523914",
            "四六一八七〇",
            "一九七四年",
            "二十九日",
            "6月17日",
            "精機",
            "sakutaro",
            "517 ほ",
            "47-21",
            "聖マリアンナ",
            "さくら台",
            "三三一八",
            "七七四二",
            "ひだまり");
    /** 機微 mentions of the planted claim notes and of the sample notes: never released without the right. */
    static final List<String> MENTIONS = List.of(
            "悪性新生物", "21日間", "メンタルクリニック", "精神科", "1日3錠", "出産", "妊娠", "入院", "通院", "病院", "クリニック", "教会", "檀家", "寺");

    @TempDir
    static Path tmp;

    static Connection db;
    static Path out;
    static final Map<String, Boolean> plantedRight = new LinkedHashMap<>(); // planted customer → SENSITIVE_RND granted
    static final Map<String, Boolean> right = new HashMap<>(); // every customer → SENSITIVE_RND granted

    @BeforeAll
    static void plantTagAndExtract() throws Exception {
        db = DriverManager.getConnection("jdbc:duckdb:");
        Path data = SampleData.generate(tmp.resolve("data"), 800);
        Path state = SampleData.writeKeys(tmp.resolve("state"));
        Path first = tmp.resolve("out-first");
        SuiteRun tag0 = SuiteRun.job(state, first, "tag", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(tag0.exitCode).as(tag0.toString()).isZero();
        String governed = "read_parquet('" + first.resolve("governed/customers") + "/**/*.parquet')";
        try (Statement s = db.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT customer_id, _consent_sensitive_rnd = 'GRANTED' FROM " + governed)) {
            while (rs.next()) right.put(rs.getString(1), rs.getBoolean(2));
        }
        for (boolean granted : new boolean[] {true, false}) {
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("SELECT c.customer_id FROM " + governed
                            + " c WHERE _consent_insurance_group_sharing = 'GRANTED' "
                            + "AND (_consent_sensitive_rnd = 'GRANTED') = " + granted + " "
                            // classes large enough that k-anonymity keeps them (see ExtractCanaryTest)
                            + "AND postal_code >= '100' AND postal_code < '30' AND birth_date BETWEEN DATE '1962-01-01' AND DATE '2001-01-01' "
                            + "AND customer_id IN (SELECT customer_id FROM read_parquet('"
                            + data.resolve("contact_notes") + "/**/*.parquet')) "
                            + "AND customer_id IN (SELECT customer_id FROM read_parquet('" + data.resolve("claims")
                            + "/**/*.parquet') "
                            + "WHERE assessment_note IS NOT NULL) ORDER BY customer_id LIMIT 4")) {
                while (rs.next()) plantedRight.put(rs.getString(1), granted);
            }
        }
        assertThat(plantedRight.values()).contains(true, false);
        StringBuilder notes = new StringBuilder("CASE customer_id");
        StringBuilder claims = new StringBuilder("CASE customer_id");
        int i = 0;
        for (String customer : plantedRight.keySet()) {
            notes.append(" WHEN '")
                    .append(customer)
                    .append("' THEN '")
                    .append(CONTACT_NOTES.get(i % CONTACT_NOTES.size()))
                    .append('\'');
            claims.append(" WHEN '")
                    .append(customer)
                    .append("' THEN '")
                    .append(CLAIM_NOTES.get(i % CLAIM_NOTES.size()))
                    .append('\'');
            i++;
        }
        rewrite(
                data.resolve("contact_notes"),
                notes.append(" ELSE note END AS note").toString());
        rewrite(
                data.resolve("claims"),
                claims.append(" ELSE assessment_note END AS assessment_note").toString());

        out = tmp.resolve("out");
        Path config = linkedWithoutK(tmp.resolve("config"));
        SuiteRun tag = SuiteRun.job(
                state, out, "tag", "data=" + data, "date=" + SampleData.AS_OF, "--governance.config=" + config);
        assertThat(tag.exitCode).as(tag.toString()).isZero();
        SuiteRun extract = SuiteRun.job(
                state, out, "extract", "data=" + data, "date=" + SampleData.AS_OF, "--governance.config=" + config);
        assertThat(extract.exitCode).as(extract.toString()).isZero();
    }

    /**
     * The shipped profiles with every dataset linked by the customer pseudonym, so that released notes
     * can be traced to their customers, and k = 1, so that no planted customer is suppressed: this test
     * is about text, not k-anonymity.
     */
    static Path linkedWithoutK(Path config) throws Exception {
        ExtractJobTest.copy(SuiteRun.projectRoot().resolve("config"), config);
        Path yml = config.resolve("extracts.yml");
        String profiles = Files.readString(yml);
        String unlinked = "        linkable: false\n        columns:\n";
        assertThat(profiles).contains(unlinked);
        profiles = profiles.replace(unlinked, "        columns:\n          customer_id: pseudonymize\n")
                .replaceAll("(?m)^    k: \\d+$", "    k: 1");
        Files.writeString(yml, profiles);
        return config;
    }

    static void rewrite(Path datasetDir, String replacement) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(datasetDir)) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        assertThat(files).as(datasetDir.getFileName() + " is one file").hasSize(1);
        Path source = files.get(0);
        Path planted = source.resolveSibling("planted.tmp");
        try (Statement s = db.createStatement()) {
            s.execute("COPY (SELECT * REPLACE (" + replacement + ") FROM read_parquet('" + source + "')) TO '" + planted
                    + "' (FORMAT PARQUET)");
        }
        Files.move(planted, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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

    /** Every decoded value, the footer's statistics and key-value metadata of a Parquet file, as text. */
    static String decoded(Path parquet) throws Exception {
        StringBuilder text = new StringBuilder();
        String f = "'" + parquet + "'";
        for (String sql : List.of(
                "SELECT * FROM read_parquet(" + f + ")",
                "SELECT * FROM parquet_metadata(" + f + ")",
                "SELECT CAST(key AS VARCHAR), CAST(value AS VARCHAR) FROM parquet_kv_metadata(" + f + ")")) {
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) text.append(rs.getObject(i)).append('\t');
                    text.append('\n');
                }
            }
        }
        return text.toString();
    }

    static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    @Test
    void noPlantedSpanReachesAnyRelease() throws Exception {
        List<Path> releases = releases();
        assertThat(releases).hasSize(ExtractCanaryTest.PROFILES.size());
        List<String> folded = SECRETS.stream().map(ExtractTextReleaseTest::fold).toList();
        int files = 0;
        for (Path release : releases) {
            List<Path> all;
            try (Stream<Path> s = Files.walk(release)) {
                all = s.filter(Files::isRegularFile).toList();
            }
            for (Path file : all) {
                StringBuilder text = new StringBuilder(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                if (file.toString().endsWith(".parquet")) text.append('\n').append(decoded(file));
                String raw = text.toString();
                String normalized = fold(raw);
                for (int k = 0; k < SECRETS.size(); k++) {
                    assertThat(raw.contains(SECRETS.get(k)) || normalized.contains(folded.get(k)))
                            .as("planted span #" + k + " appears in " + release.relativize(file))
                            .isFalse();
                }
                files++;
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(9);
    }

    @Test
    void plantedNotesAreReleasedWithTheirOrdinaryWords() throws Exception {
        Path release = release("rnd-internal");
        Pseudonymizer p = new Pseudonymizer(
                SampleData.KEYS.get("EXTRACT_KEY_RND_INTERNAL"), Pseudonymizer.contextFor("rnd-internal"));
        int released = 0;
        for (String customer : plantedRight.keySet()) {
            try (Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("SELECT note FROM read_parquet('" + release.resolve("contact_notes")
                            + "/*.parquet') WHERE customer_id = '" + p.pseudonym(customer) + "'")) {
                while (rs.next()) {
                    String note = rs.getString(1);
                    assertThat(note)
                            .as("a planted note")
                            .isNotNull()
                            .containsAnyOf("入電", "新住所", "マイナンバー", "生年月日")
                            .contains("＜");
                    released++;
                }
            }
        }
        assertThat(released).as("planted notes released to rnd-internal").isPositive();
    }

    @Test
    void claimNotesGoOnlyWhere機微情報IsAllowed() throws Exception {
        Path release = release("group-insurer-product-rnd");
        Pseudonymizer p = new Pseudonymizer(
                SampleData.KEYS.get("EXTRACT_KEY_GROUP_LIFE"), Pseudonymizer.contextFor("group-insurer-product-rnd"));
        Map<String, Boolean> byPseudonym = new HashMap<>();
        right.forEach((customer, granted) -> byPseudonym.put(p.pseudonym(customer), granted));
        long withoutRight = 0;
        long withRightAndNote = 0;
        long plantedMentionsReleased = 0;
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT customer_id, assessment_note FROM read_parquet('"
                        + release.resolve("claims") + "/*.parquet')")) {
            while (rs.next()) {
                Boolean granted = byPseudonym.get(rs.getString(1));
                assertThat(granted).as("a released claim's customer is known").isNotNull();
                String note = rs.getString(2);
                if (!granted) {
                    withoutRight++;
                    assertThat(note)
                            .as("claim note of a customer without SENSITIVE_RND")
                            .isNull();
                } else if (note != null) {
                    withRightAndNote++;
                    if (note.contains("悪性新生物") || note.contains("レディースクリニック") || note.contains("メンタルクリニック")) {
                        plantedMentionsReleased++;
                    }
                }
            }
        }
        assertThat(withoutRight)
                .as("claims of customers without the right are released (their note nulled)")
                .isPositive();
        assertThat(withRightAndNote)
                .as("claim notes of customers with the right are released")
                .isPositive();
        assertThat(plantedMentionsReleased)
                .as("planted 機微 mentions kept where the right is granted")
                .isPositive();
    }

    @Test
    void contactNotesToRndInternalMentionNo機微情報() throws Exception {
        Path release = release("rnd-internal");
        long notes = 0;
        long chars = 0;
        long placeholderChars = 0;
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT note FROM read_parquet('" + release.resolve("contact_notes")
                        + "/*.parquet') WHERE note IS NOT NULL")) {
            while (rs.next()) {
                String note = rs.getString(1);
                for (String mention : MENTIONS)
                    assertThat(note.contains(mention))
                            .as("a 機微 mention in a released note")
                            .isFalse();
                notes++;
                chars += note.length();
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("＜[^＜＞]{1,12}＞").matcher(note);
                while (m.find()) placeholderChars += m.group().length();
            }
        }
        assertThat(notes).isGreaterThan(100);
        double textShare = 1 - (double) placeholderChars / chars;
        // Useful text remains: most of what is released is words, not placeholders.
        assertThat(textShare)
                .as("share of released note characters outside placeholders")
                .isGreaterThan(0.6);
        System.out.printf(
                Locale.ROOT,
                "released contact notes: %d, %.1f %% of their characters outside placeholders%n",
                notes,
                100 * textShare);
    }
}
