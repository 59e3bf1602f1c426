package jp.insurer.governance.batch.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.Main;
import jp.insurer.governance.batch.SuiteRun;
import jp.insurer.governance.batch.remote.BrokerCommand;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tag job with remote partitioning on loopback: an Artemis broker (embedded in this JVM, as
 * {@code scripts/broker.sh} runs it), the manager (the real entry point, in this JVM) and two worker JVMs
 * ({@code Main worker}, the same code), sharing a job repository that several JVMs can open: the
 * PostgreSQL of GOVERNANCE_TEST_POSTGRES_URL when set, else an H2 TCP server. The governed zone and the
 * catalog are compared byte for byte with a single-JVM run of the same data.
 */
class RemoteTagIT {

    private static final String POSTGRES = System.getenv("GOVERNANCE_TEST_POSTGRES_URL");

    @TempDir
    static Path shared;

    static String[] params;
    static EmbeddedActiveMQ broker;
    static int brokerPort;
    static org.h2.tools.Server h2;
    static String repositoryUrl;
    /** Governed web_events files of the single-JVM run: the scale of "mid-run". */
    static long total;

    @TempDir
    Path tmp;

    final List<Process> workers = new ArrayList<>();

    @BeforeAll
    static void referenceAndInfrastructure() throws Exception {
        params = TagKillIT.reference(shared);
        total = committed(shared.resolve("out-ref"));

        brokerPort = freePort();
        broker = new EmbeddedActiveMQ()
                .setConfiguration(BrokerCommand.configuration("tcp://127.0.0.1:" + brokerPort, null))
                .start();
        if (POSTGRES != null) {
            repositoryUrl = POSTGRES;
        } else {
            h2 = org.h2.tools.Server.createTcpServer(
                            "-tcpPort",
                            Integer.toString(freePort()),
                            "-ifNotExists",
                            "-baseDir",
                            shared.resolve("h2").toString())
                    .start();
            repositoryUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/job-repository";
        }
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        if (broker != null) broker.stop();
        if (h2 != null) h2.stop();
    }

