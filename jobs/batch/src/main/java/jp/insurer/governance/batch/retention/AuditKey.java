package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.policy.audit.KeyedHash;

/**
 * The key of the audit log's keyed hashes: {@code GOVERNANCE_AUDIT_KEY} (hex or base64), else the
 * configured key file, which the demo creates with a random key on first use. The key is never
 * logged and never part of a message.
 */
final class AuditKey {

    static final String ENV = "GOVERNANCE_AUDIT_KEY";
    static final String CONTEXT = "audit/customer";

    private AuditKey() {}

    static KeyedHash load(Map<String, String> env, SuiteProperties properties) throws IOException {
        String text = env.get(ENV);
        String source = "environment variable " + ENV;
        if (text == null || text.isBlank()) {
            Path file = keyFile(properties);
            source = "key file " + file;
            if (!Files.exists(file)) {
                if (!properties.retention().generateKey()) {
                    throw new IllegalStateException("no audit key: set " + ENV + " or create " + file
                            + " (hex or base64, at least " + KeyedHash.MIN_KEY_BYTES + " bytes)");
                }
                generate(file);
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        }
        byte[] key = decode(text.trim());
        if (key == null || key.length < KeyedHash.MIN_KEY_BYTES) {
            throw new IllegalStateException("the audit key from " + source + " is not hex or base64 of at least "
                    + KeyedHash.MIN_KEY_BYTES + " bytes");
        }
        return new KeyedHash(key, CONTEXT);
    }

    static Path keyFile(SuiteProperties properties) {
        String configured = properties.retention().auditKeyFile();
        return configured == null || configured.isBlank() ? Path.of(properties.state(), "audit.key") : Path.of(configured);
    }

    private static void generate(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.writeString(temp, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the folder's permissions have to protect it
        }
        try {
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            Files.deleteIfExists(temp); // another run created it first: use theirs
        }
    }

    private static byte[] decode(String text) {
        if (text.matches("(?i)[0-9a-f]+") && text.length() % 2 == 0) return HexFormat.of().parseHex(text);
        try {
            return text.contains("-") || text.contains("_") ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
