package jp.insurer.governance.batch.tag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.ReportWriter;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.parquet.dataset.DatasetLayout;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.config.Policy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Finishes a tag run: removes governed files whose source is gone and datasets that are gone or
 * quarantined (stale consent tags must not outlive their run), removes staging, counts records per
 * consent state from the committed governed files, and writes the catalog and the run report.
 */
class PublishTasklet implements Tasklet {

    static final String NO_CUSTOMER = "NO_CUSTOMER";

    private final TagRuns runs;
    private final Policy policy;
    private final Configuration conf;

    PublishTasklet(TagRuns runs, Policy policy, Configuration conf) {
        this.runs = runs;
        this.policy = policy;
        this.conf = conf;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        var parameters = stepExecution.getJobParameters();
        String out = parameters.getString(SuiteJobParameters.OUT);
        String date = parameters.getString(SuiteJobParameters.DATE);
        long instance = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        TagRuns.TagRun run = runs.of(stepExecution.getJobExecutionId());
        Path governed = TagPaths.governed(out);
        FileSystem fs = FileSystems.get(governed, conf);
        fs.delete(TagPaths.staging(out, instance), true);

        List<String> removed = removeStale(fs, governed, run.plans);
        List<Catalog.Entry> entries = new ArrayList<>();
        for (DatasetPlan plan : run.plans.values()) entries.add(entry(plan, out, run.consent.purposes()));
        ExecutionContext job = stepExecution.getJobExecution().getExecutionContext();
        String quarantined = job.getString(ConsentLedgerTasklet.QUARANTINED, "");
        long uncertain = job.getLong(ConsentLedgerTasklet.UNCERTAIN_CUSTOMERS, 0L);
        Long unmatched = job.containsKey(ConsentLedgerTasklet.UNMATCHED_CUSTOMERS)
                ? job.getLong(ConsentLedgerTasklet.UNMATCHED_CUSTOMERS)
                : null;
        Map<String, Long> byReason = TagReport.byReason(quarantined);
        Catalog catalog = new Catalog(
                date,
                policy.version(),
                policy.sha256(),
                entries,
                removed,
                new Catalog.ConsentLedger(
                        job.getLong(ConsentLedgerTasklet.EVENTS, 0L),
                        byReason.values().stream().mapToLong(Long::longValue).sum(),
                        byReason,
                        uncertain,
                        unmatched));

        ReportWriter.write(
                TagPaths.catalog(out, "catalog.json"),
                catalog,
                TagPaths.catalog(out, "index.html"),
                CatalogHtml.render(catalog),
                conf);

        TagReport report = TagReport.of(
                catalog,
                job.getLong(ConsentLedgerTasklet.EVENTS, 0L),
                job.getLong(ConsentLedgerTasklet.IGNORED_AFTER_DATE, 0L),
                quarantined,
                run.consent.customers(),
                uncertain,
                unmatched);
        ReportWriter.write(TagPaths.report(out, date, "json"), report, TagReportHtml.render(report), conf);
        FileSystems.writeReplacing(
                new Path(governed, "_tagged.json"),
                Json.MAPPER.writeValueAsBytes(Map.of(
                        "businessDate", date, "policyVersion", policy.version(), "policySha256", policy.sha256())),
                conf);

        job.putString(JobRunner.SUMMARY, report.summary(out));
        if (report.quarantinedEvents() > 0 || !report.quarantinedDatasets().isEmpty()) {
            contribution.setExitStatus(
                    new ExitStatus(JobRunner.COMPLETED_WITH_SKIPS, "records or datasets quarantined"));
        }
        runs.forget(stepExecution.getJobExecutionId());
        return RepeatStatus.FINISHED;
    }

    private List<String> removeStale(FileSystem fs, Path governed, Map<String, DatasetPlan> plans) throws IOException {
        List<String> removed = new ArrayList<>();
        if (!fs.exists(governed)) return removed;
        DatasetLayout layout = new DatasetLayout(conf);
        for (FileStatus status : fs.listStatus(governed)) {
            String name = status.getPath().getName();
            if (!status.isDirectory() || DatasetLayout.isHidden(name)) continue;
            DatasetPlan plan = plans.get(name);
            if (plan == null || plan.quarantined()) {
                fs.delete(status.getPath(), true);
                if (plan == null) removed.add(name);
                continue;
            }
            Set<String> sources = new HashSet<>();
            plan.files().forEach(f -> sources.add(f.relative()));
            for (DatasetFile file : layout.files(status.getPath())) {
                if (!sources.contains(file.relative())) fs.delete(file.path(), false);
            }
        }
        return removed;
    }

    private Catalog.Entry entry(DatasetPlan plan, String out, List<String> purposes) throws IOException {
        List<Catalog.Column> columns = new ArrayList<>();
        for (ColumnClassification c : plan.columns()) {
            columns.add(new Catalog.Column(
                    c.column(),
                    c.physicalType(),
                    c.role().name(),
                    c.categories().stream().map(Enum::name).sorted().toList(),
                    c.sensitiveKind(),
                    c.source().name(),
                    c.confidence(),
                    c.evidence(),
                    c.conflict()));
        }
        Map<String, Map<String, Long>> byConsent = new LinkedHashMap<>();
        purposes.forEach(p -> byConsent.put(p, new LinkedHashMap<>()));
        long rows = 0;
        long sensitive = 0;
        if (!plan.quarantined()) {
            List<String> wanted = new ArrayList<>();
            wanted.add(TagColumns.CUSTOMER_LINKED);
            purposes.forEach(p -> wanted.add(TagColumns.consent(p)));
            wanted.add(TagColumns.CONTAINS_SENSITIVE);
            for (DatasetFile file : plan.files()) {
                Path governedFile = TagPaths.governedFile(out, plan.name(), file.relative());
                try (ParquetRowReader reader = ParquetRowReader.open(governedFile, conf, wanted)) {
                    for (Object[] row = reader.read(); row != null; row = reader.read()) {
                        rows++;
                        boolean linked = Boolean.TRUE.equals(row[0]);
                        for (int p = 0; p < purposes.size(); p++) {
                            String state = linked ? (String) row[1 + p] : NO_CUSTOMER;
                            byConsent.get(purposes.get(p)).merge(state, 1L, Long::sum);
                        }
                        if (Boolean.TRUE.equals(row[row.length - 1])) sensitive++;
                    }
                }
            }
        }
        return new Catalog.Entry(
                plan.name(),
                plan.uri(),
                rows,
                plan.customerKey(),
                plan.quarantined() ? "QUARANTINED" : "TAGGED",
                plan.problem(),
                columns,
                plan.drift(),
                byConsent,
                sensitive);
    }
}
