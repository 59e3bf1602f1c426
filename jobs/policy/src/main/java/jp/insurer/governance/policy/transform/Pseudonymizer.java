package jp.insurer.governance.policy.transform;

import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import jp.insurer.governance.policy.audit.KeyedHash;

/**
 * Keyed pseudonyms for research extracts: {@code "p_" + encode16(HMAC-SHA256(key, context || 0x00 || value)[0..12))}.
 *
 * <ul>
 *   <li><b>Keyed, deterministic.</b> One recipient key gives the same pseudonym for the same value in
 *       every dataset and every run of a profile, so researchers can join customers, policies and
 *       claims; without the key nobody can confirm a guessed id (unlike an unkeyed hash, which is
 *       reversed by hashing every possible 12-digit id, or Presidio's random salt, which cannot join).</li>
 *   <li><b>Unlinkable across recipients.</b> Each recipient has its own key, and the context (the
 *       profile name) separates two profiles even if they shared a key; the audit log's
 *       {@code KeyedHash} uses another context, so an audit hash never equals a pseudonym.</li>
 *   <li><b>Cannot be mistaken for personal data.</b> 96 bits written as 24 letters of a 16-consonant
 *       alphabet ({@value #ALPHABET}) after the prefix {@code p_}: no digits, so no detector can read a
 *       phone, card, account or My Number in it, and no vowels, so no word or name.</li>
 *   <li><b>Fast.</b> One {@link Mac} per thread, initialised once; per value one HMAC and one
 *       26-character string, no other allocation beyond the UTF-8 bytes of the input.</li>
 * </ul>
 * 96 bits: the chance of any two of ten million customers sharing a pseudonym is about 6·10<sup>-16</sup>.
 * Thread-safe. The key never appears in {@link #toString()} or in exceptions.
 */
public final class Pseudonymizer {

    public static final String PREFIX = "p_";
    public static final String ALPHABET = "bcdfghjkmnpqrstv";
    /** Minimum key length: HMAC-SHA256 keys shorter than its output weaken it. */
    public static final int MIN_KEY_BYTES = 32;

    static final int BYTES = 12;
    private static final char[] DIGITS = ALPHABET.toCharArray();

    private final byte[] key;
    private final String context;
    private final KeyedHash hmac;

    /**
     * @param key     the recipient's secret key, at least {@value #MIN_KEY_BYTES} bytes; copied
     * @param context separates uses of a key; the extract uses {@code "extract/" + profile name}
     */
    public Pseudonymizer(byte[] key, String context) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("pseudonym key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = key.clone();
        this.context = Objects.requireNonNull(context, "context");
        this.hmac = new KeyedHash(key, context); // the same HMAC over context || 0x00 || value
    }

    /** The context used by extracts of one profile. */
    public static String contextFor(String profileName) {
        return "extract/" + profileName;
    }

    /**
     * Reads a recipient key from the environment (or any name → value map): the variable named by the
     * profile's {@code key_id} holds the key in base64 (standard or url-safe).
     *
     * @throws IllegalArgumentException naming the variable, never its value, when missing, not base64 or too short
     */
    public static Pseudonymizer fromEnvironment(String keyId, Map<String, String> environment, String profileName) {
        String encoded = environment.get(keyId);
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException(
                    "pseudonym key '" + keyId + "' is not set (environment variable " + keyId + ")");
        }
        byte[] key;
        try {
            String trimmed = encoded.trim();
            key = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pseudonym key '" + keyId + "' is not valid base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("pseudonym key '" + keyId + "' has " + key.length + " bytes; at least "
                    + MIN_KEY_BYTES + " are required");
        }
        return new Pseudonymizer(key, contextFor(profileName));
    }

    /** The pseudonym of a value as given (callers trim consistently); null stays null. */
    public String pseudonym(String value) {
        if (value == null) return null;
        byte[] full = hmac.digest(value);
        char[] out = new char[PREFIX.length() + BYTES * 2];
        out[0] = 'p';
        out[1] = '_';
        for (int i = 0; i < BYTES; i++) {
            out[2 + 2 * i] = DIGITS[(full[i] >> 4) & 0x0F];
            out[3 + 2 * i] = DIGITS[full[i] & 0x0F];
        }
        return new String(out);
    }

    /** Whether a string has the shape of a pseudonym (for the leak check). */
    public static boolean looksLikePseudonym(String s) {
        if (s == null || s.length() != PREFIX.length() + BYTES * 2 || !s.startsWith(PREFIX)) return false;
        for (int i = PREFIX.length(); i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !IN_ALPHABET[c]) return false;
        }
        return true;
    }

    private static final boolean[] IN_ALPHABET = new boolean[128];

    static {
        for (char c : DIGITS) IN_ALPHABET[c] = true;
    }

    /**
     * The same key in a context of one dataset only ({@code linkable: false}): its pseudonyms never equal
     * this one's, so the dataset's rows cannot be joined to the others'.
     */
    public Pseudonymizer forDataset(String dataset) {
        return new Pseudonymizer(key, context + "/dataset/" + dataset);
    }

    public String context() {
        return context;
    }

    @Override
    public String toString() {
        return "Pseudonymizer[context=" + context + "]";
    }
}
