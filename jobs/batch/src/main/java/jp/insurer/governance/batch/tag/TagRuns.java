package jp.insurer.governance.batch.tag;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.insurer.governance.policy.consent.ConsentBook;
import org.springframework.stereotype.Component;

/**
 * What the first steps of a tag execution computed (the consent book, the dataset plans), for the
 * partition workers of the same execution, which run on other threads. Rebuilt on restart: those
 * steps run again (allowStartIfComplete), cheaply and deterministically.
 */
@Component
class TagRuns {

    static final class TagRun {
        volatile ConsentBook consent;
        volatile Map<String, DatasetPlan> plans;
    }

    private final Map<Long, TagRun> runs = new ConcurrentHashMap<>();

    TagRun of(long jobExecutionId) {
        return runs.computeIfAbsent(jobExecutionId, id -> new TagRun());
    }

    void forget(long jobExecutionId) {
        runs.remove(jobExecutionId);
    }
}
