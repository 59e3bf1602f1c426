package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash safety, tested: a tag run killed with SIGKILL while it commits files, twice, and then run
 * again with the same command produces exactly the governed zone and catalog of an uninterrupted run;
 * a run stopped with SIGTERM (early, mid, late) ends STOPPED (exit 5) and {@code --restart} produces
 * them too; neither leaves staged or temporary files.
 */
class TagKillIT {

    @TempDir
    static Path shared;

    static Path data;
    static String[] params;

    @TempDir
    Path tmp;

    /** Governed web_events files of the uninterrupted run: the scale of "early", "mid" and "late". */
    static long total;

    @BeforeAll
    static void uninterrupted() throws IOException {
        params = reference(shared);
        data = Path.of(params[0].substring("data=".length()));
        total = committed(shared.resolve("out-ref"));
    }

    /**
     * Sample data of 300 customers under {@code shared/data} and an uninterrupted single-JVM tag run of it
     * into {@code shared/out-ref}; returns the run's job parameters (data=…, date=…).
     */
    static String[] reference(Path shared) throws IOException {
        Path data = SampleData.generate(shared.resolve("data"), 300);
        String[] params = {"data=" + data, "date=" + SampleData.AS_OF};
        SuiteRun reference = SuiteRun.job(shared.resolve("state-ref"), shared.resolve("out-ref"), "tag", params);
        assertThat(reference.exitCode).as(reference.toString()).isZero();
        assertThat(committed(shared.resolve("out-ref"))).isGreaterThan(100);
        return params;
    }

    /**
     * SIGTERM when the first file is in place, half-way and a few files before the end (each run
     * stops at its next safe point, between files), then {@code --restart}: the governed zone and
     * catalog are the uninterrupted run's bytes, and no staged file is left behind.
     */
    @ParameterizedTest(name = "SIGTERM after {0}/1000 of the files")
    @ValueSource(ints = {1, 500, 980})
    void stoppedBySigtermThenRestartedEqualsTheUninterruptedOutput(int permille) throws Exception {
        long files = Math.max(1, total * permille / 1000);
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        Path log = Files.createTempFile(tmp, "tag", ".log");
        Process process = SuiteProcess.startJob(state, out, log, "tag", params);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (committed(out) < files) {
            assertThat(process.isAlive())
                    .as("the job ended before it could be stopped:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("timed out waiting for committed files")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(5);
        assertThat(Files.readString(log)).contains("STOPPED").contains("--restart");

        String[] restart = java.util.Arrays.copyOf(params, params.length + 1);
        restart[params.length] = "--restart";
        SuiteRun again = SuiteRun.job(state, out, "tag", restart);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("restarting execution");
        assertSameFiles(out);
        assertThat(hidden(out)).as("staged or temporary files left").isEmpty();
    }

    @Test
    void killedTwiceThenRerunConvergesToTheUninterruptedOutput() throws Exception {
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        killAfterCommittedFiles(state, out, 40, params); // early in the partitions
        killAfterCommittedFiles(state, out, 400, params); // a restart, killed again later

        SuiteRun again = SuiteRun.job(state, out, "tag", params);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("recovered execution");
        assertSameFiles(out);
        assertThat(hidden(out))
                .as("staged or temporary files the killed runs left")
                .isEmpty();
    }

    /** Hidden files and folders (staging, temporary) anywhere under out. */
    static java.util.List<String> hidden(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            return s.map(p -> out.relativize(p).toString())
                    .filter(p -> p.startsWith(".") || p.contains("/."))
                    .toList();
        }
    }

    private static void assertSameFiles(Path out) throws IOException {
        assertSameFiles(shared.resolve("out-ref"), out);
    }

    /** The governed zone and catalog under {@code out} are those under {@code reference}, byte for byte. */
    static void assertSameFiles(Path reference, Path out) throws IOException {
        Map<String, byte[]> expected = files(reference);
        Map<String, byte[]> actual = files(out);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String file : expected.keySet()) {
            assertThat(actual.get(file)).as(file).isEqualTo(expected.get(file));
        }
        assertThat(expected.keySet()).anyMatch(f -> f.startsWith("governed/web_events/dt="));
    }

    private void killAfterCommittedFiles(Path state, Path out, int files, String... params) throws Exception {
        Path log = Files.createTempFile(tmp, "tag", ".log");
        Process process = SuiteProcess.startJob(state, out, log, "tag", params);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (committed(out) < files) {
            assertThat(process.isAlive())
                    .as("the job ended before it could be killed:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("timed out waiting for committed files")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
    }

    /** Governed web_events files committed so far. */
    static long committed(Path out) throws IOException {
        Path events = out.resolve("governed/web_events");
        if (!Files.isDirectory(events)) return 0;
        try (Stream<Path> s = Files.walk(events)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }

    /** Every file a reader can see under governed/ and catalog/, by relative path. */
    static Map<String, byte[]> files(Path out) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (String folder : new String[] {"governed", "catalog"}) {
            try (Stream<Path> s = Files.walk(out.resolve(folder))) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    String relative = out.relativize(p).toString();
                    if (relative.contains("/.") || relative.contains("/_tagged")) continue; // hidden bookkeeping
                    files.put(relative, Files.readAllBytes(p));
                }
            }
        }
        return files;
    }
}
