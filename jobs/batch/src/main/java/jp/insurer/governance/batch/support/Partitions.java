package jp.insurer.governance.batch.support;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.PartitionStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Builds a job's partitioned steps for where the configuration says partitions run
 * ({@code governance.partitioning.mode}): on threads of this JVM, or on worker JVMs behind the broker
 * ({@link RemotePartitions}). The job configurations do not change between the two.
 */
@Component
public class Partitions {

    /** The remote side: present only in remote mode. */
    public interface RemotePartitions {
        /** A manager step that sends each partition to the workers of {@code workerStep} and waits for them. */
        PartitionStepBuilder manager(String name, String workerStep, Partitioner partitioner);

        /** In a worker JVM: a step that runs the partitions the broker delivers; elsewhere null. */
        StepBuilder worker(String name);
    }

    private final JobRepository repository;
    private final RemotePartitions remote;

    Partitions(JobRepository repository, ObjectProvider<RemotePartitions> remote) {
        this.repository = repository;
        this.remote = remote.getIfAvailable();
    }

    /**
     * The step that splits the work: locally, up to {@code threads} partitions at once on this JVM's threads
     * (log lines keep the run's MDC); remotely, partitions go to the workers, which run as many as they have
     * threads for.
     */
    public PartitionStepBuilder manager(
            String name, String workerStep, Partitioner partitioner, Step worker, int threads) {
        if (remote != null) return remote.manager(name, workerStep, partitioner);
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(name + "-");
        executor.setTaskDecorator(JobLogContext.TASK_DECORATOR);
        executor.setConcurrencyLimit(threads);
        return new StepBuilder(name, repository)
                .partitioner(workerStep, partitioner)
                .step(worker)
                .gridSize(threads)
                .taskExecutor(executor);
    }

    /**
     * The rows written so far by an execution's partitions of {@code workerStep} that ran on other JVMs, for a
     * progress line: in remote mode the write counts of its partitions COMPLETED so far, from the step executions
     * the workers recorded in the shared repository (the ones the manager step polls until all have finished);
     * locally 0, as local partitions add their rows to the progress themselves. A partition's rows count when it
     * completes, so the line advances partition by partition.
     */
    public LongSupplier rowsDoneElsewhere(long jobExecutionId, String workerStep) {
        if (remote == null) return () -> 0;
        AtomicLong last = new AtomicLong();
        return () -> {
            try {
                last.set(repository.getJobExecution(jobExecutionId).getStepExecutions().stream()
                        .filter(s ->
                                s.getStepName().startsWith(workerStep + ":") && s.getStatus() == BatchStatus.COMPLETED)
                        .mapToLong(StepExecution::getWriteCount)
                        .sum());
            } catch (RuntimeException e) {
                // The line repeats the last count; the manager step's own polling reports a lost repository.
            }
            return last.get();
        };
    }

    /** The builder of the step that does one partition's work (in a worker JVM, also fed by the broker). */
    public StepBuilder worker(String name) {
        StepBuilder worker = remote == null ? null : remote.worker(name);
        return worker != null ? worker : new StepBuilder(name, repository);
    }
}
