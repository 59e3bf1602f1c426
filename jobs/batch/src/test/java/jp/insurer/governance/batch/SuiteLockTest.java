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

    @TempDir
    Path tmp;

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
        assertThat(inventory.err.strip())
                .matches(
                        "refused: job tag \\(pid " + tag.pid()
                                + ", started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\) is running with this state folder .*");
        assertThat(out.resolve("reports/inventory-" + SampleData.AS_OF + ".json"))
                .doesNotExist();

        assertThat(tag.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(tag.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log))
                .doesNotContain("Database is already closed")
                .doesNotContain("Exception");

        // Once the holder is gone, the refused job runs.
        SuiteRun after = SuiteRun.job(state, out, "inventory", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(after.exitCode).as(after.toString()).isZero();
    }

    /**
     * H2 with AUTO_SERVER and two processes: the one that opened the file first serves it, and when it
     * exits the other's session breaks ("Database is already closed"), its transaction lost. A reader
     * that takes no suite lock (here this test JVM, as an H2 console would) holding the repository
     * when a job starts: the job is refused with exit 3 before it writes anything; once the reader has
     * closed it, the same command runs.
     */
    @Test
    void aJobIsRefusedWhileAnotherProcessHoldsTheH2RepositoryItWouldDependOn() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data/customers")).getParent();
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        SuiteRun first = SuiteRun.job(state, out, "inventory", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(first.exitCode).as(first.toString()).isZero();

        String url = "jdbc:h2:file:" + state.resolve("job-repository") + ";AUTO_SERVER=TRUE";
        String[] params = {"data=" + data, "date=" + SampleData.AS_OF, "--rerun"};
        try (java.sql.Connection reader = java.sql.DriverManager.getConnection(url, "sa", "")) {
            Path log = tmp.resolve("refused.log");
            Process job = SuiteProcess.startJob(state, out, log, "inventory", params);
            assertThat(job.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String output = Files.readString(log);
            assertThat(job.exitValue()).as(output).isEqualTo(3);
            assertThat(output.strip())
                    .as(output)
                    .startsWith("refused: the job repository jdbc:h2:file:" + state.resolve("job-repository")
                            + " is held by another process (tcp://")
                    .contains("retry when it has closed it")
                    .doesNotContain("\n");
            try (var rs = reader.createStatement().executeQuery("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")) {
                rs.next();
                assertThat(rs.getInt(1))
                        .as("the refused job started no execution")
                        .isEqualTo(1);
            }
        }
        Path log = tmp.resolve("after.log");
        Process job = SuiteProcess.startJob(state, out, log, "inventory", params);
        assertThat(job.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(job.exitValue()).as(Files.readString(log)).isZero();
    }
}
