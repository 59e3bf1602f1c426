package jp.insurer.governance.batch.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import jp.insurer.governance.batch.RemoteCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The repository's row locks on the production database: PostgreSQL ends a transaction at its first error and
 * reports session ends its own way. The holder of the repository lock whose backend an administrator ends
 * ({@code pg_terminate_backend}) learns it within the check interval; partition rows are deleted when released
 * and pruned without touching a held one. CI's PostgreSQL (.ci/run sets GOVERNANCE_TEST_POSTGRES_URL; elsewhere
 * skipped); tagged: the database is shared, so failsafe runs it alone (root pom, execution "postgres").
 */
@Tag("postgres")
class RepositoryLocksPostgresIT {

    private DriverManagerDataSource repository;

    @BeforeEach
    void postgres() {
        assumeTrue(RemoteCluster.POSTGRES != null, "GOVERNANCE_TEST_POSTGRES_URL is not set");
        repository = new DriverManagerDataSource(
                RemoteCluster.POSTGRES, RemoteCluster.POSTGRES_USER, RemoteCluster.POSTGRES_PASSWORD);
    }

    @Test
    void aHolderWhoseBackendIsTerminatedIsToldWithinTheCheckInterval() throws Exception {
        Duration took = RepositoryLockTest.lostLockIsReportedWithinTheCheckInterval(repository);
        assertThat(took).isLessThan(Duration.ofMillis(500 + 2_000 + 1_000));
    }

    @Test
    void aReleasedPartitionLockLeavesNoRow() throws Exception {
        RowLocksTest.releasedPartitionLockLeavesNoRow(repository);
    }

    @Test
    void pruningDeletesTheRowsOfDeadHoldersAndNeverARowHeld() throws Exception {
        RowLocksTest.pruningSparesHeldRows(repository);
    }
}
