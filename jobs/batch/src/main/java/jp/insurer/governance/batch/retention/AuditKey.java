package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.policy.audit.KeyedHash;

/**
 * The key of the audit log's keyed hashes: {@code GOVERNANCE_AUDIT_KEY} (hex or base64), else the
 * configured key file. The suite never makes one (a key generated silently on a production host
 * would make the audit hashes unverifiable by anyone else); {@code scripts/demo.sh} creates a random
 * one for the demo. The key is never logged and never part of a message.
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
                throw new IllegalStateException("no audit key: enforce needs one; set " + ENV + " or create " + file
                        + " (hex or base64, at least " + KeyedHash.MIN_KEY_BYTES + " bytes, chmod 600);"
                        + " scripts/demo.sh makes a throwaway one for the demo");
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
        return configured == null || configured.isBlank()
                ? Path.of(properties.state(), "audit.key")
                : Path.of(configured);
    }

    private static byte[] decode(String text) {
        if (text.matches("(?i)[0-9a-f]+") && text.length() % 2 == 0)
            return HexFormat.of().parseHex(text);
        try {
            return text.contains("-") || text.contains("_")
                    ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
