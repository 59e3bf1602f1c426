package jp.insurer.governance.batch.tag;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentState;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.tag.RecordTagger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Tags one source file into the governed zone. The output is written whole to a staging file and
 * renamed over its target only when complete: Parquet files cannot be appended to, so a chunked
 * writer resumed after a crash would lose rows. A killed worker leaves at most a staging
 * file, which the restarted partition overwrites; its output is the same bytes as an uninterrupted
 * run's, since nothing in it depends on time or execution.
 */
class TagFileTasklet implements Tasklet {

    /** Progress is counted every 4,096 rows: one counter update per batch, not per row. */
    private static final long PROGRESS_BATCH_MASK = 4095;

    private final TagRuns runs;
    private final Policy policy;
    private final Configuration conf;
    private final TextScanner sensitiveTerms;
    private final jp.insurer.governance.batch.support.ProgressBoard progress;

    TagFileTasklet(
            TagRuns runs,
            Policy policy,
            Configuration conf,
            TextScanner sensitiveTerms,
            jp.insurer.governance.batch.support.ProgressBoard progress) {
        this.progress = progress;
        this.runs = runs;
        this.policy = policy;
        this.conf = conf;
        this.sensitiveTerms = sensitiveTerms;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
            throws IOException, org.springframework.batch.core.job.JobInterruptedException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        var partition = stepExecution.getExecutionContext();
        var parameters = stepExecution.getJobParameters();
        String dataset = partition.getString(TagFilePartitioner.DATASET);
        String out = parameters.getString(SuiteJobParameters.OUT);
        LocalDate date = SuiteJobParameters.businessDate(parameters);
        TagRuns.TagRun run = runs.of(stepExecution.getJobExecutionId());
        DatasetPlan plan = run.plans.get(dataset);
        long instance = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        for (String entry : partition.getString(TagFilePartitioner.FILES).split("\n")) {
            // Safe point: every file so far is renamed into place whole; a restart redoes this partition.
            jp.insurer.governance.batch.support.GracefulStop.checkpoint();
            int tab = entry.indexOf('\t');
            String relative = entry.substring(0, tab);
            long rows = tagFile(
                    run,
                    plan,
                    new Path(entry.substring(tab + 1)),
                    relative,
                    new Path(new Path(TagPaths.staging(out, instance), dataset), relative),
                    TagPaths.governedFile(out, dataset, relative),
                    date,
                    progress.of(stepExecution.getJobExecutionId()));
            contribution.incrementReadCount();
            contribution.incrementWriteCount(rows);
        }
        return RepeatStatus.FINISHED;
    }

    private long tagFile(
            TagRuns.TagRun run,
            DatasetPlan plan,
            Path source,
            String relative,
            Path staging,
            Path target,
            LocalDate date,
            jp.insurer.governance.batch.support.Progress progress)
            throws IOException {
        String dataset = plan.name();
        List<String> purposes = run.consent.purposes();
        long rows = 0;
        try (ParquetRowReader reader = ParquetRowReader.open(source, conf)) {
            RowSchema in = reader.fileSchema();
            List<ColumnClassification> columns = new ArrayList<>();
            for (var column : in.columns()) columns.add(plan.column(column.name()));
            int customerKey = plan.customerKey() == null ? -1 : in.indexOf(plan.customerKey());
            RecordTagger tagger = new RecordTagger(columns, customerKey, run.consent, sensitiveTerms);
            RowSchema outSchema = RowSchema.fromMessageType(TagColumns.extend(in.toMessageType(), purposes));
            WriterOptions options = WriterOptions.defaults()
                    .withOverwrite(true)
                    .withMetadata(Map.of(
                            "governance.policy.version", policy.version(),
                            "governance.policy.sha256", policy.sha256(),
                            "governance.business.date", date.toString(),
                            "governance.source", dataset + "/" + relative));
            int width = in.size();
            try (ParquetRowWriter writer = ParquetRowWriter.open(staging.toString(), outSchema, options, conf)) {
                for (Object[] row = reader.read(); row != null; row = reader.read()) {
                    RecordTagger.Tags tags = tagger.tag(row);
                    Object[] tagged = new Object[outSchema.size()];
                    System.arraycopy(row, 0, tagged, 0, width);
                    int i = width;
                    tagged[i++] = tags.customerLinked();
                    ConsentState[] states = tags.consent();
                    for (int p = 0; p < purposes.size(); p++) tagged[i++] = states == null ? null : states[p].name();
                    tagged[i++] = tags.categories();
                    tagged[i++] = tags.containsSensitive();
                    tagged[i++] = policy.version();
                    tagged[i] = date;
                    writer.write(tagged);
                    if ((++rows & PROGRESS_BATCH_MASK) == 0) progress.add(PROGRESS_BATCH_MASK + 1);
                }
            }
            progress.add(rows & PROGRESS_BATCH_MASK);
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "dataset '" + dataset + "', file " + relative + ": " + e.getMessage()
                            + " (the source is left untouched)",
                    e);
        }
        FileSystem fs = FileSystems.get(target, conf);
        fs.mkdirs(target.getParent());
        FileSystems.replace(fs, staging, target);
        return rows;
    }
}
