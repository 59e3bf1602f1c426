package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.policy.classify.ClassificationPolicy;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.retention.RetentionRules;
import jp.insurer.governance.policy.retention.RuleBinding;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * The retention job's parameters ({@code mode=dry-run|enforce} besides the common ones) and its rules,
 * checked against the real datasets before the job starts: a rule naming an unknown dataset or column,
 * a bad period or a missing clock is a configuration error (exit 2, one line with file:line:field),
 * never a run that deletes the wrong thing or nothing.
 */
final class RetentionParameters implements JobParametersValidator {

    static final String MODE = "mode";

    private final SuiteJobParameters common;
    private final Configuration conf;
    private final Path configDir;
    private final Policy policy;
    private final ClassificationPolicy classification;

    private final jp.insurer.governance.batch.support.SuiteProperties properties;
    private final java.util.Map<String, String> environment;

    RetentionParameters(
            Configuration conf,
            Path configDir,
            Policy policy,
            ClassificationPolicy classification,
            jp.insurer.governance.batch.support.SuiteProperties properties,
            java.util.Map<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
        this.common = new SuiteJobParameters(conf, MODE);
        this.conf = conf;
        this.configDir = configDir;
        this.policy = policy;
        this.classification = classification;
    }

    @Override
    public void validate(JobParameters parameters) throws InvalidJobParametersException {
        common.validate(parameters);
        try {
            RetentionRules rules = rules();
            boolean enforce = rules.runMode(parameters.getString(MODE))
                    == jp.insurer.governance.policy.retention.RetentionMode.ENFORCE;
            bind(rules, scan(parameters));
            // Enforcement writes keyed hashes into the audit log: without the operator's key nothing starts.
            if (enforce) AuditKey.load(environment, properties);
        } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidJobParametersException(e.getMessage());
        } catch (IOException e) {
            // A corrupt file or an unreachable cluster: exit 1 (failed, retry when fixed), not a config mistake.
            throw new java.io.UncheckedIOException(
                    "datasets cannot be read to check the retention rules: " + e.getMessage(), e);
        }
    }

    RetentionRules rules() {
        return RetentionRules.load(
                configDir, policy.purposes().stream().map(ConsentPurpose::id).toList());
    }

    DatasetScan scan(JobParameters parameters) throws IOException {
        return DatasetScan.of(
                parameters.getString(SuiteJobParameters.DATA),
                parameters.getString(SuiteJobParameters.OUT),
                conf,
                classification);
    }

    static List<RuleBinding> bind(RetentionRules rules, DatasetScan scan) {
        return rules.validate(scan.columnsByDataset(), scan.partitionKeysByDataset(), scan.categoriesByDataset());
    }
}
