package jp.insurer.governance.policy.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed hash of a customer id, the only form in which ids appear in the audit log: HMAC-SHA256
 * over {@code context || 0x00 || id}, truncated to its first 16 bytes and written as base64url
 * without padding (22 characters).
 *
 * <p>Why keyed: an unkeyed hash of a 12-digit id is reversed by trying every id. Why a context:
 * the same key used for audit and for, say, research pseudonyms must not give joinable values.
 * Why 16 bytes: 128 bits keep accidental collisions negligible (about 10<sup>-25</sup> for ten million
 * customers) and RFC 2104 allows truncating to half the output; the audit line stays short.
 *
 * <p>To answer "was this customer's data removed?", an officer with the key recomputes the hash and
 * searches the log. The key never leaves this object: not in {@link #toString()}, not in exceptions.
 * Thread-safe; one {@link Mac} per thread.
 */
public final class KeyedHash {

    /** Minimum key length: HMAC-SHA256 keys shorter than its output weaken it. */
    public static final int MIN_KEY_BYTES = 32;

    private static final int TRUNCATED_BYTES = 16;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String context;
    private final byte[] prefix;
    private final String keyId;
    private final ThreadLocal<Mac> mac;

    /**
     * @param key     secret key bytes from the caller's key store; copied, at least {@value #MIN_KEY_BYTES} bytes
     * @param context what the hashes are for, e.g. {@code "audit/customer"}; separates uses of one key
     */
    public KeyedHash(byte[] key, String context) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("keyed hash key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.context = Objects.requireNonNull(context, "context");
        SecretKeySpec spec = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
        byte[] c = context.getBytes(StandardCharsets.UTF_8);
        this.prefix = Arrays.copyOf(c, c.length + 1);
        this.keyId = BASE64URL.encodeToString(
                Arrays.copyOf(mac.get().doFinal("governance/key-id".getBytes(StandardCharsets.UTF_8)), 6));
    }

    /** The keyed hash of an id; ids are used exactly as given (callers trim consistently). */
    public String hash(String id) {
        return BASE64URL.encodeToString(Arrays.copyOf(digest(id), TRUNCATED_BYTES));
    }

    /** The full HMAC-SHA256 of {@code context || 0x00 || id}, for encodings of one's own (pseudonyms). */
    public byte[] digest(String id) {
        Objects.requireNonNull(id, "id");
        Mac m = mac.get();
        m.update(prefix);
        return m.doFinal(id.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A short public fingerprint of the key (an HMAC of a fixed label, 8 characters), so that a
     * reader can tell which key produced a set of hashes after a rotation, without learning the key.
     */
    public String keyId() {
        return keyId;
    }

    public String context() {
        return context;
    }

    @Override
    public String toString() {
        return "KeyedHash[context=" + context + ", keyId=" + keyId + "]";
    }
}
