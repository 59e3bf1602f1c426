package jp.insurer.governance.batch.tag;

import java.nio.file.Path;
import jp.insurer.governance.batch.support.Partitions;
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
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code tag}: classify every column, derive consent from the ledger, tag every record.
 * <ol>
 *   <li>{@code tagConsentLedger}: the ledger, once, into a point-in-time consent book;</li>
 *   <li>{@code tagClassify}: every column of every dataset, from rules, names and sampled values;</li>
 *   <li>{@code tagRecords}: partitions of source files, each file committed whole to {@code governed/}, on
 *       this JVM's threads or on remote workers ({@code governance.partitioning});</li>
 *   <li>{@code tagPublish}: stale files removed, the partitions' consent counts summed, catalog and report
 *       written.</li>
 * </ol>
 * The first two run again on restart (their results live in memory); completed partitions do not.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class TagJobConfiguration {

    static final String JOB = "tag";
    /** The step of one partition; its executions are named {@code tagFile:PARTITION}. */
    static final String TAG_FILE = "tagFile";

    @Bean
    Job tagJob(
            JobRepository repository,
            Step tagConsentLedger,
            Step tagClassify,
            Step tagRecords,
            Step tagPublish,
            Configuration hadoop,
            TagRuns runs) {
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
    ConsentLedgerTasklet consentLedgerTasklet(
            TagRuns runs,
            Policy policy,
            Configuration hadoop,
            SuiteProperties properties,
            ClassificationPolicy classificationPolicy) {
        return new ConsentLedgerTasklet(
                runs,
                policy,
                hadoop,
                properties.tag().consentLedger(),
                properties.zone(),
                properties.tag().ledgerColumns(),
                classificationPolicy,
                Path.of(properties.state(), "consent"),
                properties.tag().consentShardCustomers(),
                properties.tag().consentCacheMb() * 1024L * 1024L);
    }

    @Bean
    Step tagConsentLedger(
            JobRepository repository, PlatformTransactionManager tm, ConsentLedgerTasklet consentLedgerTasklet) {
        return new StepBuilder("tagConsentLedger", repository)
                .tasklet(consentLedgerTasklet, tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    Step tagClassify(
            JobRepository repository,
            PlatformTransactionManager tm,
            TagRuns runs,
            ClassificationPolicy classification,
            TextScanner textScanner,
            Configuration hadoop,
            SuiteProperties properties) {
        ColumnClassifier classifier = new ColumnClassifier(classification, textScanner::scanValue);
        return new StepBuilder("tagClassify", repository)
                .tasklet(
                        new ClassifyTasklet(
                                runs, classifier, hadoop, properties.tag().onBadFile()),
                        tm)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    Step tagRecords(
            Partitions partitions,
            Step tagFile,
            TagFilePartitioner tagFilePartitioner,
            SuiteProperties properties,
            TagRuns runs,
            Configuration hadoop,
            jp.insurer.governance.batch.support.ProgressBoard progress) {
        // Local threads or remote workers, as governance.partitioning says; the partitions are the same.
        return partitions
                .manager(
                        "tagRecords",
                        TAG_FILE,
                        tagFilePartitioner,
                        tagFile,
                        properties.tag().threads())
                .listener(new org.springframework.batch.core.listener.StepExecutionListener() {
                    @Override
                    public void beforeStep(org.springframework.batch.core.step.StepExecution step) {
                        progress.open(
                                step.getJobExecutionId(),
                                "tag files",
                                sourceRows(
                                        runs.of(step.getJobExecutionId()).plans.values(), hadoop),
                                partitions.rowsDoneElsewhere(step.getJobExecutionId(), TAG_FILE));
                    }

                    @Override
                    public org.springframework.batch.core.ExitStatus afterStep(
                            org.springframework.batch.core.step.StepExecution step) {
                        progress.close(step.getJobExecutionId());
                        return null;
                    }
                })
                .build();
    }

    /** Rows of the files to tag, from their footers (a few KB each); 0 (unknown) if one cannot be read. */
    static long sourceRows(java.util.Collection<DatasetPlan> plans, Configuration hadoop) {
        jp.insurer.governance.parquet.dataset.FooterReader footers =
                new jp.insurer.governance.parquet.dataset.FooterReader(hadoop);
        long rows = 0;
        try {
            for (DatasetPlan plan : plans) {
                if (plan.quarantined()) continue;
                for (var file : plan.files()) rows += footers.read(file.path()).rows();
            }
        } catch (java.io.IOException e) {
            return 0; // the worker reports the unreadable file; progress just lacks a total
        }
        return rows;
    }

    @Bean
    @StepScope
    TagFilePartitioner tagFilePartitioner(
            TagRuns runs, Policy policy, @Value("#{stepExecution.jobExecutionId}") long jobExecutionId) {
        return new TagFilePartitioner(runs.of(jobExecutionId).plans, policy.sha256());
    }

    @Bean
    Step tagFile(
            Partitions partitions,
            PlatformTransactionManager tm,
            TagRuns runs,
            Policy policy,
            Configuration hadoop,
            TextScanner textScanner,
            jp.insurer.governance.batch.support.ProgressBoard progress,
            ConsentLedgerTasklet consentLedgerTasklet) {
        // Only sensitive terms matter for the per-record flag; names and numbers are the extract's business.
        TextScanner sensitiveTerms = new TextScanner(
                textScanner.detectors().stream()
                        .filter(d -> d instanceof SensitiveTermDetector)
                        .toList(),
                textScanner.minScore(),
                textScanner.minScore());
        return partitions
                .worker(TAG_FILE)
                .tasklet(new TagFileTasklet(runs, policy, hadoop, sensitiveTerms, progress, consentLedgerTasklet), tm)
                .build();
    }

    @Bean
    Step tagPublish(
            JobRepository repository,
            PlatformTransactionManager tm,
            TagRuns runs,
            Policy policy,
            SuiteProperties properties,
            Configuration hadoop) {
        return new StepBuilder("tagPublish", repository)
                .tasklet(new PublishTasklet(runs, policy, properties.zone(), hadoop, repository), tm)
                .build();
    }
}
