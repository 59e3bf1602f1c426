package jp.insurer.governance.batch.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link RepositoryLock} on an H2 database: one holder per repository, the refusal names the holder, and the
 * lock is free again once the holder closes it; a holder whose session the database ends learns it within the
 * check interval. {@link RepositoryLocksPostgresIT} runs the lost-lock case on PostgreSQL.
 */
class RepositoryLockTest {

    private final DriverManagerDataSource repository =
            new DriverManagerDataSource("jdbc:h2:mem:repository-lock;DB_CLOSE_DELAY=-1", "sa", "");

    @Test
    void aSecondHolderIsRefusedWithTheFirstNamedUntilItCloses() throws Exception {
        try (RepositoryLock first = RepositoryLock.acquire(repository, "tag")) {
            assertThatThrownBy(() -> RepositoryLock.acquire(repository, "retention"))
                    .isInstanceOfSatisfying(RepositoryLock.HeldException.class, e -> {
                        assertThat(e.holder())
                                .matches("job tag \\(host \\S+, pid "
                                        + ProcessHandle.current().pid() + ", started \\S+\\)");
                        assertThat(e.job()).isEqualTo("tag");
                    });
        }
        try (RepositoryLock again = RepositoryLock.acquire(repository, "retention")) {
            assertThat(new RowLocks(repository).note("suite.holder")).startsWith("job retention (");
        }
        assertThat(new RowLocks(repository).note("suite.holder"))
                .as("a free lock names nobody")
                .isNull();
    }

    @Test
    void aHolderWhoseSessionTheDatabaseEndsIsToldWithinTheCheckInterval() throws Exception {
        lostLockIsReportedWithinTheCheckInterval(
                new DriverManagerDataSource("jdbc:h2:mem:repository-lock-lost;DB_CLOSE_DELAY=-1", "sa", ""));
    }

    /**
     * A watched lock is not reported while it is held; once the database ends the holder's session, the next
     * check reports it, once, with a reason, while another job can already take the lock. Returns how long the
     * report took after the session was ended.
     */
    static Duration lostLockIsReportedWithinTheCheckInterval(DataSource database) throws Exception {
        EndableSessions repository = new EndableSessions(database);
        Duration every = Duration.ofMillis(500);
        CompletableFuture<String> lost = new CompletableFuture<>();
        AtomicInteger reports = new AtomicInteger();
        try (RepositoryLock held = RepositoryLock.acquire(repository, "tag")) {
            held.watch(every, reason -> {
                reports.incrementAndGet();
                lost.complete(reason);
            });
            Thread.sleep(every.toMillis() * 3);
            assertThat(lost).as("a lock still held reported lost").isNotDone();

            long ended = System.nanoTime();
            assertThat(repository.endAll()).as("the holder's session ended").isOne();
            // At most one interval to the next check, which takes at most isValid's 2 s bound (plus scheduling).
            String reason = lost.get(every.toMillis() + 2_000 + 1_000, TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - ended);
            assertThat(reason).startsWith("its database session ended or does not answer (SQL state ");
            assertThat(held.lost()).isEqualTo(reason);
            // Why the holder must stop: the row is free, another job can start.
            try (RepositoryLock next = RepositoryLock.acquire(database, "retention")) {
                assertThat(new RowLocks(database).note("suite.holder")).startsWith("job retention (");
            }
            Thread.sleep(every.toMillis() * 2);
            assertThat(reports).as("reports of one loss").hasValue(1);
            System.out.println("lost repository lock reported " + took.toMillis() + " ms after its session ended"
                    + " (check every " + every.toMillis() + " ms)");
            return took;
        }
    }
}
