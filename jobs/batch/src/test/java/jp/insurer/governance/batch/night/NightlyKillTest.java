package jp.insurer.governance.batch.night;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night as a scheduler and an operator live it, in real processes: a second night while one runs is
 * refused with exit 3; a night killed with SIGKILL while it tags, recovered ({@code --recover}: the night
 * and its tag child) and run again with the same command, leaves the governed zone, the catalog and the
 * extracts' bytes of an uninterrupted night; so does a night stopped by SIGTERM (exit 5) and {@code --restart}ed.
 */
class NightlyKillTest {

    @TempDir
    static Path shared;

    static String[] params;
    static SuiteRun uninterrupted;

    @TempDir
    Path tmp;

    @BeforeAll
    static void uninterruptedNight() throws Exception {
        Path data = SampleData.generate(shared.resolve("data"), 300);
        params = new String[] {"data=" + data, "date=" + SampleData.AS_OF};
        uninterrupted = SuiteRun.job(
                Nights.stateWithKeys(shared.resolve("state-ref")), shared.resolve("out-ref"), "nightly", params);
        assertThat(uninterrupted.exitCode).as(uninterrupted.toString()).isIn(0, 4);
    }

    @Test
    void aSecondNightIsRefusedAndAKilledNightRunAgainEqualsAnUninterruptedOne() throws Exception {
        Path state = Nights.stateWithKeys(tmp.resolve("state"));
        Path out = tmp.resolve("out");
        Path log = Files.createTempFile(tmp, "night", ".log");
        Process night = SuiteProcess.startJob(state, out, log, "nightly", params);
        Path lock = state.resolve("locks/suite.lock");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(lock) || !Files.readString(lock).contains("job nightly")) {
            assertThat(night.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("the night never took the lock").isLessThan(deadline);
            Thread.sleep(20);
        }

        SuiteRun second = SuiteRun.job(state, out, "nightly", params);
        assertThat(second.exitCode).as(second.toString()).isEqualTo(3);
        assertThat(second.err).contains("job nightly (pid " + night.pid());

        while (taggedFiles(out) < 100) {
            assertThat(night.isAlive())
                    .as("the night ended before it could be killed:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("timed out waiting for tagged files")
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
        night.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertThat(night.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(night.exitValue()).isEqualTo(137);
        // killed while tagging: no extract released yet, and the tag report is not written
        assertThat(out.resolve("extracts/rnd-internal-" + SampleData.AS_OF)).doesNotExist();
        assertThat(out.resolve("reports/tag-" + SampleData.AS_OF + ".json")).doesNotExist();

        String[] recover = append(params, "--recover");
        SuiteRun recovered = SuiteRun.job(state, out, "nightly", recover);
        assertThat(recovered.exitCode).as(recovered.toString()).isZero();
        assertThat(recovered.out)
                .containsPattern("recovered execution \\d+ of nightly \\(date " + SampleData.AS_OF)
                .containsPattern("recovered execution \\d+ of tag \\(date " + SampleData.AS_OF);

        SuiteRun again = SuiteRun.job(state, out, "nightly", params);
        assertThat(again.exitCode).as(again.toString()).isEqualTo(uninterrupted.exitCode);
        assertThat(again.out)
                .contains("resuming failed execution")
                .contains("== inventory: COMPLETED")
                .contains("(an earlier attempt of this night)");
        Nights.assertSameOutputs(shared.resolve("out-ref"), out);
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.map(Path::toString).filter(p -> p.endsWith(".tmp")).toList())
                    .as("temporary files left")
                    .isEmpty();
        }
    }

    @Test
    void aNightStoppedBySigtermWhileTaggingEndsStoppedAndRestartsToTheUninterruptedOutputs() throws Exception {
        Path state = Nights.stateWithKeys(tmp.resolve("state"));
        Path out = tmp.resolve("out");
        Path log = Files.createTempFile(tmp, "night", ".log");
        Process night = SuiteProcess.startJob(state, out, log, "nightly", params);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (taggedFiles(out) < 100) {
            assertThat(night.isAlive())
                    .as("the night ended before it could be stopped:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("timed out waiting for tagged files")
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
        night.destroy(); // SIGTERM: stop at the next safe point
        assertThat(night.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String stopped = Files.readString(log);
        assertThat(night.exitValue()).as(stopped).isEqualTo(5);
        assertThat(stopped).contains("nightly STOPPED").contains("scripts/nightly.sh <same parameters> --restart");

        SuiteRun restarted = SuiteRun.job(state, out, "nightly", append(params, "--restart"));
        assertThat(restarted.exitCode).as(restarted.toString()).isEqualTo(uninterrupted.exitCode);
        assertThat(restarted.out).contains("restarting execution").contains("(an earlier attempt of this night)");
        Nights.assertSameOutputs(shared.resolve("out-ref"), out);
    }

    private static long taggedFiles(Path out) throws IOException {
        Path events = out.resolve("governed/web_events");
        if (!Files.isDirectory(events)) return 0;
        try (Stream<Path> s = Files.walk(events)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }

    private static String[] append(String[] array, String last) {
        String[] all = java.util.Arrays.copyOf(array, array.length + 1);
        all[array.length] = last;
        return all;
    }
}
