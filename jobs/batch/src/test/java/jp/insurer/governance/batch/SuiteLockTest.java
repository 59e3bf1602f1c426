package jp.insurer.governance.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two different jobs started together on one state folder (issue 12, finding 2): the second is refused
 * with exit 3 naming the job that holds the suite lock, its pid and start time, before it opens the job
 * repository; the first finishes normally and the refused one wrote nothing.
 */
class SuiteLockTest {

    @TempDir Path tmp;

    @Test
    void aSecondJobWhileOneRunsIsRefusedWithExitThreeAndDoesNoHarm() throws Exception {
        Path data = SampleData.generate(tmp.resolve("data"), 300);
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        Path log = Files.createTempFile(tmp, "tag", ".log");
        Process tag = SuiteProcess.startJob(state, out, log, "tag", "data=" + data, "date=" + SampleData.AS_OF);
        Path lock = state.resolve("locks/suite.lock");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(lock) || !Files.readString(lock).contains("job tag")) {
            assertThat(tag.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("the tag job never took the lock").isLessThan(deadline);
            Thread.sleep(20);
        }

        SuiteRun inventory = SuiteRun.job(state, out, "inventory", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(inventory.exitCode).as(inventory.toString()).isEqualTo(3);
        assertThat(inventory.err.strip()).matches("refused: job tag \\(pid " + tag.pid()
                + ", started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\) is running with this state folder .*");
        assertThat(out.resolve("reports/inventory-" + SampleData.AS_OF + ".json")).doesNotExist();

        assertThat(tag.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(tag.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).doesNotContain("Database is already closed").doesNotContain("Exception");

        // Once the holder is gone, the refused job runs.
        SuiteRun after = SuiteRun.job(state, out, "inventory", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(after.exitCode).as(after.toString()).isZero();
    }
}
