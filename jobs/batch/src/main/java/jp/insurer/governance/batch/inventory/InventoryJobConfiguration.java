package jp.insurer.governance.batch.inventory;

import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.policy.config.Policy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code inventory}: what the raw zone holds, from listings and Parquet footers.
 * <ol>
 *   <li>{@code inventoryDatasets}: one chunk per dataset folder; each description is staged as a
 *       file, so a restart resumes at the first dataset not yet described.</li>
 *   <li>{@code inventoryReport}: assembles the staged descriptions into the report, prints a summary.</li>
 * </ol>
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class InventoryJobConfiguration {

    static final String JOB = "inventory";

    @Bean
    Job inventoryJob(JobRepository repository, Step inventoryDatasets, Step inventoryReport, Configuration hadoop) {
        return new JobBuilder(JOB, repository)
                .validator(new SuiteJobParameters(hadoop))
                .start(inventoryDatasets)
                .next(inventoryReport)
                .build();
    }

    @Bean
    Step inventoryDatasets(
            JobRepository repository,
            PlatformTransactionManager tm,
            DatasetFolderReader datasetFolderReader,
            StagedInventoryWriter stagedInventoryWriter,
            Configuration hadoop) {
        return new StepBuilder("inventoryDatasets", repository)
                .<Path, DatasetInventory>chunk(1)
                .transactionManager(tm)
                .reader(datasetFolderReader)
                .processor(new DatasetScanner(hadoop))
                .writer(stagedInventoryWriter)
                .build();
    }

    @Bean
    Step inventoryReport(
            JobRepository repository, PlatformTransactionManager tm, InventoryReportTasklet inventoryReportTasklet) {
        return new StepBuilder("inventoryReport", repository)
                .tasklet(inventoryReportTasklet, tm)
                .build();
    }

    @Bean
    @StepScope
    DatasetFolderReader datasetFolderReader(@Value("#{jobParameters['data']}") String data, Configuration hadoop) {
        return new DatasetFolderReader(new Path(data), hadoop);
    }

    @Bean
    @StepScope
    StagedInventoryWriter stagedInventoryWriter(
            @Value("#{jobParameters['out']}") String out,
            @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") long instance,
            Configuration hadoop) {
        return new StagedInventoryWriter(InventoryPaths.staging(out, instance), hadoop);
    }

    @Bean
    @StepScope
    InventoryReportTasklet inventoryReportTasklet(
            @Value("#{jobParameters['out']}") String out,
            @Value("#{jobParameters['data']}") String data,
            @Value("#{jobParameters['date']}") String date,
            @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") long instance,
            Configuration hadoop,
            Policy policy) {
        return new InventoryReportTasklet(out, data, date, InventoryPaths.staging(out, instance), hadoop, policy);
    }
}
