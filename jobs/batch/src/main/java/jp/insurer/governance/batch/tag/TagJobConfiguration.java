package jp.insurer.governance.batch.tag;

import java.nio.file.Path;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import jp.insurer.governance.policy.classify.ColumnClassifier;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.detect.recognizer.SensitiveTermDetector;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code tag}: classify every column, derive consent from the ledger, tag every record.
 * <ol>
 *   <li>{@code tagConsentLedger}: the ledger, once, into a point-in-time consent book;</li>
 *   <li>{@code tagClassify}: every column of every dataset, from rules, names and sampled values;</li>
 *   <li>{@code tagRecords}: one partition per source file, each committed whole to {@code governed/};</li>
 *   <li>{@code tagPublish}: stale files removed, consent counted, catalog and report written.</li>
 * </ol>
 * The first two run again on restart (their results live in memory); completed partitions do not.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class TagJobConfiguration {

    static final String JOB = "tag";

    @Bean
    Job tagJob(JobRepository repository, Step tagConsentLedger, Step tagClassify, Step tagRecords, Step tagPublish,
               Configuration hadoop, TagRuns runs) {
        return new JobBuilder(JOB, repository)
                .validator(new SuiteJobParameters(hadoop))
                .listener(new JobExecutionListener() {
                    @Override
                    public void afterJob(JobExecution execution) {
                        runs.forget(execution.getId());
                    }
                })
                .start(tagConsentLedger)
                .next(tagClassify)
                .next(tagRecords)
                .next(tagPublish)
                .build();
    }

    @Bean
    ClassificationPolicy classificationPolicy(SuiteProperties properties) {
        return ClassificationPolicy.load(Path.of(properties.config()));
    }

    @Bean
    TextScanner textScanner(SuiteProperties properties) {
        return TextScanner.fromConfig(Path.of(properties.config()));
    }

    @Bean
    Step tagConsentLedger(JobRepository repository, PlatformTransactionManager tm, TagRuns runs, Policy policy,
                          Configuration hadoop, SuiteProperties properties, ClassificationPolicy classificationPolicy) {
        return new StepBuilder("tagConsentLedger", repository)
                .tasklet(new ConsentLedgerTasklet(runs, policy, hadoop, properties.tag().consentLedger(), properties.zone(),
                        properties.tag().ledgerColumns(), classificationPolicy), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    Step tagClassify(JobRepository repository, PlatformTransactionManager tm, TagRuns runs,
                     ClassificationPolicy classification, TextScanner textScanner, Configuration hadoop,
                     SuiteProperties properties) {
        ColumnClassifier classifier = new ColumnClassifier(classification, textScanner::scanValue);
        return new StepBuilder("tagClassify", repository)
                .tasklet(new ClassifyTasklet(runs, classifier, hadoop, properties.tag().onBadFile()), tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    Step tagRecords(JobRepository repository, Step tagFile, TagFilePartitioner tagFilePartitioner, SuiteProperties properties) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("tag-");
        executor.setConcurrencyLimit(properties.tag().threads());
        return new StepBuilder("tagRecords", repository)
                .partitioner("tagFile", tagFilePartitioner)
                .step(tagFile)
                .gridSize(properties.tag().threads())
                .taskExecutor(executor)
                .build();
    }

    @Bean
    @StepScope
    TagFilePartitioner tagFilePartitioner(TagRuns runs, @Value("#{stepExecution.jobExecutionId}") long jobExecutionId) {
        return new TagFilePartitioner(runs.of(jobExecutionId).plans);
    }

    @Bean
    Step tagFile(JobRepository repository, PlatformTransactionManager tm, TagRuns runs, Policy policy,
                 Configuration hadoop, TextScanner textScanner) {
        // Only sensitive terms matter for the per-record flag; names and numbers are the extract's business.
        TextScanner sensitiveTerms = new TextScanner(textScanner.detectors().stream()
                .filter(d -> d instanceof SensitiveTermDetector).toList(), textScanner.minScore(), textScanner.minScore());
        return new StepBuilder("tagFile", repository)
                .tasklet(new TagFileTasklet(runs, policy, hadoop, sensitiveTerms), tm)
                .build();
    }

    @Bean
    Step tagPublish(JobRepository repository, PlatformTransactionManager tm, TagRuns runs, Policy policy, Configuration hadoop) {
        return new StepBuilder("tagPublish", repository)
                .tasklet(new PublishTasklet(runs, policy, hadoop), tm)
                .build();
    }
}
