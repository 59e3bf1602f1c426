package jp.insurer.governance.batch.retention;

import java.io.IOException;
import jp.insurer.governance.batch.provision.ProvisionRecords;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.parquet.FileSystems;
import jp.insurer.governance.policy.audit.AuditVerification;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * {@code verify-audit}: checks the whole hash chain under {@code out/audit/} and the third-party
 * provision records under {@code out/provision/} (the same chain format). A broken chain fails the
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
        // Both chains are checked before either is reported, so one broken chain never hides the other.
        Path provisionDir = ProvisionRecords.folder(FileSystems.path(out));
        AuditLog.Verified provisionVerified = AuditLog.verify(conf, provisionDir);
        AuditVerification p = provisionVerified.verification();
        if (v.tampered() || p.tampered()) {
            throw new AuditLog.BrokenChainException((v.tampered() ? "audit chain broken: " + v : "audit chain OK")
                    + (p.tampered() ? "; provision records broken: " + p : "; provision records OK"));
        }
        // Every seal must have all its customer batches (a chain can be intact and still lack them only if
        // a record was forged with a fresh chain; ProvisionRecords.read names the seal).
        int provisions = ProvisionRecords.read(FileSystems.get(provisionDir, conf), FileSystems.path(out))
                .all()
                .size();
        String text = v.status() == AuditVerification.Status.TORN_TAIL
                ? "audit chain intact up to a torn last line (" + v
                        + "); the next enforcing retention run cuts it off\n"
                : "audit chain OK: " + v.records() + " records in "
                        + verified.segments().size() + " file(s) under " + RetentionPaths.audit(out)
                        + ", last sequence " + v.lastSequence() + ", head " + v.lastHash() + "\n";
        text += p.status() == AuditVerification.Status.TORN_TAIL
                ? "provision records intact up to a torn last line (" + p + "); the next outside release cuts it off\n"
                : "provision records OK: " + provisions + " provisions, " + p.records() + " records in "
                        + provisionVerified.segments().size() + " file(s) under " + provisionDir + ", last sequence "
                        + p.lastSequence() + ", head " + p.lastHash() + "\n";
        stepExecution.getJobExecution().getExecutionContext().putString(JobRunner.SUMMARY, text);
        contribution.incrementReadCount();
        return RepeatStatus.FINISHED;
    }
}
