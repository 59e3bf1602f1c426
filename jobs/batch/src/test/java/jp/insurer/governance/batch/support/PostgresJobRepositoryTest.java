package jp.insurer.governance.batch.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production job repository: PostgreSQL, switched to by configuration only. .ci/run starts a
 * server and sets GOVERNANCE_TEST_POSTGRES_URL (plus _USER and _PASSWORD).
 */
class PostgresJobRepositoryTest {

    private static final String URL = System.getenv("GOVERNANCE_TEST_POSTGRES_URL");
    private static final String USER = System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_USER", "postgres");
    private static final String PASSWORD =
            System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_PASSWORD", "postgres");

    @TempDir
    Path tmp;

    @Test
    void jobsRunRestartAndRecordOnPostgres() throws Exception {
        assumeTrue(URL != null, "GOVERNANCE_TEST_POSTGRES_URL is not set");
        Path data = Files.createDirectories(tmp.resolve("data/customers")).getParent();
        String date = "2026-11-24";
        // A fresh job instance per test run, since the database outlives the test.
        String out = tmp.resolve("out-" + UUID.randomUUID()).toString();
        String[] settings = {
            "--spring.datasource.url=" + URL,
            "--spring.datasource.username=" + USER,
            "--spring.datasource.password=" + PASSWORD
        };

        SuiteRun first = run(data, out, date, settings);
        assertThat(first.exitCode).as(first.toString()).isZero();
        // Schema initialisation runs again on an existing schema without failing.
        SuiteRun second = run(data, out, date, settings);
        assertThat(second.exitCode).as(second.toString()).isZero();
        assertThat(second.out).contains("already completed");

        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT e.status FROM batch_job_execution e"
                        + " JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id"
                        + " WHERE p.parameter_name = 'out' AND p.parameter_value = '" + out + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("COMPLETED");
            assertThat(rs.next()).isFalse();
        }
    }

    private SuiteRun run(Path data, String out, String date, String[] settings) {
        String[] args = new String[settings.length + 3];
        args[0] = "data=" + data;
        args[1] = "out=" + out;
        args[2] = "date=" + date;
        System.arraycopy(settings, 0, args, 3, settings.length);
        return SuiteRun.job(tmp.resolve("state"), tmp.resolve("unused"), "inventory", args);
    }
}
