package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import jp.insurer.governance.policy.hash.Sha256;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One release at a time per output root: the provision record and the folder rename of a profile's extract
 * ({@link ExtractTasklet}) run while this JVM holds a row lock ({@code SELECT … FOR UPDATE}) in the job
 * repository that every manager and worker shares. Profiles of one run are staged in parallel on several
 * workers, but the provision chain under {@code OUT/provision/} is one hash chain: two appenders resuming
 * from the same last record would fork it.
 *
 * <p>Hand-written over Spring Integration's {@code JdbcLockRegistry} because of how the lock ends: a row lock
 * lasts exactly as long as the holder's database session, so a worker killed mid-release frees it at once
 * (the database ends the session) and a slow one (a release of a million customers) is never overtaken,
 * where a registry lock expires after a time to live that must be guessed. The table has one row per
 * output root, made on first use; it holds no personal data, only a digest of the provision folder's URI.
 */
final class ReleaseLock {

    private static final Log log = LogFactory.getLog(ReleaseLock.class);

    static final String TABLE = "GOVERNANCE_RELEASE_LOCK";

    /** The work done under the lock. */
    interface Release {
        void run() throws IOException;
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    ReleaseLock(DataSource repository) {
        this.jdbc = new JdbcTemplate(repository);
        // Its own transaction, never the step's: the lock must end with the release, not with the chunk.
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(repository));
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Runs {@code release} while holding the lock of {@code chain} (the provision folder's URI); waits while
     * another JVM holds it.
     */
    void holding(String chain, String extractId, Release release) throws IOException {
        String name = "provision:" + Sha256.hex(chain);
        boolean waited = false;
        while (true) {
            ensureRow(name);
            boolean[] locked = {false};
            try {
                transactions.executeWithoutResult(status -> {
                    // H2 gives up after its lock timeout (1 s), PostgreSQL waits: either way this loop waits on.
                    if (jdbc.queryForList(
                                    "SELECT NAME FROM " + TABLE + " WHERE NAME = ? FOR UPDATE", String.class, name)
                            .isEmpty()) return;
                    locked[0] = true;
                    try {
                        release.run();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (TransientDataAccessException e) {
                // Not locked yet: H2's lock timeout (a QueryTimeoutException) or another lock failure; try again.
                if (locked[0]) throw e;
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (locked[0]) return;
            if (!waited) {
                log.info("extract " + extractId + ": waiting for another release into the same output to end");
                waited = true;
            }
            sleep();
        }
    }

    /** The table and the chain's row, made by the first JVM that needs them (a concurrent first use is fine). */
    private void ensureRow(String name) {
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (NAME VARCHAR(100) PRIMARY KEY)");
                jdbc.update(
                        "INSERT INTO " + TABLE + " (NAME) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM " + TABLE
                                + " WHERE NAME = ?)",
                        name,
                        name);
            });
        } catch (DataIntegrityViolationException e) {
            // another JVM made the table or the row at the same moment: it is there now
        }
    }

    private static void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the release lock", e);
        }
    }
}
