package jp.insurer.governance.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Step-level tests with Spring Batch's test support: the suite's own beans and {@code config/}, as
 * {@code run-job} starts them, with the job repository in a state folder of this test JVM. Every
 * subclass declares nothing of its own on the context, so Spring starts it once and hands the cached
 * context to each of them; a test then pays for its steps, not for a start.
 */
@SpringBatchTest
@SpringBootTest(
        classes = GovernanceApplication.class,
        properties = {
            "governance.home=${project.root}",
            "governance.config=${project.root}/config",
            "spring.config.additional-location=optional:file:${project.root}/config/"
        })
public abstract class StepTestContext {

    /** One state folder (job repository, audit key, recipient keys) for the cached context, under target/. */
    private static final Path STATE = newStateFolder();

    @Autowired
    protected JobOperatorTestUtils batch;

    @Autowired
    protected JobRepository repository;

    @Autowired
    private ApplicationContext context;

    @DynamicPropertySource
    static void stateFolder(DynamicPropertyRegistry registry) {
        registry.add("governance.state", STATE::toString);
    }

    protected static Path state() {
        return STATE;
    }

    /**
     * Completes a whole job of the suite (its validator and listeners included) that makes the inputs of
     * the step under test. Returns nothing: @SpringBatchTest's listeners take any method of the test
     * class that returns a JobExecution for the execution of the job scope.
     */
    protected void runJob(String job, JobParameters parameters) throws Exception {
        JobExecution run = batch.getJobOperator().start(context.getBean(job, Job.class), parameters);
        assertThat(run.getStatus())
                .as(job + ": " + run.getAllFailureExceptions())
                .isEqualTo(BatchStatus.COMPLETED);
    }

    /** The common parameters of a run-job over these folders, with a run id so that every launch is a new job instance. */
    protected JobParameters parameters(Path data, Path out, String... nameValues) {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addString(SuiteJobParameters.RUN_ID, UUID.randomUUID().toString())
                .addString(SuiteJobParameters.DATE, SampleData.AS_OF)
                .addString(SuiteJobParameters.DATA, data.toString())
                .addString(SuiteJobParameters.OUT, out.toString());
        for (int i = 0; i < nameValues.length; i += 2) builder.addString(nameValues[i], nameValues[i + 1]);
        return builder.toJobParameters();
    }

    /**
     * The given steps in order as one flow step: a partitioned step reads the plan its job's earlier
     * steps keep in memory per job execution, so they run in the execution {@code startStep} makes.
     */
    protected Step inOrder(String name, Step... steps) {
        FlowBuilder<Flow> flow = new FlowBuilder<Flow>(name).start(steps[0]);
        for (Step step : List.of(steps).subList(1, steps.length)) flow = flow.next(step);
        return new StepBuilder(name, repository).flow(flow.build()).build();
    }

    private static Path newStateFolder() {
        try {
            Path state = Files.createTempDirectory(
                    Files.createDirectories(Path.of("target").toAbsolutePath()), "step-tests-");
            SuiteRun.provideAuditKey(state);
            return jp.insurer.governance.batch.extract.SampleData.writeKeys(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
