package jp.insurer.governance.policy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerKeyTest {

    /** Spellings an export can give one key, invisible or look-alike, that must all be C00012. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "C00012",
                "c00012 ",
                "Ｃ０００１２",
                "C00012\u0000\u0000",
                "C00\u00AD012",
                "C00\u2060012",
                "C00012\u2028",
                "\uFEFFC00012",
                "C\u200B00012",
                "C00012\t",
                "C00012\u00A0",
                "C\u200D00012"
            })
    void invisibleCharactersNeverTellTwoKeysApart(String spelling) {
        assertThat(CustomerKey.DEFAULT.normalize(spelling)).isEqualTo("C00012");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C-00012", "C\u201000012", "C\u201100012", "C\u201300012", "C\u221200012", "C\uFF0D00012"})
    void everyDashIsAHyphen(String spelling) {
        assertThat(CustomerKey.DEFAULT.normalize(spelling)).isEqualTo("C-00012");
    }

    @Test
    void withoutTheWhitespaceStepOnlyTheEndsAreStrippedButInvisiblesStillGo() {
        CustomerKey keys = new CustomerKey(true, false, true);
        assertThat(keys.normalize(" c 12\u00AD ")).isEqualTo("C 12");
    }

    @Test
    void blankOrInvisibleOnlyIsNoCustomer() {
        assertThat(CustomerKey.DEFAULT.normalize("\u0000\u200B \u3000")).isNull();
        assertThat(CustomerKey.DEFAULT.normalizeValue(null)).isNull();
    }

    @Test
    void columnValuesOfOtherTypesBecomeTheirText() {
        assertThat(CustomerKey.DEFAULT.normalizeValue("C00012".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("C00012");
        assertThat(CustomerKey.DEFAULT.normalizeValue("ｃ０００１２".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("C00012");
        assertThat(CustomerKey.DEFAULT.normalizeValue(12L)).isEqualTo("12");
        // not UTF-8: its bytes, never a Java object's identity (which would differ per row)
        byte[] raw = {(byte) 0xC3, (byte) 0x28, 0x01};
        assertThat(CustomerKey.DEFAULT.normalizeValue(raw))
                .isEqualTo("0XC32801")
                .isEqualTo(CustomerKey.DEFAULT.normalizeValue(raw.clone()));
    }

    @Test
    void binaryIdsThatAreNotTextStayApart() {
        byte[] a = {0, 0, 0, 0x41}; // big-endian 65
        byte[] b = {0, 0, 0x41, 0}; // big-endian 16640
        byte[] c = {0, 0, 0, 0x61}; // big-endian 97
        assertThat(CustomerKey.text(a)).isEqualTo("0x00000041");
        assertThat(java.util.stream.Stream.of(a, b, c).map(CustomerKey.DEFAULT::normalizeValue))
                .doesNotHaveDuplicates();
        byte[] padded = {'C', '1', '2', 0, 0, ' '};
        assertThat(CustomerKey.DEFAULT.normalizeValue(padded))
                .as("fixed-width text, padded")
                .isEqualTo("C12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "null", "N/A", "n/a", "-", "?", "nan", "None", "不明", "#N/A", "0", " N / A "})
    void placeholdersAreNoCustomer(String placeholder) {
        assertThat(CustomerKey.DEFAULT.normalize(placeholder)).isNull();
        assertThat(new CustomerKey(false, false, false).normalize(placeholder.strip()))
                .isNull();
    }

    @Test
    void wholeNumbersOfAnyTypeAreTheirDigits() {
        assertThat(CustomerKey.text(12345678.0)).isEqualTo("12345678");
        assertThat(CustomerKey.text(12f)).isEqualTo("12");
        assertThat(CustomerKey.text(new java.math.BigDecimal("12.00"))).isEqualTo("12");
        assertThat(CustomerKey.text(Double.NaN)).isNull();
    }

    @Test
    void normalizingTwiceChangesNothing() {
        for (String id : new String[] {"Ce\u200D\u0301 12", "Ｃ０\u00AD０１２", "c-00\u2212\u301C12"}) {
            String once = CustomerKey.DEFAULT.normalize(id);
            assertThat(CustomerKey.DEFAULT.normalize(once)).as(id).isEqualTo(once);
        }
    }

    @Test
    void skeletonsKeepLettersAndDigitsWithoutLeadingZeros() {
        assertThat(CustomerKey.skeleton("Cー00012")).isEqualTo("C12");
        assertThat(CustomerKey.skeleton("Ｃ００012")).isEqualTo("C12");
        assertThat(CustomerKey.skeleton("C00012")).isEqualTo("C12");
        assertThat(CustomerKey.skeleton("C-00012")).isEqualTo("C12");
        assertThat(CustomerKey.skeleton("C12")).isEqualTo("C12");
        assertThat(CustomerKey.skeleton("000123")).isEqualTo("123");
        assertThat(CustomerKey.skeleton("123")).isEqualTo("123");
        assertThat(CustomerKey.skeleton("C10020")).isEqualTo("C10020");
        assertThat(CustomerKey.skeleton("C13")).isNotEqualTo(CustomerKey.skeleton("C12"));
        assertThat(CustomerKey.digitSkeleton(CustomerKey.skeleton("C-00012"))).isEqualTo("12");
        assertThat(CustomerKey.digitSkeleton(CustomerKey.skeleton("00012"))).isEqualTo("12");
        assertThat(CustomerKey.digitSkeleton(CustomerKey.skeleton("ABC"))).isNull();
    }
}
