package jp.insurer.governance.batch.remote;

import java.sql.SQLException;
import java.time.LocalDateTime;
import javax.sql.DataSource;
import jp.insurer.governance.batch.support.RowLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.beans.factory.BeanFactory;

/**
 * Finds a worker step by name and runs a partition request only while it is still wanted. A request can
 * come twice or late: the broker gives a request back when the worker that held it died, possibly after it
 * had finished the partition; and a request may outlive the manager's execution (timeout, restart). So a
 * request for a partition already COMPLETED, or of a job execution no longer running, is ignored, never run
 * a second time beside the restart's own run of that partition. A worker holds the partition's row lock
 * ({@link RowLocks#partition}) while it runs it, so a request given again while a live worker still runs it
 * (a broker restart redelivers unacknowledged requests) is dropped; the lock's row is deleted when the
 * partition ends. A request that arrives while its job
 * execution is STOPPING (the manager got SIGTERM) ends the partition STOPPED without running it.
 */
class GuardedStepLocator implements StepLocator {

    private static final Logger log = LoggerFactory.getLogger(GuardedStepLocator.class);

    private final BeanFactory beans;

    GuardedStepLocator(BeanFactory beans) {
        this.beans = beans;
    }

    /** The partition's lock, null when a live worker holds it. */
    private RowLocks.Held hold(StepExecution partition) {
        try {
            return new RowLocks(beans.getBean(DataSource.class)).tryHoldPartition(partition.getId());
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "partition " + partition.getStepName() + ": the job repository cannot hold its lock: "
                            + e.getMessage(),
                    e);
        }
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
                try (RowLocks.Held running = hold(partition)) {
                    if (running == null) {
                        log.info(
                                "partition {} of job execution {} not run here: another worker runs it",
                                partition.getStepName(),
                                partition.getJobExecutionId());
                        return;
                    }
                    guarded(partition);
                }
            }

            private void guarded(StepExecution partition) throws JobInterruptedException {
                BatchStatus job = partition.getJobExecution().getStatus();
                boolean unfinished = partition.getStatus() == BatchStatus.STARTING
                        || partition.getStatus() == BatchStatus.STARTED; // STARTED: its worker died (lock free)
                if ((job == BatchStatus.STOPPING || job == BatchStatus.STOPPED) && unfinished) {
                    // The manager was asked to stop (SIGTERM): a partition not begun is not begun now, but ended
                    // STOPPED, so that the manager's step ends STOPPED soon and a restart runs it.
                    partition.setStatus(BatchStatus.STOPPED);
                    partition.setExitStatus(ExitStatus.STOPPED.addExitDescription(
                            "the job was asked to stop before a worker began this partition; a restart runs it"));
                    partition.setEndTime(LocalDateTime.now());
                    beans.getBean(JobRepository.class).update(partition);
                    log.info(
                            "partition {} of job execution {} not run: the job is stopping; marked STOPPED",
                            partition.getStepName(),
                            partition.getJobExecutionId());
                    return;
                }
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
