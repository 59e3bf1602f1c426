package jp.insurer.governance.batch.observe;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;

/**
 * What one job's package knows about its executions, for the metrics and lineage written at the job's end:
 * the numbers come from the report objects and execution contexts the job already writes, never from its
 * hot loops. Labels and dataset names only: no customer, no value.
 */
public interface JobFacts {

    /** Whether executions of this job (by name) are described here (a night's children are observed as themselves). */
    boolean describes(String job);

    /**
     * Counts from the job's report objects. Called only for a COMPLETED execution, whose report is this
     * execution's (a failed one may have left an older report behind).
     */
    void count(JobExecution execution, MeterRegistry registry) throws IOException;

    /** Counts that a failed execution has too (a failed leak check); none by default. */
    default void countFailures(JobExecution execution, MeterRegistry registry) {}

    /**
     * The datasets an execution is about to read, for its START event: what can be known cheaply before it
     * runs (folder listings, not file contents); none by default.
     */
    default List<DatasetUse> planned(org.springframework.batch.core.job.parameters.JobParameters parameters)
            throws IOException {
        return List.of();
    }

    /** The datasets the execution read and wrote, as far as its reports say (empty when it did not complete). */
    List<DatasetUse> datasets(JobExecution execution) throws IOException;
}
