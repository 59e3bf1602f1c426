package jp.insurer.governance.batch.support;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobInterruptedException;

/**
 * SIGTERM and SIGINT ask the running job to stop at its next safe point instead of ending the JVM.
 *
 * <p>Without this, SIGTERM starts the JVM's shutdown while worker threads still commit: H2's own
 * shutdown hook closes the job repository under them ("transaction in unknown state"), the execution
 * stays STARTED and the exit code is 143. Here the first signal only sets a flag and marks the execution
 * STOPPING in the repository; every step checks {@link #checkpoint} between its units of work (a file
 * tagged, a retention unit committed, an extract released), ends STOPPED, and the job runner exits with
 * {@link ExitCode#STOPPED}. A second signal exits at once, as {@code kill -9} would (the next run
 * recovers from that too).
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to handle a signal without
 * starting the shutdown sequence; it is installed only by the real entry point, never in tests that
 * run the suite in-process.
 */
public final class GracefulStop {

    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);
    private static final AtomicInteger signals = new AtomicInteger();
    private static volatile boolean requested;
    private static volatile Runnable onRequest = () -> {};

    private GracefulStop() {}

    /** Handles SIGTERM and SIGINT for the rest of the process's life. */
    public static void install() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> received("SIG" + name));
            } catch (IllegalArgumentException e) {
                // the signal is reserved on this platform (e.g. INT under some debuggers): default behaviour
            }
        }
    }

    private static void received(String signal) {
        if (signals.incrementAndGet() > 1) {
            System.err.println(signal + " again: exiting now without a clean stop; the next run recovers");
            Runtime.getRuntime().halt(128 + 15); // what a JVM ended by the signal returns
        }
        request(signal);
    }

    /** Asks the running job to stop at its next safe point (also the test seam for in-process runs). */
    public static void request(String reason) {
        requested = true;
        log.warn("{}: stopping at the next safe point (the current unit of work finishes first)", reason);
        try {
            onRequest.run();
        } catch (RuntimeException e) {
            log.warn("could not mark the execution STOPPING ({}); the steps stop by themselves", e.getMessage());
        }
    }

    public static boolean requested() {
        return requested;
    }

    /** Called by the job runner around a job: how to mark its execution STOPPING. */
    static void onRequest(Runnable action) {
        onRequest = action == null ? () -> {} : action;
    }

    /** Clears a request (in-process test runs only; a real process stops once). */
    public static void reset() {
        requested = false;
        signals.set(0);
    }

    /**
     * A safe point: between units of work whose results are already committed.
     *
     * @throws JobInterruptedException when a stop was requested; Spring Batch then marks the step and
     *                                 the job STOPPED (restartable), not FAILED
     */
    public static void checkpoint() throws JobInterruptedException {
        if (requested) throw new JobInterruptedException("stop requested");
    }
}
