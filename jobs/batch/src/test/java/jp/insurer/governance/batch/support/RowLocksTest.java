package jp.insurer.governance.batch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Partition locks of {@link RowLocks} on an H2 database: a partition's row lives only while a worker holds it,
 * and pruning deletes the rows killed workers left but never a row a live session holds.
 * {@link RepositoryLocksPostgresIT} runs the same on PostgreSQL.
 */
class RowLocksTest {

    @Test
    void aReleasedPartitionLockLeavesNoRow() throws Exception {
        releasedPartitionLockLeavesNoRow(repository("partition-released"));
    }

    @Test
    void pruningDeletesTheRowsOfDeadHoldersAndNeverARowHeld() throws Exception {
        pruningSparesHeldRows(repository("partition-pruned"));
    }

    static void releasedPartitionLockLeavesNoRow(DataSource repository) throws Exception {
        RowLocks locks = new RowLocks(repository);
        long partition = unusedId();
        assertThat(locks.partitionHeld(partition)).isFalse();
        assertThat(rows(repository, partition)).as("a row made by asking").isZero();

        try (RowLocks.Held running = locks.tryHoldPartition(partition)) {
            assertThat(running).isNotNull();
            assertThat(locks.tryHoldPartition(partition))
                    .as("a second request for a partition being run")
                    .isNull();
            assertThat(locks.partitionHeld(partition)).isTrue();
            assertThat(rows(repository, partition)).isOne();
        }
        assertThat(rows(repository, partition))
                .as("rows left by a partition that ended")
                .isZero();
        assertThat(locks.partitionHeld(partition)).isFalse();
        // A late request for the same partition takes it again (its row made again), then leaves none either.
        try (RowLocks.Held late = locks.tryHoldPartition(partition)) {
            assertThat(late).isNotNull();
        }
        assertThat(rows(repository, partition)).isZero();
    }

    static void pruningSparesHeldRows(DataSource repository) throws Exception {
        RowLocks locks = new RowLocks(repository);
        long live = unusedId();
        long dead = unusedId();
        long never = unusedId();
        try (RowLocks.Held running = locks.tryHoldPartition(live)) {
            assertThat(running).isNotNull();
            // A worker killed mid-partition: its session ended uncommitted, its row is left, free.
            Connection killed = repository.getConnection();
            killed.setAutoCommit(false);
            try (PreparedStatement insert =
                    killed.prepareStatement("INSERT INTO " + RowLocks.TABLE + " (NAME) VALUES (?)")) {
                insert.setString(1, RowLocks.partition(dead));
                insert.executeUpdate();
            }
            killed.commit();
            try (PreparedStatement lock = killed.prepareStatement(
                    "SELECT NAME FROM " + RowLocks.TABLE + " WHERE NAME = ? FOR UPDATE NOWAIT")) {
                lock.setString(1, RowLocks.partition(dead));
                assertThat(lock.executeQuery().next()).isTrue();
            }
            killed.close();

            // The held row first: a conflict must not end the pruning of the others.
            assertThat(locks.prunePartitions(List.of(live, dead, never))).isOne();
            assertThat(rows(repository, dead)).isZero();
            assertThat(rows(repository, live)).as("the row a live worker holds").isOne();
            assertThat(locks.partitionHeld(live)).isTrue();
            running.verify(); // still held by its own session
        }
        assertThat(rows(repository, live)).isZero();
    }

    private static DataSource repository(String name) {
        return new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** A step execution id no run uses (the PostgreSQL repository is shared with other tests). */
    private static long unusedId() {
        return Long.MAX_VALUE - ThreadLocalRandom.current().nextLong(1L << 40);
    }

    private static int rows(DataSource repository, long partition) throws Exception {
        try (Connection c = repository.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT COUNT(*) FROM " + RowLocks.TABLE + " WHERE NAME = ?")) {
            s.setString(1, RowLocks.partition(partition));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            if (e.getSQLState().startsWith("42")) return 0; // no table yet: no row
            throw e;
        }
    }
}
