package jp.insurer.governance.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table-driven vectors per detector, through the scanner built from the repository's config:
 * text | type | the exact original substring expected, or empty when the type must NOT be found.
 */
class DetectorVectorsTest {

    private static List<String> found(String text, String type) {
        int[] cps = text.codePoints().toArray();
        return TestScanners.project().scan(text).stream()
                .filter(f -> f.type().equals(type))
                .map(f -> new String(cps, f.start(), f.end() - f.start()))
                .toList();
    }

    private static void check(String text, String type, String expected) {
        List<String> spans = found(text, type);
        if (expected == null || expected.isEmpty()) {
            assertThat(spans).as("no %s expected in: %s", type, text).isEmpty();
        } else {
            assertThat(spans).as("%s in: %s", type, text).contains(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "携帯 090-1234-5678 まで | 090-1234-5678",
                "ＴＥＬ：０９０－１２３４－５６７８ | ０９０－１２３４－５６７８",
                "tel03-1234-5678 | 03-1234-5678",
                "ｔｅｌ０３１２３４５６７８へ | ０３１２３４５６７８",
                "代表 03(1234)5678 | 03(1234)5678",
                "フリーダイヤル0120-123-456 | 0120-123-456",
                "+81 90-1234-5678 (mobile) | +81 90-1234-5678",
                "090ー1234ー5678 | 090ー1234ー5678",
                "会員番号 123456789012 | ",
                "金額 ¥12,345 | ",
                "14:30 に来店 | ",
                "商品コードAB0312345678 | "
            })
    void phone(String text, String expected) {
        check(text, EntityTypes.PHONE_NUMBER, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "メール taro.yamada@example.co.jp まで | taro.yamada@example.co.jp",
                "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ | ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ",
                "連絡はinfo@example.comへ。 | info@example.com",
                "foo@bar | ",
                "@username | "
            })
    void email(String text, String expected) {
        check(text, EntityTypes.EMAIL_ADDRESS, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "カード 4111 1111 1111 1111 | 4111 1111 1111 1111",
                "JCB 3530-1113-3330-0000 | 3530-1113-3330-0000",
                "ＪＣＢ　３５３０１１１３３３３０００００ | ３５３０１１１３３３３０００００",
                "AMEX 378282246310005 | 378282246310005",
                "カード 4111 1111 1111 1112 | ",
                "番号 3500111333300000 | "
            })
    void creditCard(String text, String expected) {
        check(text, EntityTypes.CREDIT_CARD, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "マイナンバー：621498320257 | 621498320257",
                "個人番号 6214 9832 0257 | 6214 9832 0257",
                "個人番号 ６２１４－９８３２－０２５７ | ６２１４－９８３２－０２５７",
                "マイナンバー 621498320258 | ",
                "個人番号 6214983202571 | "
            })
    void myNumber(String text, String expected) {
        check(text, EntityTypes.MY_NUMBER, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "法人番号 5835678256246 | 5835678256246",
                "法人番号：5-8356-7825-6246 | 5-8356-7825-6246",
                "法人番号 4835678256246 | "
            })
    void corporateNumber(String text, String expected) {
        check(text, EntityTypes.CORPORATE_NUMBER, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "保険者番号 06139869 | 06139869",
                "被保険者証 保険者番号：０６１３９８６９ | ０６１３９８６９",
                "保険者番号 06139868 | ",
                "注文番号 06139869 | "
            })
    void healthInsuranceNumber(String text, String expected) {
        check(text, EntityTypes.HEALTH_INSURANCE_NUMBER, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "運転免許証番号 123456789012 | 123456789012",
                "免許証No.1234-5678-9012 | 1234-5678-9012",
                "受付番号 123456789012 | "
            })
    void driversLicense(String text, String expected) {
        check(text, EntityTypes.DRIVERS_LICENSE, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "旅券番号 TK1234567 | TK1234567",
                "パスポート ｔｋ１２３４５６７ | ",
                "パスポート ＴＫ１２３４５６７ | ＴＫ１２３４５６７",
                "商品コード AB1234567 | "
            })
    void passport(String text, String expected) {
        check(text, EntityTypes.PASSPORT, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"振込先 普通預金 口座番号1234567 | 1234567", "口座：当座　７６５４３２１ | ７６５４３２１", "在庫数 1234567 個 | "})
    void bankAccount(String text, String expected) {
        check(text, EntityTypes.BANK_ACCOUNT, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "〒100-0001 | 100-0001",
                "〒１００－０００１ | １００－０００１",
                "郵便番号 530-0001 | 530-0001",
                "530-0001 大阪府大阪市北区梅田1-1 | 530-0001",
                "内線 123-4567 | "
            })
    void postalCode(String text, String expected) {
        check(text, EntityTypes.POSTAL_CODE, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "住所は東京都千代田区丸の内1-2-3です | 東京都千代田区丸の内1-2-3",
                "大阪府大阪市北区梅田三丁目1番3号 梅田ビル5階 | 大阪府大阪市北区梅田三丁目1番3号 梅田ビル5階",
                "横浜市中区山下町123番地の4に転居 | 横浜市中区山下町123番地の4",
                "北海道河東郡音更町木野大通西7丁目 | 北海道河東郡音更町木野大通西7丁目",
                "東京都内の支店で | "
            })
    void address(String text, String expected) {
        check(text, EntityTypes.ADDRESS, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "生年月日：昭和55年3月2日 | 昭和55年3月2日",
                "平成元年5月1日生まれ | 平成元年5月1日",
                "生年月日 S55.3.2 | S55.3.2",
                "誕生日は1980年3月2日です | 1980年3月2日",
                "DOB: 1980/03/02 | 1980/03/02",
                "1980-3-2生 | 1980-3-2",
                "born March 2, 1980 | March 2, 1980",
                "生年月日 令和2年2月30日 | ",
                "2024年4月1日に契約 | ",
                "生年月日 1980/3/2、契約日 2024/4/1 | 1980/3/2",
                "平成二年三月四日生まれ | 平成二年三月四日",
                "誕生日は3月3日です | 3月3日",
                "3月3日に来店予定 | ",
                "昭和55年生まれの男性 | 昭和55年",
                "1980年3月生 | 1980年3月",
                "2024年に入社 | "
            })
    void dateOfBirth(String text, String expected) {
        check(text, EntityTypes.DATE_OF_BIRTH, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "接続元IP 192.168.10.25 | 192.168.10.25",
                "アクセス元：2001:db8::1 | 2001:db8::1",
                "999.1.1.1 | ",
                "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0 Safari/537.36 | ",
                "会議 10:30:00 | "
            })
    void ipAddress(String text, String expected) {
        check(text, EntityTypes.IP_ADDRESS, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "契約者：山田太郎様 | 山田太郎",
                "担当の佐藤です | 佐藤",
                "被保険者 鈴木 花子さん | 鈴木 花子",
                "ジョン・スミスさんから電話 | ジョン・スミス",
                "Taro Yamada 様 | Taro Yamada",
                "Mr. Smith called | Smith",
                "お客様より入電 | ",
                "皆様へのお知らせ | ",
                "担当者様へ転送 | ",
                "長野支店の山本支店長が講演 | 山本",
                "契約者氏名：山田太郎 | 山田太郎",
                "お客様: こんにちは スズキ マコトです | スズキ マコト",
                "申込者 JOHNSON EMILY 様 | JOHNSON EMILY",
                "千葉さんから電話 | 千葉",
                "千葉に転居予定 | ",
                "宮城県仙台市 | "
            })
    void personName(String text, String expected) {
        check(text, EntityTypes.PERSON_NAME, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "胃がんと診断された | HEALTH | 胃がん",
                "うつ病で通院中 | HEALTH | うつ病",
                "ｳﾂ病の既往 | HEALTH | ｳﾂ病",
                "障害者手帳2級 | DISABILITY | 障害者手帳",
                "前科がある | CRIMINAL_RECORD | 前科",
                "被害届を出した | CRIME_VICTIM | 被害届",
                "生活保護を受給 | SOCIAL_STATUS | 生活保護",
                "労働組合に加入 | TRADE_UNION | 労働組合",
                "本籍地は大阪 | REGISTERED_DOMICILE | 本籍地",
                "被差別部落の出身 | FAMILY_ORIGIN | 被差別部落",
                "性的指向について | SEX_LIFE | 性的指向",
                "HIV陽性 | HEALTH | HIV",
                "創価学会の会員 | CREED | 創価学会",
                "アイヌ民族の文化 | RACE | アイヌ民族",
                "がんばってください | HEALTH | ",
                "がん保険のご案内 | HEALTH | ",
                "システム障害が発生 | DISABILITY | ",
                "SHIVA様 | HEALTH | ",
                "昨年ベーチェット病と診断 | HEALTH | ベーチェット病",
                "大規模システム障害が発生 | HEALTH | ",
                "臆病な性格 | HEALTH | ",
                "三大疾病保障の特約 | HEALTH | "
            })
    void sensitive(String text, String kind, String expected) {
        int[] cps = text.codePoints().toArray();
        List<String> spans = TestScanners.project().scan(text).stream()
                .filter(f -> f.type().equals(EntityTypes.SENSITIVE))
                .map(f -> f.kind() + ":" + new String(cps, f.start(), f.end() - f.start()))
                .toList();
        if (expected == null || expected.isEmpty()) assertThat(spans).as(text).isEmpty();
        else assertThat(spans).as(text).contains(kind + ":" + expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"証券番号 RS-2024-0012345 | RS-2024-0012345", "ＲＳ－２０２４－００１２３４５ | ＲＳ－２０２４－００１２３４５", "RS-24-0012345 | "})
    void customPolicyNumber(String text, String expected) {
        check(text, "POLICY_NUMBER", expected);
    }
}
