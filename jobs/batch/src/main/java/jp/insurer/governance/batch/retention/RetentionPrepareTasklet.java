package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.audit.AuditEntry;
import jp.insurer.governance.policy.audit.AuditType;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.retention.RetentionDecider;
import jp.insurer.governance.policy.retention.RetentionMode;
import jp.insurer.governance.policy.retention.RetentionRules;
import jp.insurer.governance.policy.retention.RuleBinding;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Runs first in every execution (also on restart): binds the rules to the datasets, loads the facts
 * (the instance's snapshot), and in enforce mode loads the audit key, verifies the audit chain (a torn
 * last line is repaired, anything else stops the run naming the first broken record) and finishes or
 * abandons the changes a killed run left in the recovery journal.
 */
class RetentionPrepareTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RetentionPrepareTasklet.class);

    private final RetentionRuns runs;
    private final RetentionParameters parameters;
    private final Policy policy;
    private final Configuration conf;
    private final SuiteProperties properties;
    private final Map<String, String> environment;
    private final RetentionCommit.Faults faults;

    /** @param faults the commit protocol's test seam ({@link RetentionCommit.Faults#NONE} outside tests) */
    RetentionPrepareTasklet(
            RetentionRuns runs,
            RetentionParameters parameters,
            Policy policy,
            Configuration conf,
            SuiteProperties properties,
            Map<String, String> environment,
            RetentionCommit.Faults faults) {
        this.faults = faults;
        this.runs = runs;
        this.parameters = parameters;
        this.policy = policy;
        this.conf = conf;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        var jobParameters = stepExecution.getJobParameters();
        String data = jobParameters.getString(SuiteJobParameters.DATA);
        String out = jobParameters.getString(SuiteJobParameters.OUT);
        LocalDate date = SuiteJobParameters.businessDate(jobParameters);

        RetentionRuns.Run run = runs.of(stepExecution.getJobExecutionId());
        describe(run, stepExecution.getJobExecution());

        if (run.mode == RetentionMode.ENFORCE) {
            run.keyedHash = AuditKey.load(environment, properties);
            AuditLog.Verified verified = AuditLog.verify(conf, RetentionPaths.audit(out));
            run.audit = AuditLog.open(conf, RetentionPaths.audit(out), run.runId, Clock.systemUTC(), verified);
            run.audit.append(AuditEntry.of(run.runId, AuditType.RUN_STARTED)
                    .withDetail("mode=enforce date=" + date + " policy=" + policy.version() + " keyId="
                            + run.keyedHash.keyId()));
            run.commit = new RetentionCommit(conf, run.audit, RetentionPaths.journal(out), run.runId, faults);
            // Staging files a remote worker left for the manager to commit are kept (StagedChanges).
            run.recovered = run.commit.recover(
                    FileSystems.path(data), verified.committedRefs(), StagedChanges.stagingFiles(conf, run.state));
            if (run.recovered > 0) log.info("recovery: {} interrupted change(s) finished or abandoned", run.recovered);
        }
        contribution.incrementReadCount();
        return RepeatStatus.FINISHED;
    }

    /**
     * What a unit needs of a job execution, from its durable inputs only (job parameters, config, the
     * data folder, the instance's facts snapshot): the same in the prepare step and in a remote worker,
     * which runs no prepare step. The scan is set last: a run with a scan is complete.
     */
    void describe(RetentionRuns.Run run, JobExecution execution) throws IOException {
        var jobParameters = execution.getJobParameters();
        String data = jobParameters.getString(SuiteJobParameters.DATA);
        String out = jobParameters.getString(SuiteJobParameters.OUT);
        LocalDate date = SuiteJobParameters.businessDate(jobParameters);
        long instance = execution.getJobInstance().getInstanceId();

        RetentionRules rules = parameters.rules();
        DatasetScan scan = parameters.scan(jobParameters);
        List<RuleBinding> bindings = RetentionParameters.bind(rules, scan);
        run.mode = rules.runMode(jobParameters.getString(RetentionParameters.MODE));
        run.date = date;
        run.zone = properties.zone();
        run.runId = "retention-" + date + "-i" + instance + "-e" + execution.getId();
        run.state = RetentionPaths.instanceState(out, instance);
        Map<String, List<RuleBinding>> byDataset = new LinkedHashMap<>();
        Map<RuleBinding, RetentionDecider> deciders = new HashMap<>();
        for (RuleBinding b : bindings) {
            byDataset
                    .computeIfAbsent(b.dataset(), k -> new java.util.ArrayList<>())
                    .add(b);
            deciders.put(b, RetentionDecider.of(b.rule(), date, properties.zone()));
        }
        run.bindings = byDataset;
        run.deciders = deciders;
        // A worker's earlier rebuild that failed after loading its facts left their tables: removed first.
        ReferenceFacts earlier = run.facts;
        run.facts = null;
        if (earlier != null) earlier.close();
        run.facts = ReferenceFacts.load(
                conf,
                data,
                new org.apache.hadoop.fs.Path(run.state, "facts.parquet"),
                date,
                properties.zone(),
                properties.tag().consentLedger(),
                policy.purposes().stream().map(ConsentPurpose::id).toList(),
                ReferenceFacts.Local.of(properties, policy.customerKeys()));
        // A worker hashes the affected customers itself (its records go to the manager's log, see StagedChanges).
        if (run.worker && run.mode == RetentionMode.ENFORCE) run.keyedHash = AuditKey.load(environment, properties);
        run.scan = scan;
    }
}