    @AfterEach
    void stopWorkers(org.junit.jupiter.api.TestInfo test) throws Exception {
        for (Process worker : workers) {
            worker.destroyForcibly();
            worker.waitFor(30, TimeUnit.SECONDS);
        }
        // The workers' logs outlive the temporary folder, for a failure's diagnosis (they hold counts and names only).
        Path keep = Path.of(
                "target", "remote-tag-it", test.getTestMethod().orElseThrow().getName());
        Files.createDirectories(keep);
        try (var logs = Files.list(tmp)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("worker-"))
                    .toList()) {
                Files.copy(log, keep.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void twoWorkersProduceTheSingleJvmOutput() throws Exception {
        Path a = startWorker("a");
        Path b = startWorker("b");
        Path out = tmp.resolve("out");
        SuiteRun run = manager(out, "10m");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertSameFiles(out);
        // Both workers ran partitions (no prefetch: each takes a request only when it has a free thread).
        assertThat(Files.readString(a)).contains("partition tagFile:");
        assertThat(Files.readString(b)).contains("partition tagFile:");
        assertThat(partitions(out, "COMPLETED")).isGreaterThan(1);
    }

    @Test
    void aWorkerKilledMidPartitionIsReplacedByTheOther() throws Exception {
        startWorker("a");
        Path b = startWorker("b");
        Path out = tmp.resolve("out");
        CompletableFuture<SuiteRun> run = CompletableFuture.supplyAsync(() -> manager(out, "10m"));
        awaitCommitted(out, total / 4, run);
        workers.get(0).destroyForcibly(); // SIGKILL mid-partition: its request goes back to the broker
        assertThat(workers.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();

        SuiteRun done = run.get(5, TimeUnit.MINUTES);
        assertThat(done.exitCode).as(done.toString()).isZero();
        assertSameFiles(out);
        assertThat(TagKillIT.hidden(out)).as("staged or temporary files left").isEmpty();
        assertThat(Files.readString(b)).contains("partition tagFile:");
    }

    @Test
    void allWorkersKilledFailsTheRunAndARestartConverges() throws Exception {
        startWorker("a");
        startWorker("b");
        Path out = tmp.resolve("out");
        // A timeout that a loaded 2-core machine still meets for the first quarter of the files.
        CompletableFuture<SuiteRun> run = CompletableFuture.supplyAsync(() -> manager(out, "90s"));
        awaitCommitted(out, total / 4, run);
        for (Process worker : workers) worker.destroyForcibly();

        // The manager gives up after its timeout: FAILED (exit 1), never COMPLETED with partitions missing.
        SuiteRun failed = run.get(5, TimeUnit.MINUTES);
        assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);
        assertThat(partitions(out, "STARTED"))
                .as("partitions left marked running")
                .isZero();
        assertThat(partitions(out, "FAILED")).isPositive();
        assertThat(Files.exists(out.resolve("catalog/catalog.json"))).isFalse();

        workers.clear();
        startWorker("c");
        startWorker("d");
        String[] restart = java.util.Arrays.copyOf(params, params.length + 1);
        restart[params.length] = "--restart";
        SuiteRun again = SuiteRun.job(tmp.resolve("state"), out, "tag", settings(restart, "10m"));
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertSameFiles(out);
        assertThat(TagKillIT.hidden(out)).as("staged or temporary files left").isEmpty();
    }

    private SuiteRun manager(Path out, String timeout) {
        return SuiteRun.job(tmp.resolve("state"), out, "tag", settings(params, timeout));
    }

    private String[] settings(String[] first, String timeout) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(remoteSettings());
        all.add("--governance.partitioning.timeout=" + timeout);
        return all.toArray(String[]::new);
    }

    private static List<String> remoteSettings() {
        List<String> settings = new ArrayList<>(List.of(
                "--governance.partitioning.mode=remote",
                "--governance.partitioning.broker-url=tcp://127.0.0.1:" + brokerPort,
                "--governance.partitioning.poll-interval=200ms",
                "--governance.partitioning.worker-threads=1",
                "--spring.datasource.url=" + repositoryUrl));
        if (POSTGRES != null) {
            settings.add("--spring.datasource.username="
                    + System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_USER", "postgres"));
            settings.add("--spring.datasource.password="
                    + System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_PASSWORD", "postgres"));
        }
        return settings;
    }

    /** A worker JVM, started and ready (its request flow started); returns its log. */
    private Path startWorker(String name) throws Exception {
        Path log = tmp.resolve("worker-" + name + ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                "-Dgovernance.home=" + SuiteRun.projectRoot(),
                Main.class.getName(),
                "worker"));
        command.addAll(remoteSettings());
        command.add("--governance.state=" + tmp.resolve("state-" + name));
        command.add("--governance.out=" + tmp.resolve("unused-" + name));
        Process worker = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        workers.add(worker);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.readString(log).contains("worker ready")) {
            assertThat(worker.isAlive())
                    .as("worker " + name + " ended:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("worker " + name + " not ready:\n" + Files.readString(log))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        return log;
    }

    private static void awaitCommitted(Path out, long files, CompletableFuture<SuiteRun> run) throws Exception {
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

    /** Partition executions of the tag job writing to {@code out} with this status, from the shared repository. */
    private static int partitions(Path out, String status) throws Exception {
        String user =
                POSTGRES == null ? "sa" : System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_USER", "postgres");
        String password =
                POSTGRES == null ? "" : System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_PASSWORD", "postgres");
        try (Connection c = DriverManager.getConnection(repositoryUrl, user, password);
                var s = c.prepareStatement("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION se"
                        + " JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = se.JOB_EXECUTION_ID"
                        + " WHERE se.STEP_NAME LIKE 'tagFile:%' AND se.STATUS = ? AND p.PARAMETER_NAME = 'out'"
                        + " AND p.PARAMETER_VALUE = ?")) {
            s.setString(1, status);
            s.setString(2, out.toString());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void assertSameFiles(Path out) throws IOException {
        TagKillIT.assertSameFiles(shared.resolve("out-ref"), out);
    }

    private static long committed(Path out) throws IOException {
        return TagKillIT.committed(out);
    }
}
