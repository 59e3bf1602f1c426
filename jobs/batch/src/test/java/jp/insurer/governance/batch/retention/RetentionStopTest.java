package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a scheduler or an operator does: SIGTERM to an enforcing run (the shipped rules, so a dataset
 * has both a partition drop and a row purge), at several points of its work. The run stops at a safe
 * point with exit 5 and its execution STOPPED; {@code --restart} then leaves the raw zone byte for byte
 * as the uninterrupted run does, with the same report totals and an intact audit chain.
 */
class RetentionStopTest {

    static final String DATE = SampleData.AS_OF;

    @TempDir
    static Path shared;

    static Path original;
    static Path config;
    static Map<String, String> reference;
    static String referenceTotals;

    @TempDir
    Path tmp;

    @BeforeAll
    static void uninterrupted() throws Exception {
        original = SampleData.generate(shared.resolve("original"), 300);
        config = RetentionFixtures.config(shared.resolve("config"), null);
        Path data = shared.resolve("data-ref");
        RetentionFixtures.copyTree(original, data);
        Path state = shared.resolve("state-ref");
        RetentionFixtures.auditKey(state);
        Path out = shared.resolve("out-ref");
        SuiteRun run = SuiteRun.job(
                state,
                out,
                "retention",
                "data=" + data,
                "date=" + DATE,
                "mode=enforce",
                "--governance.config=" + config);
        assertThat(run.exitCode).as(run.toString()).isZero();
        reference = RetentionFixtures.checksums(data);
        referenceTotals = totals(out);
    }

    /**
     * The cause of issue 12's finding 1, deterministically: a group of recent web-event partitions fails
     * (only row purges there) while the other groups finish and drop 300-odd old partitions. The restart
     * must re-run that group as it was planned, although a fresh scan now groups the remaining files into
     * fewer step partitions (a plan derived from the rescan lost it: rows that must go were kept, exit 0).
     */
    @Test
    void aFailedGroupIsRestartedAsPlannedAlthoughDropsShrankTheDataset() throws Exception {
        Path data = tmp.resolve("data");
        RetentionFixtures.copyTree(original, data);
        Path state = tmp.resolve("state");
        RetentionFixtures.auditKey(state);
        Path out = tmp.resolve("out");
        String[] params = {"data=" + data, "date=" + DATE, "mode=enforce", "--governance.config=" + config};
        String recent =
                "dt=" + java.time.LocalDate.parse(DATE).minusDays(40).toString().substring(0, 7);
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        RetentionCommit.faults = (step, source) -> {
            if (step == RetentionCommit.Step.STAGED
                    && source.toString().contains("web_events/" + recent)
                    && failed.compareAndSet(false, true)) {
                throw new java.io.IOException("injected failure in a recent web_events partition");
            }
        };
        try {
            SuiteRun first = SuiteRun.job(state, out, "retention", params);
            assertThat(first.exitCode).as(first.toString()).isEqualTo(1);
            assertThat(failed).isTrue();
        } finally {
            RetentionCommit.faults = (step, source) -> {};
        }
        SuiteRun restart = SuiteRun.job(state, out, "retention", append(params, "--restart"));
        assertThat(restart.exitCode).as(restart.toString()).isZero();
        assertThat(differences(RetentionFixtures.checksums(data), reference))
                .as("files differing from the uninterrupted run")
                .isEmpty();
        assertThat(totals(out)).isEqualTo(referenceTotals);
    }

    @Test
    void sigtermEarlyThenRestartEqualsTheUninterruptedRun() throws Exception {
        stopAfterCommitsThenRestart(5);
    }

    @Test
    void sigtermInTheMiddleThenRestartEqualsTheUninterruptedRun() throws Exception {
        stopAfterCommitsThenRestart(150);
    }

    @Test
    void sigtermLateThenRestartEqualsTheUninterruptedRun() throws Exception {
        stopAfterCommitsThenRestart(330);
    }

    private void stopAfterCommitsThenRestart(int commits) throws Exception {
        Path data = tmp.resolve("data");
        RetentionFixtures.copyTree(original, data);
        Path state = tmp.resolve("state");
        RetentionFixtures.auditKey(state);
        Path out = tmp.resolve("out");
        String[] params = {"data=" + data, "date=" + DATE, "mode=enforce", "--governance.config=" + config};

        Path log = Files.createTempFile(tmp, "retention", ".log");
        Process process = SuiteProcess.startJob(state, out, log, "retention", params);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (RetentionFixtures.auditRecords(out, "RETENTION_COMMITTED") < commits) {
            assertThat(process.isAlive())
                    .as("the job ended before it could be stopped:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime()).as("timed out waiting for commits").isLessThan(deadline);
            Thread.sleep(2);
        }
        process.destroy(); // SIGTERM, as systemd, Airflow or an operator's kill send it
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String stopped = Files.readString(log);
        assertThat(process.exitValue()).as(stopped).isEqualTo(5);
        assertThat(stopped).contains("STOPPED").contains("--restart");

        assertThat(RetentionFixtures.checksums(data))
                .as("the run stopped before finishing")
                .isNotEqualTo(reference);

        SuiteRun restart = SuiteRun.job(state, out, "retention", append(params, "--restart"));
        assertThat(restart.exitCode).as(restart.toString()).isZero();
        assertThat(differences(RetentionFixtures.checksums(data), reference))
                .as("files differing from the uninterrupted run")
                .isEmpty();
        assertThat(totals(out)).isEqualTo(referenceTotals);
        assertThat(RetentionFixtures.leftovers(data)).isZero();
        SuiteRun verify = SuiteRun.job(state, out, "verify-audit", "data=" + data);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
        SuiteRun dryRun = SuiteRun.job(
                state,
                out,
                "retention",
                "data=" + data,
                "date=" + DATE,
                "mode=dry-run",
                "--governance.config=" + config);
        assertThat(dryRun.exitCode).as(dryRun.toString()).isZero();
        assertThat(Files.readString(out.resolve("reports/retention-" + DATE + "-dry-run.json")))
                .as("a dry run after the restart finds nothing left to delete")
                .doesNotContainPattern("\"rowsDeleted\" : [1-9]");
    }

    /** The report's rules with their counts per partition (what the run removed), without run-specific fields. */
    static String totals(Path out) throws Exception {
        return Json.MAPPER
                .readTree(out.resolve("reports/retention-" + DATE + "-enforce.json")
                        .toFile())
                .get("rules")
                .toString();
    }

    /** Paths whose content differs (or that exist on one side only): a short message instead of two maps of 700 checksums. */
    static java.util.Set<String> differences(Map<String, String> actual, Map<String, String> expected) {
        java.util.Set<String> paths = new java.util.TreeSet<>(actual.keySet());
        paths.addAll(expected.keySet());
        paths.removeIf(p -> java.util.Objects.equals(actual.get(p), expected.get(p)));
        return paths;
    }

    private static String[] append(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }
}
