package jp.insurer.governance.batch.night;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteRun;

/** Shared by the night tests: recipients' test keys, the night's outputs as bytes, the jobs one by one. */
final class Nights {

    /** The key ids of config/extracts.yml with fixed test keys (never used outside tests). */
    static final List<String> KEY_IDS =
            List.of("EXTRACT_KEY_RND_INTERNAL", "EXTRACT_KEY_GROUP_LIFE", "EXTRACT_KEY_OVERSEAS_MARKETING");

    private Nights() {}

    /** A state folder with the recipients' key files (STATE/keys/KEY_ID) the extract job reads. */
    static Path stateWithKeys(Path state) throws IOException {
        Path dir = Files.createDirectories(state.resolve("keys"));
        for (int i = 0; i < KEY_IDS.size(); i++) {
            byte[] key = new byte[32];
            for (int b = 0; b < key.length; b++) key[b] = (byte) ((i + 1) * 31 + b * 7);
            Files.writeString(dir.resolve(KEY_IDS.get(i)), Base64.getEncoder().encodeToString(key) + "\n");
        }
        return state;
    }

    /**
     * Every file a reader sees of what a night makes that must not depend on how it ran: the governed zone,
     * the catalog and the released extracts (Parquet, manifests, data dictionaries), by relative path.
     * Hidden bookkeeping (names with a leading '.' or '_tagged') is not part of it.
     */
    static Map<String, byte[]> outputs(Path out) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (String folder : new String[] {"governed", "catalog", "extracts"}) {
            if (!Files.isDirectory(out.resolve(folder))) continue;
            try (Stream<Path> s = Files.walk(out.resolve(folder))) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    String relative = out.relativize(p).toString();
                    if (relative.contains("/.") || relative.contains("/_tagged")) continue;
                    files.put(relative, Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    static void assertSameOutputs(Path expectedOut, Path actualOut) throws IOException {
        Map<String, byte[]> expected = outputs(expectedOut);
        Map<String, byte[]> actual = outputs(actualOut);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String file : expected.keySet()) {
            assertThat(actual.get(file)).as(file).isEqualTo(expected.get(file));
        }
        assertThat(expected.keySet())
                .anyMatch(f -> f.startsWith("governed/web_events/dt="))
                .anyMatch(f -> f.startsWith("catalog/"))
                .anyMatch(f -> f.matches("extracts/rnd-internal-\\d{4}-\\d\\d-\\d\\d/.*\\.parquet"))
                .anyMatch(f -> f.matches("extracts/group-insurer-product-rnd-\\d{4}-\\d\\d-\\d\\d/.*\\.parquet"))
                .anyMatch(f -> f.matches("extracts/overseas-marketing-analytics-\\d{4}-\\d\\d-\\d\\d/.*\\.parquet"));
    }

    /** The night's jobs one by one, as an operator would chain them; the exit code of each. */
    static Map<String, Integer> jobsOneByOne(Path state, Path out, String... params) {
        Map<String, Integer> codes = new java.util.LinkedHashMap<>();
        for (String job : List.of("inventory", "tag", "retention", "extract")) {
            SuiteRun run = SuiteRun.job(state, out, job, params);
            assertThat(run.exitCode).as(job + ": " + run).isIn(0, 4);
            codes.put(job, run.exitCode);
        }
        return codes;
    }
}
