package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** Throwaway recipient keys for extract tests, beside the shared synthetic data. */
public final class SampleData {

    static final String AS_OF = jp.insurer.governance.batch.SampleData.AS_OF;

    /** The key ids of config/extracts.yml, each with a fixed test key (never used outside tests). */
    static final Map<String, byte[]> KEYS = Map.of(
            "EXTRACT_KEY_RND_INTERNAL", key(1),
            "EXTRACT_KEY_GROUP_LIFE", key(2),
            "EXTRACT_KEY_OVERSEAS_MARKETING", key(3));

    static final Map<String, String> PROFILE_KEYS = Map.of(
            "rnd-internal", "EXTRACT_KEY_RND_INTERNAL",
            "group-insurer-product-rnd", "EXTRACT_KEY_GROUP_LIFE",
            "overseas-marketing-analytics", "EXTRACT_KEY_OVERSEAS_MARKETING");

    private SampleData() {}

    static Path generate(Path dir, int customers, String... extra) {
        return jp.insurer.governance.batch.SampleData.generate(dir, customers, extra);
    }

    /** Writes the key files the extract job reads when the environment has no key (STATE/keys/KEY_ID). */
    public static Path writeKeys(Path state) throws IOException {
        Path dir = Files.createDirectories(state.resolve("keys"));
        for (var e : KEYS.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), Base64.getEncoder().encodeToString(e.getValue()) + "\n");
        }
        return state;
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) k[i] = (byte) (seed * 31 + i * 7);
        return k;
    }
}
