package jp.insurer.governance.batch.support;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Runs one job for {@code scripts/run-job.sh}: fills default parameters, takes the job's lock,
 * starts, restarts or recovers through Spring Batch's {@link JobOperator}, and maps the outcome to
 * the exit codes of CONTRACT.md. Prints one-line reasons, never stack traces, to the user.
 */
@Component
public class JobRunner {

    /** Exit status a step or listener sets when records were quarantined or skipped. */
    public static final String COMPLETED_WITH_SKIPS = "COMPLETED_WITH_SKIPS";

    /** Job execution-context key of the readable summary a job leaves for the console. */
    public static final String SUMMARY = "summary";

    /** Jobs that are checks: every call is a new job instance (a stale "completed" must not hide a broken chain). */
    public static final java.util.Set<String> ALWAYS_FRESH = java.util.Set.of("verify-audit");

    private final Map<String, Job> jobs;
    private final JobOperator operator;
    private final JobRepository repository;
    private final SuiteProperties properties;

    JobRunner(List<Job> jobs, JobOperator operator, JobRepository repository, SuiteProperties properties) {
        this.jobs = new LinkedHashMap<>();
        jobs.forEach(job -> this.jobs.put(job.getName(), job));
        this.operator = operator;
        this.repository = repository;
        this.properties = properties;
    }

    public ExitCode run(JobRequest request, PrintStream out, PrintStream err) {
        Job job = jobs.get(request.job());
        if (job == null) {
            err.println("unknown job '" + request.job() + "'; jobs: " + String.join(", ", jobs.keySet()));
            return ExitCode.INVALID;
        }
        JobParameters parameters = parameters(request, job);
        try {
            if (job.getJobParametersValidator() != null) job.getJobParametersValidator().validate(parameters);
        } catch (InvalidJobParametersException e) {
            err.println(request.job() + ": " + e.getMessage());
            return ExitCode.INVALID;
        }

        try (JobLock lock = JobLock.tryAcquire(Path.of(properties.state()), request.job())) {
            if (lock == null) {
                err.println(request.job() + " is already running on this machine (lock "
                        + Path.of(properties.state(), "locks", request.job() + ".lock") + " is held)");
                return ExitCode.LOCKED;
            }
            JobExecution last = repository.getLastJobExecution(request.job(), parameters);
            if (last != null && last.isRunning()) {
                if (request.recover() || properties.jobs().autoRecover()) {
                    // We hold the lock, so no process on this machine runs it: it was killed.
                    operator.recover(last);
                    out.println("recovered execution " + last.getId() + " of " + request.job()
                            + ", left " + last.getStatus() + " by a process that no longer runs; marked FAILED");
                    last = repository.getJobExecution(last.getId());
                } else {
                    err.println(request.job() + " execution " + last.getId() + " is marked " + last.getStatus()
                            + "; if no process runs it, use --recover");
                    return ExitCode.LOCKED;
                }
            }
            return switch (request.mode()) {
                case RECOVER_ONLY -> {
                    if (last == null || last.getStatus() != BatchStatus.FAILED) {
                        out.println("nothing to recover for " + request.job() + " with these parameters");
                    }
                    yield ExitCode.COMPLETED;
                }
                case RESTART -> {
                    if (last == null || !(last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED)) {
                        err.println("nothing to restart: no FAILED or STOPPED execution of " + request.job()
                                + " with these parameters" + (last == null ? "" : " (last is " + last.getStatus() + ")"));
                        yield ExitCode.INVALID;
                    }
                    out.println("restarting execution " + last.getId() + " of " + request.job());
                    yield report(operator.restart(last), out, err);
                }
                case START, RERUN -> start(job, parameters, last, out, err);
            };
        } catch (JobRestartException e) {
            err.println(request.job() + " cannot be restarted: " + e.getMessage());
            return ExitCode.INVALID;
        } catch (IOException e) {
            err.println("cannot take the job lock under " + properties.state() + ": " + e.getMessage());
            return ExitCode.FAILED;
        }
    }

    private ExitCode start(Job job, JobParameters parameters, JobExecution last, PrintStream out, PrintStream err) {
        try {
            if (last != null && last.getStatus() == BatchStatus.FAILED) {
                out.println("resuming failed execution " + last.getId() + " of " + job.getName());
            }
            return report(operator.start(job, parameters), out, err);
        } catch (JobInstanceAlreadyCompleteException e) {
            out.println(job.getName() + " already completed with these parameters (execution "
                    + (last == null ? "?" : last.getId()) + "); nothing to do. Use --rerun to run it again.");
            return ExitCode.COMPLETED;
        } catch (JobExecutionAlreadyRunningException e) {
            err.println(job.getName() + " is already running with these parameters");
            return ExitCode.LOCKED;
        } catch (InvalidJobParametersException e) {
            err.println(job.getName() + ": " + e.getMessage());
            return ExitCode.INVALID;
        } catch (JobRestartException e) {
            err.println(job.getName() + " cannot be restarted: " + e.getMessage());
            return ExitCode.INVALID;
        }
    }

    private JobParameters parameters(JobRequest request, Job job) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(SuiteJobParameters.DATE, LocalDate.now().minusDays(1).toString());
        values.put(SuiteJobParameters.DATA, properties.data());
        values.put(SuiteJobParameters.OUT, properties.out());
        values.putAll(request.parameters());
        JobParametersBuilder builder = new JobParametersBuilder();
        values.forEach(builder::addString);
        // A check (verify-audit) runs afresh each time it is called, never "already completed".
        if (request.mode() == JobRequest.Mode.RERUN
                || (ALWAYS_FRESH.contains(job.getName()) && request.mode() == JobRequest.Mode.START)) {
            builder.addString(SuiteJobParameters.RUN_ID, Long.toString(System.currentTimeMillis()));
        }
        return builder.toJobParameters();
    }

    private static ExitCode report(JobExecution execution, PrintStream out, PrintStream err) {
        String name = execution.getJobInstance().getJobName();
        BatchStatus status = execution.getStatus();
        ExitStatus exit = execution.getExitStatus();
        String summary = execution.getExecutionContext().getString(SUMMARY, "");
        out.print(summary);
        if (status == BatchStatus.COMPLETED) {
            boolean skipped = COMPLETED_WITH_SKIPS.equals(exit.getExitCode());
            out.println(name + " completed (execution " + execution.getId() + ")"
                    + (skipped ? " with records quarantined or skipped; see the report" : ""));
            return skipped ? ExitCode.COMPLETED_WITH_SKIPS : ExitCode.COMPLETED;
        }
        err.println(name + " " + status + " (execution " + execution.getId() + ")");
        for (Throwable t : execution.getAllFailureExceptions()) {
            err.println("  reason: " + oneLine(t));
        }
        err.println("  fix the cause, then: scripts/run-job.sh " + name + " <same parameters> --restart");
        return ExitCode.FAILED;
    }

    static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (root != t && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getMessage() + ")";
        }
        return message.replace('\n', ' ');
    }

    /** One run per job name and state folder; the OS drops the lock when a process dies, even by kill -9. */
    private record JobLock(FileChannel channel, FileLock lock) implements AutoCloseable {

        static JobLock tryAcquire(Path state, String job) throws IOException {
            Path dir = Files.createDirectories(state.resolve("locks"));
            FileChannel channel = FileChannel.open(dir.resolve(job + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    return null;
                }
                return new JobLock(channel, lock);
            } catch (OverlappingFileLockException e) {
                channel.close();
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }
}
