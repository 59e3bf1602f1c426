package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import jp.insurer.governance.batch.support.RowLocks;
import jp.insurer.governance.policy.hash.Sha256;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One release at a time per output root: the provision record and the folder rename of a profile's extract
 * ({@link ExtractSteps}) run while this JVM holds the output's row lock in the job repository that every
 * manager and worker shares ({@link RowLocks}: it ends with the holder's session, so a worker killed
 * mid-release frees it at once and a slow release is never overtaken). Profiles of one run are staged in
 * parallel on several workers, but the provision chain under {@code OUT/provision/} is one hash chain: two
 * appenders resuming from the same last record would fork it. The lock's name holds no personal data, only
 * a digest of the provision folder's URI.
 */
final class ReleaseLock {

    private static final Log log = LogFactory.getLog(ReleaseLock.class);

    /** The work done under the lock. */
    interface Release {
        void run() throws IOException;
    }

    private final RowLocks locks;

    ReleaseLock(DataSource repository) {
        this.locks = new RowLocks(repository);
    }

    static String lockName(String chain) {
        return "provision:" + Sha256.hex(chain);
    }

    /**
     * Runs {@code release} while holding the lock of {@code chain} (the provision folder's URI); waits while
     * another JVM holds it.
     */
    void holding(String chain, String extractId, Release release) throws IOException {
        boolean waited = false;
        while (true) {
            try (RowLocks.Held held = locks.tryHold(lockName(chain))) {
                if (held != null) {
                    release.run();
                    return;
                }
            } catch (SQLException e) {
                throw new IOException(
                        "extract " + extractId + ": the job repository cannot hold the release lock: " + e.getMessage(),
                        e);
            }
            if (!waited) {
                log.info("extract " + extractId + ": waiting for another release into the same output to end");
                waited = true;
            }
            sleep();
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
