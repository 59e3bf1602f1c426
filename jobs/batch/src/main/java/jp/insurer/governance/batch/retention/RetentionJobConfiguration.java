package jp.insurer.governance.batch.retention;

import java.nio.file.Path;
import jp.insurer.governance.batch.support.Partitions;
import jp.insurer.governance.batch.support.ProgressBoard;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.parquet.dataset.FooterReader;
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import jp.insurer.governance.policy.config.Policy;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code retention}: decide every rule per partition and row; report (dry run) or also enforce.
 * <ol>
 *   <li>{@code retentionPrepare}: rules bound to datasets, facts, audit chain verified, journal recovered;</li>
 *   <li>{@code retentionDecide}, {@code retentionValve} (enforce): every unit decided and counted, and the run
 *       refused before any change when it would delete too much ({@link RetentionValve});</li>
 *   <li>{@code retentionUnits}: one step partition per group of units (a date partition or a file), on this
 *       JVM's threads or on remote workers ({@code governance.partitioning}; remote workers stage their changes
 *       and this JVM commits them, {@link StagedChanges});</li>
 *   <li>{@code retentionReport}: changes staged by remote workers committed, report JSON + HTML, RUN_FINISHED in
 *       the audit log.</li>
 * </ol>
 * {@code verify-audit}: checks the audit chain; runs afresh every time ({@link jp.insurer.governance.batch.support.JobRunner#ALWAYS_FRESH}).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class RetentionJobConfiguration {

    static final String JOB = "retention";
    static final String VERIFY_JOB = "verify-audit";

    @Bean
    RetentionParameters retentionParameters(
            Configuration hadoop, SuiteProperties properties, Policy policy, ClassificationPolicy classification) {
        return new RetentionParameters(
                hadoop, Path.of(properties.config()), policy, classification, properties, System.getenv());
    }

    @Bean
    Job retentionJob(
            JobRepository repository,
            Step retentionPrepare,
            Step retentionDecide,
            Step retentionValve,
            Step retentionUnits,
            Step retentionReport,
            RetentionParameters parameters,
            RetentionRuns runs) {
        return new JobBuilder(JOB, repository)
                .validator(parameters)
                .listener(new JobExecutionListener() {
                    @Override
                    public void afterJob(JobExecution execution) {
                        runs.forget(execution.getId());
                    }
                })
                .start(retentionPrepare)
                .next(retentionDecide)
                .next(retentionValve)
                .next(retentionUnits)
                .next(retentionReport)
                .build();
    }

    @Bean
    RetentionPrepareTasklet retentionPrepareTasklet(
            RetentionRuns runs,
            RetentionParameters parameters,
            Policy policy,
            Configuration hadoop,
            SuiteProperties properties,
            org.springframework.beans.factory.ObjectProvider<RetentionCommit.Faults> faults) {
        return new RetentionPrepareTasklet(
                runs,
                parameters,
                policy,
                hadoop,
                properties,
                System.getenv(),
                faults.getIfAvailable(() -> RetentionCommit.Faults.NONE));
    }

    @Bean
    Step retentionPrepare(
            JobRepository repository, PlatformTransactionManager tm, RetentionPrepareTasklet retentionPrepareTasklet) {
        return new StepBuilder("retentionPrepare", repository)
                .tasklet(retentionPrepareTasklet, tm)
                .allowStartIfComplete(true)
                .build();
    }

    /** Local threads or remote workers, as governance.partitioning says; the partitions are the same. */
    @Bean
    Step retentionUnits(
            Partitions partitions,
            Step retentionUnit,
            RetentionUnitPartitioner retentionUnitPartitioner,
            SuiteProperties properties,
            RetentionRuns runs,
            Configuration hadoop,
            ProgressBoard progress) {
        return partitions
                .manager(
                        "retentionUnits",
                        "retentionUnit",
                        retentionUnitPartitioner,
                        retentionUnit,
                        properties.retention().threads())
                .listener(progressOf("retention units", "retentionUnit", false, runs, hadoop, progress, partitions))
                .build();
    }

    /** Enforce only: the deciding pass of the safety valve, over the same plan as the changes. */
    @Bean
    Step retentionDecide(
            Partitions partitions,
            Step retentionDecideUnit,
            RetentionRuns runs,
            Configuration hadoop,
            RetentionUnitPartitioner retentionUnitPartitioner,
            SuiteProperties properties,
            ProgressBoard progress) {
        return partitions
                .manager(
                        "retentionDecide",
                        "retentionDecideUnit",
                        retentionUnitPartitioner,
                        retentionDecideUnit,
                        properties.retention().threads())
                .listener(progressOf(
                        "retention decide (safety valve)",
                        "retentionDecideUnit",
                        true,
                        runs,
                        hadoop,
                        progress,
                        partitions))
                .build();
    }

    /** The worker steps of both passes: one tasklet, deciding only or also changing. */
    record UnitSteps(
            Partitions partitions,
            PlatformTransactionManager tm,
            RetentionRuns runs,
            Configuration hadoop,
            ProgressBoard progress,
            RetentionPrepareTasklet prepare,
            Policy policy) {

        Step step(String name, boolean decideOnly) {
            return partitions
                    .worker(name)
                    .tasklet(new RetentionUnitTasklet(runs, hadoop, decideOnly, progress, prepare, policy.sha256()), tm)
                    .build();
        }
    }

    @Bean
    UnitSteps retentionUnitSteps(
            Partitions partitions,
            PlatformTransactionManager tm,
            RetentionRuns runs,
            Configuration hadoop,
            ProgressBoard progress,
            RetentionPrepareTasklet retentionPrepareTasklet,
            Policy policy) {
        return new UnitSteps(partitions, tm, runs, hadoop, progress, retentionPrepareTasklet, policy);
    }

    @Bean
    Step retentionDecideUnit(UnitSteps retentionUnitSteps) {
        return retentionUnitSteps.step("retentionDecideUnit", true);
    }

    /**
     * Rows done, rows/s and ETA of a units step, against the rows of every file the run scanned (from their
     * footers; 0, no total, when one cannot be read: the unit that reads it reports the problem). Local units
     * add their rows as they go; remote ones count when their partition completes, from the repository.
     */
    private static StepExecutionListener progressOf(
            String what,
            String workerStep,
            boolean enforceOnly,
            RetentionRuns runs,
            Configuration hadoop,
            ProgressBoard progress,
            Partitions partitions) {
        return new StepExecutionListener() {
            @Override
            public void beforeStep(StepExecution step) {
                RetentionRuns.Run run = runs.of(step.getJobExecutionId());
                if (run.scan == null
                        || (enforceOnly && run.mode != jp.insurer.governance.policy.retention.RetentionMode.ENFORCE))
                    return;
                FooterReader footers = new FooterReader(hadoop);
                long rows = 0;
                try {
                    for (DatasetScan.Dataset dataset : run.scan.datasets().values())
                        rows += footers.totalRows(dataset.files());
                } catch (java.io.IOException e) {
                    rows = 0;
                }
                progress.open(
                        step.getJobExecutionId(),
                        what,
                        rows,
                        partitions.rowsDoneElsewhere(step.getJobExecutionId(), workerStep));
            }

            @Override
            public ExitStatus afterStep(StepExecution step) {
                progress.close(step.getJobExecutionId());
                return null;
            }
        };
    }

    @Bean
    Step retentionValve(
            JobRepository repository,
            PlatformTransactionManager tm,
            RetentionRuns runs,
            SuiteProperties properties,
            Configuration hadoop) {
        return new StepBuilder("retentionValve", repository)
                .tasklet(new RetentionValve(runs, properties, hadoop), tm)
                .build();
    }

    @Bean
    @StepScope
    RetentionUnitPartitioner retentionUnitPartitioner(
            RetentionRuns runs,
            Configuration hadoop,
            Policy policy,
            @Value("#{stepExecution.jobExecutionId}") long jobExecutionId) {
        return new RetentionUnitPartitioner(runs.of(jobExecutionId), hadoop, policy.sha256());
    }

    @Bean
    Step retentionUnit(UnitSteps retentionUnitSteps) {
        return retentionUnitSteps.step("retentionUnit", false);
    }

    @Bean
    Step retentionReport(
            JobRepository repository,
            PlatformTransactionManager tm,
            RetentionRuns runs,
            Policy policy,
            Configuration hadoop) {
        return new StepBuilder("retentionReport", repository)
                .tasklet(new RetentionReportTasklet(runs, policy, hadoop), tm)
                .build();
    }

    @Bean
    Job verifyAuditJob(JobRepository repository, PlatformTransactionManager tm, Configuration hadoop) {
        Step verify = new StepBuilder("verifyAudit", repository)
                .tasklet(new VerifyAuditTasklet(hadoop), tm)
                .build();
        return new JobBuilder(VERIFY_JOB, repository)
                .validator(new SuiteJobParameters(hadoop))
                .start(verify)
                .build();
    }
}
