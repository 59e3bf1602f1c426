package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.insurer.governance.batch.RemoteCluster;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import org.apache.hadoop.conf.Configuration;
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
        cluster.assertUnfinishedPartitionsFailed("tagFile", out);
        assertThat(Files.exists(out.resolve("catalog/catalog.json"))).isFalse();

        cluster.startWorker(tmp, "c");
        cluster.startWorker(tmp, "d");
        restartConverges(out);
    }

    /**
     * The ledger changes after the job's ledger step read it, keeping its counts (one event's action turned
     * over: as many events, none more after the date, none more uncertain): the workers' own reading differs
     * in content, so every partition is refused, nothing is tagged, and the run fails naming the ledger and no
     * one in it. Once the ledger is back, {@code --restart} tags as the single-JVM run did.
     */
    @Test
    void aLedgerChangedMidRunIsRefusedAndARestartConverges() throws Exception {
        Path ledger = Path.of(params[0].substring("data=".length())).resolve("consent_events/part-00000.parquet");
        Path kept = tmp.resolve("ledger-as-read.parquet");
        Files.copy(ledger, kept);
        Path out = tmp.resolve("out");
        CompletableFuture<SuiteRun> run = CompletableFuture.supplyAsync(() -> manager(out, "10m"));
        String changed;
        List<Path> logs;
        try {
            // No worker yet: the manager has read the ledger and planned, and waits for its partitions.
            RemoteCluster.awaitWhileManagerRuns(() -> planned(out) > 0, run, "the ledger changed", 5);
            assertThat(cluster.steps("tagConsentLedger", out, "COMPLETED")).isOne();
            changed = turnOverOneAction(kept, ledger);
            logs = List.of(cluster.startWorker(tmp, "a"), cluster.startWorker(tmp, "b"));

            SuiteRun failed = run.get(5, TimeUnit.MINUTES);
            assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
            assertThat(cluster.partitions("tagFile", out, "COMPLETED")).isZero();
            assertThat(cluster.partitions("tagFile", out, "FAILED")).isPositive();
            assertThat(governedFiles(out))
                    .as("governed files of refused partitions")
                    .isEmpty();
            assertThat(Files.exists(out.resolve("catalog/catalog.json"))).isFalse();
            String said = Files.readString(logs.get(0)) + Files.readString(logs.get(1)) + failed;
            java.util.regex.Matcher refusal = java.util.regex.Pattern.compile(
                            "consent ledger 'consent_events', its customer master or the end of the business date "
                                    + "\\(governance.zone\\) is not the one this job's ledger step read \\(sha256 "
                                    + "[0-9a-f]{64} then, [0-9a-f]{64} now; events, ignored after the date,"
                                    + " uncertain customers: (\\[[0-9, ]+]) then, (\\[[0-9, ]+]) now\\)")
                    .matcher(said);
            assertThat(refusal.find()).as(said).isTrue();
            // The counts alone would not have told.
            assertThat(refusal.group(2)).isEqualTo(refusal.group(1));
            assertThat(said).doesNotContain(changed).doesNotContainPattern("\\bC\\d{10}\\b");
        } finally {
            Files.copy(kept, ledger, StandardCopyOption.REPLACE_EXISTING);
        }

        restartConverges(out);
    }

    /**
     * A worker configured for another {@code governance.zone} would end the business date elsewhere and count
     * other consent events: its consent digest differs from the ledger step's, so it refuses every partition;
     * with a worker in the manager's zone, {@code --restart} tags as the single-JVM run did.
     */
    @Test
    void aWorkerInAnotherTimeZoneIsRefusedAndARestartConverges() throws Exception {
        Path utc = cluster.startWorker(tmp, "utc", "--governance.zone=UTC");
        Path out = tmp.resolve("out");
        SuiteRun failed = manager(out, "10m");
        assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
        assertThat(cluster.partitions("tagFile", out, "COMPLETED")).isZero();
        assertThat(governedFiles(out))
                .as("governed files of refused partitions")
                .isEmpty();
        assertThat(Files.readString(utc)).contains("the end of the business date (governance.zone)");
        cluster.workers().get(0).destroyForcibly();
        assertThat(cluster.workers().get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();

        cluster.startWorker(tmp, "a");
        restartConverges(out);
    }

    /**
     * Writes {@code original}'s rows to {@code ledger} (whole, then renamed over it) with the action of its
     * first granted or withdrawn event turned over; returns that event's customer id.
     */
    private String turnOverOneAction(Path original, Path ledger) throws IOException {
        Configuration conf = new Configuration();
        Path next = ledger.resolveSibling(".next.parquet.tmp");
        String customer = null;
        try (ParquetRowReader reader = ParquetRowReader.open(new org.apache.hadoop.fs.Path(original.toString()), conf);
                ParquetRowWriter writer =
                        ParquetRowWriter.open(next.toString(), reader.fileSchema(), WriterOptions.defaults(), conf)) {
            int customerId = reader.fileSchema().indexOf("customer_id");
            int action = reader.fileSchema().indexOf("action");
            for (Object[] row = reader.read(); row != null; row = reader.read()) {
                if (customer == null && row[action] != null && row[customerId] != null) {
                    String turned = switch (row[action].toString()) {
                        case "GRANTED" -> "WITHDRAWN";
                        case "WITHDRAWN" -> "GRANTED";
                        default -> null;
                    };
                    if (turned != null) {
                        row[action] = turned;
                        customer = row[customerId].toString();
                    }
                }
                writer.write(row);
            }
        }
        assertThat(customer).as("a granted or withdrawn event in the ledger").isNotNull();
        Files.move(next, ledger, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return customer;
    }

    /** Completed classify steps of runs into {@code out}; 0 too while the manager has not made the repository's tables. */
    private static int planned(Path out) throws Exception {
        try {
            return cluster.steps("tagClassify", out, "COMPLETED");
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    private static List<Path> governedFiles(Path out) throws IOException {
        Path governed = out.resolve("governed");
        if (!Files.isDirectory(governed)) return List.of();
        try (Stream<Path> s = Files.walk(governed)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** {@code --restart} of the run into {@code out}: the single-JVM run's bytes, nothing staged left. */
    private void restartConverges(Path out) throws IOException {
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
        RemoteCluster.awaitWhileManagerRuns(() -> committed(out) >= files, run, "the fault", 5);
    }

    private static void assertSameFiles(Path out) throws IOException {
        TagKillIT.assertSameFiles(shared.resolve("out-ref"), out);
    }

    private static long committed(Path out) throws IOException {
        return TagKillIT.committed(out);
    }
}
