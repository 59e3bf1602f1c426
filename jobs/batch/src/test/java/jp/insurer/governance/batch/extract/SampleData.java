package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import jp.insurer.governance.sampledata.SampleDataCommand;

/** The project's synthetic insurer data, and throwaway recipient keys, for extract tests. */
final class SampleData {

    static final String AS_OF = "2026-11-24";

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
        String[] args = new String[8 + extra.length];
        String[] base = {"--customers", Integer.toString(customers), "--out", dir.toString(), "--seed", "7", "--as-of", AS_OF};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int code = SampleDataCommand.run(args, new PrintStream(sink, true, StandardCharsets.UTF_8),
                new PrintStream(sink, true, StandardCharsets.UTF_8));
        assertThat(code).as(sink.toString(StandardCharsets.UTF_8)).isZero();
        return dir;
    }

    /** Writes the key files the extract job reads when the environment has no key (STATE/keys/KEY_ID). */
    static Path writeKeys(Path state) throws IOException {
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
