package jp.insurer.governance.policy.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.policy.detect.TestScanners;
import jp.insurer.governance.policy.detect.TextScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PseudonymizerTest {

    /** Key 0x00 0x01 … 0x1f (32 bytes). */
    static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < KEY.length; i++) KEY[i] = (byte) i;
    }

    /**
     * Known answers computed independently with Python's hmac module:
     * <pre>
     * python3 -c "
     * import hmac, hashlib
     * key = bytes(range(32)); a = 'bcdfghjkmnpqrstv'
     * for ctx, v in [('extract/rnd-internal', 'C000000001'), ('extract/rnd-internal', '顧客-42'), ('extract/other', 'C000000001')]:
     *     d = hmac.new(key, ctx.encode() + b'\x00' + v.encode(), hashlib.sha256).digest()[:12]
     *     print(d.hex(), 'p_' + ''.join(a[b >> 4] + a[b & 15] for b in d))"
     * </pre>
     */
    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', textBlock = """
        rnd-internal | C000000001 | p_cgmfgmtrmvtmnkrsfjnmmdjs
        rnd-internal | 顧客-42    | p_gbqsmqrqfdngvqcmrkrjsfsv
        other        | C000000001 | p_rqbgcgqfhnbvmgfhhjrtjktt
        """)
    void knownAnswers(String profile, String value, String expected) {
        assertThat(new Pseudonymizer(KEY, Pseudonymizer.contextFor(profile)).pseudonym(value))
                .isEqualTo(expected);
    }

    @Test
    void sameKeySameValueJoinsAndOtherKeysCannot() {
        Pseudonymizer a = new Pseudonymizer(KEY, "extract/p");
        Pseudonymizer again = new Pseudonymizer(KEY.clone(), "extract/p");
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        Pseudonymizer b = new Pseudonymizer(otherKey, "extract/p");
        assertThat(a.pseudonym("C000000001")).isEqualTo(again.pseudonym("C000000001"));
        assertThat(a.pseudonym("C000000001")).isNotEqualTo(b.pseudonym("C000000001"));
        assertThat(a.pseudonym("C000000001")).isNotEqualTo(a.pseudonym("C000000002"));
        assertThat(a.pseudonym(null)).isNull();
    }

    @Test
    void pseudonymsCannotBeMistakenForPersonalData() {
        Pseudonymizer p = new Pseudonymizer(KEY, "extract/p");
        TextScanner scanner = TestScanners.project();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String s = p.pseudonym(String.format("C%09d", i));
            assertThat(Pseudonymizer.looksLikePseudonym(s)).isTrue();
            assertThat(s).hasSize(26).startsWith("p_").doesNotContainPattern("[0-9aeiou]");
            assertThat(scanner.scanValue(s)).as(s).isEmpty();
            seen.add(s);
        }
        assertThat(seen).hasSize(2_000);
        for (String notOne : new String[] {
            "C000000001",
            "p_bcdfghjkmnpqrstvbcdfghja",
            "p_bcdfghjkmnpqrstvbcdfgh1k",
            "p_bcdfghjkmnpqrstvbcdfghｋ",
            "p_bcdfghjkmnpqrstvbcdfgh",
            "q_bcdfghjkmnpqrstvbcdfghjk",
            ""
        }) {
            assertThat(Pseudonymizer.looksLikePseudonym(notOne)).as(notOne).isFalse();
        }
        assertThat(Pseudonymizer.looksLikePseudonym("p_bcdfghjkmnpqrstvbcdfghjk"))
                .isTrue();
    }

    @Test
    void keysComeFromTheEnvironmentAndNeverAppearInErrors() {
        String encoded = Base64.getEncoder().encodeToString(KEY);
        assertThat(Pseudonymizer.fromEnvironment("K", Map.of("K", encoded), "rnd-internal")
                        .pseudonym("C000000001"))
                .isEqualTo("p_cgmfgmtrmvtmnkrsfjnmmdjs");
        assertThat(Pseudonymizer.fromEnvironment(
                                "K", Map.of("K", Base64.getUrlEncoder().encodeToString(KEY)), "rnd-internal")
                        .pseudonym("C000000001"))
                .isEqualTo("p_cgmfgmtrmvtmnkrsfjnmmdjs");
        assertThatThrownBy(() -> Pseudonymizer.fromEnvironment("K", Map.of(), "x"))
                .hasMessageContaining("'K' is not set");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> Pseudonymizer.fromEnvironment("K", Map.of("K", shortKey), "x"))
                .hasMessageContaining("16 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> Pseudonymizer.fromEnvironment("K", Map.of("K", "not base64!"), "x"))
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining("not base64!");
        assertThat(new Pseudonymizer(KEY, "c").toString()).doesNotContain(encoded);
    }
}
