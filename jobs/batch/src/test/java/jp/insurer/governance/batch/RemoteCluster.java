package jp.insurer.governance.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.insurer.governance.batch.remote.BrokerCommand;
import jp.insurer.governance.batch.support.RowLocks;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What a remote-partitioning test runs on, on loopback: an Artemis broker embedded in the test JVM (as
 * {@code scripts/broker.sh} runs it), a job repository several JVMs can open (an H2 TCP server of the test's
 * own, or the shared PostgreSQL of GOVERNANCE_TEST_POSTGRES_URL for tests tagged "postgres", which failsafe runs
 * alone: managers sharing a repository see each other's running executions), and worker JVMs
 * ({@code Main worker}, the production code on the test class path). The manager is the test's own
 * {@link SuiteRun} with {@link #settings}, or a JVM of its own ({@link #startManager}) when a test kills it.
 */
public final class RemoteCluster implements AutoCloseable {

    /** CI's PostgreSQL (.ci/run), null elsewhere. */
    public static final String POSTGRES = System.getenv("GOVERNANCE_TEST_POSTGRES_URL");

    public static final String POSTGRES_USER =
            System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_USER", "postgres");
    public static final String POSTGRES_PASSWORD =
            System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_PASSWORD", "postgres");

    private final boolean postgres;
    private final int brokerPort;
    private final org.h2.tools.Server h2;
    private final String repositoryUrl;
    private EmbeddedActiveMQ broker;
    private final List<Process> workers = new ArrayList<>();

    private RemoteCluster(Path dir, boolean postgres) throws Exception {
        this.postgres = postgres;
        this.brokerPort = freePort();
        startBroker();
        if (postgres) {
            h2 = null;
            repositoryUrl = POSTGRES;
        } else {
            h2 = org.h2.tools.Server.createTcpServer(
                            "-tcpPort",
                            Integer.toString(freePort()),
                            "-ifNotExists",
                            "-baseDir",
                            dir.resolve("h2").toString())
                    .start();
            repositoryUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/job-repository";
        }
    }

    /** A broker and an H2 job repository under {@code dir}, both started. */
    public static RemoteCluster start(Path dir) throws Exception {
        return new RemoteCluster(dir, false);
    }

    /** A broker and the shared PostgreSQL repository (tests tagged "postgres", when {@link #POSTGRES} is set). */
    public static RemoteCluster startOnPostgres() throws Exception {
        if (POSTGRES == null) throw new IllegalStateException("GOVERNANCE_TEST_POSTGRES_URL is not set");
        return new RemoteCluster(null, true);
    }

    /** Starts the broker again on the same port (after {@link #stopBroker}); its queues are in memory. */
    public void startBroker() throws Exception {
        broker = new EmbeddedActiveMQ()
                .setConfiguration(BrokerCommand.configuration("tcp://127.0.0.1:" + brokerPort, null))
                .start();
    }

    public void stopBroker() throws Exception {
        if (broker != null) broker.stop();
        broker = null;
    }

    /** The settings that make a manager or a worker use this broker and repository (one partition per worker). */
    public List<String> settings() {
        List<String> settings = new ArrayList<>(List.of(
                "--governance.partitioning.mode=remote",
                "--governance.partitioning.broker-url=tcp://127.0.0.1:" + brokerPort,
                "--governance.partitioning.poll-interval=200ms",
                "--governance.partitioning.worker-threads=1",
                "--spring.datasource.url=" + repositoryUrl));
        if (postgres) {
            // Managers of other tests share the repository: none may take another's execution for a dead one.
            settings.add("--governance.jobs.auto-recover=false");
            settings.add("--spring.datasource.username=" + user());
            settings.add("--spring.datasource.password=" + password());
        }
        return settings;
    }

    /** {@code first} (job parameters and settings), then {@link #settings} and the manager's partition timeout. */
    public String[] manager(String[] first, String timeout) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(settings());
        all.add("--governance.partitioning.timeout=" + timeout);
        return all.toArray(String[]::new);
    }

    /**
     * A worker JVM, started and ready (its request flows started), logging to {@code logs/worker-NAME.log};
     * {@code extra} settings follow the cluster's. Returns the log.
     */
    public Path startWorker(Path logs, String name, String... extra) throws Exception {
        Path log = logs.resolve("worker-" + name + ".log");
        List<String> command = SuiteProcess.command("worker");
        command.addAll(settings());
        command.add("--governance.state=" + logs.resolve("state-" + name));
        command.add("--governance.out=" + logs.resolve("unused-" + name));
        command.addAll(List.of(extra));
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

    /**
     * A manager in a JVM of its own ({@code Main run-job}, as {@code scripts/run-job.sh} starts it), so that a
     * test can SIGKILL it; {@code first} are the job parameters and flags, followed by {@link #manager}'s
     * settings. Logs to {@code log}.
     */
    public Process startManager(Path log, Path state, Path out, String job, String[] first, String timeout)
            throws IOException {
        return SuiteProcess.startJob(state, out, log, job, manager(first, timeout));
    }

    /** What a test waits for while its manager runs. */
    public interface Condition {
        boolean met() throws Exception;
    }

    /**
     * Waits until {@code condition} holds, failing when the manager (a {@link SuiteRun} under way) ends first or
     * after {@code minutes}.
     */
    public static void awaitWhileManagerRuns(
            Condition condition, java.util.concurrent.Future<SuiteRun> manager, String what, long minutes)
            throws Exception {
        await(condition, () -> manager.isDone() ? manager.get().toString() : null, what, minutes);
    }

    /** {@link #awaitWhileManagerRuns} for a manager JVM ({@link #startManager}) logging to {@code log}. */
    public static void awaitWhileManagerRuns(Condition condition, Process manager, Path log, String what, long minutes)
            throws Exception {
        await(
                condition,
                () -> manager.isAlive() ? null : "exit " + manager.exitValue() + "\n" + Files.readString(log),
                what,
                minutes);
    }

    /** How a manager ended, null while it runs. */
    private interface Ending {
        String ended() throws Exception;
    }

    private static void await(Condition condition, Ending manager, String what, long minutes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        while (!condition.met()) {
            String ended = manager.ended();
            assertThat(ended)
                    .as("the manager ended before " + what + ": " + ended)
                    .isNull();
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /**
     * Stops the worker JVMs with SIGSTOP at a moment when one of them runs a partition of {@code step} into
     * {@code out} (holds its lock; between two partitions a worker holds none), and returns those partitions.
     * Frozen, a worker's sessions stay open, so its partition locks stay held, as a live but slow worker's do.
     */
    public List<String> freezeWorkersMidPartition(String step, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            for (Process worker : workers) signal(worker, "STOP");
            List<String> held = heldPartitions(step, out);
            if (!held.isEmpty()) return held;
            thawWorkers();
            assertThat(System.nanoTime())
                    .as("no worker ever ran a partition when frozen")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Lets the workers {@link #freezeWorkersMidPartition frozen} go on (SIGCONT). */
    public void thawWorkers() throws Exception {
        for (Process worker : workers) signal(worker, "CONT");
    }

    /** Sends SIGSTOP or SIGCONT and waits until the kernel shows the process stopped, or no longer stopped. */
    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        boolean stop = signal.equals("STOP");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // The state is the field after the parenthesized command name: T when stopped.
        while (Files.readString(stat).replaceFirst("^.*\\) ", "").startsWith("T") != stop) {
            assertThat(System.nanoTime()).as("process " + signal).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /**
     * Partitions ({@code STEP:…}) of the job executions writing to {@code out}, marked running, whose lock a
     * live session holds ({@link RowLocks#partition}): those a worker runs now.
     */
    public List<String> heldPartitions(String step, Path out) throws Exception {
        RowLocks locks = new RowLocks(new DriverManagerDataSource(repositoryUrl, user(), password()));
        List<String> held = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(repositoryUrl, user(), password());
                var s = c.prepareStatement("SELECT se.STEP_EXECUTION_ID, se.STEP_NAME FROM BATCH_STEP_EXECUTION se"
                        + STEP_OF_OUT + " AND se.STATUS IN ('STARTING', 'STARTED')")) {
            s.setString(1, step + ":%");
            s.setString(2, out.toString());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (locks.partitionHeld(rs.getLong(1))) held.add(rs.getString(2));
                }
            }
        }
        return held;
    }

    /** Rows of partition locks in the repository's lock table, whatever their job (none once partitions end). */
    public int partitionLockRows() throws Exception {
        try (Connection c = DriverManager.getConnection(repositoryUrl, user(), password());
                var s = c.prepareStatement(
                        "SELECT COUNT(*) FROM " + RowLocks.TABLE + " WHERE NAME LIKE 'partition:%'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The worker JVMs started so far, in start order. */
    public List<Process> workers() {
        return workers;
    }

    /**
     * Kills every worker, then keeps their logs under {@code target/KEEP} for a failure's diagnosis (they hold
     * counts and names only).
     */
    public void stopWorkers(Path logs, String keep) throws Exception {
        for (Process worker : workers) {
            worker.destroyForcibly();
            worker.waitFor(30, TimeUnit.SECONDS);
        }
        workers.clear();
        Path target = Path.of("target", keep);
        Files.createDirectories(target);
        try (var files = Files.list(logs)) {
            for (Path log : files.filter(p -> p.getFileName().toString().startsWith("worker-"))
                    .toList()) {
                Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Partition executions ({@code STEP:…}) of the job executions writing to {@code out} with this status, from
     * the shared repository.
     */
    public int partitions(String step, Path out, String status) throws Exception {
        return stepExecutions(step + ":%", out, status);
    }

    /**
     * After a manager step that ended without its workers: none of {@code step}'s partitions is left marked
     * running, and some are FAILED, for a restart to run again.
     */
    public void assertUnfinishedPartitionsFailed(String step, Path out) throws Exception {
        assertThat(partitions(step, out, "STARTED"))
                .as("partitions left marked running")
                .isZero();
        assertThat(partitions(step, out, "FAILED")).isPositive();
    }

    /** Executions of the (manager-side) step {@code step} of the job executions writing to {@code out} with this status. */
    public int steps(String step, Path out, String status) throws Exception {
        return stepExecutions(step, out, status);
    }

    /** Joins step executions named like the first parameter to their job's parameter {@code out}, the second. */
    private static final String STEP_OF_OUT =
            " JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = se.JOB_EXECUTION_ID"
                    + " WHERE se.STEP_NAME LIKE ? AND p.PARAMETER_NAME = 'out' AND p.PARAMETER_VALUE = ?";

    private int stepExecutions(String namePattern, Path out, String status) throws Exception {
        try (Connection c = DriverManager.getConnection(repositoryUrl, user(), password());
                var s = c.prepareStatement(
                        "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION se" + STEP_OF_OUT + " AND se.STATUS = ?")) {
            s.setString(1, namePattern);
            s.setString(2, out.toString());
            s.setString(3, status);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (Process worker : workers) worker.destroyForcibly();
        stopBroker();
        if (h2 != null) h2.stop();
    }

    private String user() {
        return postgres ? POSTGRES_USER : "sa";
    }

    private String password() {
        return postgres ? POSTGRES_PASSWORD : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
