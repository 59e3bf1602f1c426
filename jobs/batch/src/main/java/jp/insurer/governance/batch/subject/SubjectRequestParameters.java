package jp.insurer.governance.batch.subject;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.insurer.governance.batch.retention.SubjectErasure;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.retention.RetentionRule;
import jp.insurer.governance.policy.retention.RetentionRules;
import jp.insurer.governance.policy.subject.SubjectRequestPolicy;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * {@code subject-request} parameters: {@code customer}, {@code action}, {@code mode} (erase only) and
 * {@code request} (the request's id; {@link jp.insurer.governance.batch.support.JobRunner} makes one when it is
 * not given, so every call is its own request). A malformed id is refused without being echoed: the
 * requester knows it, the logs need not.
 */
final class SubjectRequestParameters implements JobParametersValidator {

    static final String CUSTOMER = "customer";
    static final String ACTION = "action";
    static final String MODE = "mode";
    static final String REQUEST = "request";

    static final String DISCLOSE = "disclose";
    static final String ERASE = "erase";
    static final List<String> ACTIONS =
            List.of(DISCLOSE, SubjectRequestPolicy.STOP_USE, SubjectRequestPolicy.STOP_PROVISION, ERASE);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final SuiteJobParameters common;
    private final Path configDir;
    private final Policy policy;
    private final SuiteProperties properties;
    private final Map<String, String> environment;

    SubjectRequestParameters(
            Configuration conf,
            Path configDir,
            Policy policy,
            SuiteProperties properties,
            Map<String, String> environment) {
        this.common = new SuiteJobParameters(conf, CUSTOMER, ACTION, MODE, REQUEST);
        this.configDir = configDir;
        this.policy = policy;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void validate(JobParameters parameters) throws InvalidJobParametersException {
        common.validate(parameters);
        String action = parameters.getString(ACTION);
        if (action == null || !ACTIONS.contains(action)) {
            throw new InvalidJobParametersException("job parameter 'action' must be one of " + ACTIONS
                    + (action == null ? "" : ", got '" + action + "'"));
        }
        String mode = parameters.getString(MODE);
        if (mode != null && !ERASE.equals(action)) {
            throw new InvalidJobParametersException("job parameter 'mode' is for action=erase only");
        }
        if (mode != null && !mode.equals("dry-run") && !mode.equals("enforce")) {
            throw new InvalidJobParametersException(
                    "job parameter 'mode' must be dry-run or enforce, got '" + mode + "'");
        }
        String request = parameters.getString(REQUEST);
        if (request == null || !REQUEST_ID.matcher(request).matches()) {
            throw new InvalidJobParametersException(
                    "job parameter 'request' must be 1–64 letters, digits, '.', '_' or '-'"
                            + " (it names the request's folder)");
        }
        try {
            SubjectRequestPolicy config = policy(configDir, policy);
            String customer = parameters.getString(CUSTOMER);
            if (customer == null || customer.isBlank()) {
                throw new InvalidJobParametersException(
                        "job parameter 'customer' is required (the requesting customer's id)");
            }
            // Never echo the value: a mistyped id may be another person's or a name pasted by mistake.
            if (!config.wellFormed(policy.customerKeys().normalize(customer))) {
                throw new InvalidJobParametersException("job parameter 'customer' is not a well-formed customer id ("
                        + customer.length() + " characters; " + SubjectRequestPolicy.FILE + " customer_id_pattern "
                        + config.customerIdPattern().pattern() + ")");
            }
            if (enforce(parameters)) SubjectErasure.requireAuditKey(environment, properties);
        } catch (ConfigException | IllegalStateException e) {
            throw new InvalidJobParametersException(e.getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the audit key cannot be read: " + e.getMessage(), e);
        }
    }

    static boolean enforce(JobParameters parameters) {
        return ERASE.equals(parameters.getString(ACTION)) && "enforce".equals(parameters.getString(MODE));
    }

    static SubjectRequestPolicy policy(Path configDir, Policy policy) {
        List<String> purposes =
                policy.purposes().stream().map(ConsentPurpose::id).toList();
        Set<String> ruleIds = Set.copyOf(RetentionRules.load(configDir, purposes).rules().stream()
                .map(RetentionRule::id)
                .toList());
        return SubjectRequestPolicy.load(configDir, purposes, ruleIds);
    }
}
