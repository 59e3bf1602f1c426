package jp.insurer.governance.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScanTextTest {

    private static String originalSpan(ScanText t, int normStart, int normEnd) {
        int[] cps = t.original().codePoints().toArray();
        int s = t.originalStart(normStart);
        int e = t.originalEnd(normEnd);
        return new String(cps, s, e - s);
    }

    @Test
    void fullWidthBecomesAsciiAndMapsBack() {
        ScanText t = new ScanText("電話：０９０－１２３４－５６７８", null);
        assertThat(t.normalized()).isEqualTo("電話:090-1234-5678");
        int at = t.normalized().indexOf("090");
        assertThat(originalSpan(t, at, t.length())).isEqualTo("０９０－１２３４－５６７８");
        assertThat(t.originalStart(at)).isEqualTo(3);
    }

    @Test
    void surrogatePairsCountAsOneCodePoint() {
        ScanText t = new ScanText("😀a𠮷b", null);
        assertThat(t.originalCodePointCount()).isEqualTo(4);
        int b = t.normalized().indexOf('b');
        assertThat(t.originalStart(b)).isEqualTo(3);
        assertThat(t.originalEnd(b + 1)).isEqualTo(4);
    }

    @Test
    void halfWidthKatakanaWithVoicingMarkComposesIntoOneChar() {
        ScanText t = new ScanText("ｶﾞｽ代 03-1234-5678", null);
        assertThat(t.normalized()).startsWith("ガス代");
        assertThat(t.originalStart(1)).isEqualTo(2); // ス came from the third code point
        int at = t.normalized().indexOf("03");
        assertThat(t.originalStart(at)).isEqualTo(5);
    }

    @Test
    void expandingCompatibilityCharactersMapToTheirSource() {
        ScanText t = new ScanText("㍻2年 ①", null);
        assertThat(t.normalized()).isEqualTo("平成2年 1");
        assertThat(t.originalStart(1)).isEqualTo(0);
        assertThat(t.originalEnd(2)).isEqualTo(1);
        assertThat(t.originalStart(t.length() - 1)).isEqualTo(4);
    }

    @Test
    void dashesAndLongVowelMarksBetweenDigitsBecomeHyphens() {
        assertThat(new ScanText("090ー1234ー5678", null).normalized()).isEqualTo("090-1234-5678");
        assertThat(new ScanText("03−1234‐5678", null).normalized()).isEqualTo("03-1234-5678");
        assertThat(new ScanText("コーヒー", null).normalized()).isEqualTo("コーヒー");
    }

    @Test
    void formatCharactersAreDroppedAndGoWithTheCharacterBefore() {
        ScanText t = new ScanText("7937\u200B8208\uFEFF2345\u00AD様", null);
        assertThat(t.normalized()).isEqualTo("793782082345様");
        assertThat(t.originalCodePointCount()).isEqualTo(16);
        assertThat(originalSpan(t, 0, 12)).isEqualTo("7937\u200B8208\uFEFF2345\u00AD");
        assertThat(t.originalStart(12)).isEqualTo(15);
        assertThat(new ScanText("\uFEFF番号", null).normalized()).isEqualTo("番号");
    }

    @Test
    void lowerIsAsciiLowerCaseOfTheSameLength() {
        ScanText t = new ScanText("ＴＥＬ Mail", null);
        assertThat(t.lower()).isEqualTo("tel mail");
        assertThat(t.lower()).hasSameSizeAs(t.normalized());
    }
}
