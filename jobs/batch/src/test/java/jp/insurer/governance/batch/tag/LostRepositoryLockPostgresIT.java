package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.RemoteCluster;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose job repository lock the database takes away mid-run (an administrator's {@code
 * pg_terminate_backend} of the lock's session) stops as on SIGTERM: exit 5, STOPPED, saying why, and resumes
 * with {@code --restart}. CI's PostgreSQL (.ci/run sets GOVERNANCE_TEST_POSTGRES_URL; elsewhere skipped); tagged:
 * the database is shared, so failsafe runs it alone (root pom, execution "postgres").
 */
@Tag("postgres")
class LostRepositoryLockPostgresIT {

    private static final String URL = RemoteCluster.POSTGRES;
    private static final String USER = RemoteCluster.POSTGRES_USER;
    private static final String PASSWORD = RemoteCluster.POSTGRES_PASSWORD;

    @TempDir
    Path tmp;

    @Test
    void aJobWhoseLockSessionIsTerminatedStopsAsOnSigtermAndResumes() throws Exception {
        assumeTrue(URL != null, "GOVERNANCE_TEST_POSTGRES_URL is not set");
        Path data = SampleData.generate(tmp.resolve("data"), 300);
        String[] args = {
            "data=" + data,
            "date=" + SampleData.AS_OF,
            "--spring.datasource.url=" + URL,
            "--spring.datasource.username=" + USER,
            "--spring.datasource.password=" + PASSWORD,
            // Other tests' executions share the database: none may be taken for a dead one.
            "--governance.jobs.auto-recover=false",
            "--governance.jobs.lock-check-interval=500ms"
        };
        // The database outlives the test: a fresh job instance by a fresh output folder.
        Path out = tmp.resolve("out-" + UUID.randomUUID());
        Path state = tmp.resolve("state");
        Path log = tmp.resolve("tag.log");
        Process job = SuiteProcess.startJob(state, out, log, "tag", args);
        RemoteCluster.awaitWhileManagerRuns(() -> TagKillIT.committed(out) >= 1, job, log, "a tagged file", 5);

        assertThat(terminateLockHolders())
                .as("sessions holding rows of the lock table")
                .isOne();

        assertThat(job.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String said = Files.readString(log);
        assertThat(job.exitValue()).as(said).isEqualTo(5);
        assertThat(said)
                .contains("lost the job repository lock 'suite': its database session ended or does not answer")
                .contains("tag STOPPED on request at a safe point")
                .contains("tag lost the job repository's lock during the run (")
                .contains("before --restart, check that no other job runs against this repository");

        String[] restart = Arrays.copyOf(args, args.length + 1);
        restart[args.length] = "--restart";
        SuiteRun again = SuiteRun.job(state, out, "tag", restart);
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("restarting execution");
        assertThat(TagKillIT.hidden(out)).as("staged or temporary files left").isEmpty();
    }

    /**
     * Ends, as an administrator would, the sessions holding rows of the lock table (a row lock shows in pg_locks
     * as the holder's RowShareLock on the table, for its whole transaction); a local job holds only the repository
     * lock's. Returns how many were ended.
     */
    private static int terminateLockHolders() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM (SELECT DISTINCT l.pid FROM"
                        + " pg_locks l JOIN pg_class t ON t.oid = l.relation WHERE t.relname = 'governance_lock'"
                        + " AND l.mode = 'RowShareLock' AND l.granted AND l.pid <> pg_backend_pid()) holders")) {
            int ended = 0;
            while (rs.next()) if (rs.getBoolean(1)) ended++;
            return ended;
        }
    }
}
