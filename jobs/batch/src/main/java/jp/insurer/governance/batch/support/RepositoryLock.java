package jp.insurer.governance.batch.support;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * One job at a time per job repository, whatever host runs it: the {@link SuiteLock} is a file in the state
 * folder, and two managers on two hosts have two state folders but one shared repository (remote
 * partitioning). The holder keeps a row of {@value #TABLE} locked ({@code SELECT … FOR UPDATE}) in a
 * transaction it never commits, on a connection of its own, for the whole run; the database releases the
 * row when that session ends, also when the process is killed (its socket closes). So a running execution
 * found by a process that holds this lock was left by a process that is gone, on any host, and a second
 * manager is refused (exit 3) with the holder named.
 *
 * <p>Hand-written on plain JDBC because the lock must live exactly as long as the holder's session: lease
 * locks such as ShedLock's expire by time, so a killed manager would block the next night until the lease
 * ends and a slow one could lose its lock mid-run. {@code FOR UPDATE NOWAIT} is understood by PostgreSQL and
 * H2 alike.
 *
 * <p>The holder's line (job, host, pid, start) is kept in a second row, committed, for the refusal message.
 */
public final class RepositoryLock implements AutoCloseable {

    static final String TABLE = "GOVERNANCE_SUITE_LOCK";
    private static final String LOCK = "suite";
    private static final String HOLDER = "suite.holder";

    private final Connection session;
    private final DataSource dataSource;
    private final String line;

    private RepositoryLock(Connection session, DataSource dataSource, String line) {
        this.session = session;
        this.dataSource = dataSource;
        this.line = line;
    }

    /** Another process holds the lock; the message names it when it is known. Exit code 3. */
    public static final class HeldException extends RuntimeException {
        private final String holder;

        HeldException(String holder) {
            super(holder);
            this.holder = holder;
        }

        /** The holder's line ({@code job tag (host h, pid 42, started …)}), or null when it has not written it. */
        public String holder() {
            return holder;
        }

        /** The job the holder runs, or null when unknown. */
        public String job() {
            if (holder == null || !holder.startsWith("job ")) return null;
            int space = holder.indexOf(' ', 4);
            return space < 0 ? null : holder.substring(4, space);
        }
    }

    /**
     * @throws HeldException when another process (on any host) holds the lock of this job repository
     * @throws SQLException  when the repository cannot be used
     */
    public static RepositoryLock acquire(DataSource dataSource, String job) throws SQLException {
        createRows(dataSource);
        Connection session = dataSource.getConnection();
        try {
            session.setAutoCommit(false);
            try (PreparedStatement lock =
                    session.prepareStatement("SELECT NAME FROM " + TABLE + " WHERE NAME = ? FOR UPDATE NOWAIT")) {
                lock.setString(1, LOCK);
                lock.executeQuery().close();
            } catch (SQLException e) {
                if (!isLockConflict(e)) throw e;
                session.rollback();
                session.close();
                throw new HeldException(holder(dataSource));
            }
            String line = "job " + job + " (host " + host() + ", pid "
                    + ProcessHandle.current().pid() + ", started "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    + ")";
            writeHolder(dataSource, line, null);
            return new RepositoryLock(session, dataSource, line);
        } catch (SQLException | RuntimeException e) {
            if (!session.isClosed()) {
                session.rollback();
                session.close();
            }
            throw e;
        }
    }

    /** The table and its two rows, made once per repository (two processes making them at once is harmless). */
    private static void createRows(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (NAME VARCHAR(32) NOT NULL PRIMARY KEY, HOLDER VARCHAR(512))");
            for (String name : new String[] {LOCK, HOLDER}) {
                try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE NAME = ?")) {
                    exists.setString(1, name);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) continue;
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (NAME) VALUES (?)")) {
                    insert.setString(1, name);
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (!e.getSQLState().startsWith("23")) throw e; // 23: another process inserted it first
                }
            }
        }
    }

    /**
     * The holder writes its line just after taking the lock: a refusal in between waits for it briefly (as the
     * suite lock's does), then names the holder as unknown rather than guess.
     */
    private static String holder(DataSource dataSource) throws SQLException {
        for (int i = 0; i < 40; i++) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("SELECT HOLDER FROM " + TABLE + " WHERE NAME = ?")) {
                s.setString(1, HOLDER);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) return rs.getString(1);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return null;
    }

    /** Sets the holder's line to {@code line} (null: nobody), only where it is still {@code was} when given. */
    private static void writeHolder(DataSource dataSource, String line, String was) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE " + TABLE + " SET HOLDER = ? WHERE NAME = ?"
                        + (was == null ? "" : " AND HOLDER = ?"))) {
            c.setAutoCommit(true);
            s.setString(1, line);
            s.setString(2, HOLDER);
            if (was != null) s.setString(3, was);
            s.executeUpdate();
        }
    }

    /** PostgreSQL 55P03 (lock_not_available), H2 HYT00 (lock timeout): a row another session holds. */
    private static boolean isLockConflict(SQLException e) {
        for (SQLException c = e; c != null; c = c.getNextException()) {
            String state = c.getSQLState();
            if ("55P03".equals(state) || "HYT00".equals(state)) return true;
        }
        return false;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }

    @Override
    public void close() {
        try {
            writeHolder(dataSource, null, line); // a free lock names nobody
        } catch (SQLException ignored) {
            // the next holder overwrites the line
        }
        try {
            session.rollback();
            session.close();
        } catch (SQLException ignored) {
            // the database releases the row with the session
        }
    }
}
