package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.Trees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12, item 1 for extract: SIGTERM while the first, the second or the last profile is being
 * staged. The run finishes that profile (an extract is released whole or not at all), stops at the
 * next safe point with exit 5 and its execution STOPPED; {@code --restart} then releases exactly the
 * bytes of an uninterrupted run from the same governed zone, and leaves no staging folder.
 */
class ExtractStopIT {

    @TempDir
    static Path shared;

    static Path template;
    static String[] params;
    static Map<String, byte[]> reference;

    @TempDir
    Path tmp;

    /** One tagged suite (state and out) that every case copies, and its uninterrupted extract. */
    @BeforeAll
    static void taggedThenExtractedOnce() throws Exception {
        ExtractFixture.Tagged tagged = ExtractFixture.taggedThenExtracted(shared, 600);
        template = tagged.template();
        params = tagged.params();
        reference = tagged.releases();
    }

    /**
     * 1: while slices are counted (pass 1); 2: while slices are released into staging (pass 2); 3: once a profile is
     * released, before the others are.
     */
    @ParameterizedTest(name = "SIGTERM in phase {0} of 3")
    @ValueSource(ints = {1, 2, 3})
    void sigtermMidExtractThenRestartReleasesTheUninterruptedBytes(int phase) throws Exception {
        // Phase 3's window (between two profiles' releases) is milliseconds long at this size: a run that ends
        // before the signal lands shows nothing, so it is tried again on a fresh copy, up to three times.
        Path suite = null;
        Path log = null;
        Process process = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            suite = tmp.resolve("attempt-" + attempt + "/suite");
            log = tmp.resolve("attempt-" + attempt + "/extract.log");
            process = stopIn(phase, suite, log);
            if (phase < 3 || process.exitValue() != 0) break;
        }
        Path state = suite.resolve("state");
        Path out = suite.resolve("out");
        String stopped = Files.readString(log);
        assertThat(process.exitValue()).as(stopped).isEqualTo(5);
        assertThat(stopped).contains("STOPPED").contains("--restart");
        ExtractKillIT.assertEveryVisibleReleaseIsComplete(out);
        // Releases happen in the last partitioned step only, one profile at a time, each checking for a stop first.
        if (phase < 3)
            assertThat(released(out)).as("profiles released before the stop").isEmpty();
        else
            assertThat(released(out))
                    .as("profiles released before the stop")
                    .isNotEmpty()
                    .hasSizeLessThan(3);

        String[] restart = java.util.Arrays.copyOf(params, params.length + 1);
        restart[params.length] = "--restart";
        SuiteRun again = SuiteRun.job(state, out, "extract", restart);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("restarting execution");

        Map<String, byte[]> actual = ExtractJobIT.files(out.resolve("extracts"));
        assertThat(actual.keySet()).isEqualTo(reference.keySet());
        reference.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.map(p -> out.relativize(p).toString()).filter(p -> p.startsWith(".") || p.contains("/.")))
                    .as("staging folders or temporary files left")
                    .isEmpty();
        }
    }

    /** A copy of the tagged suite extracting, sent SIGTERM once it is in {@code phase}; returns when it ended. */
    private static Process stopIn(int phase, Path suite, Path log) throws Exception {
        Trees.copy(template, suite);
        Path out = suite.resolve("out");
        Process process = SuiteProcess.startJob(suite.resolve("state"), out, log, "extract", params);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!reached(out.resolve("extracts"), phase)) {
            assertThat(process.isAlive())
                    .as("the job ended before it could be stopped:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("timed out waiting for phase " + phase)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
        process.destroy(); // SIGTERM, as systemd, Airflow or an operator's kill send it
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return process;
    }

    /** Whether the run is in {@code phase} (see the test) or past it. */
    private static boolean reached(Path extracts, int phase) throws Exception {
        if (!Files.isDirectory(extracts)) return false;
        List<String> paths;
        try (Stream<Path> s = Files.walk(extracts)) {
            paths = s.map(p -> extracts.relativize(p).toString()).toList();
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return false; // a folder renamed while it was listed: look again
        }
        return switch (phase) {
            case 1 -> paths.stream().anyMatch(p -> p.startsWith(".work-") && p.contains("/k/"));
            case 2 -> paths.stream().anyMatch(p -> p.contains("/staging/") && p.endsWith(".parquet"));
            default -> paths.stream().anyMatch(p -> !p.startsWith(".") && p.endsWith("manifest.json"));
        };
    }

    private static java.util.List<Path> released(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out.resolve("extracts"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
