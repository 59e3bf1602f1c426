package jp.insurer.governance.batch.tag;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.parquet.RowSchema;
import jp.insurer.governance.parquet.read.ParquetRowReader;
import jp.insurer.governance.parquet.write.ParquetRowWriter;
import jp.insurer.governance.parquet.write.WriterOptions;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentLookup;
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
 * run's, since nothing in it depends on time or execution. The staging file is the partition
 * execution's own: should a partition run twice at once (a worker presumed lost that was only slow),
 * each run writes its own file and renames the same bytes into place.
 * <p>
 * It needs only its partition's context and the consent book, so it runs the same in a worker JVM of
 * a remote run: the book is then built there from the ledger, once per job execution ({@link TagRuns#consent}).
 */
class TagFileTasklet implements Tasklet {

    /** The partition's {@link ConsentCounts.Counted}, as JSON, in its step execution context. */
    static final String COUNTS = "consentCounts";

    /** Progress is counted every 4,096 rows: one counter update per batch, not per row. */
    private static final long PROGRESS_BATCH_MASK = 4095;

    private final TagRuns runs;
    private final Policy policy;
    private final Configuration conf;
    private final TextScanner sensitiveTerms;
    private final jp.insurer.governance.batch.support.ProgressBoard progress;
    private final ConsentLedgerTasklet ledger;

    TagFileTasklet(
            TagRuns runs,
            Policy policy,
            Configuration conf,
            TextScanner sensitiveTerms,
            jp.insurer.governance.batch.support.ProgressBoard progress,
            ConsentLedgerTasklet ledger) {
        this.progress = progress;
        this.ledger = ledger;
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
        TagFilePartitioner.Plan plan =
                Json.MAPPER.readValue(partition.getString(TagFilePartitioner.PLAN), TagFilePartitioner.Plan.class);
        if (!policy.sha256().equals(plan.policySha256())) {
            throw new IllegalStateException("partition " + stepExecution.getStepName() + ": this JVM's policy (sha256 "
                    + policy.sha256() + ") is not the one the job started with (" + plan.policySha256()
                    + "); run workers with the manager's config folder");
        }
        ConsentLookup consent = runs.consent(
                stepExecution.getJobExecutionId(),
                () -> ledger.readAsLedgerStep(
                        parameters, stepExecution.getJobExecution().getExecutionContext()));
        long instance = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        Path staging =
                new Path(new Path(TagPaths.staging(out, instance), Long.toString(stepExecution.getId())), dataset);
        ConsentCounts counts = new ConsentCounts(consent.purposes());
        for (String entry : partition.getString(TagFilePartitioner.FILES).split("\n")) {
            // Safe point: every file so far is renamed into place whole; a restart redoes this partition.
            jp.insurer.governance.batch.support.GracefulStop.checkpoint();
            int tab = entry.indexOf('\t');
            String relative = entry.substring(0, tab);
            long rows = tagFile(
                    consent,
                    dataset,
                    plan,
                    new Path(entry.substring(tab + 1)),
                    relative,
                    new Path(staging, relative),
                    TagPaths.governedFile(out, dataset, relative),
                    date,
                    progress.of(stepExecution.getJobExecutionId()),
                    counts);
            contribution.incrementReadCount();
            contribution.incrementWriteCount(rows);
        }
        // Saved with the step's last commit, so the context of a COMPLETED partition holds every file's counts;
        // a re-run replaces them. The publish step sums them instead of reading the governed files back.
        partition.putString(COUNTS, Json.MAPPER.writeValueAsString(counts.counted()));
        return RepeatStatus.FINISHED;
    }

    private long tagFile(
            ConsentLookup consent,
            String dataset,
            TagFilePartitioner.Plan plan,
            Path source,
            String relative,
            Path staging,
            Path target,
            LocalDate date,
            jp.insurer.governance.batch.support.Progress progress,
            ConsentCounts counts)
            throws IOException {
        List<String> purposes = consent.purposes();
        long rows = 0;
        try (ParquetRowReader reader = ParquetRowReader.open(source, conf)) {
            RowSchema in = reader.fileSchema();
            List<ColumnClassification> columns = new ArrayList<>();
            for (var column : in.columns()) columns.add(plan.column(column.name()));
            int customerKey = plan.customerKey() == null ? -1 : in.indexOf(plan.customerKey());
            RecordTagger tagger = new RecordTagger(columns, customerKey, consent, sensitiveTerms);
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
                    counts.add(tags.customerLinked(), states, tags.containsSensitive());
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
