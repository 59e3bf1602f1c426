package jp.insurer.governance.batch.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteProcess;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code status} against a real job repository: real jobs run (one in a JVM of its own, killed with
 * SIGKILL), the command's table and JSON read back, and the recover command it prints run as printed.
 */
class StatusCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path shared;

    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sampleData() {
        data = SampleData.generate(shared.resolve("data"), 300);
    }

    @Test
    void showsFinishedRunningAndKilledExecutionsWithTheCommandThatRecoversTheKilledOne() throws Exception {
        Path state = tmp.resolve("state");
        Path out = tmp.resolve("out");
        SuiteRun inventory = SuiteRun.job(state, out, "inventory", "data=" + data, "date=" + SampleData.AS_OF);
        assertThat(inventory.exitCode).as(inventory.toString()).isZero();

        Path log = Files.createTempFile(tmp, "tag", ".log");
        Process tag = SuiteProcess.startJob(state, out, log, "tag", "data=" + data, "date=" + SampleData.AS_OF);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (committed(out) < 40) {
            assertThat(tag.isAlive())
                    .as("the job ended before it could be killed:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("timed out waiting for committed files")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        // While the job runs: status reads the repository (H2 AUTO_SERVER) and leaves the lock alone.
        JsonNode whileRunning = json(SuiteRun.main("status", "--json", "--governance.state=" + state));
        JsonNode running = execution(whileRunning, "tag");
        assertThat(running.get("status").asString()).isIn("STARTED", "STARTING");
        assertThat(running.get("process").asString()).isEqualTo("RUNNING");
        assertThat(running.get("recover").isNull()).isTrue();
        assertThat(tag.isAlive())
                .as("status must not disturb the running job:\n" + Files.readString(log))
                .isTrue();

        tag.destroyForcibly(); // SIGKILL: the execution stays STARTED, the OS frees the lock
        assertThat(tag.waitFor(60, TimeUnit.SECONDS)).isTrue();

        SuiteRun json = SuiteRun.main("status", "--json", "--governance.state=" + state);
        JsonNode executions = json(json).get("executions");
        assertThat(executions).hasSize(2);
        JsonNode killed = executions.get(0);
        assertThat(killed.get("job").asString()).isEqualTo("tag");
        assertThat(killed.get("date").asString()).isEqualTo(SampleData.AS_OF);
        assertThat(killed.get("status").asString()).isEqualTo("STARTED");
        assertThat(killed.get("exitCode").isNull()).isTrue();
        assertThat(killed.get("process").asString()).isEqualTo("GONE");
        String recover = killed.get("recover").asString();
        assertThat(recover)
                .startsWith("scripts/run-job.sh tag ")
                .contains("date=" + SampleData.AS_OF)
                .contains(" --recover")
                .contains("--governance.state=" + state)
                .endsWith(" --restart");
        JsonNode tagRecords = step(killed, "tagRecords");
        assertThat(tagRecords.get("status").asString()).isEqualTo("STARTED");
        JsonNode tagFile = step(killed, "tagFile");
        assertThat(tagFile.get("partitions").asInt()).isPositive();
        // A partition's counts are committed with it (up to 64 files), so they may still be 0 here.
        assertThat(tagFile.get("write").asLong()).isNotNegative();

        JsonNode done = executions.get(1);
        assertThat(done.get("job").asString()).isEqualTo("inventory");
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("exitCode").asInt()).isZero();
        assertThat(done.get("durationSeconds").asLong()).isNotNegative();
        assertThat(done.get("start").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-Z].*");
        assertThat(done.get("steps").size()).isPositive();
        assertThat(done.get("steps").get(0).get("commit").asLong()).isPositive();

        SuiteRun table = SuiteRun.main("status", "--governance.state=" + state);
        assertThat(table.exitCode).as(table.toString()).isZero();
        assertThat(table.out)
                .contains("its process is gone")
                .contains(recover)
                .contains("tagRecords")
                .contains("inventory");
        assertNoPersonalData(json.out + table.out + table.err);

        // The printed command, run as printed, recovers it; status then shows it FAILED (exit 1).
        List<String> words = new ArrayList<>(Arrays.asList(
                recover.substring(0, recover.indexOf(" --recover")).split(" ")));
        words.set(0, "run-job");
        words.add("--recover");
        SuiteRun recovered = SuiteRun.main(words.toArray(String[]::new));
        assertThat(recovered.exitCode).as(recovered.toString()).isZero();
        assertThat(recovered.out)
                .contains("recovered execution " + killed.get("execution").asLong());
        JsonNode after = execution(
                json(SuiteRun.main("status", "--json", "--job", "tag", "--governance.state=" + state)), "tag");
        assertThat(after.get("status").asString()).isEqualTo("FAILED");
        assertThat(after.get("exitCode").asInt()).isEqualTo(1);
        assertThat(after.get("recover").isNull()).isTrue();

        // Filters: by job, by business date, and a limit.
        assertThat(json(SuiteRun.main("status", "--json", "--job", "inventory", "--governance.state=" + state))
                        .get("executions"))
                .hasSize(1);
        assertThat(json(SuiteRun.main("status", "--json", "--date", "2026-01-01", "--governance.state=" + state))
                        .get("executions"))
                .isEmpty();
        assertThat(json(SuiteRun.main(
                                "status",
                                "--json",
                                "--date=" + SampleData.AS_OF,
                                "--limit",
                                "1",
                                "--governance.state=" + state))
                        .get("executions"))
                .hasSize(1);
    }

    @Test
    void anEmptyStateFolderHasNoExecutionsAndNoDatabaseIsCreated() {
        Path state = tmp.resolve("state");
        SuiteRun table = SuiteRun.main("status", "--governance.state=" + state);
        assertThat(table.exitCode).as(table.toString()).isZero();
        assertThat(table.out).contains("no executions");
        assertThat(json(SuiteRun.main("status", "--json", "--governance.state=" + state))
                        .get("executions"))
                .isEmpty();
        assertThat(state.resolve("job-repository.mv.db")).doesNotExist();
    }

    @Test
    void badArgumentsAreExitTwoWithOneLine() {
        for (String[] args : List.of(
                new String[] {"status", "--date", "24/11/2026"},
                new String[] {"status", "--limit", "0"},
                new String[] {"status", "--frobnicate"},
                new String[] {"status", "--job"})) {
            SuiteRun run = SuiteRun.main(args);
            assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
            assertThat(run.err.strip().lines().count()).as(run.toString()).isEqualTo(1);
        }
    }

    /** CI sets GOVERNANCE_TEST_POSTGRES_URL (and _USER, _PASSWORD); elsewhere this test is skipped. */
    @Test
    void showsExecutionsOnPostgres() {
        String url = System.getenv("GOVERNANCE_TEST_POSTGRES_URL");
        assumeTrue(url != null, "GOVERNANCE_TEST_POSTGRES_URL is not set");
        String[] repository = {
            "--spring.datasource.url=" + url,
            "--spring.datasource.username=" + System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_USER", "postgres"),
            "--spring.datasource.password="
                    + System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_PASSWORD", "postgres")
        };
        Path state = tmp.resolve("state");
        String out = tmp.resolve("out-" + UUID.randomUUID()).toString(); // the database outlives the test
        List<String> args = new ArrayList<>(List.of("data=" + data, "date=" + SampleData.AS_OF));
        args.addAll(List.of(repository));
        SuiteRun run = SuiteRun.job(state, Path.of(out), "inventory", args.toArray(String[]::new));
        assertThat(run.exitCode).as(run.toString()).isZero();

        List<String> status = new ArrayList<>(List.of(
                "status", "--json", "--job", "inventory", "--date", SampleData.AS_OF, "--governance.state=" + state));
        status.addAll(List.of(repository));
        SuiteRun shown = SuiteRun.main(status.toArray(String[]::new));
        JsonNode ours = null;
        for (JsonNode e : json(shown).get("executions")) {
            if (out.equals(e.get("parameters").get("out").asString())) ours = e;
        }
        assertThat(ours).as(shown.toString()).isNotNull();
        assertThat(ours.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(ours.get("exitCode").asInt()).isZero();
        assertThat(ours.get("steps").size()).isPositive();
        status.remove("--json");
        SuiteRun table = SuiteRun.main(status.toArray(String[]::new));
        assertThat(table.exitCode).as(table.toString()).isZero();
        assertThat(table.out).contains("inventory").contains("COMPLETED");
        assertThat(table.out + table.err)
                .doesNotContain(System.getenv().getOrDefault("GOVERNANCE_TEST_POSTGRES_PASSWORD", "postgres") + "@");
    }

    private static JsonNode json(SuiteRun run) {
        assertThat(run.exitCode).as(run.toString()).isZero();
        return JSON.readTree(run.out);
    }

    private static JsonNode execution(JsonNode status, String job) {
        for (JsonNode e : status.get("executions")) if (e.get("job").asString().equals(job)) return e;
        throw new AssertionError("no execution of " + job + " in " + status);
    }

    private static JsonNode step(JsonNode execution, String name) {
        for (JsonNode s : execution.get("steps")) if (s.get("step").asString().equals(name)) return s;
        throw new AssertionError("no step " + name + " in " + execution);
    }

    /** Names and e-mail addresses of the sample's customers appear nowhere in what status prints. */
    private static void assertNoPersonalData(String printed) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT * FROM read_parquet('" + data.resolve("customers") + "/**/*.parquet') LIMIT 50")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    String v = rs.getString(i);
                    if (v != null && v.length() >= 6 && !v.matches("[0-9TZ:. -]+")) values.add(v);
                }
            }
        }
        assertThat(values).as("sample values to look for").isNotEmpty();
        for (String v : values)
            assertThat(printed).as("status printed a customer's value").doesNotContain(v);
    }

    private static long committed(Path out) throws IOException {
        Path events = out.resolve("governed/web_events");
        if (!Files.isDirectory(events)) return 0;
        try (Stream<Path> s = Files.walk(events)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }
}
