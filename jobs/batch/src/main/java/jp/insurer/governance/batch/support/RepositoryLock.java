package jp.insurer.governance.batch.support;

import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job at a time per job repository, whatever host runs it: the {@link SuiteLock} is a file in the state
 * folder, and two managers on two hosts have two state folders but one shared repository (remote
 * partitioning). The holder keeps the repository's row lock {@value #LOCK} ({@link RowLocks}) for the whole
 * run, so a running execution found by a process that holds it was left by a process that is gone, on any
 * host, and a second manager is refused (exit 3) with the holder named.
 *
 * <p>The holder's line (job, host, pid, start) is kept in a second row, committed, for the refusal message.
 *
 * <p>The database may end the holder's session under it (failover, a network reset, an administrator's
 * {@code pg_terminate_backend}): the row is free then, and a second manager could start and take this run's
 * execution for a dead one. The holder is not told, so it asks: {@link #watch} checks the session every few
 * seconds ({@code governance.jobs.lock-check-interval}, one cheap round trip), off the job's threads, and
 * reports a lost lock once.
 */
public final class RepositoryLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RepositoryLock.class);

    static final String LOCK = "suite";
    private static final String HOLDER = "suite.holder";

    private final RowLocks locks;
    private final RowLocks.Held held;
    private final String line;
    private ScheduledExecutorService checks;
    private boolean closed;
    private volatile String lost;

    private RepositoryLock(RowLocks locks, RowLocks.Held held, String line) {
        this.locks = locks;
        this.held = held;
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
        RowLocks locks = new RowLocks(dataSource);
        RowLocks.Held held = locks.tryHold(LOCK);
        if (held == null) throw new HeldException(holder(locks));
        try {
            String line = "job " + job + " (host " + host() + ", pid "
                    + ProcessHandle.current().pid() + ", started "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                    + ")";
            locks.writeNote(HOLDER, line, null);
            return new RepositoryLock(locks, held, line);
        } catch (SQLException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /**
     * The holder writes its line just after taking the lock: a refusal in between waits for it briefly (as the
     * suite lock's does), then names the holder as unknown rather than guess.
     */
    private static String holder(RowLocks locks) throws SQLException {
        for (int i = 0; i < 40; i++) {
            String line = locks.note(HOLDER);
            if (line != null) return line;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return null;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }

    /**
     * Checks every {@code interval}, on a daemon thread of its own, that the lock is still held; the first time
     * it is not, logs why and calls {@code onLost} with a one-line reason (no further checks).
     */
    public synchronized void watch(Duration interval, Consumer<String> onLost) {
        if (checks != null || closed)
            throw new IllegalStateException("the repository lock is already watched or closed");
        checks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "repository-lock-check");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(
                () -> {
                    String reason = check();
                    if (reason != null) onLost.accept(reason);
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Why the lock was lost, null while it is held (or not watched). */
    public String lost() {
        return lost;
    }

    /** One check; the reason when the lock was just found lost, else null. */
    private synchronized String check() {
        if (closed || lost != null) return null;
        try {
            held.verify();
            return null;
        } catch (SQLException | RuntimeException e) {
            lost = "its database session ended or does not answer ("
                    + (e instanceof SQLException s ? "SQL state " + s.getSQLState() + ": " : "") + JobRunner.oneLine(e)
                    + ")";
            checks.shutdown(); // never interrupts: a JDBC call interrupted may close H2's file under the job
            log.error(
                    "lost the job repository lock '{}': {}; another job may start against this repository now, so"
                            + " this one stops at its next safe point, as on SIGTERM",
                    LOCK,
                    lost);
            return lost;
        }
    }

    @Override
    public void close() {
        synchronized (this) { // waits for a check under way: the session is not closed under it
            closed = true;
            if (checks != null) checks.shutdown();
        }
        try {
            locks.writeNote(HOLDER, null, line); // a free lock names nobody
        } catch (SQLException ignored) {
            // the next holder overwrites the line
        }
        held.close();
    }
}
