package jp.insurer.governance.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the README ("Running jobs"): exit codes, one-line reasons, restart and recovery. */
class RunJobCommandTest {

    @TempDir
    Path tmp;

    Path data;
    Path out;
    Path state;

    @BeforeEach
    void folders() throws IOException {
        data = Files.createDirectories(tmp.resolve("data/customers"));
        data = data.getParent();
        out = tmp.resolve("out");
        state = tmp.resolve("state");
    }

    @Test
    void completesWithExitZeroAndWritesTheReport() {
        SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(out.resolve("reports/inventory-2026-11-24.json")).isRegularFile();
        assertThat(run.out).contains("inventory completed");
    }

    @Test
    void unknownJobIsExitTwoWithOneLine() {
        SuiteRun run = SuiteRun.job(state, out, "inventry", "data=" + data);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run, "unknown job 'inventry'; jobs: ");
        assertThat(run.err).contains("inventory").contains("tag");
    }

    @Test
    void missingDataFolderIsExitTwoWithOneLine() {
        SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + tmp.resolve("nowhere"));
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run, "data folder does not exist: " + tmp.resolve("nowhere"));
    }

    @Test
    void badPolicyFileIsExitTwoNamingFileLineAndField() throws IOException {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("policy.yml"), "version: v1\npurposes:\n  - id: MARKETING\n    purpse: x\n");
        SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + data, "--governance.config=" + config);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run, "policy.yml:4: field 'purposes[0].purpse': unknown field");
    }

    @Test
    void badApplicationSettingIsExitTwoNamingFileAndLine() throws IOException {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("application.yml"), "governance:\n  jobs:\n    auto-recover: maybe\n");
        SuiteRun run = SuiteRun.job(
                state,
                out,
                "inventory",
                "data=" + data,
                "--spring.config.additional-location=optional:file:" + config + "/");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run, "governance.jobs.auto-recover");
        assertThat(run.err).contains("application.yml").contains("3:");
    }

    @Test
    void misspeltSettingIsExitTwo() throws IOException {
        Path config = Files.createDirectories(tmp.resolve("config"));
        String shipped = Files.readString(SuiteRun.projectRoot().resolve("config/application.yml"));
        Files.writeString(config.resolve("application.yml"), shipped.replace("  hadoop:", "  hadop:"));
        SuiteRun run = SuiteRun.job(
                state,
                out,
                "inventory",
                "data=" + data,
                "--spring.config.additional-location=optional:file:" + config + "/");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run, "unknown setting governance.hadop.conf-dir");
    }

    @Test
    void invalidParametersAreExitTwo() {
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "date=24/11/2026").exitCode)
                .isEqualTo(2);
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "mode=enforce").exitCode)
                .isEqualTo(2);
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "--force").exitCode)
                .isEqualTo(2);
        assertThat(SuiteRun.job(state, out, "inventory", "data" + data).exitCode)
                .isEqualTo(2);
        assertThat(SuiteRun.main().exitCode).isEqualTo(2);
        assertThat(SuiteRun.main("frobnicate").exitCode).isEqualTo(2);
    }

    @Test
    void completedRunIsNotRepeatedUnlessRerun() {
        String[] params = {"data=" + data, "date=2026-11-24"};
        assertThat(SuiteRun.job(state, out, "inventory", params).exitCode).isZero();
        SuiteRun again = SuiteRun.job(state, out, "inventory", params);
        assertThat(again.exitCode).isZero();
        assertThat(again.out).contains("already completed").contains("--rerun");

        SuiteRun rerun = SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24", "--rerun");
        assertThat(rerun.exitCode).as(rerun.toString()).isZero();
        assertThat(rerun.out).contains("inventory completed (execution 2)");
    }

    @Test
    void alreadyCompletedChecksItsReportStillExistsAndSaysWhatToDo() throws IOException {
        String[] params = {"data=" + data, "date=2026-11-24"};
        assertThat(SuiteRun.job(state, out, "inventory", params).exitCode).isZero();
        deleteTree(out);
        SuiteRun gone = SuiteRun.job(state, out, "inventory", params);
        assertThat(gone.exitCode).as(gone.toString()).isEqualTo(1);
        assertOneLine(
                gone,
                "inventory already completed for 2026-11-24 (execution 1), but its report "
                        + out.resolve("reports/inventory-2026-11-24.json"));
        assertThat(gone.err).contains("is gone").contains("--rerun");
        SuiteRun rerun = SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24", "--rerun");
        assertThat(rerun.exitCode).as(rerun.toString()).isZero();
        assertThat(out.resolve("reports/inventory-2026-11-24.json")).isRegularFile();
    }

    @Test
    void aCompletedDateAskedAgainAnswersTheExitCodeItFirstEndedWith() {
        Path sample = SampleData.generate(tmp.resolve("sample"), 60, "--with-anomalies");
        String[] params = {"data=" + sample, "date=" + SampleData.AS_OF};
        SuiteRun first = SuiteRun.job(state, out, "tag", params);
        assertThat(first.exitCode).as(first.toString()).isEqualTo(4);
        SuiteRun again = SuiteRun.job(state, out, "tag", params);
        assertThat(again.exitCode).as(again.toString()).isEqualTo(4);
        assertThat(again.out).contains("already completed").contains("exit 4 then, and now");
    }

    @Test
    void unreachableStorageIsExitOneNotTwo() {
        SuiteRun run = SuiteRun.job(
                state,
                out,
                "inventory",
                "data=hdfs://127.0.0.1:1/raw",
                "date=2026-11-24",
                "--governance.hadoop.properties[ipc.client.connect.max.retries]=0",
                "--governance.hadoop.properties[ipc.client.connect.retry.interval]=10");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertOneLine(run, "data folder cannot be read: hdfs://127.0.0.1:1/raw");
    }

    /** An HDFS outage under each job that reads or writes a zone: 1 (retry later), one line, no stack trace. */
    @Test
    void aNamenodeThatDoesNotAnswerIsExitOneForEveryJob() {
        String[] hadoop = {
            "--governance.hadoop.properties[ipc.client.connect.max.retries]=0",
            "--governance.hadoop.properties[ipc.client.connect.retry.interval]=10"
        };
        String down = "hdfs://127.0.0.1:1/raw";
        for (String[] job : new String[][] {
            {"retention", "data=" + down, "date=2026-11-24", hadoop[0], hadoop[1]},
            {"tag", "data=" + down, "date=2026-11-24", hadoop[0], hadoop[1]},
            {"tag", "data=" + data, "out=hdfs://127.0.0.1:1/out", "date=2026-11-24", hadoop[0], hadoop[1]},
            {"extract", "data=" + data, "out=hdfs://127.0.0.1:1/out", "date=2026-11-24", hadoop[0], hadoop[1]}
        }) {
            SuiteRun run = SuiteRun.job(state, out, job[0], java.util.Arrays.copyOfRange(job, 1, job.length));
            assertThat(run.exitCode).as(String.join(" ", job) + "\n" + run).isEqualTo(1);
            assertThat(run.err).as(run.toString()).contains("127.0.0.1:1").doesNotContain("\tat ");
        }
    }

    @Test
    void aJobRepositoryDatabaseThatDoesNotAnswerIsExitOneWithOneLine() {
        SuiteRun run = SuiteRun.job(
                state,
                out,
                "inventory",
                "data=" + data,
                "date=2026-11-24",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/governance",
                "--spring.datasource.username=governance",
                "--spring.datasource.password=x",
                "--spring.datasource.hikari.connection-timeout=2000",
                "--spring.datasource.hikari.initialization-fail-timeout=1");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertOneLine(run, "job repository");
        assertThat(run.err).contains("127.0.0.1:1").contains("retry");
    }

    @Test
    void anUnreadableInputUnderRetentionIsExitOneNotTwo() throws IOException {
        Files.writeString(data.resolve("customers/part-00000.parquet"), "not parquet at all");
        SuiteRun run = SuiteRun.job(state, out, "retention", "data=" + data, "date=2026-11-24");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains("part-00000.parquet");
    }

    @Test
    void personalDataZonesArePrivateAndTempFilesOfAKilledRunAreSwept() throws IOException {
        Path stray = Files.createDirectories(out.resolve("reports")).resolve(".inventory-2026-11-24.json.1234.tmp");
        Files.writeString(stray, "half a report");
        SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(stray).doesNotExist();
        for (String zone : new String[] {"governed", "extracts", "quarantine"}) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(out.resolve(zone))))
                    .as(zone)
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void aFutureBusinessDateIsRefusedUnlessAllowed() {
        String future = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"))
                .plusDays(2)
                .toString();
        SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + data, "date=" + future);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run, "inventory: business date " + future + " is after today");
        SuiteRun allowed =
                SuiteRun.job(state, out, "inventory", "data=" + data, "date=" + future, "--allow-future-date");
        assertThat(allowed.exitCode).as(allowed.toString()).isZero();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Test
    @SuppressWarnings("try") // the lock is held by the try block itself, never referenced
    void heldSuiteLockIsExitThreeNamingTheHolder() throws IOException {
        Path lockFile = Files.createDirectories(state.resolve("locks")).resolve("suite.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            channel.write(
                    java.nio.ByteBuffer.wrap("job retention (pid 4242, started 2026-11-25T01:00:00Z)\n".getBytes()), 0);
            SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + data);
            assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
            assertOneLine(
                    run,
                    "refused: job retention (pid 4242, started 2026-11-25T01:00:00Z) is running with this state folder");
            assertThat(state.resolve("job-repository.mv.db"))
                    .as("a refused run never opens the job repository")
                    .doesNotExist();
        }
    }

    @Test
    void stateFolderThatCannotBeWrittenIsExitTwoWithOneLine() throws IOException {
        Path notAFolder = Files.writeString(tmp.resolve("occupied"), "a file where the state folder should be");
        SuiteRun run = SuiteRun.job(notAFolder.resolve("state"), out, "inventory", "data=" + data);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run, "the state folder " + notAFolder.resolve("state") + " is not writable");
    }

    @Test
    void noTraceFileGrowsInTheStateFolder() {
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24").exitCode)
                .isZero();
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24", "--rerun").exitCode)
                .isZero();
        assertThat(state.resolve("job-repository.trace.db")).doesNotExist();
    }

    @Test
    void aKilledRerunIsRecoverableAndTheMessageSaysWhatItWas() throws Exception {
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24").exitCode)
                .isZero();
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24", "--rerun").exitCode)
                .isZero();
        leaveLastExecutionAsAKilledProcessWould();

        SuiteRun recover = SuiteRun.job(
                state,
                out,
                "inventory",
                "data=" + data,
                "date=2026-11-24",
                "--recover",
                "--governance.jobs.auto-recover=false");
        assertThat(recover.exitCode).as(recover.toString()).isZero();
        assertThat(recover.out)
                .contains("recovered execution 2 of inventory (date 2026-11-24")
                .contains("left STARTED by a process that no longer runs; marked FAILED")
                .contains("run it again with --rerun");
        SuiteRun again = SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24", "--recover");
        assertThat(again.out).contains("nothing to recover: no execution of inventory is marked running");
    }

    @Test
    void executionLeftStartedByADeadProcessIsRecoveredThenRestarted() throws Exception {
        String[] params = {"data=" + data, "date=2026-11-24"};
        assertThat(SuiteRun.job(state, out, "inventory", params).exitCode).isZero();
        leaveLastExecutionAsAKilledProcessWould();

        // Without auto-recovery the stale execution blocks, with a hint.
        SuiteRun blocked = SuiteRun.job(
                state, out, "inventory", "data=" + data, "date=2026-11-24", "--governance.jobs.auto-recover=false");
        assertThat(blocked.exitCode).as(blocked.toString()).isEqualTo(3);
        assertThat(blocked.err).contains("use --recover");

        SuiteRun recover = SuiteRun.job(
                state,
                out,
                "inventory",
                "data=" + data,
                "date=2026-11-24",
                "--recover",
                "--governance.jobs.auto-recover=false");
        assertThat(recover.exitCode).as(recover.toString()).isZero();
        assertThat(recover.out)
                .contains("recovered execution 1")
                .contains("left STARTED")
                .contains("marked FAILED");

        SuiteRun restart = SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24", "--restart");
        assertThat(restart.exitCode).as(restart.toString()).isZero();
        assertThat(restart.out).contains("restarting execution 1").contains("inventory completed (execution 2)");

        // With auto-recovery (the default on one machine) the same command again finishes the work.
        leaveLastExecutionAsAKilledProcessWould();
        SuiteRun same = SuiteRun.job(state, out, "inventory", params);
        assertThat(same.exitCode).as(same.toString()).isZero();
        assertThat(same.out).contains("recovered execution 2").contains("inventory completed (execution 3)");
    }

    @Test
    void restartWithoutAFailedExecutionIsExitTwo() {
        SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + data, "--restart");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run, "nothing to restart");
    }

    /** What kill -9 leaves in the job repository: the execution and its last step still STARTED. */
    private void leaveLastExecutionAsAKilledProcessWould() throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:h2:file:" + state.resolve("job-repository") + ";AUTO_SERVER=TRUE", "sa", "");
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE BATCH_JOB_EXECUTION SET STATUS='STARTED', EXIT_CODE='UNKNOWN', END_TIME=NULL"
                    + " WHERE JOB_EXECUTION_ID=(SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION)");
            s.executeUpdate("UPDATE BATCH_STEP_EXECUTION SET STATUS='STARTED', EXIT_CODE='EXECUTING', END_TIME=NULL"
                    + " WHERE STEP_EXECUTION_ID=(SELECT MAX(STEP_EXECUTION_ID) FROM BATCH_STEP_EXECUTION)");
        }
    }

    private static void assertOneLine(SuiteRun run, String expected) {
        assertThat(run.err.strip().lines().count()).as(run.toString()).isEqualTo(1);
        assertThat(run.err).contains(expected);
    }
}
