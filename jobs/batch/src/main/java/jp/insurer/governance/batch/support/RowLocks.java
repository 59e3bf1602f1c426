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

    private final DataSource repository;

    /**
     * The lock a worker holds while it runs a partition (one row per partition run, kept): a request given
     * twice (a broker restart redelivers one a live worker still runs) is not run twice at once, and a
     * manager never recovers a partition a live worker runs.
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

        private Held(Connection session) {
            this.session = session;
        }

        @Override
        public void close() {
            release(session);
        }
    }

    /**
     * Takes the lock {@code name} at once, or returns null when another session holds it (never waits).
     *
     * @throws SQLException when the repository cannot be used
     */
    public Held tryHold(String name) throws SQLException {
        for (boolean made = false; ; made = true) {
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
                try (PreparedStatement lock =
                        session.prepareStatement("SELECT NAME FROM " + TABLE + " WHERE NAME = ? FOR UPDATE NOWAIT")) {
                    lock.setString(1, name);
                    try (ResultSet row = lock.executeQuery()) {
                        if (row.next()) return new Held(session);
                    }
                }
                release(session);
            } catch (SQLException e) {
                release(session);
                if (isLockConflict(e)) return null;
                if (made || !isNoSuchTable(e)) throw e;
            }
            // The table or the row is not there yet: made once, by the first process that needs it.
            if (made)
                throw new SQLException("the lock row '" + name + "' of " + TABLE + " is not there after making it");
            ensureRow(name);
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
