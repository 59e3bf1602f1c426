package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.RefusedException;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.retention.RetentionMode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The safety valve of enforcement (issue 12, finding 3: a mistyped date deleted half the data). Before
 * any change, a deciding pass over every unit counts the rows enforcement would remove per dataset
 * (a dropped partition's rows, or the rows its rewrite leaves out); this step then refuses the run
 * (exit 2, nothing changed) when a dataset would lose more than {@code max-delete-fraction} of its rows
 * or the run more than {@code max-delete-rows}, naming the figures, unless the run carries
 * {@code --allow-mass-delete}. A refused execution resumes with {@code --restart --allow-mass-delete}.
 */
class RetentionValve implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RetentionValve.class);

    /** One unit's figures, written once per instance (a restart finds them). */
    record UnitCount(String dataset, long rows, long removed) {}

    private final RetentionRuns runs;
    private final SuiteProperties properties;
    private final Configuration conf;

    RetentionValve(RetentionRuns runs, SuiteProperties properties, Configuration conf) {
        this.runs = runs;
        this.properties = properties;
        this.conf = conf;
    }

    static void save(
            RetentionRuns.Run run, String dataset, String firstFile, long rows, long removed, Configuration conf)
            throws IOException {
        Path file = new Path(run.state, "valve/" + dataset + "/" + hex(dataset + "/" + firstFile) + ".json");
        FileSystem fs = FileSystems.get(file, conf);
        if (fs.exists(file)) return;
        FileSystems.writeReplacing(file, Json.MAPPER.writeValueAsBytes(new UnitCount(dataset, rows, removed)), conf);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        RetentionRuns.Run run = runs.of(stepExecution.getJobExecutionId());
        if (run.mode != RetentionMode.ENFORCE) return RepeatStatus.FINISHED;
        Map<String, long[]> byDataset = new TreeMap<>(); // rows, removed
        Path dir = new Path(run.state, "valve");
        FileSystem fs = FileSystems.get(dir, conf);
        if (fs.exists(dir)) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                Path file = it.next().getPath();
                if (!file.getName().endsWith(".json") || file.getName().startsWith(".")) continue;
                UnitCount c;
                try (InputStream in = fs.open(file)) {
                    c = Json.MAPPER.readValue(in, UnitCount.class);
                }
                long[] sums = byDataset.computeIfAbsent(c.dataset(), k -> new long[2]);
                sums[0] += c.rows();
                sums[1] += c.removed();
            }
        }
        double maxFraction = properties.retention().maxDeleteFraction();
        long maxRows = properties.retention().maxDeleteRows();
        StringBuilder over = new StringBuilder();
        StringBuilder plan = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, long[]> e : byDataset.entrySet()) {
            long rows = e.getValue()[0];
            long removed = e.getValue()[1];
            total += removed;
            if (removed == 0) continue;
            String line = e.getKey() + " " + removed + " of " + rows + " rows (" + percent(removed, rows) + ")";
            plan.append(plan.isEmpty() ? "" : ", ").append(line);
            if (rows > 0 && (double) removed / rows > maxFraction)
                over.append(over.isEmpty() ? "" : ", ").append(line);
        }
        String wouldDo = "would delete " + total + " row(s): " + (plan.isEmpty() ? "none" : plan);
        boolean tooMany = maxRows > 0 && total > maxRows;
        if (over.isEmpty() && !tooMany) {
            log.info("safety valve passed: {}", wouldDo);
            return RepeatStatus.FINISHED;
        }
        String why = (over.isEmpty()
                        ? ""
                        : "more than " + percent(maxFraction)
                                + " of a dataset (governance.retention.max-delete-fraction): " + over)
                + (tooMany
                        ? (over.isEmpty() ? "" : "; ") + total
                                + " rows in one run, over governance.retention.max-delete-rows=" + maxRows
                        : "");
        if (Boolean.parseBoolean(stepExecution.getJobParameters().getString(SuiteJobParameters.ALLOW_MASS_DELETE))) {
            log.warn("safety valve overridden by --allow-mass-delete: {}; {}", why, wouldDo);
            return RepeatStatus.FINISHED;
        }
        throw new RefusedException("nothing was changed: this run " + wouldDo + ", " + why
                + ". Check the business date and the rules; if this is intended, run again adding --allow-mass-delete");
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0 %" : String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    private static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.0f %%", 100 * fraction);
    }

    private static String hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 24);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
