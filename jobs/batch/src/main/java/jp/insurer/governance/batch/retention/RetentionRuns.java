package jp.insurer.governance.batch.retention;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.insurer.governance.policy.audit.KeyedHash;
import jp.insurer.governance.policy.retention.RetentionDecider;
import jp.insurer.governance.policy.retention.RetentionMode;
import jp.insurer.governance.policy.retention.RuleBinding;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the prepare step of a retention execution computed (bindings, deciders, facts, the open audit
 * log), for the unit workers of the same execution on other threads. Rebuilt on restart: the prepare
 * step runs again, from the same facts snapshot. A worker JVM of a remote run ran no prepare step: it
 * rebuilds the parts a unit needs from durable inputs, once per job execution ({@link #inWorker}).
 */
@Component
class RetentionRuns {

    private static final Logger log = LoggerFactory.getLogger(RetentionRuns.class);

    static final class Run {
        volatile RetentionMode mode;
        volatile LocalDate date;
        volatile ZoneId zone;
        volatile String runId;
        volatile Path state;
        volatile DatasetScan scan;
        volatile Map<String, List<RuleBinding>> bindings;
        volatile Map<RuleBinding, RetentionDecider> deciders;
        volatile ReferenceFacts facts;
        volatile KeyedHash keyedHash;
        volatile AuditLog audit;
        volatile RetentionCommit commit;
        volatile int recovered;
        /** Rebuilt in a worker JVM: no audit log here, changes are staged for the manager ({@link StagedChanges}). */
        volatile boolean worker;
    }

    /** Fills a run from the job's durable inputs (a worker's stand-in for the prepare step). */
    interface Rebuild {
        void into(Run run) throws IOException;
    }

    private final Map<Long, Run> runs = new ConcurrentHashMap<>();
    /** The execution this worker JVM rebuilt: one kept at a time, so memory holds one set of facts. */
    private Long rebuilt;

    Run of(long jobExecutionId) {
        return runs.computeIfAbsent(jobExecutionId, id -> new Run());
    }

    /**
     * The run of a job execution as a unit needs it: the prepare step's when it ran in this JVM, else built
     * once by {@code rebuild} and kept until a partition of another execution arrives.
     */
    Run inWorker(long jobExecutionId, Rebuild rebuild) throws IOException {
        Run run = of(jobExecutionId);
        if (run.scan != null) return run;
        synchronized (this) {
            if (run.scan == null) {
                if (rebuilt != null && rebuilt != jobExecutionId) forget(rebuilt);
                run.worker = true;
                rebuild.into(run);
                rebuilt = jobExecutionId;
            }
            return run;
        }
    }

    /** Drops an execution's results: closes its audit log, and its facts' tables (their local folders removed). */
    void forget(long jobExecutionId) {
        Run run = runs.remove(jobExecutionId);
        if (run == null) return;
        if (run.audit != null) {
            try {
                run.audit.close();
            } catch (IOException ignored) {
                // every record was synced when written; nothing is lost by a failed close
            }
        }
        if (run.facts != null) {
            try {
                run.facts.close();
            } catch (IOException e) {
                // The next table built on this host removes it (its process is gone by then).
                log.warn("facts tables of job execution {} not removed: {}", jobExecutionId, e.getMessage());
            }
        }
    }
}
