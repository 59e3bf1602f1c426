package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety, tested with real processes: an enforcing run killed with SIGKILL while it commits
 * changes, twice, then run again with the same command, leaves the raw zone byte for byte as an
 * uninterrupted run does, and the audit chain intact.
 */
class RetentionKillTest {

    @TempDir
    Path tmp;

    @Test
    void killedTwiceThenRerunConvergesToTheUninterruptedResult() throws Exception {
        Path original = SampleData.generate(tmp.resolve("original"), 300);
        Path config = RetentionFixtures.config(tmp.resolve("config"), RetentionEnforceTest.RULES);

        Path refData = tmp.resolve("data-ref");
        RetentionFixtures.copyTree(original, refData);
        SuiteRun reference = SuiteRun.job(
                tmp.resolve("state-ref"),
                tmp.resolve("out-ref"),
                "retention",
                "data=" + refData,
                "date=" + RetentionEnforceTest.DATE,
                "mode=enforce",
                "--governance.config=" + config);
        assertThat(reference.exitCode).as(reference.toString()).isZero();

        Path data = tmp.resolve("data");
        RetentionFixtures.copyTree(original, data);
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        String[] params = {
            "data=" + data, "date=" + RetentionEnforceTest.DATE, "mode=enforce", "--governance.config=" + config
        };
        killAfterCommits(state, out, 15, params);
        killAfterCommits(state, out, 120, params);

        SuiteRun again = SuiteRun.job(state, out, "retention", params);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("recovered execution");

        assertThat(RetentionFixtures.checksums(data)).isEqualTo(RetentionFixtures.checksums(refData));
        RetentionEnforceTest.assertConverged(original, data, out);
        SuiteRun verify = SuiteRun.job(state, out, "verify-audit", "data=" + data);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
    }

    private void killAfterCommits(Path state, Path out, int commits, String... params) throws Exception {
        Path log = Files.createTempFile(tmp, "retention", ".log");
        Process process = SuiteProcess.startJob(state, out, log, "retention", params);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (commits(out) < commits) {
            assertThat(process.isAlive())
                    .as("the job ended before it could be killed:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime()).as("timed out waiting for commits").isLessThan(deadline);
            Thread.sleep(5);
        }
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
    }

    /** RETENTION_COMMITTED records in the audit log so far. */
    private static long commits(Path out) throws IOException {
        Path audit = out.resolve("audit");
        if (!Files.isDirectory(audit)) return 0;
        long n = 0;
        try (Stream<Path> files = Files.list(audit)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    n += lines.filter(l -> l.contains("\"type\":\"RETENTION_COMMITTED\""))
                            .count();
                } catch (java.io.UncheckedIOException torn) {
                    // a line being written: count it next time
                }
            }
        }
        return n;
    }
}
