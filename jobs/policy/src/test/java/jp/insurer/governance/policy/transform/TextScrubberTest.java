package jp.insurer.governance.policy.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import jp.insurer.governance.policy.detect.TestScanners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ScrubText over Japanese text: typed placeholders, code-point offsets, 機微情報 only where allowed. */
class TextScrubberTest {

    private final TextScrubber scrubber = new TextScrubber(TestScanners.project());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        full-width phone        | 山田太郎様より電話あり。折り返しは０９０－１２３４－５６７８まで。 | ＜氏名＞様より電話あり。折り返しは＜電話番号＞まで。 | PERSON_NAME@0-4 PHONE_NUMBER@17-23
        e-mail and My Number    | ご連絡先：taro.yamada@example.co.jp、マイナンバー１２３４５６７８９０１８ | ご連絡先：＜メール＞、マイナンバー＜マイナンバー＞ | EMAIL_ADDRESS@5-10 MY_NUMBER@17-25
        sensitive, postal, addr | お客様は糖尿病で通院中。〒150-0002 東京都渋谷区渋谷2-21-1にお住まい。 | お客様は＜機微情報＞で＜機微情報＞中。〒＜郵便番号＞ ＜住所＞にお住まい。 | SENSITIVE@4-10 SENSITIVE@11-17 POSTAL_CODE@20-26 ADDRESS@27-31
        surrogate pair before   | 𠮷田様（生年月日1985年4月1日）より入院給付金の請求。電話 03-1234-5678 | 𠮷＜氏名＞様（生年月日＜生年月日＞）より入院給付金の請求。電話 ＜電話番号＞ | PERSON_NAME@1-5 DATE_OF_BIRTH@11-17 PHONE_NUMBER@32-38
        nothing to scrub        | 保険料の口座振替について問い合わせ。 | 保険料の口座振替について問い合わせ。 | ''
        """)
    void replacesFindingsWithTypedPlaceholders(String name, String text, String expected, String replacements) {
        TextScrubber.Result result = scrubber.scrubWithReport(text, false);
        assertThat(result.text()).isEqualTo(expected);
        assertThat(scrubber.scrub(text, false)).isEqualTo(expected);
        String actual = result.replacements().stream()
                .map(r -> r.type() + "@" + r.start() + "-" + r.end())
                .collect(Collectors.joining(" "));
        assertThat(actual).isEqualTo(replacements == null ? "" : replacements);
        // offsets are code points of the output: each names exactly its placeholder
        int[] cps = result.text().codePoints().toArray();
        for (TextScrubber.Replacement r : result.replacements()) {
            assertThat(new String(cps, r.start(), r.end() - r.start())).isEqualTo(TextScrubber.placeholder(r.type()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        policy number          | 証券番号P-2024-00123について照会。 | 証券番号＜識別番号＞について照会。
        member code, full width | 会員番号ＡＢ１２３４５の変更 | 会員番号＜識別番号＞の変更
        reference token         | 照会キー CANARY7Q2X9 を確認 | 照会キー ＜識別番号＞ を確認
        long digit run          | 受付番号20240315001で受付 | 受付番号＜識別番号＞で受付
        amounts and ICD-10 stay | 請求額120,000円、診断 J18.9、E11 にて3日入院、10:30来店 | 請求額120,000円、診断 J18.9、E11 にて3日入院、10:30来店
        """)
    void identifierLikeCodesAreMaskedButAmountsAndDiagnosisCodesStay(String name, String text, String expected) {
        assertThat(TextScrubber.maskCodes(text)).isEqualTo(expected);
        assertThat(scrubber.scrub(text, true)).isEqualTo(expected);
    }

    @Test
    void sensitiveMentionsStayOnlyWhereTheGateAllowsThem() {
        String text = "お客様は糖尿病で通院中。電話 03-1234-5678";
        assertThat(scrubber.scrub(text, true)).isEqualTo("お客様は糖尿病で通院中。電話 ＜電話番号＞");
        assertThat(scrubber.scrub(text, false)).isEqualTo("お客様は＜機微情報＞で＜機微情報＞中。電話 ＜電話番号＞");
    }

    @Test
    void placeholdersCoverEveryBuiltInTypeAndNeverEchoTheValue() {
        assertThat(TextScrubber.PLACEHOLDERS.keySet())
                .containsAll(jp.insurer.governance.policy.detect.EntityTypes.BUILT_IN);
        assertThat(TextScrubber.placeholder("SOME_CUSTOM_TYPE")).isEqualTo("＜個人情報＞");
        assertThat(scrubber.scrub(null, false)).isNull();
        assertThat(scrubber.scrub("", false)).isEmpty();
        assertThat(List.of("＜電話番号＞", "＜氏名＞", "＜住所＞", "＜メール＞", "＜マイナンバー＞", "＜カード番号＞", "＜口座番号＞", "＜生年月日＞"))
                .allMatch(TextScrubber.PLACEHOLDERS::containsValue);
    }
}
