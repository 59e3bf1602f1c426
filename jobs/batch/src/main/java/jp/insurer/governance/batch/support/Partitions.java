package jp.insurer.governance.batch.support;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
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

    /** The builder of the step that does one partition's work (in a worker JVM, also fed by the broker). */
    public StepBuilder worker(String name) {
        StepBuilder worker = remote == null ? null : remote.worker(name);
        return worker != null ? worker : new StepBuilder(name, repository);
    }
}
