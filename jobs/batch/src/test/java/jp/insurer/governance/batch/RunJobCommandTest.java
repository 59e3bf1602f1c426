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

/** The command line of CONTRACT.md: exit codes, one-line reasons, restart and recovery. */
class RunJobCommandTest {

    @TempDir Path tmp;
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
        SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + data,
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
        SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + data,
                "--spring.config.additional-location=optional:file:" + config + "/");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run, "unknown setting governance.hadop.conf-dir");
    }

    @Test
    void invalidParametersAreExitTwo() {
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "date=24/11/2026").exitCode).isEqualTo(2);
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "mode=enforce").exitCode).isEqualTo(2);
        assertThat(SuiteRun.job(state, out, "inventory", "data=" + data, "--force").exitCode).isEqualTo(2);
        assertThat(SuiteRun.job(state, out, "inventory", "data" + data).exitCode).isEqualTo(2);
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
    void heldLockIsExitThree() throws IOException {
        Path lockFile = Files.createDirectories(state.resolve("locks")).resolve("inventory.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            SuiteRun run = SuiteRun.job(state, out, "inventory", "data=" + data);
            assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
            assertOneLine(run, "inventory is already running on this machine");
        }
    }

    @Test
    void executionLeftStartedByADeadProcessIsRecoveredThenRestarted() throws Exception {
        String[] params = {"data=" + data, "date=2026-11-24"};
        assertThat(SuiteRun.job(state, out, "inventory", params).exitCode).isZero();
        leaveLastExecutionAsAKilledProcessWould();

        // Without auto-recovery the stale execution blocks, with a hint.
        SuiteRun blocked = SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24",
                "--governance.jobs.auto-recover=false");
        assertThat(blocked.exitCode).as(blocked.toString()).isEqualTo(3);
        assertThat(blocked.err).contains("use --recover");

        SuiteRun recover = SuiteRun.job(state, out, "inventory", "data=" + data, "date=2026-11-24", "--recover",
                "--governance.jobs.auto-recover=false");
        assertThat(recover.exitCode).as(recover.toString()).isZero();
        assertThat(recover.out).contains("recovered execution 1").contains("marked FAILED");

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
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + state.resolve("job-repository") + ";AUTO_SERVER=TRUE", "sa", "");
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
