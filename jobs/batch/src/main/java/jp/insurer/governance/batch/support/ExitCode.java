package jp.insurer.governance.batch.support;

/**
 * The exit codes of the README's table (0–4) and 5 for a requested stop; schedulers branch on these numbers,
 * so they never change.
 */
public enum ExitCode {
    /** The work completed. */
    COMPLETED(0),
    /** The work started and failed. */
    FAILED(1),
    /** Invalid command line, parameters or config: nothing was started. */
    INVALID(2),
    /** Another execution is running, or a lock is held. */
    LOCKED(3),
    /** Completed, but records were quarantined or skipped (see the report). */
    COMPLETED_WITH_SKIPS(4),
    /** Stopped on request (SIGTERM, SIGINT) at a safe point; the execution is STOPPED and resumes with --restart. */
    STOPPED(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The exit code a finished execution ends with, as {@link JobRunner} reports it (COMPLETED 0 or 4, STOPPED 5,
     * refused 2, else 1); for the metrics and lineage written at the job's end, before the runner prints it.
     */
    public static ExitCode of(org.springframework.batch.core.job.JobExecution execution) {
        switch (execution.getStatus()) {
            case COMPLETED:
                return JobRunner.COMPLETED_WITH_SKIPS.equals(
                                execution.getExitStatus().getExitCode())
                        ? COMPLETED_WITH_SKIPS
                        : COMPLETED;
            case STOPPED:
                return STOPPED;
            default:
                for (Throwable t : execution.getAllFailureExceptions()) {
                    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                        if (c instanceof RefusedException) return INVALID;
                    }
                }
                return FAILED;
        }
    }
}
