package jp.insurer.governance.batch.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Where a step's workers find its {@link Progress}: the step opens it with the total before its
 * partitions run, workers add to it, the step closes it.
 */
@Component
public class ProgressBoard {

    private final Map<Long, Progress> byStepExecution = new ConcurrentHashMap<>();
    private final SuiteProperties properties;

    ProgressBoard(SuiteProperties properties) {
        this.properties = properties;
    }

    /** Opens (and starts reporting) the progress of a manager step, keyed by its job execution. */
    public Progress open(long jobExecutionId, String what, long totalRows) {
        return open(jobExecutionId, what, totalRows, () -> 0);
    }

    /**
     * As {@link #open(long, String, long)}, adding the rows {@code elsewhere} reports (partitions run on other
     * JVMs: {@link Partitions#rowsDoneElsewhere}).
     */
    public Progress open(long jobExecutionId, String what, long totalRows, java.util.function.LongSupplier elsewhere) {
        Progress progress =
                Progress.start(what, totalRows, properties.progressInterval(), Progress.terminal(), elsewhere);
        Progress previous = byStepExecution.put(jobExecutionId, progress);
        if (previous != null) previous.close();
        return progress;
    }

    /** The open progress of this job execution, or {@link Progress#NONE}. */
    public Progress of(long jobExecutionId) {
        return byStepExecution.getOrDefault(jobExecutionId, Progress.NONE);
    }

    public void close(long jobExecutionId) {
        Progress progress = byStepExecution.remove(jobExecutionId);
        if (progress != null) progress.close();
    }
}
