package jp.insurer.governance.batch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jp.insurer.governance.batch.Main;
import jp.insurer.governance.batch.SampleData;
import jp.insurer.governance.batch.SuiteRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jar's logging as operators get it: a job run in a JVM of its own with the production class path
 * (the tests' logback-test.xml left out), so Spring Boot's logging configuration and config/application.yml apply.
 */
class JobLoggingTest {

    @TempDir
    static Path shared;

    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sampleData() {
        data = SampleData.generate(shared.resolve("data"), 300);
    }

    record Run(int exitCode, String out, String err) {}

    @Test
    void everyJobLineCarriesDateTimeJobExecutionAndBusinessDateOnStderrOnly() throws Exception {
        Run run = inventory(tmp.resolve("state"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err())
                .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)  INFO "
                        + "\\[inventory exec=1 date=" + SampleData.AS_OF
                        + "] JobLogContext - inventory execution 1 started");
        assertThat(run.err())
                .contains("[inventory exec=1 date=" + SampleData.AS_OF
                        + "] JobLogContext - inventory execution 1 ended COMPLETED");
        // stdout: the suite's own lines, no log line.
        assertThat(run.out())
                .contains("inventory completed (execution 1)")
                .doesNotContain(" INFO ")
                .doesNotContain("WARN");
    }

    @Test
    void jsonLinesAndARotatedFileAreConfiguration() throws Exception {
        Path logFile = tmp.resolve("logs/suite.log");
        Run run = inventory(
                tmp.resolve("state"), "--logging.structured.format.console=ecs", "--logging.file.name=" + logFile);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.err().split("\n")) {
            if (line.isBlank()) continue;
            assertThat(line)
                    .as("every stderr line is a JSON object:\n" + run.err())
                    .startsWith("{");
            lines.add(json.readTree(line));
        }
        JsonNode started = lines.stream()
                .filter(l -> l.path("message").asString("").contains("execution 1 started"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no start line in\n" + run.err()));
        assertThat(started.get("job").asString()).isEqualTo("inventory");
        assertThat(started.get("executionId").asString()).isEqualTo("1");
        assertThat(started.get("businessDate").asString()).isEqualTo(SampleData.AS_OF);
        assertThat(started.get("@timestamp").asString()).isNotBlank();
        assertThat(
                        started.get("log.level") != null
                                ? started.get("log.level").asString()
                                : started.at("/log/level").asString())
                .isEqualTo("INFO");

        assertThat(logFile).exists();
        String file = Files.readString(logFile, StandardCharsets.UTF_8);
        assertThat(file)
                .contains("[inventory exec=1 date=" + SampleData.AS_OF
                        + "] JobLogContext - inventory execution 1 started");
    }

    /**
     * The tag job's long step reports rows done, rows/s and ETA at the configured cadence, against the
     * total its files' footers gave, from its reporter thread with the run's MDC.
     */
    @Test
    void theLongTagStepReportsProgressAgainstTheFooterTotal() throws Exception {
        Path state = tmp.resolve("state");
        Run run = job("tag", state, "--governance.progress-interval=200ms");
        assertThat(run.exitCode()).as(run.toString()).isIn(0, 4);
        String prefix = "[tag exec=1 date=" + SampleData.AS_OF + "] Progress - tag files: ";
        java.util.regex.Matcher periodic = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(prefix)
                        + "([\\d,]+) of ([\\d,]+) rows \\([\\d.]+ %\\), [\\d,]+ rows/s, ETA \\S+")
                .matcher(run.err());
        assertThat(periodic.find())
                .as("a periodic progress line in\n" + run.err())
                .isTrue();
        long total = Long.parseLong(periodic.group(2).replace(",", ""));
        java.util.regex.Matcher done = java.util.regex.Pattern.compile(
                        "\\[tag exec=1 date=" + SampleData.AS_OF + "] Progress - tag files done: ([\\d,]+) rows in")
                .matcher(run.err());
        assertThat(done.find()).as(run.err()).isTrue();
        long rows = Long.parseLong(done.group(1).replace(",", ""));
        // Every row counted was a row of the footers' total, and the repository counted the same rows written.
        assertThat(rows).isEqualTo(total);
        SuiteRun status = SuiteRun.main("status", "--json", "--job", "tag", "--governance.state=" + state);
        JsonNode steps = JsonMapper.builder()
                .build()
                .readTree(status.out)
                .get("executions")
                .get(0)
                .get("steps");
        long written = 0;
        for (JsonNode step : steps)
            if (step.get("step").asString().equals("tagRecords"))
                written = step.get("write").asLong();
        assertThat(written).as(status.toString()).isEqualTo(total);
    }

    /** Retention was silent while it worked: its units step reports the rows it decided, as the repository counts them. */
    @Test
    void retentionUnitsReportProgress() throws Exception {
        Path state = tmp.resolve("state");
        assertThat(job("tag", state).exitCode()).isIn(0, 4);
        Run run = job("retention", state, "--governance.progress-interval=200ms");
        assertThat(run.exitCode()).as(run.toString()).isIn(0, 4);
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("\\[retention exec=2 date=" + SampleData.AS_OF
                        + "] Progress - retention units done: ([\\d,]+) rows in")
                .matcher(run.err());
        assertThat(done.find()).as(run.err()).isTrue();
        long rows = Long.parseLong(done.group(1).replace(",", ""));
        SuiteRun status = SuiteRun.main("status", "--json", "--job", "retention", "--governance.state=" + state);
        JsonNode steps = JsonMapper.builder()
                .build()
                .readTree(status.out)
                .get("executions")
                .get(0)
                .get("steps");
        long decided = -1;
        for (JsonNode step : steps)
            if (step.get("step").asString().equals("retentionUnits"))
                decided = step.get("write").asLong();
        assertThat(rows).isPositive().isEqualTo(decided);
    }

    private Run inventory(Path state, String... settings) throws Exception {
        return job("inventory", state, settings);
    }

    private Run job(String job, Path state, String... settings) throws Exception {
        // The production class path: the tests' classes (and their logback-test.xml) left out.
        String classpath = Arrays.stream(
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                                .split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                "-Dgovernance.home=" + SuiteRun.projectRoot(),
                Main.class.getName(),
                "run-job",
                job,
                "data=" + data,
                "date=" + SampleData.AS_OF,
                "--governance.state=" + state,
                "--governance.out=" + tmp.resolve("out")));
        command.addAll(List.of(settings));
        Path out = tmp.resolve("stdout-" + System.nanoTime());
        Path err = tmp.resolve("stderr-" + System.nanoTime());
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
