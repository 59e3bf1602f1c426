package jp.insurer.governance.batch.subject;

import java.nio.file.Path;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import jp.insurer.governance.policy.config.Policy;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code subject-request}: one data-subject request (APPI arts. 33, 35) — {@code customer=ID
 * action=disclose|stop-use|stop-provision|erase [mode=dry-run|enforce] [request=ID]}. One step, which is
 * safe to run again for the same request; every call without {@code request=} is a new request
 * ({@link jp.insurer.governance.batch.support.JobRunner} gives it an id and prints it).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class SubjectRequestJobConfiguration {

    static final String JOB = "subject-request";

    @Bean
    Job subjectRequestJob(
            JobRepository repository,
            PlatformTransactionManager tm,
            Configuration hadoop,
            Policy policy,
            ClassificationPolicy classification,
            SuiteProperties properties) {
        Path configDir = Path.of(properties.config());
        Step step = new StepBuilder("subjectRequest", repository)
                .tasklet(
                        new SubjectRequestTasklet(
                                hadoop, policy, classification, properties, configDir, System.getenv()),
                        tm)
                .build();
        return new JobBuilder(JOB, repository)
                .validator(new SubjectRequestParameters(hadoop, configDir, policy, properties, System.getenv()))
                .start(step)
                .build();
    }
}
