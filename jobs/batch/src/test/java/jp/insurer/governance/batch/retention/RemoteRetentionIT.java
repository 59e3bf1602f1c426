package jp.insurer.governance.batch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.insurer.governance.batch.RemoteCluster;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.Trees;
import jp.insurer.governance.batch.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Retention with remote partitioning on loopback ({@link RemoteCluster}: a broker, a shared job repository, two
 * worker JVMs; the manager is the real entry point in this JVM), on sample data tagged first. The raw zone after
 * enforcement is compared byte for byte, the governed zone file for file, and the report's counts with a
 * single-JVM run of the same data; the audit chain must verify and close every decision it announces.
 */
class RemoteRetentionIT {

    static final String DATE = RetentionEnforceIT.DATE;

    @TempDir
    static Path shared;

    static Path original;
    static Path config;
    /** The tagged output every run starts from (governed zone, catalog). */
    static Path tagged;

    static Path refData;
    static Path refOut;
    /** The single-JVM run's log (progress lines every 200 ms). */
    static Path refLog;

    static RemoteCluster cluster;

    @TempDir
    Path tmp;

    @BeforeAll
    static void referenceAndInfrastructure() throws Exception {
        original = SampleData.generate(shared.resolve("original"), 300);
        config = RetentionFixtures.config(shared.resolve("config"), RetentionEnforceIT.RULES);
        tagged = shared.resolve("out-tagged");
        SuiteRun tag = SuiteRun.job(shared.resolve("state-tag"), tagged, "tag", "data=" + original, "date=" + DATE);
        assertThat(tag.exitCode).as(tag.toString()).isZero();

        refData = shared.resolve("data-ref");
        refOut = shared.resolve("out-ref");
        Trees.copy(original, refData);
        Trees.copy(tagged, refOut);
        refLog = shared.resolve("reference.log");
        assertThat(inOwnJvm(shared.resolve("state-ref"), refOut, refLog, withProgress(params(refData))))
                .as(Files.readString(refLog))
                .isZero();
        cluster = RemoteCluster.start(shared);
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        if (cluster != null) cluster.close();
    }

