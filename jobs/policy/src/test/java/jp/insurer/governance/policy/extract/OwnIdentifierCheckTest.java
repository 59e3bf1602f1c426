package jp.insurer.governance.policy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.detect.TestScanners;
import jp.insurer.governance.policy.transform.Hierarchies;
import jp.insurer.governance.policy.transform.Transform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The second leak check: a customer's own identifiers are found in every spelling the detectors
 * miss, only for that customer, and common words do not fire.
 */
class OwnIdentifierCheckTest {

    static final String YAMADA = "C0000000001";
    static final String SATO = "c00000 00002"; // another customer; keys are normalized (width, spaces, case)

    static final OwnIdentifierIndex INDEX = index();

    static OwnIdentifierIndex index() {
        OwnIdentifierIndex.Builder b = OwnIdentifierIndex.builder();
        b.add(YAMADA, "CUSTOMER_ID", "customers.customer_id", YAMADA);
        b.add(YAMADA, "PERSON_NAME", "customers.氏名", "山田 太郎");
        b.add(YAMADA, "PERSON_NAME", "customers.フリガナ", "ヤマダ タロウ");
        b.add(YAMADA, "PERSON_NAME", "payments.card_holder", "TARO YAMADA");
        b.add(YAMADA, "PHONE_NUMBER", "customers.phone", "03-1234-5678");
        b.add(YAMADA, "EMAIL_ADDRESS", "customers.email", "taro.y75@gmail.com");
        b.add(YAMADA, "DATE_OF_BIRTH", "customers.birth_date", LocalDate.of(1975, 3, 3));
        b.add(YAMADA, "ADDRESS", "customers.address", "東京都世田谷区三軒茶屋2丁目11-22 コーポ桜 302号室");
        b.add(YAMADA, "POSTAL_CODE", "customers.postal_code", "154-0024");
        b.add(YAMADA, "MY_NUMBER", "customers.my_number", "123456789018");
        b.add(SATO, "PERSON_NAME", "customers.氏名", "佐藤 花子");
        b.add(SATO, "PERSON_NAME", "customers.フリガナ", "サトウ ハナコ");
        b.add(SATO, "PHONE_NUMBER", "customers.phone", "090-8765-4321");
        b.add(SATO, "DATE_OF_BIRTH", "customers.birth_date", LocalDate.of(1989, 1, 8));
        b.add(SATO, "ADDRESS", "customers.address", "大阪府大阪市北区梅田一丁目三番五号");
        b.add(SATO, "EMAIL_ADDRESS", "customers.email", "hk@example.jp");
        return b.build();
    }

