package jp.insurer.governance.batch.remote;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.beans.factory.BeanFactory;

/**
 * Finds a worker step by name and runs a partition request only while it is still wanted. A request can
 * come twice or late: the broker gives a request back when the worker that held it died, possibly after it
 * had finished the partition; and a request may outlive the manager's execution (timeout, restart). So a
 * request for a partition already COMPLETED, or of a job execution no longer running, is ignored, never run
 * a second time beside the restart's own run of that partition.
 */
class GuardedStepLocator implements StepLocator {

    private static final Logger log = LoggerFactory.getLogger(GuardedStepLocator.class);

    private final BeanFactory beans;

    GuardedStepLocator(BeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public Step getStep(String stepName) {
        Step step = beans.getBean(stepName, Step.class);
        return new Step() {
            @Override
            public String getName() {
                return step.getName();
            }

            @Override
            public void execute(StepExecution partition) throws JobInterruptedException {
                BatchStatus job = partition.getJobExecution().getStatus();
                if (partition.getStatus() == BatchStatus.COMPLETED || !job.isRunning()) {
                    log.info(
                            "partition {} of job execution {} not run: it is {} and its job execution {}",
                            partition.getStepName(),
                            partition.getJobExecutionId(),
                            partition.getStatus(),
                            job);
                    return;
                }
                log.info(
                        "partition {} of job execution {}: running in this worker",
                        partition.getStepName(),
                        partition.getJobExecutionId());
                step.execute(partition);
            }

            @Override
            public boolean isAllowStartIfComplete() {
                return step.isAllowStartIfComplete();
            }

            @Override
            public int getStartLimit() {
                return step.getStartLimit();
            }
        };
    }
}
