package jp.insurer.governance.batch.extract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import jp.insurer.governance.batch.support.Partitions;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.extract.ExtractProfiles;
import org.apache.hadoop.conf.Configuration;
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
 * {@code extract}: sanitized research extracts from the governed zone, one per profile of
 * {@code config/extracts.yml} (or the one named by {@code profile=NAME}).
 * <ol>
 *   <li>{@code extractProfiles}: one partition per profile, one after the other on this JVM (memory: one
 *       profile's equivalence classes at a time) or on remote workers ({@code governance.partitioning}),
 *       each released whole by a folder rename, one release at a time ({@link ReleaseLock});</li>
 *   <li>{@code extractReport}: the run report, read back from the released manifests.</li>
 * </ol>
 * Profiles, the catalog and the recipients' keys are checked before the job starts (exit code 2).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class ExtractJobConfiguration {

    static final String JOB = "extract";

    @Bean
    ExtractKeys extractKeys(SuiteProperties properties) {
        return new ExtractKeys(System.getenv(), Path.of(properties.state()));
    }

    @Bean
    Job extractJob(
            JobRepository repository,
            Step extractProfiles,
            Step extractReport,
            Configuration hadoop,
            SuiteProperties properties,
            Policy policy,
            ExtractKeys keys) {
        return new JobBuilder(JOB, repository)
                .validator(new ExtractParameters(hadoop, properties, policy, keys))
                .start(extractProfiles)
                .next(extractReport)
                .build();
    }

    @Bean
    ReleaseLock releaseLock(DataSource repository) {
        return new ReleaseLock(repository);
    }

    @Bean
    Step extractProfiles(
            Partitions partitions, Step extractProfile, ExtractProfilePartitioner extractProfilePartitioner) {
        // One profile at a time on this JVM (memory: one profile's equivalence classes); in remote mode each
        // worker thread takes one, and ReleaseLock keeps their releases one after the other.
        return partitions
                .manager("extractProfiles", "extractProfile", extractProfilePartitioner, extractProfile, 1)
                .build();
    }

    @Bean
    @StepScope
    ExtractProfilePartitioner extractProfilePartitioner(
            SuiteProperties properties,
            Policy policy,
            ExtractKeys keys,
            @Value("#{jobParameters['profile']}") String profile) {
        ExtractProfiles profiles = ExtractProfiles.load(Path.of(properties.config()), policy);
        List<ExtractProfilePartitioner.Profile> selected = new ArrayList<>();
        for (String name : ExtractParameters.selected(profiles, profile)) {
            String keyId = profiles.profile(name).orElseThrow().keyId();
            selected.add(new ExtractProfilePartitioner.Profile(
                    name, keyId == null ? null : keys.resolve(keyId, name).fingerprint()));
        }
        return new ExtractProfilePartitioner(selected, policy.sha256());
    }

    @Bean
    Step extractProfile(
            Partitions partitions,
            PlatformTransactionManager tm,
            SuiteProperties properties,
            Policy policy,
            Configuration hadoop,
            TextScanner textScanner,
            ExtractKeys keys,
            ReleaseLock releaseLock) {
        return partitions
                .worker("extractProfile")
                .tasklet(new ExtractTasklet(properties, policy, hadoop, textScanner, keys, releaseLock), tm)
                .build();
    }

    @Bean
    Step extractReport(
            JobRepository repository,
            PlatformTransactionManager tm,
            SuiteProperties properties,
            Policy policy,
            Configuration hadoop) {
        return new StepBuilder("extractReport", repository)
                .tasklet(new ExtractReportTasklet(properties, policy, hadoop), tm)
                .allowStartIfComplete(true)
                .build();
    }
}
