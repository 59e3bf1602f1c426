package jp.insurer.governance.policy.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** Against the FIPS 180-2 example vectors, so every variant gives the same bytes as before. */
class Sha256Test {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String TWO_BLOCKS = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    private static final String TWO_BLOCKS_INPUT = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

    @Test
    void everyVariantGivesTheStandardDigest() throws IOException {
        assertThat(Sha256.hex("abc")).isEqualTo(ABC);
        assertThat(Sha256.hex("")).isEqualTo(EMPTY);
        assertThat(Sha256.hex(TWO_BLOCKS_INPUT.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(TWO_BLOCKS);
        assertThat(Sha256.of("abc".getBytes(StandardCharsets.UTF_8)))
                .hasSize(32)
                .startsWith((byte) 0xba, (byte) 0x78);
        assertThat(Sha256.hex(new ByteArrayInputStream(TWO_BLOCKS_INPUT.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(TWO_BLOCKS);
        MessageDigest parts = Sha256.newDigest();
        parts.update("ab".getBytes(StandardCharsets.UTF_8));
        parts.update((byte) 'c');
        assertThat(Sha256.hex(parts)).isEqualTo(ABC);
    }

    @Test
    void aStreamLongerThanTheBufferIsDigestedWhole() throws IOException {
        byte[] large = new byte[600 * 1024 + 17];
        for (int i = 0; i < large.length; i++) large[i] = (byte) (i * 31);
        assertThat(Sha256.hex(new ByteArrayInputStream(large))).isEqualTo(Sha256.hex(large));
        assertThat(Sha256.hex("日本語")).isEqualTo(Sha256.hex("日本語".getBytes(StandardCharsets.UTF_8)));
    }
}
