package jp.insurer.governance.batch.night;

import jp.insurer.governance.batch.support.SuiteJobParameters;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code night-report}: one step, {@code nightReport}, that writes {@code reports/night-DATE.html} and {@code .json}
 * from the reports and step executions the night's jobs left (see {@link NightReportTasklet}). The tasklet is its own
 * bean so a longer job can run it as its last step.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class NightReportJobConfiguration {

    static final String JOB = "night-report";

    @Bean
    Job nightReportJob(JobRepository repository, Step nightReport, Configuration hadoop) {
        return new JobBuilder(JOB, repository)
                .validator(new SuiteJobParameters(hadoop))
                .start(nightReport)
                .build();
    }

    @Bean
    Step nightReport(JobRepository repository, PlatformTransactionManager tm, NightReportTasklet nightReportTasklet) {
        return new StepBuilder("nightReport", repository)
                .tasklet(nightReportTasklet, tm)
                .build();
    }

    @Bean
    NightReportTasklet nightReportTasklet(JobRepository repository, Configuration hadoop) {
        return new NightReportTasklet(repository, hadoop);
    }
}