    static String typeIn(String customer, String text) {
        List<OwnIdentifierIndex.Match> m = INDEX.find(customer, text);
        return m.isEmpty() ? null : m.get(0).kind().type();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "山田太郎様より入電",
                "山田 太郎",
                "契約者　山田　太郎",
                "やまだ たろう様",
                "ﾔﾏﾀﾞ ﾀﾛｳ",
                "ヤマダタロー",
                "Taro Yamada",
                "yamada taro",
                "YAMADA, Taro",
                "Mr. Yamada",
                "Yamada-san",
                "山田様",
                "山田さん",
                "やまださま",
                "ﾔﾏﾀﾞ様",
                "Yamada-sama",
                "TAROU YAMADA",
                "Tarō Yamada",
                "太郎さん",
                "＜氏名＞ たろうさま",
                "＜氏名＞ 太郎",
                "Taro-kun",
                "やまだ た＜氏名＞さま"
            })
    void namesInEverySpelling(String text) {
        assertThat(typeIn(YAMADA, text)).as(text).isEqualTo("PERSON_NAME");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "03-1234-5678",
                "0312345678",
                "03 1234 5678",
                "(03)1234-5678",
                "０３－１２３４－５６７８",
                "〇三の一二三四の五六七八",
                "〇三・一二三四・五六七八",
                "+81-3-1234-5678",
                "電話は03ー1234ー5678まで",
                "自宅 1234-5678"
            })
    void phonesInEverySpelling(String text) {
        assertThat(typeIn(YAMADA, text)).as(text).isEqualTo("PHONE_NUMBER");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1975-03-03",
                "1975/3/3",
                "1975年3月3日",
                "昭和50年3月3日",
                "S50.3.3",
                "S.50.03.03",
                "75年3月3日生",
                "一九七五年三月三日",
                "昭和五十年三月三日",
                "19750303",
                "１９７５年３月３日",
                "s50年3月3日生まれ"
            })
    void birthDatesInEveryForm(String text) {
        assertThat(typeIn(YAMADA, "生年月日 " + text)).as(text).isEqualTo("DATE_OF_BIRTH");
    }

    @Test
    void aMaskedKanjiDateLeavesNoDigitsOfItBehind() {
        OwnIdentifierCheck check = new OwnIdentifierCheck(INDEX, OwnIdentifierMode.MASK, List.of("note"), Set.of());
        Object[] row = {"一九七五年三月三日生、昭和五十年三月三日生"};
        check.inspect(row, YAMADA);
        assertThat(row[0]).isEqualTo("＜生年月日＞生、＜生年月日＞生");
    }

    @Test
    void heiseiGannenAndEraOnlyWithItsName() {
        assertThat(typeIn(SATO, "平成元年1月8日生")).isEqualTo("DATE_OF_BIRTH");
        assertThat(typeIn(SATO, "H1.1.8")).isNull(); // 4 characters: too short to be evidence
        // the year of an era without the era's name is not a birth date: 2050年 is not 昭和50年
        assertThat(typeIn(YAMADA, "次回2050年3月3日")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"三軒茶屋2-11-22", "三軒茶屋二丁目十一番二十二号", "世田谷区三軒茶屋2丁目11番22号", "茶屋２－１１－２２", "コーポ桜302", "こーぽ桜 302号室"})
    void addressFragmentsWithoutPrefectureOrCity(String text) {
        assertThat(typeIn(YAMADA, "住所は" + text + "とのこと")).as(text).isEqualTo("ADDRESS");
    }

    @Test
    void addressInKanjiMasterFoundInDigits() {
        assertThat(typeIn(SATO, "梅田1-3-5")).isEqualTo("ADDRESS");
        assertThat(typeIn(SATO, "梅田1丁目3番5号")).isEqualTo("ADDRESS");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "taro.y75@gmail.com",
                "taro.y75(at)gmail.com",
                "taro.y75アットマークgmail.com",
                "ＴＡＲＯ．Ｙ７５＠ｇｍａｉｌ．ｃｏｍ",
                "メールはtaro.y75gmail.comです",
                "taro_y75"
            })
    void emailLocalPartAndObfuscations(String text) {
        assertThat(typeIn(YAMADA, text)).as(text).isEqualTo("EMAIL_ADDRESS");
    }

    @Test
    void shortEmailLocalPartOnlyWithItsDomain() {
        assertThat(typeIn(SATO, "hk@example.jp")).isEqualTo("EMAIL_ADDRESS");
        assertThat(typeIn(SATO, "hk(at)example.jp")).isEqualTo("EMAIL_ADDRESS");
        assertThat(typeIn(SATO, "HK様の件")).isNull();
    }

    @Test
    void idsPostalCodesAndMyNumbers() {
        assertThat(typeIn(YAMADA, "個人番号 1234 5678 9018")).isEqualTo("MY_NUMBER");
        assertThat(typeIn(YAMADA, "一二三四五六七八九〇一八")).isEqualTo("MY_NUMBER");
        // read out in groups joined by a word or an invisible character (the red team's forms)
        for (String text : List.of(
                "番号は1234と5678と9018と伺った",
                "一二三四と五六七八と九〇一八",
                "1234 / 5678 / 9018",
                "1234\u200B5678\u200B9018",
                "1234、5678、9018")) {
            assertThat(typeIn(YAMADA, text)).as(text).isEqualTo("MY_NUMBER");
        }
        assertThat(typeIn(YAMADA, "携帯は03と1234と5678")).isEqualTo("PHONE_NUMBER");
        assertThat(typeIn(YAMADA, "4321と8765と9018")).as("another number").isNull();
        assertThat(typeIn(YAMADA, "〒154-0024")).isEqualTo("POSTAL_CODE");
        assertThat(typeIn(YAMADA, "顧客番号c-0000000001")).isEqualTo("CUSTOMER_ID");
    }

    @Test
    void anotherCustomersIdentifiersAreNotThisCustomers() {
        for (String text : List.of("佐藤花子様", "サトウ ハナコ", "090-8765-4321", "平成元年1月8日", "梅田1-3-5")) {
            assertThat(typeIn(YAMADA, text)).as(text).isNull();
            assertThat(typeIn(SATO, text)).as(text).isNotNull();
        }
        for (String text : List.of("山田太郎", "03-1234-5678", "昭和50年3月3日", "三軒茶屋2-11-22")) {
            assertThat(typeIn(SATO, text)).as(text).isNull();
        }
        assertThat(INDEX.find("C0000000999", "山田太郎")).as("unknown customer").isEmpty();
        assertThat(INDEX.find(null, "山田太郎")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "太郎",
                "太郎の件",
                "山田",
                "山田町",
                "山田商事に勤務",
                "山田太",
                "東京都世田谷区",
                "三軒茶屋",
                "2丁目",
                "3月3日",
                "1975年",
                "昭和50年",
                "1234",
                "タロウ",
                "やまだ",
                "yamada",
                "taro",
                "Satoshi",
                "砂糖を入れる",
                "さとうきび",
                "保険金の請求について",
                "＜氏名＞様より入電",
                "2026年3月3日に再連絡"
            })
    void commonWordsAndPartsAreNotEvidence(String text) {
        assertThat(typeIn(YAMADA, text)).as(text).isNull();
        assertThat(typeIn(SATO, text)).as(text).isNull();
    }

    @Test
    void failModeNamesColumnAndTypeNeverTheValue() {
        OwnIdentifierCheck check = new OwnIdentifierCheck(
                INDEX, OwnIdentifierMode.FAIL, List.of("customer_id", "note", "band"), Set.of("customer_id"));
        Object[] row = {"p_xyz", "やまだ たろう様より入電。〇三の一二三四の五六七八へ折り返し。", "40-44"};
        check.inspect(row, YAMADA);
        assertThat(check.clean()).isFalse();
        assertThat(check.hits())
                .containsExactly(
                        new OwnIdentifierCheck.Hit("note", "PERSON_NAME", "customers.フリガナ"),
                        new OwnIdentifierCheck.Hit("note", "PHONE_NUMBER", "customers.phone"));
        assertThat(check.hits().toString()).doesNotContain("やまだ", "一二三四");
        assertThat(row[1]).as("fail mode leaves the row alone").isEqualTo("やまだ たろう様より入電。〇三の一二三四の五六七八へ折り返し。");

        OwnIdentifierCheck other = new OwnIdentifierCheck(INDEX, OwnIdentifierMode.FAIL, List.of("note"), Set.of());
        other.inspect(new Object[] {"やまだ たろう様より入電。"}, SATO);
        other.inspect(new Object[] {"やまだ たろう様より入電。"}, null);
        assertThat(other.clean()).isTrue();
    }

    @Test
    void maskModeReplacesTheSpansWithTypedPlaceholdersAndCounts() {
        OwnIdentifierCheck check =
                new OwnIdentifierCheck(INDEX, OwnIdentifierMode.MASK, List.of("note", "amount", "d"), Set.of());
        Object[] row = {
            "やまだ様より入電。連絡先〇三の一二三四の五六七八、生年月日S50.3.3、住所は三軒茶屋二丁目十一番二十二号。以上。", 19750303L, LocalDate.of(1975, 3, 3)
        };
        check.inspect(row, YAMADA);
        assertThat(row[0]).isEqualTo("＜氏名＞様より入電。連絡先＜電話番号＞、生年月日＜生年月日＞、住所は三軒＜住所＞。以上。");
        assertThat(row[1]).isNull();
        assertThat(row[2]).isNull();
        assertThat(check.clean()).isTrue();
        assertThat(check.masked())
                .containsExactly(
                        new OwnIdentifierCheck.Masked("amount", "DATE_OF_BIRTH", 1),
                        new OwnIdentifierCheck.Masked("d", "DATE_OF_BIRTH", 1),
                        new OwnIdentifierCheck.Masked("note", "ADDRESS", 1),
                        new OwnIdentifierCheck.Masked("note", "DATE_OF_BIRTH", 1),
                        new OwnIdentifierCheck.Masked("note", "PERSON_NAME", 1),
                        new OwnIdentifierCheck.Masked("note", "PHONE_NUMBER", 1));
        assertThat(INDEX.find(YAMADA, (String) row[0])).isEmpty();
    }

    @Test
    void keptQuasiIdentifiersPseudonymsAndLabelsAreNotInspected() {
        OwnIdentifierIndex.Builder b = OwnIdentifierIndex.builder();
        b.add(YAMADA, "POSTAL_CODE", "customers.postal_code", "100-0000"); // equals the amount band "1000000+"
        Hierarchies hierarchies = Hierarchies.load(TestScanners.configDir());
        List<ExtractPlan.Column> columns = List.of(
                PersonLatticeTest.column("customer_id", new Transform.Pseudonymize(), Role.DIRECT_IDENTIFIER),
                PersonLatticeTest.column("area", Transform.KEEP, Role.QUASI_IDENTIFIER),
                PersonLatticeTest.column(
                        "amount", new Transform.Generalize("claim_amount_band"), Role.QUASI_IDENTIFIER),
                PersonLatticeTest.column("region", new Transform.Generalize("prefecture"), Role.QUASI_IDENTIFIER),
                PersonLatticeTest.column(
                        "postal", new Transform.Generalize("postal_3"), Role.QUASI_IDENTIFIER), // → prefecture
                PersonLatticeTest.column("month", new Transform.Generalize("month"), Role.QUASI_IDENTIFIER),
                PersonLatticeTest.column("note", new Transform.ScrubText(), Role.FREE_TEXT));
        ExtractPlan.Dataset plan = new ExtractPlan.Dataset(
                "claims", columns, List.of("area", "amount", "region", "postal", "month"), true);
        List<String> names = columns.stream().map(ExtractPlan.Column::name).toList();
        OwnIdentifierCheck check =
                OwnIdentifierCheck.forDataset(b.build(), OwnIdentifierMode.FAIL, plan, names, hierarchies);

        Object[] row = new Object[names.size()];
        java.util.Arrays.fill(row, "1000000+");
        check.inspect(row, YAMADA);

        assertThat(check.hits())
                .extracting(OwnIdentifierCheck.Hit::column)
                .containsExactly("month", "note", "postal"); // labels of bands and prefectures only coincide
        assertThat(hierarchies.labelsOnly("age_band_5")).isTrue();
        assertThat(hierarchies.labelsOnly("postal_3")).isFalse(); // leading digits of the value itself
        assertThat(hierarchies.labelsOnly("no_such_hierarchy")).isFalse();
    }

    @Test
    void cellsAsText() {
        assertThat(OwnIdentifierCheck.text(LocalDate.of(1975, 3, 3))).isEqualTo("1975-03-03");
        assertThat(OwnIdentifierCheck.text(12.5d)).isEqualTo("12.5");
        assertThat(OwnIdentifierCheck.text(true)).isNull();
    }

    @Test
    void lookupsAreThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            OwnIdentifierCheck check = new OwnIdentifierCheck(INDEX, OwnIdentifierMode.MASK, List.of("note"), Set.of());
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        Object[] row = {"山田太郎様 03-1234-5678"};
                        check.inspect(row, YAMADA);
                        assertThat(row[0]).isEqualTo("＜氏名＞様 ＜電話番号＞");
                    }
                }));
            }
            for (Future<?> f : done) f.get();
            assertThat(check.masked())
                    .containsExactly(
                            new OwnIdentifierCheck.Masked("note", "PERSON_NAME", 2000),
                            new OwnIdentifierCheck.Masked("note", "PHONE_NUMBER", 2000));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void memoryIsArraysOfHashesOnly() {
        OwnIdentifierIndex.Builder b = OwnIdentifierIndex.builder();
        int customers = 5_000;
        for (int i = 0; i < customers; i++) {
            String id = String.format("C%010d", i);
            b.add(id, "CUSTOMER_ID", "customers.customer_id", id);
            b.add(id, "PERSON_NAME", "customers.氏名", "山田 太郎" + (char) ('一' + i % 500));
            b.add(id, "PERSON_NAME", "customers.フリガナ", "ヤマダ タロウ");
            b.add(id, "PHONE_NUMBER", "customers.phone", String.format("03-%04d-%04d", i / 10000, i % 10000));
            b.add(id, "EMAIL_ADDRESS", "customers.email", "taro" + i + "@example.jp");
            b.add(
                    id,
                    "DATE_OF_BIRTH",
                    "customers.birth_date",
                    LocalDate.of(1950, 1, 1).plusDays(i));
            b.add(
                    id,
                    "ADDRESS",
                    "customers.address",
                    "東京都世田谷区本町3丁目" + (i % 30 + 1) + "-" + (i % 25 + 1) + " コーポ桜 302号室");
            b.add(id, "POSTAL_CODE", "customers.postal_code", "154-" + String.format("%04d", i % 10000));
        }
        OwnIdentifierIndex index = b.build();
        assertThat(index.customers()).isEqualTo(customers);
        double perCustomer = (double) index.bytes() / customers;
        double forms = (double) index.forms() / customers;
        System.out.printf("own-identifier index: %.1f forms and %.0f bytes per customer%n", forms, perCustomer);
        assertThat(forms).isBetween(20.0, 40.0);
        assertThat(perCustomer).isLessThan(400);
        assertThat(index.find("C0000001234", "ヤマダタロウ様")).isNotEmpty();
    }
}
