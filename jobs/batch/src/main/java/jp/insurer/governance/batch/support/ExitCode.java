package jp.insurer.governance.batch.support;

/** The exit codes of CONTRACT.md; schedulers branch on these numbers, so they never change. */
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
    COMPLETED_WITH_SKIPS(4);

    private final int code;

    ExitCode(int code) { this.code = code; }

    public int code() { return code; }
}
