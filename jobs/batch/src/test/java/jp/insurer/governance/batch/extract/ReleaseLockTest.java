package jp.insurer.governance.batch.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.support.RowLocks;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link ReleaseLock} on an H2 database (the repository's default engine; the waiting side retries):
 * releases into one output never overlap, releases into two outputs do, and a holder
 * whose session ends (a killed worker) frees the lock without committing anything.
 */
class ReleaseLockTest {

    private static DriverManagerDataSource repository(String name) {
        return new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    @Test
    void twoReleasesIntoOneOutputRunOneAfterTheOther() throws Exception {
        DriverManagerDataSource repository = repository("one-output");
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch firstInside = new CountDownLatch(1);
        CompletableFuture<Void> first =
                CompletableFuture.runAsync(() -> release(repository, "hdfs://nn/out/provision", "first", () -> {
                    events.add("first in");
                    firstInside.countDown();
                    sleep(2500); // the second retries meanwhile, never enters
                    events.add("first out");
                }));
        assertThat(firstInside.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> second =
                CompletableFuture.runAsync(() -> release(repository, "hdfs://nn/out/provision", "second", () -> {
                    events.add("second in");
                    events.add("second out");
                }));
        CompletableFuture.allOf(first, second).get(1, TimeUnit.MINUTES);

        assertThat(events).containsExactly("first in", "first out", "second in", "second out");
    }

    @Test
    void releasesIntoTwoOutputsDoNotWaitForEachOther() throws Exception {
        DriverManagerDataSource repository = repository("two-outputs");
        CountDownLatch bothInside = new CountDownLatch(2);
        Runnable meet = () -> {
            bothInside.countDown();
            try {
                assertThat(bothInside.await(30, TimeUnit.SECONDS))
                        .as("the other release entered")
                        .isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        CompletableFuture<Void> a =
                CompletableFuture.runAsync(() -> release(repository, "file:/a/provision", "a", meet::run));
        CompletableFuture<Void> b =
                CompletableFuture.runAsync(() -> release(repository, "file:/b/provision", "b", meet::run));

        CompletableFuture.allOf(a, b).get(1, TimeUnit.MINUTES);
    }

    @Test
    void aHolderWhoseSessionEndsFreesTheLock() throws Exception {
        DriverManagerDataSource repository = repository("dead-holder");
        release(repository, "file:/out/provision", "creates the row", () -> {});
        // Another JVM's session holds the row, as ReleaseLock does, then dies: its connection is closed uncommitted.
        Connection other = repository.getConnection();
        other.setAutoCommit(false);
        try (PreparedStatement s =
                other.prepareStatement("SELECT NAME FROM " + RowLocks.TABLE + " WHERE NAME = ? FOR UPDATE")) {
            s.setString(1, ReleaseLock.lockName("file:/out/provision"));
            assertThat(s.executeQuery().next()).isTrue();
        }
        CompletableFuture<Boolean> waiting = new CompletableFuture<>();
        CompletableFuture<Void> release = CompletableFuture.runAsync(
                () -> release(repository, "file:/out/provision", "after", () -> waiting.complete(true)));
        Thread.sleep(1500);
        assertThat(waiting).as("entered while another session held the lock").isNotDone();

        other.close();

        release.get(1, TimeUnit.MINUTES);
        assertThat(waiting).isCompletedWithValue(true);
    }

    @Test
    void aFailedReleaseFreesTheLockAndReportsItsOwnError() throws Exception {
        DriverManagerDataSource repository = repository("failed");
        ReleaseLock lock = new ReleaseLock(repository);

        assertThatThrownBy(() -> lock.holding("file:/out/provision", "failing", () -> {
                    throw new IOException("cannot rename staging");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot rename staging");
        List<String> after = new CopyOnWriteArrayList<>();
        lock.holding("file:/out/provision", "next", () -> after.add("next"));
        assertThat(after).containsExactly("next");
    }

    private static void release(DriverManagerDataSource repository, String chain, String extractId, Runnable work) {
        try {
            new ReleaseLock(repository).holding(chain, extractId, work::run);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
