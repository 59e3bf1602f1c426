package jp.insurer.governance.batch.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.batch.observe.DatasetUse;
import jp.insurer.governance.batch.observe.JobFacts;
import jp.insurer.governance.batch.observe.ReportFiles;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * The retention run's numbers for metrics and lineage, from its report: per rule and dataset the rows
 * decided, deleted (or that a dry run would delete), set to null, spared by exception and kept for a
 * missing clock, labelled with the mode (dry-run or enforce) the rule ran in.
 */
@Component
class RetentionFacts implements JobFacts {

    private final Configuration conf;

    RetentionFacts(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public boolean describes(String job) {
        return RetentionJobConfiguration.JOB.equals(job);
    }

    @Override
    public void count(JobExecution execution, MeterRegistry registry) throws IOException {
        for (RetentionReport.Rule rule : report(execution).rules()) {
            RetentionReport.Counts t = rule.total();
            rows(registry, "governance.retention.rows.scanned", "Row decisions a rule made", rule, t.rows());
            rows(
                    registry,
                    "governance.retention.rows.deleted",
                    "Rows a rule deleted (dry-run: would delete)",
                    rule,
                    t.rowsDeleted());
            rows(
                    registry,
                    "governance.retention.rows.columns.nulled",
                    "Rows whose columns a rule set to null (dry-run: would set)",
                    rule,
                    t.rowsColumnsNulled());
            rows(
                    registry,
                    "governance.retention.rows.kept.null.clock",
                    "Rows kept because the date the period counts from is missing",
                    rule,
                    t.rowsKeptNullClock());
            for (Map.Entry<String, Long> e : t.rowsSpared().entrySet()) {
                Counter.builder("governance.retention.rows.spared")
                        .description("Rows a rule spared, by exception (legal hold, …)")
                        .tag("rule", rule.id())
                        .tag("dataset", rule.dataset())
                        .tag("mode", rule.mode())
                        .tag("reason", e.getKey())
                        .register(registry)
                        .increment(e.getValue());
            }
        }
    }

    private static void rows(
            MeterRegistry registry, String name, String description, RetentionReport.Rule rule, long count) {
        Counter.builder(name)
                .description(description)
                .tag("rule", rule.id())
                .tag("dataset", rule.dataset())
                .tag("mode", rule.mode())
                .register(registry)
                .increment(count);
    }

    /** Each rule's dataset is read; in enforce mode it is also written (rewritten files, removed partitions). */
    @Override
    public List<DatasetUse> datasets(JobExecution execution) throws IOException {
        String data = execution.getJobParameters().getString(SuiteJobParameters.DATA);
        String out = execution.getJobParameters().getString(SuiteJobParameters.OUT);
        RetentionReport report = report(execution);
        Set<String> read = new LinkedHashSet<>();
        Set<String> written = new LinkedHashSet<>();
        for (RetentionReport.Rule rule : report.rules()) {
            read.add(rule.dataset());
            if ("enforce".equals(rule.mode())
                    && (rule.total().rowsDeleted() > 0 || rule.total().rowsColumnsNulled() > 0)) {
                written.add(rule.dataset());
            }
        }
        List<DatasetUse> uses = new ArrayList<>();
        read.forEach(d -> uses.add(DatasetUse.input(new Path(data, d).toString(), List.of())));
        written.forEach(d -> uses.add(DatasetUse.output(new Path(data, d).toString(), List.of(), null)));
        if (!"dry-run".equals(report.mode()))
            uses.add(DatasetUse.output(RetentionPaths.audit(out).toString(), List.of(), null));
        return uses;
    }

    private RetentionReport report(JobExecution execution) throws IOException {
        // The report tasklet records where it wrote (the file name says dry-run or enforce).
        String written =
                execution.getExecutionContext().getString(jp.insurer.governance.batch.support.JobRunner.REPORT, null);
        if (written == null) throw new IOException("the retention run recorded no report");
        return ReportFiles.read(new Path(written), RetentionReport.class, conf);
    }
}
