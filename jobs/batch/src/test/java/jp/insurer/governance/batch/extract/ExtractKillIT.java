package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Crash safety, tested: an extract run killed with SIGKILL while it stages a release leaves
 * extracts/ with no folder or complete folders only, and the same command again publishes exactly
 * the bytes of an uninterrupted run.
 */
class ExtractKillIT {

    @TempDir
    Path tmp;

    @Test
    void killedWhileReleasingASliceOfTheSecondProfilePublishesNothingPartialAndTheRerunConverges() throws Exception {
        ExtractFixture sample = ExtractFixture.sample(tmp, 600);
        Path data = sample.data;
        Path state = sample.state;
        Path out = tmp.resolve("out");
        String[] params = {"data=" + data, "date=" + SampleData.AS_OF};
        SuiteRun tag = SuiteRun.job(state, out, "tag", params);
        assertThat(tag.exitCode).as(tag.toString()).isZero();

        Path log = tmp.resolve("extract.log");
        Process process = SuiteProcess.startJob(state, out, log, "extract", params);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!staging(out)) {
            assertThat(process.isAlive())
                    .as("the job ended before it could be killed:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime()).as("timed out waiting for staging").isLessThan(deadline);
            Thread.sleep(5);
        }
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
        assertEveryVisibleReleaseIsComplete(out);

        SuiteRun again = SuiteRun.job(state, out, "extract", params);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("recovered execution");
        assertEveryVisibleReleaseIsComplete(out);

        Map<String, byte[]> first = ExtractJobIT.files(out.resolve("extracts"));
        assertThat(first.keySet()).hasSize(3 * 2 + 7); // manifest + dictionary per extract, 7 data files
        assertThat(first.keySet()).noneMatch(name -> name.startsWith("."));

        // the same extracts, uninterrupted, from the same governed zone: the same bytes
        SuiteRun reference = SuiteRun.job(state, out, "extract", "data=" + data, "date=" + SampleData.AS_OF, "--rerun");
        assertThat(reference.exitCode).as(reference.toString()).isZero();
        Map<String, byte[]> second = ExtractJobIT.files(out.resolve("extracts"));
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));
    }

    private static boolean staging(Path out) throws Exception {
        Path extracts = out.resolve("extracts");
        if (!Files.isDirectory(extracts)) return false;
        // A slice of the second profile is being released (pass 2): the job execution row is surely on disk
        // by then (H2 flushes commits up to 500 ms late; killed earlier, the repository can lose the execution
        // of a new instance).
        try (Stream<Path> s = Files.find(
                extracts,
                4, // .work-ID/plan-PLAN_ID/staging/claims
                (p, a) -> a.isDirectory()
                        && p.endsWith("staging/claims")
                        && extracts.relativize(p).toString().startsWith(".work-group-insurer-product-rnd"))) {
            return s.findAny().isPresent();
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return false; // a folder renamed or deleted while it was listed: look again
        }
    }

    /** Every non-hidden folder under extracts/ has a manifest whose files all exist with their sha256. */
    static void assertEveryVisibleReleaseIsComplete(Path out) throws Exception {
        Path extracts = out.resolve("extracts");
        if (!Files.isDirectory(extracts)) return;
        List<Path> releases;
        try (Stream<Path> s = Files.list(extracts)) {
            releases =
                    s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        for (Path release : releases) {
            JsonNode m = Json.MAPPER.readTree(Files.readAllBytes(release.resolve("manifest.json")));
            assertThat(release.resolve("DATA_DICTIONARY.md")).isRegularFile();
            for (JsonNode f : m.get("files")) {
                byte[] bytes = Files.readAllBytes(release.resolve(f.get("path").asString()));
                assertThat(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                        .isEqualTo(f.get("sha256").asString());
            }
        }
    }
}
