package jp.insurer.governance.batch.tag;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.insurer.governance.policy.consent.ConsentLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * What the first steps of a tag execution computed (the consent book, the dataset plans), for the
 * partition workers of the same execution, which run on other threads. Rebuilt on restart: those
 * steps run again (allowStartIfComplete), cheaply and deterministically. A worker JVM of a remote run
 * ran none of those steps: it builds the consent book itself, once per job execution
 * ({@link #consent}); the plans travel in the partitions' execution contexts. A consent table lives in a
 * local folder until its execution is forgotten (or this JVM stops).
 */
@Component
class TagRuns implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TagRuns.class);

    static final class TagRun {
        volatile ConsentLookup consent;
        volatile Map<String, DatasetPlan> plans;
    }

    /** Builds the consent book of a job execution when this JVM did not run its ledger step. */
    interface ConsentLoader {
        ConsentLookup load() throws IOException;
    }

    private final Map<Long, TagRun> runs = new ConcurrentHashMap<>();
    /** The execution whose book this JVM built itself (a worker's): one at a time, so memory holds one book. */
    private Long loaded;

    TagRun of(long jobExecutionId) {
        return runs.computeIfAbsent(jobExecutionId, id -> new TagRun());
    }

    /**
     * The consent book of a job execution: the ledger step's, when it ran in this JVM, else built once by
     * {@code loader} and kept until a partition of another execution arrives (an execution's partitions
     * come together, and a worker runs one tag job at a time).
     */
    ConsentLookup consent(long jobExecutionId, ConsentLoader loader) throws IOException {
        TagRun run = of(jobExecutionId);
        ConsentLookup book = run.consent;
        if (book != null) return book;
        synchronized (this) {
            if (run.consent == null) {
                if (loaded != null && loaded != jobExecutionId) forget(loaded);
                run.consent = loader.load();
                loaded = jobExecutionId;
            }
            return run.consent;
        }
    }

    /** Drops an execution's results, and its consent table's folder. */
    void forget(long jobExecutionId) {
        TagRun run = runs.remove(jobExecutionId);
        if (run != null && run.consent instanceof AutoCloseable table) {
            try {
                table.close();
            } catch (Exception e) {
                // The next table built on this host removes it (its process is gone by then).
                log.warn("consent table of job execution {} not removed: {}", jobExecutionId, e.getMessage());
            }
        }
    }

    @Override
    public void destroy() {
        for (Long id : List.copyOf(runs.keySet())) forget(id);
    }
}
