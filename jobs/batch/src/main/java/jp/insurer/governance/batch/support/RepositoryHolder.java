package jp.insurer.governance.batch.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Which process holds the embedded H2 job repository. With {@code AUTO_SERVER} the first process to
 * open the file holds it and serves every later one over TCP; when that process exits, the others'
 * sessions break ("Connection is broken: session closed", then "Database is already closed") and
 * their open transactions are lost. The suite lock keeps two jobs apart, but a reader that does not
 * take it (an H2 console, a status query) can open the file first: a job served by such a reader
 * would die with it mid-run. So a job runs only when it holds the repository itself.
 */
public final class RepositoryHolder {

    private RepositoryHolder() {}

    /**
     * @return the address of the other process serving the H2 repository to this one, or null when this
     *         process holds it (or the repository is not H2: a database server serves every client alike)
     */
    public static String servedByAnotherProcess(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) return null;
            // An H2 server started on purpose (jdbc:h2:tcp:, e.g. for remote workers) serves every client alike.
            String url = c.getMetaData().getURL();
            if (url != null && (url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:"))) return null;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT SERVER FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID()")) {
                return rs.next() ? rs.getString(1) : null; // null: an embedded session, the file is open in this JVM
            }
        }
    }
}
