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
import org.springframework.stereotype.Component;

/**
 * What the prepare step of a retention execution computed (bindings, deciders, facts, the open audit
 * log), for the unit workers of the same execution on other threads. Rebuilt on restart: the prepare
 * step runs again, from the same facts snapshot.
 */
@Component
class RetentionRuns {

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
    }

    private final Map<Long, Run> runs = new ConcurrentHashMap<>();

    Run of(long jobExecutionId) {
        return runs.computeIfAbsent(jobExecutionId, id -> new Run());
    }

    void forget(long jobExecutionId) {
        Run run = runs.remove(jobExecutionId);
        if (run != null && run.audit != null) {
            try {
                run.audit.close();
            } catch (IOException ignored) {
                // every record was synced when written; nothing is lost by a failed close
            }
        }
    }
}
