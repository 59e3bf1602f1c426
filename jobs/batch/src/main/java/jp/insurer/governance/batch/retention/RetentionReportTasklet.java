package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.ReportWriter;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.audit.AuditEntry;
import jp.insurer.governance.policy.audit.AuditType;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.retention.ExceptionKind;
import jp.insurer.governance.policy.retention.RetentionRule;
import jp.insurer.governance.policy.retention.RetentionTally;
import jp.insurer.governance.policy.retention.RuleBinding;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Adds up the units' counts into the JSON and HTML reports, and closes the run in the audit log. */
class RetentionReportTasklet implements Tasklet {

    private final RetentionRuns runs;
    private final Policy policy;
    private final Configuration conf;

    RetentionReportTasklet(RetentionRuns runs, Policy policy, Configuration conf) {
        this.runs = runs;
        this.policy = policy;
        this.conf = conf;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        String out = stepExecution.getJobParameters().getString(SuiteJobParameters.OUT);
        RetentionRuns.Run run = runs.of(stepExecution.getJobExecutionId());
        // Units that ran on remote workers left their changes staged: this JVM, the audit log's writer, makes them
        // (announced first, as a local unit does); after a local run there are none.
        if (run.commit != null) StagedChanges.commit(run, conf);

        // rule -> dataset -> partition -> summed line
        Map<String, Map<String, Map<String, RetentionReport.Counts>>> sums = new LinkedHashMap<>();
        Path units = new Path(run.state, "units");
        FileSystem fs = FileSystems.get(units, conf);
        if (fs.exists(units)) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(units, true);
            while (it.hasNext()) {
                Path file = it.next().getPath();
                if (!file.getName().endsWith(".json") || file.getName().startsWith(".")) continue;
                for (RetentionTally.Line line : RetentionUnitTasklet.readTally(fs, file)) {
                    sums.computeIfAbsent(line.key().rule(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(line.key().dataset(), k -> new TreeMap<>())
                            .merge(line.key().partition(), counts(line), RetentionReportTasklet::add);
                }
            }
        }
        List<RetentionReport.Rule> rules = new ArrayList<>();
        for (List<RuleBinding> bindings : run.bindings.values()) {
            for (RuleBinding b : bindings) {
                RetentionRule r = b.rule();
                Map<String, RetentionReport.Counts> partitions =
                        sums.getOrDefault(r.id(), Map.of()).getOrDefault(b.dataset(), Map.of());
                RetentionReport.Counts total = zero();
                List<RetentionReport.Partition> list = new ArrayList<>();
                for (Map.Entry<String, RetentionReport.Counts> e : partitions.entrySet()) {
                    total = add(total, e.getValue());
                    list.add(new RetentionReport.Partition(e.getKey(), e.getValue()));
                }
                rules.add(new RetentionReport.Rule(
                        r.id(),
                        r.description(),
                        b.dataset(),
                        r.action().name(),
                        r.clock().type()
                                + r.clock().column().map(c -> "(" + c + ")").orElse(""),
                        r.period().toString(),
                        r.effectiveMode(run.mode).spelling(),
                        total,
                        list));
            }
        }
        String date = run.date.toString();
        RetentionReport report = new RetentionReport(
                date,
                run.mode.spelling(),
                policy.version(),
                "retention.yml",
                rules,
                run.recovered,
                RetentionPaths.audit(out).toString());
        Path json = RetentionPaths.report(out, date, report.mode(), "json");
        ReportWriter.write(json, report, RetentionReportHtml.render(report), conf);
        stepExecution.getJobExecution().getExecutionContext().putString(JobRunner.REPORT, json.toString());
        if (run.audit != null) {
            run.audit.append(
                    AuditEntry.of(run.runId, AuditType.RUN_FINISHED).withDetail("report reports/" + json.getName()));
        }
        stepExecution.getJobExecution().getExecutionContext().putString(JobRunner.SUMMARY, report.summary(out));
        runs.forget(stepExecution.getJobExecutionId());
        return RepeatStatus.FINISHED;
    }

    private static RetentionReport.Counts counts(RetentionTally.Line l) {
        Map<String, Long> spared = new TreeMap<>();
        for (ExceptionKind k : ExceptionKind.values())
            spared.put(k.name(), l.rowsSpared().getOrDefault(k, 0L));
        return new RetentionReport.Counts(
                l.rowsScanned(),
                l.bytesScanned(),
                l.rowsDeleted(),
                l.rowsColumnsNulled(),
                l.rowsKept(),
                l.rowsKeptNullClock(),
                l.rowsOutOfScope(),
                spared,
                l.bytesRemoved());
    }

    private static RetentionReport.Counts zero() {
        Map<String, Long> spared = new TreeMap<>();
        for (ExceptionKind k : ExceptionKind.values()) spared.put(k.name(), 0L);
        return new RetentionReport.Counts(0, 0, 0, 0, 0, 0, 0, spared, 0);
    }

    private static RetentionReport.Counts add(RetentionReport.Counts a, RetentionReport.Counts b) {
        Map<String, Long> spared = new TreeMap<>(a.rowsSpared());
        b.rowsSpared().forEach((k, v) -> spared.merge(k, v, Long::sum));
        return new RetentionReport.Counts(
                a.rows() + b.rows(),
                a.bytes() + b.bytes(),
                a.rowsDeleted() + b.rowsDeleted(),
                a.rowsColumnsNulled() + b.rowsColumnsNulled(),
                a.rowsKept() + b.rowsKept(),
                a.rowsKeptNullClock() + b.rowsKeptNullClock(),
                a.rowsOutOfScope() + b.rowsOutOfScope(),
                spared,
                a.bytesRemoved() + b.bytesRemoved());
    }
}
