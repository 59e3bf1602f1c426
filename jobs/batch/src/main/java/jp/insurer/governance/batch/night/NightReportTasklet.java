package jp.insurer.governance.batch.night;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.ReportWriter;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.tag.TagReport;
import jp.insurer.governance.parquet.FileSystems;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Writes {@code reports/night-DATE.json} and {@code .html} from what the night's jobs left: the per-job reports of
 * the date under {@code out/reports/}, the tag reports of earlier dates (consent coverage over recent nights) and
 * the step executions of the date in the job repository. Reads only; a report that is missing is listed as such,
 * never guessed. Takes its {@code date} and {@code out} from the running job's parameters, so it serves as the
 * only step of {@code night-report} or as the last step of a longer job.
 */
public class NightReportTasklet implements Tasklet {

    /** Nights of consent coverage shown (this one included). */
    static final int NIGHTS = 14;

    private static final Pattern TAG_REPORT = Pattern.compile("tag-(\\d{4}-\\d{2}-\\d{2})\\.json");
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {};

    private final JobRepository repository;
    private final Configuration conf;

    public NightReportTasklet(JobRepository repository, Configuration conf) {
        this.repository = repository;
        this.conf = conf;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        StepExecution self = chunkContext.getStepContext().getStepExecution();
        String out = self.getJobParameters().getString(SuiteJobParameters.OUT);
        String date = self.getJobParameters().getString(SuiteJobParameters.DATE);
        NightReport report = gather(out, date, self.getId());
        Path json = new Path(out, "reports/night-" + date + ".json");
        ReportWriter.write(json, report, NightReportHtml.render(report), conf);
        self.getJobExecution().getExecutionContext().putString(JobRunner.SUMMARY, summary(report, json));
        // "already completed" checks this file (the job's name is not the report's).
        self.getJobExecution().getExecutionContext().putString(JobRunner.REPORT, json.toString());
        return RepeatStatus.FINISHED;
    }

    NightReport gather(String out, String date, Long currentStep) throws IOException {
        Path reports = new Path(out, "reports");
        FileSystem fs = FileSystems.get(reports, conf);
        List<String> missing = new ArrayList<>();

        TagReport tag = read(fs, new Path(reports, "tag-" + date + ".json"), missing, TagReport.class);
        JsonNode inventory = read(fs, new Path(reports, "inventory-" + date + ".json"), missing, JsonNode.class);
        JsonNode extract = read(fs, new Path(reports, "extract-" + date + ".json"), missing, JsonNode.class);

        List<NightReport.RetentionRun> retention = new ArrayList<>();
        // Before the file names said the mode, one report per date: still read, so an older night is shown whole.
        for (String name : List.of(
                "retention-" + date + "-dry-run.json",
                "retention-" + date + "-enforce.json",
                "retention-" + date + ".json")) {
            Path file = new Path(reports, name);
            if (fs.exists(file)) retention.add(retentionRun(name, read(fs, file, null, JsonNode.class)));
        }
        if (retention.isEmpty()) missing.add("reports/retention-" + date + "-dry-run.json or -enforce.json");

        List<NightReport.Extract> extracts = extract == null ? null : extracts(extract);
        NightReport.Quarantine quarantine = new NightReport.Quarantine(
                tag == null ? null : tag.quarantinedEvents(),
                tag == null ? Map.of() : tag.quarantinedByReason(),
                tag == null ? null : tag.uncertainCustomers(),
                tag == null ? List.of() : tag.quarantinedDatasets(),
                inventory == null
                        ? null
                        : inventory.get("totals").get("unreadableFiles").asLong());
        return new NightReport(
                date,
                consentCoverage(fs, reports, date),
                retention,
                extracts,
                quarantine,
                steps(date, currentStep),
                missing);
    }

    /** The tag reports of this date and up to {@link #NIGHTS} - 1 earlier ones, oldest first. */
    private List<NightReport.ConsentNight> consentCoverage(FileSystem fs, Path reports, String date)
            throws IOException {
        if (!fs.exists(reports)) return List.of();
        LocalDate last = LocalDate.parse(date);
        TreeMap<LocalDate, Path> nights = new TreeMap<>();
        for (FileStatus s : fs.listStatus(reports)) {
            Matcher m = TAG_REPORT.matcher(s.getPath().getName());
            if (!m.matches()) continue;
            LocalDate d;
            try {
                d = LocalDate.parse(m.group(1));
            } catch (java.time.format.DateTimeParseException e) {
                continue; // a name like tag-2026-13-40.json is not a tag report of any night
            }
            if (!d.isAfter(last)) nights.put(d, s.getPath());
        }
        while (nights.size() > NIGHTS) nights.pollFirstEntry();
        List<NightReport.ConsentNight> coverage = new ArrayList<>();
        for (Map.Entry<LocalDate, Path> n : nights.entrySet()) {
            TagReport r = read(fs, n.getValue(), null, TagReport.class);
            if (r.recordsByConsent() == null) continue; // written before tag reports kept consent counts
            List<NightReport.PurposeCoverage> purposes = new ArrayList<>();
            r.recordsByConsent().forEach((purpose, states) -> {
                long total = states.values().stream().mapToLong(Long::longValue).sum();
                long granted = states.getOrDefault("GRANTED", 0L);
                purposes.add(new NightReport.PurposeCoverage(
                        purpose, new TreeMap<>(states), total, granted, total == 0 ? 0 : (double) granted / total));
            });
            coverage.add(new NightReport.ConsentNight(n.getKey().toString(), purposes));
        }
        return coverage;
    }

