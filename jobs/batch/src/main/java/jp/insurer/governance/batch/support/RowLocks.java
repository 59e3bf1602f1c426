package jp.insurer.governance.batch.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Locks that every process sharing the job repository sees, on any host: a lock is a row of {@value #TABLE},
 * held {@code SELECT … FOR UPDATE NOWAIT} in a transaction that is never committed, on a connection of its
 * own. The database releases the row when that session ends, also when the holder is killed (its socket
 * closes), so a lock lives exactly as long as its holder.
 *
 * <p>Hand-written on plain JDBC because of how the lock ends: Spring Integration's {@code JdbcLockRegistry}
 * and ShedLock hold leases that expire after a time to live that must be guessed, so a killed holder would
 * block the next run until the lease ends and a slow one could lose its lock mid-work. {@code FOR UPDATE
 * NOWAIT} is understood by PostgreSQL and H2 alike. Rows hold no personal data: names and holders' lines.
 */
public final class RowLocks {

    public static final String TABLE = "GOVERNANCE_LOCK";

    /** How many times a missing row is made before giving up: each miss means its last holder removed it. */
    private static final int MAKE_ATTEMPTS = 5;

    private final DataSource repository;

    /**
     * The lock a worker holds while it runs a partition: a request given twice (a broker restart redelivers
     * one a live worker still runs) is not run twice at once, and a manager never recovers a partition a live
     * worker runs. Its row lives only while it is held ({@link #tryHoldPartition}).
     */
    public static String partition(long stepExecutionId) {
        return "partition:" + stepExecutionId;
    }

    public RowLocks(DataSource repository) {
        this.repository = repository;
    }

    /** A row held; {@link #close} (or the end of the holder's session) frees it. */
    public static final class Held implements AutoCloseable {
        private final Connection session;
        private final String name;
        private final boolean removeOnClose;

        private Held(Connection session, String name, boolean removeOnClose) {
            this.session = session;
            this.name = name;
            this.removeOnClose = removeOnClose;
        }

        /**
         * Asserts that this lock is still held: its session answers within 2 seconds and still holds the row
         * (taking a row already held in the same transaction again is a no-op). Not thread-safe with {@link
         * #close}: the caller serializes them.
         *
         * @throws SQLException when the session is gone (the database ended it: the row is free) or cannot
         *                      tell
         */
        public void verify() throws SQLException {
            if (!session.isValid(2))
                throw new SQLException("the database session holding lock '" + name + "' has ended", "08003");
            if (!lockRow(session, name))
                throw new SQLException("the row of lock '" + name + "' is gone from " + TABLE, "02000");
        }

        @Override
        public void close() {
            if (removeOnClose) {
                // In the holder's own transaction, so no other session's lock is ever touched.
                try {
                    deleteRow(session, name);
                    session.commit();
                } catch (SQLException ignored) {
                    // the row stays, free once the session ends: the manager prunes it when its step ends
                }
            }
            release(session);
        }
    }

    /**
     * Takes the lock {@code name} at once, or returns null when another session holds it (never waits). Its
     * row is kept when it is released.
     *
     * @throws SQLException when the repository cannot be used
     */
    public Held tryHold(String name) throws SQLException {
        return tryHold(name, false);
    }

    /**
     * Takes the lock of a partition ({@link #partition}) at once, or returns null when another session holds
     * it; releasing it deletes its row (one row per partition run would otherwise pile up).
     *
     * @throws SQLException when the repository cannot be used
     */
    public Held tryHoldPartition(long stepExecutionId) throws SQLException {
        return tryHold(partition(stepExecutionId), true);
    }

    private Held tryHold(String name, boolean removeOnClose) throws SQLException {
        for (int made = 0; ; made++) {
            Connection session = repository.getConnection();
            try {
                if ("PostgreSQL".equals(session.getMetaData().getDatabaseProductName())) {
                    // The transaction stays idle for the whole run: a server-wide idle timeout must not end it
                    // (and free the lock unnoticed).
                    try (Statement s = session.createStatement()) {
                        s.execute("SET idle_in_transaction_session_timeout = 0");
                    }
                }
                session.setAutoCommit(false);
                if (lockRow(session, name)) return new Held(session, name, removeOnClose);
                release(session);
            } catch (SQLException e) {
                release(session);
                if (isLockConflict(e)) return null;
                if (made > 0 || !isNoSuchTable(e)) throw e;
            }
            // The table or the row is not there yet, or its last holder has removed it since (a partition's).
            if (made == MAKE_ATTEMPTS)
                throw new SQLException("the lock row '" + name + "' of " + TABLE + " is not there after making it "
                        + MAKE_ATTEMPTS + " times");
            ensureRow(name);
        }
    }

    /**
     * Whether another session holds the lock of this partition now; asks without making a row (none means
     * that no one holds it).
     *
     * @throws SQLException when the repository cannot be used
     */
    public boolean partitionHeld(long stepExecutionId) throws SQLException {
        Connection session = repository.getConnection();
        try {
            session.setAutoCommit(false);
            lockRow(session, partition(stepExecutionId));
            return false;
        } catch (SQLException e) {
            if (isLockConflict(e)) return true;
            if (isNoSuchTable(e)) return false;
            throw e;
        } finally {
            release(session);
        }
    }

    /**
     * Deletes the rows of these partitions' locks that no session holds (left by workers killed mid-partition);
     * a row a live worker holds is skipped, never waited for. Returns how many rows were deleted.
     *
     * @throws SQLException when the repository cannot be used
     */
    public int prunePartitions(java.util.Collection<Long> stepExecutionIds) throws SQLException {
        int pruned = 0;
        Connection session = repository.getConnection();
        try {
            session.setAutoCommit(false);
            for (long id : stepExecutionIds) {
                try {
                    if (lockRow(session, partition(id))) pruned += deleteRow(session, partition(id));
                    session.commit();
                } catch (SQLException e) {
                    session.rollback();
                    if (isNoSuchTable(e)) return pruned;
                    if (!isLockConflict(e)) throw e;
                }
            }
            return pruned;
        } finally {
            release(session);
        }
    }

    /** {@code SELECT … FOR UPDATE NOWAIT} of row {@code name} in {@code session}'s transaction: whether it exists. */
    private static boolean lockRow(Connection session, String name) throws SQLException {
        try (PreparedStatement lock =
                session.prepareStatement("SELECT NAME FROM " + TABLE + " WHERE NAME = ? FOR UPDATE NOWAIT")) {
            lock.setString(1, name);
            try (ResultSet row = lock.executeQuery()) {
                return row.next();
            }
        }
    }

    private static int deleteRow(Connection session, String name) throws SQLException {
        try (PreparedStatement delete = session.prepareStatement("DELETE FROM " + TABLE + " WHERE NAME = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate();
        }
    }

    /** Rolls back and always returns the connection to the pool, also when the rollback fails. */
    private static void release(Connection session) {
        try {
            session.rollback();
        } catch (SQLException ignored) {
            // the database frees the row with the session
        } finally {
            try {
                session.close();
            } catch (SQLException ignored) {
                // a broken connection: the pool discards it
            }
        }
    }

    /**
     * The note kept in row {@code name} (e.g. who holds a lock, kept in a row of its own because the held row
     * cannot be written by another session), null when none.
     */
    public String note(String name) throws SQLException {
        try (Connection c = repository.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT NOTE FROM " + TABLE + " WHERE NAME = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Sets the note of row {@code name} to {@code text}, only where it is still {@code was} when that is given. */
    public void writeNote(String name, String text, String was) throws SQLException {
        ensureRow(name);
        try (Connection c = repository.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE " + TABLE + " SET NOTE = ? WHERE NAME = ?" + (was == null ? "" : " AND NOTE = ?"))) {
            c.setAutoCommit(true);
            s.setString(1, text);
            s.setString(2, name);
            if (was != null) s.setString(3, was);
            s.executeUpdate();
        }
    }

    /** The table and the row, made by the first process that needs them (two making them at once is harmless). */
    private void ensureRow(String name) throws SQLException {
        try (Connection c = repository.getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            if (!tableExists(c)) { // asked first: PostgreSQL checks the right to create before IF NOT EXISTS
                try {
                    s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                            + " (NAME VARCHAR(100) NOT NULL PRIMARY KEY, NOTE VARCHAR(512))");
                } catch (SQLException e) {
                    if (!madeByAnother(e)) throw e;
                }
            }
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE NAME = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) return;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (NAME) VALUES (?)")) {
                insert.setString(1, name);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!madeByAnother(e)) throw e;
            }
        }
    }

    private static boolean tableExists(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + TABLE + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            if (isNoSuchTable(e)) return false; // CREATE then reports any other cause
            throw e;
        }
    }

    /** 42…: no such table (PostgreSQL 42P01, H2 42S02 or 42104). */
    private static boolean isNoSuchTable(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("42");
    }

    /** 23…: a key inserted meanwhile; 42P07: PostgreSQL's table made meanwhile (IF NOT EXISTS is not atomic there). */
    private static boolean madeByAnother(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("23") || state.equals("42P07"));
    }

    /** PostgreSQL 55P03 (lock_not_available), H2 HYT00 (lock timeout): a row another session holds. */
    private static boolean isLockConflict(SQLException e) {
        for (SQLException c = e; c != null; c = c.getNextException()) {
            String state = c.getSQLState();
            if ("55P03".equals(state) || "HYT00".equals(state)) return true;
        }
        return false;
    }
}
