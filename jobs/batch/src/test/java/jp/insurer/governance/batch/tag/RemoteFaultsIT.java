package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.batch.RemoteCluster;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.support.GracefulStop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of a remote tag run beyond a killed worker ({@link RemoteTagIT}): the broker restarted mid-run, two
 * managers started together on one repository with two state folders (two hosts), SIGTERM to the manager, and
 * a manager killed while its workers run on (auto-recovery refused, then converging).
 * In each, the run never reports success with a partition missing, and what it leaves converges, by itself
 * or by {@code --restart}, to the single-JVM bytes.
 */
class RemoteFaultsIT {

    @TempDir
    static Path shared;

    static String[] params;
    static RemoteCluster cluster;
    /** Governed files of the single-JVM run: the scale of "mid-run". */
    static long total;

    @TempDir
    Path tmp;

    @BeforeAll
    static void referenceAndInfrastructure() throws Exception {
        params = TagKillIT.reference(shared);
        total = TagKillIT.committed(shared.resolve("out-ref"));
        cluster = RemoteCluster.start(shared);
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        if (cluster != null) cluster.close();
    }

    @AfterEach
    void stopWorkers(org.junit.jupiter.api.TestInfo test) throws Exception {
        GracefulStop.reset();
        cluster.stopWorkers(
                tmp, "remote-faults-it/" + test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void aBrokerRestartMidRunFailsCleanlyAndTheSameWorkersConvergeOnRestart() throws Exception {
        Path out = tmp.resolve("out");
        CompletableFuture<SuiteRun> run = aQuarterDone(out, "90s");
        cluster.stopBroker(); // in memory: the requests still queued are lost
        Thread.sleep(2_000);
        cluster.startBroker();

        SuiteRun first = run.get(5, TimeUnit.MINUTES);
        if (first.exitCode != 0) {
            // The requests lost with the broker are never reported: the manager gives up at its timeout.
            assertThat(first.exitCode).as(first.toString()).isEqualTo(1);
            assertNoPartitionRunning(out);
            assertThat(cluster.partitions("tagFile", out, "FAILED")).isPositive();
            assertThat(Files.exists(out.resolve("catalog/catalog.json"))).isFalse();
            // The same worker JVMs, reconnected to the new broker, run the restart.
            assertThat(cluster.workers()).allMatch(Process::isAlive);
            SuiteRun again = manager(tmp.resolve("state"), out, "10m", "--restart");
            assertThat(again.exitCode).as(again.toString()).isZero();
        }
        TagKillIT.assertSameFiles(shared.resolve("out-ref"), out);
        assertThat(TagKillIT.hidden(out)).as("staged or temporary files left").isEmpty();
    }

    @Test
    void aSecondManagerOnTheSameRepositoryIsRefusedWhateverItsStateFolder() throws Exception {
        cluster.startWorker(tmp, "a");
        cluster.startWorker(tmp, "b");
        Path out = tmp.resolve("out");
        // Two hosts: two state folders (two suite locks), one job repository, the same business date.
        CompletableFuture<SuiteRun> one =
                CompletableFuture.supplyAsync(() -> manager(tmp.resolve("state-host1"), out, "10m"));
        CompletableFuture<SuiteRun> two =
                CompletableFuture.supplyAsync(() -> manager(tmp.resolve("state-host2"), out, "10m"));
        List<SuiteRun> runs = List.of(one.get(5, TimeUnit.MINUTES), two.get(5, TimeUnit.MINUTES));

        assertThat(runs).as(runs.toString()).extracting(r -> r.exitCode).containsExactlyInAnyOrder(0, 3);
        SuiteRun refused =
                runs.stream().filter(r -> r.exitCode == 3).findFirst().orElseThrow();
        // Started together, the winner may not have created its execution yet: the holder's line names it.
        assertThat(refused.err)
                .containsPattern("refused: job tag \\(host \\S+, pid \\d+, started \\S+\\) is running against this"
                        + " job repository");
        TagKillIT.assertSameFiles(shared.resolve("out-ref"), out);
        assertThat(cluster.partitions("tagFile", out, "FAILED")).isZero();
    }

    @Test
    void sigtermToTheManagerStopsTheRunAndARestartConverges() throws Exception {
        Path out = tmp.resolve("out");
        CompletableFuture<SuiteRun> run = aQuarterDone(out, "10m");
        GracefulStop.request("SIGTERM"); // what the signal handler of the real entry point calls

        // Partitions under way on the workers finish; those not begun end STOPPED; the manager exits 5.
        SuiteRun stopped = run.get(5, TimeUnit.MINUTES);
        GracefulStop.reset();
        assertThat(stopped.exitCode).as(stopped.toString()).isEqualTo(5);
        assertNoPartitionRunning(out);
        assertThat(cluster.partitions("tagFile", out, "FAILED")).isZero();
        assertThat(Files.exists(out.resolve("catalog/catalog.json"))).isFalse();

        SuiteRun again = manager(tmp.resolve("state"), out, "10m", "--restart");
        assertThat(again.exitCode).as(again.toString()).isZero();
        TagKillIT.assertSameFiles(shared.resolve("out-ref"), out);
        assertThat(TagKillIT.hidden(out)).as("staged or temporary files left").isEmpty();
    }

    /**
     * The manager's JVM SIGKILLed while its workers run partitions: its workers live on and hold their
     * partitions' locks, so the next run (auto-recovery on) refuses to recover the dead manager's execution, exit
     * 3 naming a partition a worker runs, and marks nothing FAILED. Once the workers have ended the partitions
     * (frozen while the refused run starts, then let go: they run the rest of the dead manager's requests), a run
     * recovers the execution and converges to the single-JVM bytes, leaving no lock row behind.
     */
    @Test
    void autoRecoveryRefusesWhileADeadManagersWorkerRunsItsPartitionThenConverges() throws Exception {
        cluster.startWorker(tmp, "a");
        cluster.startWorker(tmp, "b");
        Path out = tmp.resolve("out");
        Path state = tmp.resolve("state");
        Path log = tmp.resolve("manager.log");
        Process killed = cluster.startManager(log, state, out, "tag", params, "10m");
        try {
            RemoteCluster.awaitWhileManagerRuns(
                    () -> TagKillIT.committed(out) >= total / 4, killed, log, "a quarter of the files", 5);
            List<String> running = cluster.freezeWorkersMidPartition("tagFile", out);
            killed.destroyForcibly(); // SIGKILL: its execution stays marked running, its repository lock is freed
            assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(killed.exitValue()).isEqualTo(137);

            SuiteRun refused = manager(state, out, "10m");
            assertThat(refused.exitCode).as(refused.toString()).isEqualTo(3);
            Matcher named = Pattern.compile("tag execution \\d+ \\(date " + SampleData.AS_OF
                            + ", started \\S+\\): its manager is gone but a worker still runs partition (tagFile:\\S+);"
                            + " run again when it has ended \\(or stop that worker\\)")
                    .matcher(refused.err);
            assertThat(named.find()).as(refused.toString()).isTrue();
            assertThat(running).contains(named.group(1));
            assertThat(refused.out).doesNotContain("recovered execution");
            assertThat(cluster.partitions("tagFile", out, "FAILED")).isZero();
        } finally {
            cluster.thawWorkers();
        }

        // The workers end their partitions and the dead manager's requests still queued; nothing runs any more.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (cluster.partitions("tagFile", out, "STARTING") + cluster.partitions("tagFile", out, "STARTED") > 0) {
            assertThat(System.nanoTime()).as("partitions still running").isLessThan(deadline);
            Thread.sleep(100);
        }
        SuiteRun recovered = manager(state, out, "10m");
        assertThat(recovered.exitCode).as(recovered.toString()).isZero();
        assertThat(recovered.out).contains("recovered execution");
        TagKillIT.assertSameFiles(shared.resolve("out-ref"), out);
        assertThat(TagKillIT.hidden(out)).as("staged or temporary files left").isEmpty();
        assertThat(cluster.partitionLockRows()).as("partition lock rows left").isZero();
    }

    /** Two workers and a manager with this partition timeout, once a quarter of the files are committed. */
    private CompletableFuture<SuiteRun> aQuarterDone(Path out, String timeout) throws Exception {
        cluster.startWorker(tmp, "a");
        cluster.startWorker(tmp, "b");
        CompletableFuture<SuiteRun> run =
                CompletableFuture.supplyAsync(() -> manager(tmp.resolve("state"), out, timeout));
        RemoteTagIT.awaitCommitted(out, total / 4, run);
        return run;
    }

    private static SuiteRun manager(Path state, Path out, String timeout, String... flags) {
        String[] first = Arrays.copyOf(params, params.length + flags.length);
        System.arraycopy(flags, 0, first, params.length, flags.length);
        return SuiteRun.job(state, out, "tag", cluster.manager(first, timeout));
    }

    private static void assertNoPartitionRunning(Path out) throws Exception {
        for (String status : List.of("STARTING", "STARTED", "STOPPING")) {
            assertThat(cluster.partitions("tagFile", out, status))
                    .as("partitions left " + status)
                    .isZero();
        }
    }
}
