package jp.insurer.governance.batch.observe;

import jp.insurer.governance.batch.support.ExitCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Every job's START and end as metrics and lineage. Registered on every job by {@link ObservedJobs}, so a
 * new job is observed without touching its configuration. Never changes a run's outcome: what cannot be
 * written is logged.
 */
@Component
public class RunObserver implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunObserver.class);

    private final RunMetrics metrics;
    private final RunLineage lineage;

    RunObserver(RunMetrics metrics, RunLineage lineage) {
        this.metrics = metrics;
        this.lineage = lineage;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        try {
            lineage.started(execution);
        } catch (RuntimeException e) {
            log.warn(
                    "lineage START of execution {} not written: {}",
                    execution.getId(),
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void afterJob(JobExecution execution) {
        ExitCode exit = ExitCode.of(execution);
        try {
            metrics.publish(execution, exit);
        } catch (RuntimeException e) {
            log.warn(
                    "metrics of execution {} not written: {}",
                    execution.getId(),
                    e.getClass().getSimpleName());
        }
        try {
            lineage.finished(execution, exit);
        } catch (RuntimeException e) {
            log.warn(
                    "lineage end of execution {} not written: {}",
                    execution.getId(),
                    e.getClass().getSimpleName());
        }
    }
}
