package jp.insurer.governance.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyedHashTest {

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) k[i] = (byte) (i + seed);
        return k;
    }

    /** Vectors computed independently with Python's hmac module. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
        C0000001, QgsBVsH4l6w8yZHmsgBWcw
        顧客-001,  PhAXdH-_G_AhM-BGCaoJ1A
        """)
    void matchesAnIndependentHmacImplementation(String id, String expected) {
        KeyedHash h = new KeyedHash(key(0), "audit/customer");
        assertThat(h.hash(id)).isEqualTo(expected).hasSize(22).matches("[A-Za-z0-9_-]{22}");
        assertThat(h.keyId()).isEqualTo("manXyH9N");
    }

    @Test
    void deterministicAcrossInstancesAndThreads() throws InterruptedException {
        KeyedHash a = new KeyedHash(key(0), "audit/customer");
        KeyedHash b = new KeyedHash(key(0), "audit/customer");
        String[] fromThread = new String[1];
        Thread t = new Thread(() -> fromThread[0] = a.hash("C0000001"));
        t.start();
        t.join();
        assertThat(a.hash("C0000001")).isEqualTo(b.hash("C0000001")).isEqualTo(fromThread[0]);
    }

    @Test
    void anotherKeyOrContextGivesUnrelatedHashes() {
        KeyedHash audit = new KeyedHash(key(0), "audit/customer");
        KeyedHash otherKey = new KeyedHash(key(1), "audit/customer");
        KeyedHash otherUse = new KeyedHash(key(0), "extract/customer");
        assertThat(otherKey.hash("C0000001")).isNotEqualTo(audit.hash("C0000001"));
        assertThat(otherUse.hash("C0000001")).isNotEqualTo(audit.hash("C0000001"));
        assertThat(otherKey.keyId()).isNotEqualTo(audit.keyId());
    }

    @Test
    void distinctIdsGiveDistinctHashes() {
        KeyedHash h = new KeyedHash(key(0), "audit/customer");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) seen.add(h.hash(String.format("C%07d", i)));
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void keyIsCopiedNeverShownAndMustBeLongEnough() {
        byte[] k = key(0);
        KeyedHash h = new KeyedHash(k, "audit/customer");
        String before = h.hash("C0000001");
        Arrays.fill(k, (byte) 0);
        assertThat(h.hash("C0000001")).isEqualTo(before);
        assertThat(h.toString()).contains("audit/customer", h.keyId()).doesNotContain("0102030405");
        assertThatThrownBy(() -> new KeyedHash(new byte[16], "audit/customer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void affectedCustomersAreDistinctSortedAndDigestedLikeASideFile() throws Exception {
        KeyedHash h = new KeyedHash(key(0), "audit/customer");
        AffectedCustomers c = new AffectedCustomers(h);
        c.add("C2");
        c.add("C1");
        c.add("C2");
        c.add(null);
        assertThat(c.count()).isEqualTo(2);
        assertThat(c.sorted()).isSorted().containsExactlyInAnyOrder(h.hash("C1"), h.hash("C2"));
        String sideFile = String.join("\n", c.sorted()) + "\n";
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(sideFile.getBytes("UTF-8"));
        assertThat(AffectedCustomers.digest(c.sorted()))
                .isEqualTo(java.util.HexFormat.of().formatHex(sha));
    }
}
