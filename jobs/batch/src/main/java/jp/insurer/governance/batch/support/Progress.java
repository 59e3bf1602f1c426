package jp.insurer.governance.batch.support;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of one long step: rows done, rows/s and ETA against a total known before the step (row
 * counts from Parquet footers). Workers only add to a counter; a reporter thread, carrying the
 * step's MDC, logs a line at a steady cadence, or on a terminal redraws a one-line bar on stderr.
 * Rows done on other JVMs (remote partitions) come from a supplier the reporter asks at each line.
 */
public final class Progress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    /** Counts nothing and reports nothing: for a worker that runs outside a tracked step. */
    public static final Progress NONE = new Progress("", 0, System::nanoTime);

    private final String what;
    private final long total;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final LongAdder done = new LongAdder();
    private final LongSupplier elsewhere;
    private ScheduledExecutorService reporter;
    private PrintStream bar;

    Progress(String what, long total, LongSupplier nanoClock) {
        this(what, total, nanoClock, () -> 0);
    }

    /** @param elsewhere rows done outside this JVM so far (asked once per line) */
    Progress(String what, long total, LongSupplier nanoClock, LongSupplier elsewhere) {
        this.elsewhere = elsewhere;
        this.what = what;
        this.total = total;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /**
     * Starts reporting every {@code every}: log lines, or a bar on {@code terminal} when it is not null.
     */
    public static Progress start(String what, long total, Duration every, PrintStream terminal) {
        return start(what, total, every, terminal, () -> 0);
    }

    /** As {@link #start(String, long, Duration, PrintStream)}, adding the rows {@code elsewhere} reports done. */
    public static Progress start(
            String what, long total, Duration every, PrintStream terminal, LongSupplier elsewhere) {
        Progress progress = new Progress(what, total, System::nanoTime, elsewhere);
        progress.bar = terminal;
        progress.reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(JobLogContext.carry(r), "progress");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, (terminal != null ? Math.min(every.toMillis(), 1000) : every.toMillis()));
        progress.reporter.scheduleAtFixedRate(progress::report, period, period, TimeUnit.MILLISECONDS);
        return progress;
    }

    /** stderr when it is an interactive terminal (System.console() exists), else null (log lines). */
    public static PrintStream terminal() {
        return System.console() != null ? System.err : null;
    }

    /** Adds rows done; cheap enough for a per-batch call from any thread. */
    public void add(long rows) {
        done.add(rows);
    }

    /** Rows done, here and elsewhere. */
    public long done() {
        return done.sum() + elsewhere.getAsLong();
    }

    private void report() {
        long rows = done();
        if (bar != null) {
            bar.print("\r" + bar(nanoClock.getAsLong(), rows));
            bar.flush();
        } else {
            log.info(line(nanoClock.getAsLong(), rows));
        }
    }

    String line(long nowNanos) {
        return line(nowNanos, done());
    }

    /** "tag files: 12,000 of 48,000 rows (25.0 %), 3,000 rows/s, ETA 12s". */
    private String line(long nowNanos, long rows) {
        double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        double rate = rows / seconds;
        StringBuilder s = new StringBuilder(what).append(": ").append(String.format(Locale.ROOT, "%,d", rows));
        if (total > 0) {
            s.append(String.format(Locale.ROOT, " of %,d rows (%.1f %%)", total, 100.0 * rows / total));
        } else {
            s.append(" rows");
        }
        s.append(String.format(Locale.ROOT, ", %,d rows/s", Math.round(rate)));
        if (total > 0)
            s.append(", ETA ")
                    .append(
                            rate <= 0 || rows >= total
                                    ? (rows >= total ? "0s" : "unknown")
                                    : duration(Math.round((total - rows) / rate)));
        return s.toString();
    }

    private String bar(long nowNanos, long rows) {
        int width = 30;
        int filled = total <= 0 ? 0 : (int) Math.min(width, width * rows / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + line(nowNanos, rows) + "   ";
    }

    static String duration(long seconds) {
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02d", (seconds % 3600) / 60) + "m";
    }

    /** Stops reporting and logs the final count and rate. */
    @Override
    public void close() {
        if (reporter == null) return;
        reporter.shutdownNow();
        long rows = done();
        if (bar != null) {
            bar.print("\r" + bar(nanoClock.getAsLong(), rows) + System.lineSeparator());
            bar.flush();
        }
        double seconds = (nanoClock.getAsLong() - startNanos) / 1e9;
        log.info(
                "{} done: {} rows in {}", what, String.format(Locale.ROOT, "%,d", rows), duration(Math.round(seconds)));
    }
}
