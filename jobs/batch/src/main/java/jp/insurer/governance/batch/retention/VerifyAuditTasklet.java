package jp.insurer.governance.batch.retention;

import java.io.IOException;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.policy.audit.AuditVerification;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * {@code verify-audit}: checks the whole hash chain under {@code out/audit/}. A broken chain fails the
 * job (exit 1) with the first broken record named by file, line and sequence; a torn last line is
 * reported but is no tampering (the next enforcing run cuts it off).
 */
class VerifyAuditTasklet implements Tasklet {

    private final Configuration conf;

    VerifyAuditTasklet(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        String out = stepExecution.getJobParameters().getString(SuiteJobParameters.OUT);
        AuditLog.Verified verified = AuditLog.verify(conf, RetentionPaths.audit(out));
        AuditVerification v = verified.verification();
        if (v.tampered()) {
            throw new AuditLog.BrokenChainException("audit chain broken: " + v);
        }
        String text = v.status() == AuditVerification.Status.TORN_TAIL
                ? "audit chain intact up to a torn last line (" + v + "); the next enforcing retention run cuts it off\n"
                : "audit chain OK: " + v.records() + " records in " + verified.segments().size() + " file(s) under "
                        + RetentionPaths.audit(out) + ", last sequence " + v.lastSequence() + ", head " + v.lastHash() + "\n";
        stepExecution.getJobExecution().getExecutionContext().putString(JobRunner.SUMMARY, text);
        contribution.incrementReadCount();
        return RepeatStatus.FINISHED;
    }
}
