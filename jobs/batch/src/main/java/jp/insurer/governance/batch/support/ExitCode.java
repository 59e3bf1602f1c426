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

    ExitCode(int code) { this.code = code; }

    public int code() { return code; }
}
