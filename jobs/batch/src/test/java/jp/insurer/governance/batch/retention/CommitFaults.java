package jp.insurer.governance.batch.retention;

import java.util.function.Supplier;
import jp.insurer.governance.batch.SuiteRun;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs a job in-process with a {@link RetentionCommit.Faults} bean in its application context, through
 * Spring Boot's hook for applications started on this thread: the seam is passed to the job, never
 * left in a static field that outlives the run.
 */
final class CommitFaults {

    private CommitFaults() {}

    static SuiteRun during(RetentionCommit.Faults faults, Supplier<SuiteRun> run) {
        return SpringApplication.withHook(
                application -> new SpringApplicationRunListener() {
                    @Override
                    public void contextPrepared(ConfigurableApplicationContext context) {
                        context.getBeanFactory().registerSingleton("retentionCommitFaults", faults);
                    }
                },
                run::get);
    }
}
