package jp.insurer.governance.batch.extract;

import java.io.IOException;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.FileSystems;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Deletes the own-identifier plan and runs ({@link OwnIdentifierPlan#work}: hashes of every customer's
 * identifiers) when the extract completed, every profile released, and when it failed with no profile's
 * work left to restart (a leak check that refused a release drops that profile's work: nothing of the run
 * stays on the output). A stopped run, or a failed one with a profile's work left, keeps them for
 * {@code --restart}; the next plan clears them.
 */
final class OwnIdentifierWork implements JobExecutionListener {

    private static final Log log = LogFactory.getLog(OwnIdentifierWork.class);

    private final Configuration conf;

    OwnIdentifierWork(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public void afterJob(JobExecution execution) {
        BatchStatus status = execution.getStatus();
        if (status != BatchStatus.COMPLETED && status != BatchStatus.FAILED) return;
        String out = execution.getJobParameters().getString(SuiteJobParameters.OUT);
        if (out == null) return;
        var root = FileSystems.path(out);
        try {
            var fs = FileSystems.get(root, conf);
            var runs = OwnIdentifierPlan.work(root.toString());
            if (status == BatchStatus.FAILED && profileWorkLeft(fs, runs)) return;
            fs.delete(runs, true);
        } catch (IOException e) { // released: the next plan removes them
            log.warn("the own-identifier runs could not be deleted (" + e.getMessage()
                    + "); the next extract removes them");
        }
    }

    /** Whether a profile's work folder ({@code .work-ID} beside the runs' folder) is left for a restart. */
    private static boolean profileWorkLeft(org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path runs)
            throws IOException {
        if (!fs.exists(runs.getParent())) return false;
        for (var entry : fs.listStatus(runs.getParent())) {
            String name = entry.getPath().getName();
            if (name.startsWith(".work-") && !name.equals(runs.getName())) return true;
        }
        return false;
    }
}
