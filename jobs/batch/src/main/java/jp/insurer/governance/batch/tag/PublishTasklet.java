package jp.insurer.governance.batch.tag;

import java.io.IOException;
import java.time.ZoneId;
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
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.config.Policy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Finishes a tag run: removes governed files whose source is gone and datasets that are gone or
 * quarantined (stale consent tags must not outlive their run), removes staging, sums the records per
 * consent state that the tagging partitions counted (in this JVM or on workers; the governed files are
 * not read back), and writes the catalog and the run report.
 */
class PublishTasklet implements Tasklet {

    private final TagRuns runs;
    private final Policy policy;
    private final ZoneId zone;
    private final Configuration conf;
    private final JobRepository repository;

    PublishTasklet(TagRuns runs, Policy policy, ZoneId zone, Configuration conf, JobRepository repository) {
        this.zone = zone;
        this.repository = repository;
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
        Map<String, ConsentCounts.Counted> counts =
                counted(stepExecution.getJobExecution().getJobInstance(), run);
        for (DatasetPlan plan : run.plans.values()) entries.add(entry(plan, counts, run.consent.purposes()));
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
                        unmatched,
                        job.getLong(ConsentLedgerTasklet.UNATTRIBUTED_WITHDRAWALS, 0L),
                        job.getLong(ConsentLedgerTasklet.LOOKALIKE_CUSTOMERS, 0L)));

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
                        "businessDate",
                        date,
                        "policyVersion",
                        policy.version(),
                        "policySha256",
                        policy.sha256(),
                        "zone",
                        zone.getId())),
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

    /**
     * Per dataset, the counts of its partitions as the tagging partitions recorded them: for each partition
     * its last execution in this job instance, which must be COMPLETED (the one of this execution, or of an
     * earlier one when a restart did not run it again), so every partition counts once, in file order.
     */
    private Map<String, ConsentCounts.Counted> counted(JobInstance instance, TagRuns.TagRun run) {
        List<String> purposes = run.consent.purposes();
        Map<String, ConsentCounts.Counted> counts = new LinkedHashMap<>();
        var partitions = new TagFilePartitioner(run.plans, policy.sha256()).partition(0);
        for (var partition : partitions.entrySet()) {
            String dataset = partition.getValue().getString(TagFilePartitioner.DATASET);
            String name = TagJobConfiguration.TAG_FILE + ":" + partition.getKey();
            StepExecution last = repository.getLastStepExecution(instance, name);
            if (last == null || last.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("dataset '" + dataset + "': partition " + partition.getKey()
                        + " has not completed; the catalog is not written without its counts");
            }
            ExecutionContext context = last.getExecutionContext();
            // A partition completed by an earlier execution was not run again: its files must be the plan's.
            String files = partition.getValue().getString(TagFilePartitioner.FILES);
            if (!files.equals(context.getString(TagFilePartitioner.FILES, ""))
                    || !context.containsKey(TagFileTasklet.COUNTS)) {
                throw new IllegalStateException("dataset '" + dataset + "': partition " + partition.getKey()
                        + " completed in execution " + last.getJobExecutionId()
                        + " over other source files than the dataset has now, or without consent counts;"
                        + " tag every file again with --rerun");
            }
            ConsentCounts.Counted counted =
                    Json.MAPPER.readValue(context.getString(TagFileTasklet.COUNTS), ConsentCounts.Counted.class);
            counts.put(
                    dataset,
                    counts.getOrDefault(dataset, ConsentCounts.Counted.none(purposes))
                            .plus(counted, dataset));
        }
        return counts;
    }

    private Catalog.Entry entry(DatasetPlan plan, Map<String, ConsentCounts.Counted> counts, List<String> purposes) {
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
        ConsentCounts.Counted counted = counts.getOrDefault(plan.name(), ConsentCounts.Counted.none(purposes));
        return new Catalog.Entry(
                plan.name(),
                plan.uri(),
                counted.rows(),
                plan.customerKey(),
                plan.quarantined() ? "QUARANTINED" : "TAGGED",
                plan.problem(),
                columns,
                plan.drift(),
                counted.rowsByConsent(),
                counted.rowsSensitive());
    }
}
