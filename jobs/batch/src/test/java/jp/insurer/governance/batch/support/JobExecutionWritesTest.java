package jp.insurer.governance.batch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A stop requested while the job writes its own execution row (a SIGTERM as the job ends): neither write fails on
 * the optimistic lock, and the stop is kept. Each job here updates its execution as often as Spring Batch's own
 * job does across a run; the stop lands at a random moment among those updates.
 */
class JobExecutionWritesTest {

    @Test
    void aStopAmongTheJobsOwnUpdatesNeverFailsEitherWriter() throws Exception {
        JobRepository repository = repository("job-execution-writes");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int run = 0; run < 200; run++) {
                JobParameters parameters =
                        new JobParametersBuilder().addLong("run", (long) run).toJobParameters();
                JobInstance instance = repository.createJobInstance("stopped", parameters);
                JobExecution job = repository.createJobExecution(instance, parameters, new ExecutionContext());
                job.setStatus(BatchStatus.STARTED);
                repository.update(job);
                int updates = 20;
                int stopAt = ThreadLocalRandom.current().nextInt(updates);
                List<Future<Boolean>> writers = new ArrayList<>();
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < updates; i++) repository.update(job); // the job's own writes
                    return true;
                }));
                writers.add(threads.submit(() -> {
                    java.util.concurrent.locks.LockSupport.parkNanos(stopAt * 100_000L);
                    return JobExecutionWrites.markStopping(repository, job.getId());
                }));
                for (Future<Boolean> writer : writers) writer.get(); // an optimistic-lock failure would surface here

                assertThat(writers.get(1).get())
                        .as("the stop of a running execution is written")
                        .isTrue();
                JobExecution stored = repository.getJobExecution(job.getId());
                assertThat(stored.getStatus())
                        .as("run %d: the stop is not overwritten by the job's later updates", run)
                        .isIn(BatchStatus.STOPPING, BatchStatus.STOPPED);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anEndedExecutionIsNotMarked() throws Exception {
        JobRepository repository = repository("job-execution-ended");
        JobParameters parameters = new JobParametersBuilder().addLong("run", 1L).toJobParameters();
        JobInstance instance = repository.createJobInstance("ended", parameters);
        JobExecution job = repository.createJobExecution(instance, parameters, new ExecutionContext());
        job.setStatus(BatchStatus.COMPLETED);
        repository.update(job);

        assertThat(JobExecutionWrites.markStopping(repository, job.getId())).isFalse();
        assertThat(repository.getJobExecution(job.getId()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    /** The suite's repository bean as Spring would hand it out: Spring Batch's JDBC repository behind the lock. */
    private static JobRepository repository(String name) throws Exception {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-h2.sql"))
                .execute(dataSource);
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(new JdbcTransactionManager(dataSource));
        factory.afterPropertiesSet();
        return (JobRepository)
                new JobExecutionWrites().postProcessAfterInitialization(factory.getObject(), "jobRepository");
    }
}
