package jp.insurer.governance.batch.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.policy.classify.ColumnClassification;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.extract.ExtractProfiles;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * The extract job's parameters, checked before anything starts (exit code 2): the common ones,
 * {@code profile} (optional; every profile when absent), every selected profile planned against the
 * catalog (a refused transform names file, line and field) and every recipient key present.
 */
final class ExtractParameters implements JobParametersValidator {

    static final String PROFILE = "profile";

    private final SuiteJobParameters common;
    private final SuiteProperties properties;
    private final Policy policy;
    private final Configuration conf;
    private final ExtractKeys keys;

    ExtractParameters(Configuration conf, SuiteProperties properties, Policy policy, ExtractKeys keys) {
        this.common = new SuiteJobParameters(conf, PROFILE);
        this.properties = properties;
        this.policy = policy;
        this.conf = conf;
        this.keys = keys;
    }

    @Override
    public void validate(JobParameters parameters) throws InvalidJobParametersException {
        common.validate(parameters);
        try {
            ExtractProfiles profiles = ExtractProfiles.load(Path.of(properties.config()), policy);
            jp.insurer.governance.policy.transform.ReleaseVocabulary.load(
                    Path.of(properties.config())); // free-text release
            List<String> selected = selected(profiles, parameters.getString(PROFILE));
            Map<String, Map<String, ColumnClassification>> catalog =
                    ExtractInputs.catalog(parameters.getString(SuiteJobParameters.OUT), conf);
            for (String name : selected) {
                var plan = profiles.plan(name, catalog);
                if (plan.profile().keyId() != null) keys.resolve(plan.profile().keyId(), name);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw new InvalidJobParametersException(e.getMessage());
        } catch (java.io.FileNotFoundException e) {
            throw new InvalidJobParametersException("cannot read the catalog: " + e.getMessage());
        } catch (IOException e) {
            // Storage that does not answer is not a mistake in the command: exit 1 (retry later), not 2.
            throw new java.io.UncheckedIOException(
                    "cannot read the catalog under " + parameters.getString(SuiteJobParameters.OUT) + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** The profiles a run makes, in config order. */
    static List<String> selected(ExtractProfiles profiles, String profile) {
        if (profile == null || profile.isBlank())
            return List.copyOf(profiles.profiles().keySet());
        if (profiles.profile(profile).isEmpty()) {
            throw new IllegalArgumentException("unknown profile '" + profile + "'; " + profiles.file() + " has "
                    + profiles.profiles().keySet());
        }
        return List.of(profile);
    }
}
