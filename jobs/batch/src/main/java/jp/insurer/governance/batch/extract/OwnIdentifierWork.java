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
 * identifiers) when the extract completed, every profile released; a failed or stopped run keeps them for
 * {@code --restart}, and the next plan clears them.
 */
final class OwnIdentifierWork implements JobExecutionListener {

    private static final Log log = LogFactory.getLog(OwnIdentifierWork.class);

    private final Configuration conf;

    OwnIdentifierWork(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED) return;
        String out = execution.getJobParameters().getString(SuiteJobParameters.OUT);
        if (out == null) return;
        var root = FileSystems.path(out);
        try {
            FileSystems.get(root, conf).delete(OwnIdentifierPlan.work(root.toString()), true);
        } catch (IOException e) { // released: the next plan removes them
            log.warn("the own-identifier runs could not be deleted (" + e.getMessage()
                    + "); the next extract removes them");
        }
    }
}
