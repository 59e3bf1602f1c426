package jp.insurer.governance.policy.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.detect.TextScanner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnClassifierTest {

    static final Path CONFIG = Path.of(System.getProperty("project.root"), "config");
    static ColumnClassifier classifier;

    @BeforeAll
    static void load() {
        TextScanner scanner = TextScanner.fromConfig(CONFIG);
        classifier = new ColumnClassifier(ClassificationPolicy.load(CONFIG), scanner::scanValue);
    }

    /** Columns from a store the shipped config has never seen: names in English, romaji, Japanese. */
    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        crm_export | contact_tel    | 090-1234-5678;03(3333)4444;０８０－１１１１－２２２２;+81 70 1234 5678 | DIRECT_IDENTIFIER | DETECTED | -
        crm_export | renraku        | 090-1234-5678;03-3333-4444;080-1111-2222;070-9999-0000          | DIRECT_IDENTIFIER | DETECTED | -
        crm_export | shimei         | 山田 太郎;佐藤 花子;鈴木 一郎;高橋 美咲                           | DIRECT_IDENTIFIER | DETECTED | -
        crm_export | 顧客ID         | C000001;C000002;C000003;C000004                                  | DIRECT_IDENTIFIER | HINT     | -
        crm_export | mail           | a.b@example.co.jp;x@example.com;taro@example.ne.jp;q@example.org | DIRECT_IDENTIFIER | DETECTED | -
        crm_export | kojin_bango    | 621498320257;-;-;-                                               | DIRECT_IDENTIFIER | DETECTED | -
        crm_export | seinengappi    | 1980-03-02;1975-12-31;2001-01-01;1960-07-15                      | QUASI_IDENTIFIER  | DETECTED | -
        crm_export | seibetsu       | M;F;F;M                                                          | QUASI_IDENTIFIER  | HINT     | -
        crm_export | opened_on      | 2024-03-02;2023-12-31;2021-01-01;2020-07-15                      | UNKNOWN           | NONE     | -
        crm_export | memo_text      | 山田様より電話あり、住所変更の依頼。新住所は後日連絡とのこと。;お客様から解約の相談。来月の更新前に再度連絡する予定。;-;- | FREE_TEXT | DETECTED | -
        crm_export | x17            | 山田様より電話あり、住所変更の依頼。新住所は後日連絡とのこと。;お客様から解約の相談。来月の更新前に再度連絡する予定。;-;- | FREE_TEXT | DETECTED | -
        crm_export | byomei         | 2型糖尿病;急性虫垂炎;うつ病;胃がん                                   | SENSITIVE         | DETECTED | HEALTH
        crm_export | col_a          | 2型糖尿病;急性虫垂炎;うつ病;胃がん                                   | SENSITIVE         | DETECTED | HEALTH
        crm_export | premium_yen    | 12000;8000;45000;3000                                            | NON_PERSONAL      | HINT     | -
        crm_export | mystery        | 12000;8000;45000;3000                                            | UNKNOWN           | NONE     | -
        crm_export | empty_col      | -;-;-;-                                                          | UNKNOWN           | NONE     | -
        crm_export | remote_addr    | 192.168.0.1;10.0.0.2;2001:db8::1;172.16.5.4                      | DIRECT_IDENTIFIER | DETECTED | -
        legal_holds| subject_id     | C000001;P000002;C000003;C000004                                  | DIRECT_IDENTIFIER | RULE     | -
        """)
    void classifiesFromRulesEvidenceAndNames(
            String dataset, String column, String values, Role role, DecisionSource source, String kind) {
        ColumnClassification c = classifier.classify(dataset, column, "BINARY/STRING", values(values));
        assertThat(c.role()).as(c.evidence()).isEqualTo(role);
        assertThat(c.source()).as(c.evidence()).isEqualTo(source);
        assertThat(c.sensitiveKind()).isEqualTo(kind);
        assertThat(c.evidence()).isNotBlank();
        assertThat(c.confidence()).isBetween(0.0, 1.0);
    }

    /** Check digit computed here from the published rule, not with the detector's code. */
    static long myNumber(long eleven) {
        String base = String.format("%011d", eleven);
        int sum = 0;
        for (int n = 1; n <= 11; n++) sum += (base.charAt(11 - n) - '0') * (n <= 6 ? n + 1 : n - 5);
        int r = sum % 11;
        return Long.parseLong(base + (r <= 1 ? 0 : 11 - r));
    }

    @Test
    void numbersHoldingMyNumbersOrPhoneNumbersAreIdentifiersWhateverTheNameHints() {
        List<Object> refs = new ArrayList<>();
        for (int i = 0; i < 40; i++) refs.add(i < 10 ? null : myNumber(31_415_926_535L + 7919L * i));
        ColumnClassification ref = classifier.classify("policies", "ref_no", "INT64", refs, null);
        assertThat(ref.role()).as(ref.evidence()).isEqualTo(Role.DIRECT_IDENTIFIER);
        assertThat(ref.source()).isEqualTo(DecisionSource.DETECTED);
        assertThat(ref.evidence()).contains("MY_NUMBER");

        List<Object> phones = new ArrayList<>();
        for (int i = 0; i < 40; i++) phones.add(9_012_340_000L + 37L * i); // 090-1234-… stored as INT64
        ColumnClassification contact = classifier.classify("policies", "contact_no", "INT64", phones, null);
        assertThat(contact.role()).as(contact.evidence()).isEqualTo(Role.DIRECT_IDENTIFIER);
        assertThat(contact.evidence()).contains("PHONE_NUMBER");

        List<Object> amounts = new ArrayList<>();
        for (int i = 0; i < 40; i++) amounts.add(new java.math.BigDecimal(3000 + 500 * (i % 7) + ".00"));
        ColumnClassification premium = classifier.classify("policies", "premium_jpy", "DECIMAL", amounts, null);
        assertThat(premium.role()).as(premium.evidence()).isEqualTo(Role.NON_PERSONAL);
    }

    @Test
    void aNameHintAloneIsAHintNeverARule() {
        ColumnClassification c = classifier.classify("policies", "line_id", "BINARY/STRING", values("Ua1;Ub2;Uc3;Ud4"));
        assertThat(c.role()).isEqualTo(Role.NON_PERSONAL);
        assertThat(c.source()).isEqualTo(DecisionSource.HINT);
        assertThat(c.confidence()).isLessThan(0.5);
        assertThat(c.evidence()).contains("a name, not a rule");
    }

    @Test
    void valuesThatFollowTheCustomerIdentifyHimWhateverTheNameHints() {
        // 30 customers with 3 policies each: line_id repeats per customer, the product is shared
        List<Object> lines = new ArrayList<>();
        List<Object> products = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            for (int p = 0; p < 3; p++) {
                lines.add("U" + Integer.toHexString(0x5eed0 + 17 * c));
                products.add("PRD-" + ((c + p) % 4));
                customers.add("C" + c);
            }
        }
        ColumnClassification line = classifier.classify("policies", "line_id", "BINARY/STRING", lines, customers);
        assertThat(line.role()).as(line.evidence()).isEqualTo(Role.DIRECT_IDENTIFIER);
        assertThat(line.source()).isEqualTo(DecisionSource.DETECTED);
        assertThat(line.evidence()).contains("values follow the customer: 30 of 30");
        ColumnClassification product =
                classifier.classify("policies", "product_name", "BINARY/STRING", products, customers);
        assertThat(product.role()).as(product.evidence()).isEqualTo(Role.NON_PERSONAL);
        assertThat(product.source()).isEqualTo(DecisionSource.HINT);
    }

    @Test
    void detectionBeatsAMisleadingName() {
        // A "memo" column that is really a phone column is classified by its values.
        ColumnClassification c = classifier.classify(
                "x", "memo", "BINARY/STRING", values("090-1234-5678;03-3333-4444;080-1111-2222;070-9999-0000"));
        assertThat(c.role()).isEqualTo(Role.DIRECT_IDENTIFIER);
        assertThat(c.evidence()).contains("PHONE_NUMBER in 100%");
    }

    @Test
    void datasetCategoriesAndTypeCategoriesCombine() {
        ColumnClassification card = classifier.classify(
                "web_events",
                "pay_ref",
                "BINARY/STRING",
                values("4111111111111111;5555555555554444;3530111333300000;4012888888881881"));
        assertThat(card.role()).isEqualTo(Role.DIRECT_IDENTIFIER);
        assertThat(card.categories())
                .containsExactlyInAnyOrder(
                        AcquisitionCategory.DEVICE_COOKIE,
                        AcquisitionCategory.USAGE,
                        AcquisitionCategory.PAYMENT_IDENTITY);
    }

    @Test
    void ruleCallingAnIdentifierNonPersonalIsAConflict(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("classification.yml"),
                Files.readString(CONFIG.resolve("classification.yml"))
                        .replace("columns:\n", "columns:\n  - {dataset: crm, column: contact, role: NON_PERSONAL}\n"));
        ColumnClassifier withRule =
                new ColumnClassifier(ClassificationPolicy.load(dir), TextScanner.fromConfig(CONFIG)::scanValue);
        ColumnClassification c = withRule.classify(
                "crm", "contact", "BINARY/STRING", values("090-1234-5678;03-3333-4444;080-1111-2222;070-9999-0000"));
        assertThat(c.role()).isEqualTo(Role.NON_PERSONAL);
        assertThat(c.source()).isEqualTo(DecisionSource.RULE);
        assertThat(c.conflict()).contains("PHONE_NUMBER").contains("100%");
    }

    @Test
    void freeTextOfASensitiveTopicDatasetCarriesTheTopic(@TempDir Path dir) throws IOException {
        String notes = "支払相当と判断、書類を確認した上で手続きを進める予定です;追加書類として領収書の提出を依頼しているところです;"
                + "約款上の免責事由に該当しないため支払を決定しました;査定は完了し、契約者へ結果を通知済みとなっています";
        ColumnClassification claims = classifier.classify("claims", "assessment_note", "BINARY/STRING", values(notes));
        assertThat(claims.role()).isEqualTo(Role.FREE_TEXT);
        assertThat(claims.sensitiveKind()).isEqualTo("HEALTH");
        assertThat(claims.evidence()).contains("free text of a 機微 topic (HEALTH) dataset");
        ColumnClassification contact = classifier.classify("contact_notes", "note", "BINARY/STRING", values(notes));
        assertThat(contact.role()).isEqualTo(Role.FREE_TEXT);
        assertThat(contact.sensitiveKind()).isNull();

        Files.writeString(
                dir.resolve("classification.yml"),
                Files.readString(CONFIG.resolve("classification.yml"))
                        .replace("sensitive_topic: HEALTH", "sensitive_topic: MEDICAL"));
        assertThatThrownBy(() -> ClassificationPolicy.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("classification.yml:")
                .hasMessageContaining("datasets[2].sensitive_topic")
                .hasMessageContaining("unknown value 'MEDICAL'");
    }

    @Test
    void badConfigNamesFileLineAndField(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("classification.yml"),
                Files.readString(CONFIG.resolve("classification.yml"))
                        .replace("columns:\n", "columns:\n  - {dataset: crm, column: c, role: SECRET}\n"));
        assertThatThrownBy(() -> ClassificationPolicy.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("classification.yml:")
                .hasMessageContaining("columns[0].role")
                .hasMessageContaining("unknown value 'SECRET'");
    }

    private static List<String> values(String joined) {
        List<String> out = new ArrayList<>();
        for (String v : Arrays.asList(joined.split(";"))) out.add(v.trim().equals("-") ? null : v.trim());
        return out;
    }
}
