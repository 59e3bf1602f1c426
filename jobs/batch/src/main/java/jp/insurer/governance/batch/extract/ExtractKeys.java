package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.transform.Pseudonymizer;

/**
 * Where a recipient's pseudonym key comes from: the environment variable named by the profile's
 * {@code key_id}, else the file {@code STATE/keys/KEY_ID} (base64, as the variable would hold it).
 * The file exists for schedulers that cannot pass secrets as variables, for the demo and for tests
 * (a JVM cannot set its own environment); nothing creates it automatically. Keys are never read
 * from config files, and no message names a key's value.
 */
final class ExtractKeys {

    /** A key id is an environment-variable name, which also keeps it a safe file name. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;
    private final Path keyDir;

    ExtractKeys(Map<String, String> environment, Path stateDir) {
        this.environment = environment;
        this.keyDir = stateDir.resolve("keys");
    }

    /** The recipient's key, resolved and checked. */
    record Key(Pseudonymizer pseudonymizer, String fingerprint) {}

    /**
     * @throws IllegalArgumentException naming the variable and the file looked at, never a value
     */
    Key resolve(String keyId, String profileName) {
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException(
                    "key_id '" + keyId + "' of profile " + profileName + " is not a valid environment variable name");
        }
        String encoded = environment.get(keyId);
        Path file = keyDir.resolve(keyId);
        if ((encoded == null || encoded.isBlank()) && Files.isRegularFile(file)) {
            try {
                encoded = Files.readString(file, StandardCharsets.US_ASCII).trim();
            } catch (IOException e) {
                throw new IllegalArgumentException("pseudonym key '" + keyId + "': cannot read " + file);
            }
        }
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("pseudonym key '" + keyId + "' of profile " + profileName
                    + " is not set: set the environment variable " + keyId + " or write the key file " + file
                    + " (base64, at least " + Pseudonymizer.MIN_KEY_BYTES + " bytes)");
        }
        Pseudonymizer pseudonymizer = Pseudonymizer.fromEnvironment(keyId, Map.of(keyId, encoded), profileName);
        return new Key(pseudonymizer, fingerprint(encoded.trim()));
    }

    /**
     * A public fingerprint for the manifest, so a recipient can tell which key an extract used:
     * the first 16 hex digits of SHA-256 over a label and the key. It reveals nothing usable about
     * a 256-bit random key.
     */
    private static String fingerprint(String encoded) {
        byte[] key = encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(encoded)
                : Base64.getDecoder().decode(encoded);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("governance extract key fingerprint\0".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
