package jp.insurer.governance.batch.remote;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import jp.insurer.governance.batch.support.Partitions;
import jp.insurer.governance.batch.support.RowLocks;
import jp.insurer.governance.batch.support.SuiteProperties;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.PartitionStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.config.annotation.EnableBatchIntegration;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilderFactory;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilderFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.jms.dsl.Jms;

/**
 * Remote partitioning ({@code governance.partitioning.mode: remote}) with Spring Batch's own manager and
 * worker steps: the manager sends one {@code StepExecutionRequest} per partition to the queue
 * {@code governance.partitions.WORKER_STEP} on the Artemis broker and polls the shared job repository
 * until every partition has finished; a worker JVM ({@code scripts/worker.sh}, profile {@value #WORKER_PROFILE})
 * takes requests from that queue and runs the partition's step against the same repository.
 * <p>
 * Delivery: a worker takes a request in a JMS transaction that commits only when the partition's step has
 * ended, and takes one request at a time per thread (no prefetch). A worker killed mid-partition thus gives
 * its request back to the broker, and another worker runs the partition again (partitions are idempotent).
 * When no worker finishes within the timeout, or the broker cannot be reached, the manager step fails and
 * marks the partitions it still waits for FAILED: a restart re-runs exactly those, and a late request for a
 * finished or failed job execution is ignored ({@link GuardedStepLocator}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "governance.partitioning.mode", havingValue = "remote")
@EnableBatchIntegration
public class RemotePartitioningConfiguration {

    /** The Spring profile of a worker JVM (set by {@code Main worker}). */
    public static final String WORKER_PROFILE = "worker";

    static final String QUEUE_PREFIX = "governance.partitions.";

    /** How often a worker that lost the broker tries to connect again (Spring JMS's default is 5 s). */
    static final java.time.Duration WORKER_RECOVERY = java.time.Duration.ofSeconds(1);

    /**
     * Artemis's own JMS client (not Spring Boot's auto-configuration, which would start an embedded broker in
     * every job of a local run because the broker's classes are on the class path for {@code scripts/broker.sh}).
     */
    @Bean
    ActiveMQConnectionFactory partitionBrokerConnectionFactory(SuiteProperties properties) {
        ActiveMQConnectionFactory factory =
                new ActiveMQConnectionFactory(properties.partitioning().brokerUrl());
        // No prefetch: a request waits in the broker until a worker thread is free, so work spreads over the workers.
        factory.setConsumerWindowSize(0);
        // Requests are Java-serialized StepExecutionRequests; nothing else is accepted from the queue.
        factory.setDeserializationAllowList("org.springframework.batch.integration.partition,java.lang");
        // A broken connection fails at once instead of reconnecting inside the client: the manager's send of a
        // request then fails its step (never waits on a broker that is down), and a worker's listener container
        // drops the connection and builds a new one every recovery interval until the broker is back.
        factory.setInitialConnectAttempts(1);
        factory.setReconnectAttempts(0);
        return factory;
    }

    @Bean
    Partitions.RemotePartitions remotePartitions(
            RemotePartitioningManagerStepBuilderFactory managers,
            RemotePartitioningWorkerStepBuilderFactory workers,
            IntegrationFlowContext flows,
            ActiveMQConnectionFactory connections,
            JobRepository repository,
            SuiteProperties properties,
            Environment environment,
            DataSource dataSource,
            BeanFactory beans) {
        boolean worker = environment.acceptsProfiles(Profiles.of(WORKER_PROFILE));
        SuiteProperties.Partitioning settings = properties.partitioning();
        return new Partitions.RemotePartitions() {
            @Override
            public PartitionStepBuilder manager(String name, String workerStep, Partitioner partitioner) {
                DirectChannel requests = new DirectChannel();
                flows.registration(IntegrationFlow.from(requests)
                                .handle(Jms.outboundAdapter(connections).destination(QUEUE_PREFIX + workerStep))
                                .get())
                        .id(name + ".requests")
                        .register();
                return managers.get(name)
                        .partitioner(workerStep, partitioner)
                        .outputChannel(requests)
                        .pollInterval(settings.pollInterval().toMillis())
                        .timeout(settings.timeout().toMillis())
                        .listener(new UnfinishedPartitions(repository, workerStep))
                        .listener(new PrunedPartitionLocks(repository, new RowLocks(dataSource), workerStep));
            }

            @Override
            public StepBuilder worker(String name) {
                if (!worker) return null;
                DirectChannel requests = new DirectChannel();
                flows.registration(IntegrationFlow.from(
                                        Jms.messageDrivenChannelAdapter(Jms.container(connections, QUEUE_PREFIX + name)
                                                .sessionTransacted(true)
                                                .recoveryInterval(WORKER_RECOVERY.toMillis())
                                                .concurrentConsumers(settings.workerThreads())
                                                .maxConcurrentConsumers(settings.workerThreads())))
                                .channel(requests)
                                .get())
                        .id(name + ".requests")
                        .autoStartup(false)
                        .register();
                return workers.get(name)
                        .inputChannel(requests)
                        .stepLocator(new GuardedStepLocator(beans))
                        .beanFactory(beans);
            }
        };
    }

    /**
     * When the manager step ends without all partitions finished (timeout, broker gone, a send that failed),
     * the partitions still marked running are marked FAILED: no worker will report them any more for this
     * execution, and Spring Batch restarts a partition only from FAILED or STOPPED.
     */
    static final class UnfinishedPartitions implements StepExecutionListener {

        private static final Logger log = LoggerFactory.getLogger(UnfinishedPartitions.class);

        private final JobRepository repository;
        private final String workerStep;

        UnfinishedPartitions(JobRepository repository, String workerStep) {
            this.repository = repository;
            this.workerStep = workerStep;
        }

        @Override
        public ExitStatus afterStep(StepExecution manager) {
            if (manager.getStatus() == BatchStatus.COMPLETED) return null;
            JobExecution job = repository.getJobExecution(manager.getJobExecutionId());
            List<String> abandoned = new ArrayList<>();
            for (StepExecution partition : job.getStepExecutions()) {
                if (!partition.getStepName().startsWith(workerStep + ":")
                        || !partition.getStatus().isRunning()) continue;
                partition.setStatus(BatchStatus.FAILED);
                partition.setExitStatus(ExitStatus.FAILED.addExitDescription(
                        "no worker reported this partition finished before the manager step ended (worker or broker lost,"
                                + " or governance.partitioning.timeout); a restart runs it again"));
                partition.setEndTime(LocalDateTime.now());
                repository.update(partition);
                abandoned.add(partition.getStepName());
            }
            if (!abandoned.isEmpty()) {
                log.warn(
                        "{} partition(s) of {} unfinished when the manager step ended, marked FAILED for a restart: {}",
                        abandoned.size(),
                        workerStep,
                        abandoned);
            }
            return null;
        }
    }

    /**
     * When the manager step ends, deletes the lock rows its partitions' workers left: a worker deletes its own
     * when the partition ends, but not when it was killed mid-partition. A row a live worker still holds (a
     * slow worker past the timeout) is skipped; that worker deletes it when it ends.
     */
    record PrunedPartitionLocks(JobRepository repository, RowLocks locks, String workerStep)
            implements StepExecutionListener {

        private static final Logger log = LoggerFactory.getLogger(PrunedPartitionLocks.class);

        @Override
        public ExitStatus afterStep(StepExecution manager) {
            List<Long> partitions = repository.getJobExecution(manager.getJobExecutionId()).getStepExecutions().stream()
                    .filter(p -> p.getStepName().startsWith(workerStep + ":"))
                    .map(StepExecution::getId)
                    .toList();
            try {
                locks.prunePartitions(partitions);
            } catch (java.sql.SQLException e) {
                // Only small rows of no one's lock are left; the step's outcome stands.
                log.warn("the lock rows of {}'s partitions were not pruned: {}", workerStep, e.getMessage());
            }
            return null;
        }
    }
}
