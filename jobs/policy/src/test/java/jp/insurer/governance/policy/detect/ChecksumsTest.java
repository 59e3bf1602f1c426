package jp.insurer.governance.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChecksumsTest {

    @ParameterizedTest(name = "my number {0} -> {1}")
    @CsvSource({
        "621498320257, true",
        "123456789018, true",
        "621498320258, false",
        "621498320250, false",
        "62149832025, false", // 11 digits
        "6214983202570, false", // 13 digits
        "62149832025a, false"
    })
    void myNumber(String digits, boolean valid) {
        assertThat(Checksums.myNumber(digits)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "corporate {0} -> {1}")
    @CsvSource({
        "5835678256246, true",
        "7000012050002, true", // National Tax Agency's own corporate number
        "4835678256246, false",
        "5835678256247, false",
        "583567825624, false"
    })
    void corporateNumber(String digits, boolean valid) {
        assertThat(Checksums.corporateNumber(digits)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "luhn {0} -> {1}")
    @CsvSource({
        "4111111111111111, true",
        "3530111333300000, true",
        "378282246310005, true",
        "06139869, true",
        "4111111111111112, false",
        "06139868, false",
        "0, false"
    })
    void luhn(String digits, boolean valid) {
        assertThat(Checksums.luhn(digits)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "mod11 {0} -> {1}")
    @CsvSource({"621498320257, true", "12343, true", "12340, false", "1230, false"})
    void mod11MatchesMyNumberRule(String digits, boolean valid) {
        assertThat(Checksums.mod11(digits)).isEqualTo(valid);
    }
}
