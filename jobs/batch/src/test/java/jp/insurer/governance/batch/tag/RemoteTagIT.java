package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.RemoteCluster;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tag job with remote partitioning on loopback ({@link RemoteCluster}: a broker, a shared job repository,
 * two worker JVMs; the manager is the real entry point in this JVM). The governed zone and the catalog are
 * compared byte for byte with a single-JVM run of the same data.
 */
class RemoteTagIT {

    @TempDir
    static Path shared;

    static String[] params;
    static RemoteCluster cluster;
    /** Governed web_events files of the single-JVM run: the scale of "mid-run". */
    static long total;

    @TempDir
    Path tmp;

    @BeforeAll
    static void referenceAndInfrastructure() throws Exception {
        params = TagKillIT.reference(shared);
        total = committed(shared.resolve("out-ref"));
        cluster = RemoteCluster.start(shared);
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        if (cluster != null) cluster.close();
    }

    @AfterEach
    void stopWorkers(org.junit.jupiter.api.TestInfo test) throws Exception {
        cluster.stopWorkers(
                tmp, "remote-tag-it/" + test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void twoWorkersProduceTheSingleJvmOutput() throws Exception {
        Path a = cluster.startWorker(tmp, "a");
        Path b = cluster.startWorker(tmp, "b");
        Path out = tmp.resolve("out");
        SuiteRun run = manager(out, "10m");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertSameFiles(out);
        // Both workers ran partitions (no prefetch: each takes a request only when it has a free thread).
        assertThat(Files.readString(a)).contains("partition tagFile:");
        assertThat(Files.readString(b)).contains("partition tagFile:");
        assertThat(cluster.partitions("tagFile", out, "COMPLETED")).isGreaterThan(1);
    }

    @Test
    void aWorkerKilledMidPartitionIsReplacedByTheOther() throws Exception {
        cluster.startWorker(tmp, "a");
        Path b = cluster.startWorker(tmp, "b");
        Path out = tmp.resolve("out");
        CompletableFuture<SuiteRun> run = CompletableFuture.supplyAsync(() -> manager(out, "10m"));
        awaitCommitted(out, total / 4, run);
        cluster.workers().get(0).destroyForcibly(); // SIGKILL mid-partition: its request goes back to the broker
        assertThat(cluster.workers().get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();

        SuiteRun done = run.get(5, TimeUnit.MINUTES);
        assertThat(done.exitCode).as(done.toString()).isZero();
        assertSameFiles(out);
        assertThat(TagKillIT.hidden(out)).as("staged or temporary files left").isEmpty();
        assertThat(Files.readString(b)).contains("partition tagFile:");
    }

    @Test
    void allWorkersKilledFailsTheRunAndARestartConverges() throws Exception {
        cluster.startWorker(tmp, "a");
        cluster.startWorker(tmp, "b");
        Path out = tmp.resolve("out");
        // A timeout that a loaded 2-core machine still meets for the first quarter of the files.
        CompletableFuture<SuiteRun> run = CompletableFuture.supplyAsync(() -> manager(out, "90s"));
        awaitCommitted(out, total / 4, run);
        for (Process worker : cluster.workers()) worker.destroyForcibly();

        // The manager gives up after its timeout: FAILED (exit 1), never COMPLETED with partitions missing.
        SuiteRun failed = run.get(5, TimeUnit.MINUTES);
        assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
        assertThat(cluster.partitions("tagFile", out, "STARTED"))
                .as("partitions left marked running")
                .isZero();
        assertThat(cluster.partitions("tagFile", out, "FAILED")).isPositive();
        assertThat(Files.exists(out.resolve("catalog/catalog.json"))).isFalse();

        cluster.startWorker(tmp, "c");
        cluster.startWorker(tmp, "d");
        String[] restart = java.util.Arrays.copyOf(params, params.length + 1);
        restart[params.length] = "--restart";
        SuiteRun again = SuiteRun.job(tmp.resolve("state"), out, "tag", cluster.manager(restart, "10m"));
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertSameFiles(out);
        assertThat(TagKillIT.hidden(out)).as("staged or temporary files left").isEmpty();
    }

    private SuiteRun manager(Path out, String timeout) {
        return SuiteRun.job(tmp.resolve("state"), out, "tag", cluster.manager(params, timeout));
    }

    /** Waits until {@code files} governed files are committed, failing when the manager ended first. */
    static void awaitCommitted(Path out, long files, CompletableFuture<SuiteRun> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (committed(out) < files) {
            assertThat(run.isDone())
                    .as("the manager ended before the fault: " + (run.isDone() ? run.get() : ""))
                    .isFalse();
            assertThat(System.nanoTime())
                    .as("timed out waiting for committed files")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void assertSameFiles(Path out) throws IOException {
        TagKillIT.assertSameFiles(shared.resolve("out-ref"), out);
    }

    private static long committed(Path out) throws IOException {
        return TagKillIT.committed(out);
    }
}