    private static NightReport.RetentionRun retentionRun(String name, JsonNode r) {
        List<NightReport.RuleTotal> rules = new ArrayList<>();
        for (JsonNode rule : r.get("rules")) {
            JsonNode t = rule.get("total");
            rules.add(new NightReport.RuleTotal(
                    rule.get("id").asString(),
                    rule.get("dataset").asString(),
                    rule.get("action").asString(),
                    t.get("rows").asLong(),
                    t.get("rowsDeleted").asLong(),
                    t.get("rowsColumnsNulled").asLong(),
                    t.get("rowsKeptNullClock").asLong(),
                    Json.MAPPER.convertValue(t.get("rowsSpared"), COUNTS)));
        }
        return new NightReport.RetentionRun("reports/" + name, r.get("mode").asString(), rules);
    }

    private static List<NightReport.Extract> extracts(JsonNode report) {
        List<NightReport.Extract> extracts = new ArrayList<>();
        for (JsonNode e : report.get("extracts")) {
            JsonNode k = e.get("kAchieved");
            extracts.add(new NightReport.Extract(
                    e.get("extractId").asString(),
                    e.get("profile").asString(),
                    e.get("recipient").asString(),
                    e.get("purpose").asString(),
                    e.get("rows").asLong(),
                    k == null || k.isNull() ? null : k.asLong(),
                    new LinkedHashMap<>(Json.MAPPER.convertValue(e.get("excludedRows"), COUNTS))));
        }
        return extracts;
    }

    /** Every step execution of every job executed for this business date, except the one writing this report. */
    private List<NightReport.StepRun> steps(String date, Long currentStep) {
        List<NightReport.StepRun> steps = new ArrayList<>();
        for (String job : repository.getJobNames()) {
            for (JobInstance instance : repository.findJobInstances(job)) {
                for (JobExecution execution : repository.getJobExecutions(instance)) {
                    if (!date.equals(execution.getJobParameters().getString(SuiteJobParameters.DATE))) continue;
                    for (StepExecution s : execution.getStepExecutions()) {
                        if (currentStep != null && currentStep.equals(s.getId())) continue;
                        Double seconds = s.getStartTime() == null || s.getEndTime() == null
                                ? null
                                : Duration.between(s.getStartTime(), s.getEndTime())
                                                .toMillis()
                                        / 1000.0;
                        steps.add(new NightReport.StepRun(
                                job,
                                execution.getId(),
                                s.getStepName(),
                                s.getStatus().name(),
                                s.getExitStatus().getExitCode(),
                                s.getStartTime() == null
                                        ? null
                                        : s.getStartTime().withNano(0).toString(),
                                s.getEndTime() == null
                                        ? null
                                        : s.getEndTime().withNano(0).toString(),
                                seconds,
                                s.getReadCount(),
                                s.getWriteCount()));
                    }
                }
            }
        }
        steps.sort(Comparator.comparing((NightReport.StepRun s) -> s.start() == null ? "" : s.start())
                .thenComparing(NightReport.StepRun::executionId)
                .thenComparing(NightReport.StepRun::step));
        return steps;
    }

    /**
     * A per-job report as a record or tree; null (and listed in {@code missing}) when it does not exist. A report
     * that exists but cannot be parsed stops the step with its name and position, never its content.
     */
    private static <T> T read(FileSystem fs, Path file, List<String> missing, Class<T> type) throws IOException {
        if (!fs.exists(file)) {
            if (missing != null) missing.add("reports/" + file.getName());
            return null;
        }
        try (InputStream in = fs.open(file)) {
            return Json.MAPPER.readValue(in, type);
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw new IOException(
                    "report " + file + " cannot be read as a " + type.getSimpleName()
                            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
                    null);
        }
    }

    static String summary(NightReport r, Path json) {
        long deleted = r.retention().stream()
                .filter(run -> run.mode().equals("enforce"))
                .flatMap(run -> run.rules().stream())
                .mapToLong(NightReport.RuleTotal::rowsDeleted)
                .sum();
        StringBuilder s = new StringBuilder();
        s.append("Night report for ")
                .append(r.businessDate())
                .append(": ")
                .append(
                        r.extracts() == null
                                ? "no extract report"
                                : r.extracts().size() + " extract(s) released")
                .append(", ")
                .append(deleted)
                .append(" row(s) deleted by retention, ")
                .append(
                        r.quarantine().ledgerLines() == null
                                ? "no tag report"
                                : r.quarantine().ledgerLines() + " ledger line(s) quarantined")
                .append(", ")
                .append(r.steps().size())
                .append(" step execution(s)\n");
        if (!r.missing().isEmpty())
            s.append("  not found: ").append(String.join(", ", r.missing())).append('\n');
        s.append("  report: ").append(json).append(", .html\n");
        return s.toString();
    }
}