    @AfterEach
    void stopWorkers(TestInfo test) throws Exception {
        cluster.stopWorkers(
                tmp, "remote-retention-it/" + test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void twoWorkersEnforceAsASingleJvmDoes() throws Exception {
        Path a = startWorker("a");
        Path b = startWorker("b");
        Path data = fresh(original, "data");
        Path out = fresh(tagged, "out");

        // In a JVM of its own, for its log (this JVM's logging is the test's).
        Path log = tmp.resolve("manager.log");
        assertThat(inOwnJvm(tmp.resolve("state"), out, log, cluster.manager(withProgress(params(data)), "10m")))
                .as(Files.readString(log))
                .isZero();
        assertSameOutputs(data, out);
        // The manager's progress counts the rows of the partitions the workers completed, as the repository has
        // them: while they run, and in all the rows a single JVM counts.
        String said = Files.readString(log);
        assertThat(said).containsPattern("retention units: [1-9][\\d,]* of [\\d,]+ rows");
        assertThat(unitRowsDone(said)).isPositive().isEqualTo(unitRowsDone(Files.readString(refLog)));
        // The units ran in the workers, none in this JVM.
        assertThat(cluster.partitions("retentionUnit", out, "COMPLETED")).isPositive();
        assertThat(cluster.partitions("retentionDecideUnit", out, "COMPLETED")).isPositive();
        assertThat(Files.readString(a) + Files.readString(b))
                .contains("partition retentionUnit:", "partition retentionDecideUnit:");
        assertThat(said).doesNotContain("partition retentionUnit:");
    }

    @Test
    void aWorkerKilledMidUnitIsReplacedByTheOther() throws Exception {
        List<Path> logs = List.of(startWorker("a"), startWorker("b"));
        Path data = fresh(original, "data");
        Path out = fresh(tagged, "out");

        CompletableFuture<SuiteRun> run = CompletableFuture.supplyAsync(() -> manager(data, out, "10m"));
        awaitUnitPartition(logs, run);
        int victim = Files.readString(logs.get(0)).contains("partition retentionUnit:") ? 0 : 1;
        // SIGKILL while it runs a unit partition: its request goes back to the broker, the other worker runs it.
        cluster.workers().get(victim).destroyForcibly();
        assertThat(cluster.workers().get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();

        SuiteRun done = run.get(10, TimeUnit.MINUTES);
        assertThat(done.exitCode).as(done.toString()).isZero();
        assertSameOutputs(data, out);
        assertThat(Files.readString(logs.get(1 - victim))).contains("partition retentionUnit:");
    }

    /**
     * Every worker SIGKILLed while the units run: the manager fails the run after its timeout (exit 1) with the
     * unfinished partitions FAILED, and has changed no raw file but whole; workers started again and
     * {@code --restart} then leave the single-JVM run's outputs, with a chain that verifies.
     */
    @Test
    void everyWorkerLostFailsTheRunAndARestartConverges() throws Exception {
        List<Path> logs = List.of(startWorker("a"), startWorker("b"));
        Path data = fresh(original, "data");
        Path out = fresh(tagged, "out");

        // A timeout a loaded 2-core machine still meets for the deciding pass.
        CompletableFuture<SuiteRun> run = CompletableFuture.supplyAsync(() -> manager(data, out, "90s"));
        awaitUnitPartition(logs, run);
        for (Process worker : cluster.workers()) worker.destroyForcibly();
        for (Process worker : cluster.workers())
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();

        SuiteRun failed = run.get(5, TimeUnit.MINUTES);
        assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
        cluster.assertUnfinishedPartitionsFailed("retentionUnit", out);
        assertThat(cluster.steps("retentionReport", out, "COMPLETED")).isZero();
        assertWholeOrOriginal(data);

        startWorker("c");
        startWorker("d");
        String[] restart = java.util.Arrays.copyOf(params(data), params(data).length + 1);
        restart[restart.length - 1] = "--restart";
        SuiteRun again = SuiteRun.job(tmp.resolve("state"), out, "retention", cluster.manager(restart, "10m"));
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertSameOutputs(data, out);
    }

    /** Waits until a worker runs a unit partition (the changing pass), the manager still waiting for it. */
    private static void awaitUnitPartition(List<Path> logs, CompletableFuture<SuiteRun> run) throws Exception {
        RemoteCluster.awaitWhileManagerRuns(
                () -> Files.readString(logs.get(0)).contains("partition retentionUnit:")
                        || Files.readString(logs.get(1)).contains("partition retentionUnit:"),
                run,
                "a unit partition",
                10);
    }

    /**
     * Each file a reader sees in the raw zone (hidden staging files aside) is the original's or the single-JVM
     * run's, whole; a file is missing only where that run deleted it.
     */
    private static void assertWholeOrOriginal(Path data) throws Exception {
        var before = RetentionFixtures.checksums(original);
        var after = RetentionFixtures.checksums(refData);
        var now = RetentionFixtures.checksums(data);
        now.keySet().removeIf(f -> f.startsWith(".") || f.contains("/."));
        for (var file : now.entrySet()) {
            assertThat(file.getValue())
                    .as(file.getKey() + " is neither the original nor its replacement")
                    .isIn(before.get(file.getKey()), after.get(file.getKey()));
        }
        for (String file : before.keySet()) {
            if (after.containsKey(file)) assertThat(now).as(file + " deleted").containsKey(file);
        }
    }

    /** Rows the units step reported done in a log ("retention units done: N rows in …"). */
    private static long unitRowsDone(String log) {
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("retention units done: ([\\d,]+) rows in")
                .matcher(log);
        assertThat(done.find()).as(log).isTrue();
        return Long.parseLong(done.group(1).replace(",", ""));
    }

    /** A copy of {@code zone} (the raw data, or the tagged output) under this test's {@code name}. */
    private Path fresh(Path zone, String name) throws Exception {
        Path copy = tmp.resolve(name);
        Trees.copy(zone, copy);
        return copy;
    }

    /** Job parameters, then progress lines every 200 ms. */
    private static String[] withProgress(String[] params) {
        List<String> all = new java.util.ArrayList<>(List.of(params));
        all.add("--governance.progress-interval=200ms");
        return all.toArray(String[]::new);
    }

    /** A retention run in a JVM of its own, logging to {@code log}; its exit code. */
    private static int inOwnJvm(Path state, Path out, Path log, String... args) throws Exception {
        Process process = SuiteProcess.startJob(state, out, log, "retention", args);
        assertThat(process.waitFor(10, TimeUnit.MINUTES))
                .as("retention still running")
                .isTrue();
        return process.exitValue();
    }

    private static String[] params(Path data) {
        return new String[] {"data=" + data, "date=" + DATE, "mode=enforce", "--governance.config=" + config};
    }

    private SuiteRun manager(Path data, Path out, String timeout) {
        return SuiteRun.job(tmp.resolve("state"), out, "retention", cluster.manager(params(data), timeout));
    }

    /** A worker with the manager's config folder and audit key (SuiteRun.job gives the manager the test key). */
    private Path startWorker(String name) throws Exception {
        Path key = tmp.resolve("worker-audit.key");
        if (!Files.exists(key)) Files.writeString(key, SuiteRun.TEST_AUDIT_KEY + "\n");
        return cluster.startWorker(
                tmp, name, "--governance.config=" + config, "--governance.retention.audit-key-file=" + key);
    }

    /**
     * The single-JVM run's outputs: raw zone byte for byte, the same governed files, the report's counts; the
     * chain verifies, every decision is committed, nothing of the protocol (staging, trash, journal, staged
     * changes) is left.
     */
    private void assertSameOutputs(Path data, Path out) throws Exception {
        assertThat(RetentionFixtures.checksums(data)).isEqualTo(RetentionFixtures.checksums(refData));
        assertThat(relativeFiles(out.resolve("governed"))).isEqualTo(relativeFiles(refOut.resolve("governed")));
        assertThat(reportRules(out)).isEqualTo(reportRules(refOut));
        RetentionEnforceIT.assertConverged(original, data, out);

        SuiteRun verify = SuiteRun.job(tmp.resolve("state"), out, "verify-audit", "data=" + data);
        assertThat(verify.exitCode).as(verify.toString()).isZero();
        assertThat(verify.out).contains("audit chain OK");
        long decisions = RetentionFixtures.auditRecords(out, "RETENTION_DECISION");
        assertThat(decisions).isEqualTo(RetentionFixtures.auditRecords(refOut, "RETENTION_DECISION"));
        assertThat(RetentionFixtures.auditRecords(out, "RETENTION_COMMITTED")).isEqualTo(decisions);
        try (Stream<Path> s = Files.walk(out.resolve("retention"))) {
            assertThat(s.filter(p -> p.getParent().getFileName().toString().equals(StagedChanges.FOLDER))
                            .toList())
                    .as("staged changes left")
                    .isEmpty();
        }
    }

    private static JsonNode reportRules(Path out) throws Exception {
        return Json.MAPPER
                .readTree(Files.readString(out.resolve("reports/retention-" + DATE + "-enforce.json")))
                .get("rules");
    }

    private static List<String> relativeFiles(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }
}
