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
 * {@code config/extracts.yml} (or the one named by {@code profile=NAME}), each split into slices of files
 * ({@code governance.extract.slices}) that run on this JVM one after the other or on remote workers
 * ({@code governance.partitioning}) — the same steps either way, so the same bytes ({@link ExtractSteps}):
 * {@code extractPlan}, {@code extractCounts} (profile × slice), {@code extractChoices} (profile),
 * {@code extractOwnIdentifiers} (part of the zone: the second leak check's index, once for every profile),
 * {@code extractSlices} (profile × slice), {@code extractProfiles} (profile: merged, recorded and released
 * whole by a folder rename, one release at a time, {@link ReleaseLock}), then {@code extractReport}, the run
 * report read back from the released manifests. Profiles, the catalog and the recipients' keys are checked
 * before the job starts (exit code 2).
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
            Step extractPlan,
            Step extractCounts,
            Step extractChoices,
            Step extractOwnIdentifiers,
            Step extractSlices,
            Step extractProfiles,
            Step extractReport,
            Configuration hadoop,
            SuiteProperties properties,
            Policy policy,
            ExtractKeys keys) {
        return new JobBuilder(JOB, repository)
                .validator(new ExtractParameters(hadoop, properties, policy, keys))
                .start(extractPlan)
                .next(extractCounts)
                .next(extractChoices)
                .next(extractOwnIdentifiers)
                .next(extractSlices)
                .next(extractProfiles)
                .next(extractReport)
                .listener(new OwnIdentifierWork(hadoop))
                .build();
    }

    @Bean
    ReleaseLock releaseLock(DataSource repository) {
        return new ReleaseLock(repository);
    }

    @Bean
    ExtractSteps extractSteps(
            SuiteProperties properties,
            Policy policy,
            Configuration hadoop,
            TextScanner textScanner,
            ExtractKeys keys,
            ReleaseLock releaseLock) {
        return new ExtractSteps(properties, policy, hadoop, textScanner, keys, releaseLock);
    }

    @Bean
    Step extractPlan(JobRepository repository, PlatformTransactionManager tm, ExtractSteps steps) {
        return new StepBuilder("extractPlan", repository)
                .tasklet(steps::plan, tm)
                .build();
    }

    // One partition at a time on this JVM (memory: one slice's k state and rows in flight, on the profile's
    // extract threads); in remote mode each worker thread takes one.
    @Bean
    Step extractCounts(Partitions partitions, Step extractCount, ExtractProfilePartitioner extractSlicePartitioner) {
        return partitions
                .manager("extractCounts", "extractCount", extractSlicePartitioner, extractCount, 1)
                .build();
    }

    @Bean
    Step extractChoices(
            Partitions partitions, Step extractChoose, ExtractProfilePartitioner extractProfilePartitioner) {
        return partitions
                .manager("extractChoices", "extractChoose", extractProfilePartitioner, extractChoose, 1)
                .build();
    }

    // The parts of the own-identifier index on this JVM's extract threads; in remote mode one per worker thread.
    @Bean
    Step extractOwnIdentifiers(
            Partitions partitions, Step extractOwnIdentifierPart, SuiteProperties properties, Policy policy) {
        return partitions
                .manager(
                        "extractOwnIdentifiers",
                        "extractOwnIdentifierPart",
                        new OwnIdentifierPartitioner(properties.extract().slices(), policy.sha256()),
                        extractOwnIdentifierPart,
                        properties.extract().threads())
                .build();
    }

    @Bean
    Step extractOwnIdentifierPart(Partitions partitions, PlatformTransactionManager tm, ExtractSteps steps) {
        return partitions
                .worker("extractOwnIdentifierPart")
                .tasklet(steps::ownIdentifiers, tm)
                .build();
    }

    @Bean
    Step extractSlices(Partitions partitions, Step extractSlice, ExtractProfilePartitioner extractSlicePartitioner) {
        return partitions
                .manager("extractSlices", "extractSlice", extractSlicePartitioner, extractSlice, 1)
                .build();
    }

    @Bean
    Step extractProfiles(
            Partitions partitions, Step extractProfile, ExtractProfilePartitioner extractProfilePartitioner) {
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
        return new ExtractProfilePartitioner(selected(properties, policy, keys, profile), policy.sha256(), 0);
    }

    @Bean
    @StepScope
    ExtractProfilePartitioner extractSlicePartitioner(
            SuiteProperties properties,
            Policy policy,
            ExtractKeys keys,
            @Value("#{jobParameters['profile']}") String profile) {
        return new ExtractProfilePartitioner(
                selected(properties, policy, keys, profile),
                policy.sha256(),
                properties.extract().slices());
    }

    private static List<ExtractProfilePartitioner.Profile> selected(
            SuiteProperties properties, Policy policy, ExtractKeys keys, String profile) {
        ExtractProfiles profiles = ExtractProfiles.load(Path.of(properties.config()), policy);
        List<ExtractProfilePartitioner.Profile> selected = new ArrayList<>();
        for (String name : ExtractParameters.selected(profiles, profile)) {
            String keyId = profiles.profile(name).orElseThrow().keyId();
            selected.add(new ExtractProfilePartitioner.Profile(
                    name, keyId == null ? null : keys.resolve(keyId, name).fingerprint()));
        }
        return selected;
    }

    @Bean
    Step extractCount(Partitions partitions, PlatformTransactionManager tm, ExtractSteps steps) {
        return partitions.worker("extractCount").tasklet(steps::count, tm).build();
    }

    @Bean
    Step extractChoose(Partitions partitions, PlatformTransactionManager tm, ExtractSteps steps) {
        return partitions.worker("extractChoose").tasklet(steps::choose, tm).build();
    }

    @Bean
    Step extractSlice(Partitions partitions, PlatformTransactionManager tm, ExtractSteps steps) {
        return partitions.worker("extractSlice").tasklet(steps::release, tm).build();
    }

    @Bean
    Step extractProfile(Partitions partitions, PlatformTransactionManager tm, ExtractSteps steps) {
        return partitions.worker("extractProfile").tasklet(steps::publish, tm).build();
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
