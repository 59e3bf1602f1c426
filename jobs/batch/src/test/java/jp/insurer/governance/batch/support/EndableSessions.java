package jp.insurer.governance.batch.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A job repository whose database sessions a test can end from outside, as a failover, a network reset or an
 * administrator would: it notes the server's id of every session it opens (PostgreSQL's backend pid, H2's
 * session id), and {@link #endAll} ends them from a session of its own ({@code pg_terminate_backend},
 * H2's {@code ABORT_SESSION}).
 */
final class EndableSessions extends DelegatingDataSource {

    private final Map<Connection, Long> sessions = new ConcurrentHashMap<>();

    EndableSessions(DataSource database) {
        super(database);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = super.getConnection();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + (postgres(c) ? "pg_backend_pid()" : "SESSION_ID()"))) {
            rs.next();
            sessions.put(c, rs.getLong(1));
        }
        return c;
    }

    /**
     * Ends every session this data source opened that its user has not closed (a closed one's id may belong to
     * another session by now); returns how many it ended.
     */
    int endAll() throws SQLException {
        int ended = 0;
        try (Connection c = getTargetDataSource().getConnection()) {
            String end = postgres(c)
                    ? "SELECT pg_terminate_backend(CAST(? AS INTEGER))"
                    : "SELECT ABORT_SESSION(CAST(? AS INTEGER))";
            for (Map.Entry<Connection, Long> session : sessions.entrySet()) {
                if (session.getKey().isClosed()) continue;
                try (PreparedStatement s = c.prepareStatement(end)) {
                    s.setLong(1, session.getValue());
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next() && rs.getBoolean(1)) ended++;
                    }
                }
            }
        }
        return ended;
    }

    private static boolean postgres(Connection c) throws SQLException {
        return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    }
}
