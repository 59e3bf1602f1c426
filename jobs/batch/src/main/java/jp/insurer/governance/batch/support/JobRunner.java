package jp.insurer.governance.batch.support;

import java.io.PrintStream;
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
 * Runs one job for {@code scripts/run-job.sh} (under the suite lock jp.insurer.governance.batch.Main takes): fills default
 * parameters, recovers executions left running by dead processes, starts, restarts through Spring Batch's {@link JobOperator}, and maps the outcome to
 * the exit codes of the README. Prints one-line reasons, never stack traces, to the user.
 */
@Component
public class JobRunner {

    /** Exit status a step or listener sets when records were quarantined or skipped. */
    public static final String COMPLETED_WITH_SKIPS = "COMPLETED_WITH_SKIPS";

    /** Job execution-context key of the readable summary a job leaves for the console. */
    public static final String SUMMARY = "summary";

    /**
     * Job execution-context key of the JSON report a job wrote, when its name is not {@code reports/JOB-DATE.json}
     * (retention's says dry-run or enforce, night-report's is night-DATE); "already completed" checks that this file, a
     * night's children's included, still exists.
     */
    public static final String REPORT = "report";

    /** Jobs that are checks: every call is a new job instance (a stale "completed" must not hide a broken chain). */
    public static final java.util.Set<String> ALWAYS_FRESH = java.util.Set.of("verify-audit");

    /**
     * Jobs where each call is a request of its own, identified by this parameter: made up when the command
     * does not give it (so a second disclosure the same day is not "already completed"), and given again to
     * resume a killed request, which then restarts as the same instance.
     */
    public static final Map<String, String> PER_REQUEST = Map.of("subject-request", "request");

    private final Map<String, Job> jobs;
    private final JobOperator operator;
    private final JobRepository repository;
    private final SuiteProperties properties;

    private final org.apache.hadoop.conf.Configuration hadoop;
    private final RowLocks locks;

    JobRunner(
            List<Job> jobs,
            JobOperator operator,
            JobRepository repository,
            SuiteProperties properties,
            org.apache.hadoop.conf.Configuration hadoop,
            javax.sql.DataSource dataSource) {
        this.hadoop = hadoop;
        this.locks = new RowLocks(dataSource);
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
            if (job.getJobParametersValidator() != null)
                job.getJobParametersValidator().validate(parameters);
        } catch (InvalidJobParametersException e) {
            err.println(request.job() + ": " + e.getMessage());
            return ExitCode.INVALID;
        } catch (java.io.UncheckedIOException e) {
            // Unreachable storage or an unreadable input: not a mistake in the command; retry when fixed.
            err.println(request.job() + ": " + e.getMessage() + "; nothing was started, retry when it is readable");
            return ExitCode.FAILED;
        }
        // A mistyped year must not run retention against the future (everything looks expired then).
        LocalDate date = SuiteJobParameters.businessDate(parameters);
        LocalDate today = LocalDate.now(properties.zone());
        if (date.isAfter(today) && !request.allowFutureDate()) {
            err.println(request.job() + ": business date " + date + " is after today (" + today + " in "
                    + properties.zone() + "); nothing was started. If that date is intended, add --allow-future-date");
            return ExitCode.INVALID;
        }

        try {
            // Main holds the suite lock: no process on this machine runs any job with this state folder.
            ExitCode stale = recoverStale(request, out, err);
            if (stale != null) return stale;
            JobExecution last = repository.getLastJobExecution(request.job(), parameters);
            if (request.mode() != JobRequest.Mode.RECOVER_ONLY) {
                try {
                    OutputHygiene.prepare(
                            parameters.getString(SuiteJobParameters.OUT),
                            parameters.getString(SuiteJobParameters.DATA),
                            properties,
                            hadoop);
                } catch (java.io.IOException e) {
                    err.println(request.job() + ": the output folder " + parameters.getString(SuiteJobParameters.OUT)
                            + " cannot be prepared (" + oneLine(e)
                            + "); nothing was started, retry when it is writable");
                    return ExitCode.FAILED;
                }
            }
            String requestParameter = PER_REQUEST.get(request.job());
            if (requestParameter != null && request.mode() != JobRequest.Mode.RECOVER_ONLY) {
                String id = parameters.getString(requestParameter);
                out.println("request " + id + " (to resume it after a crash: the same command with " + requestParameter
                        + "=" + id + ")");
            }
            GracefulStop.onRequest(() -> stopRunning(request.job()));
            if (GracefulStop.requested()) { // the signal came while Spring was starting
                err.println(request.job() + " was asked to stop before it started; nothing was started");
                return ExitCode.STOPPED;
            }
            return switch (request.mode()) {
                case RECOVER_ONLY -> ExitCode.COMPLETED;
                case RESTART -> {
                    if (last == null
                            || !(last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED)) {
                        err.println("nothing to restart: no FAILED or STOPPED execution of " + request.job()
                                + " with these parameters"
                                + (last == null ? "" : " (last is " + last.getStatus() + ")"));
                        yield ExitCode.INVALID;
                    }
                    out.println("restarting execution " + last.getId() + " of " + request.job());
                    // With --allow-mass-delete the restart carries the override (a non-identifying parameter of the new
                    // execution).
                    // A night is started (Spring Batch restarts its FAILED or STOPPED instance): the operator's restart
                    // looks
                    // jobs up in its registry, which is filled before the nightly job (made of the others) exists.
                    yield request.allowMassDelete() || !childSteps(job).isEmpty()
                            ? start(job, parameters, last, out, err)
                            : report(operator.restart(last), out, err);
                }
                case START, RERUN -> start(job, parameters, last, out, err);
            };
        } catch (JobRestartException e) {
            err.println(request.job() + " cannot be restarted: " + e.getMessage());
            return ExitCode.INVALID;
        } finally {
            GracefulStop.onRequest(null);
        }
    }

    /**
     * Every execution of this job still marked running (whatever its parameters, {@code --rerun} ones
     * included) was left by a process that no longer runs, since this one holds the suite lock: marks
     * them FAILED ({@code --recover}, or by itself with {@code auto-recover}), or refuses (exit 3) when
     * several hosts share the repository and auto-recovery is off.
     *
     * @return the exit code when the run must end here, else null
     */
    private ExitCode recoverStale(JobRequest request, PrintStream out, PrintStream err) {
        // A night's children were left running by the same dead process; they are recovered with it.
        List<JobExecution> running = withChildren(request.job()).stream()
                .flatMap(name -> repository.findRunningJobExecutions(name).stream())
                .sorted(java.util.Comparator.comparing(JobExecution::getId))
                .toList();
        if (running.isEmpty()) {
            if (request.mode() == JobRequest.Mode.RECOVER_ONLY) {
                out.println("nothing to recover: no execution of " + String.join(", ", withChildren(request.job()))
                        + " is marked running");
            }
            return null;
        }
        if (!(request.recover() || properties.jobs().autoRecover())) {
            for (JobExecution e : running) {
                err.println(e.getJobInstance().getJobName() + " execution " + e.getId() + " (" + describe(e)
                        + ") is marked " + e.getStatus() + "; if no process runs it, use --recover");
            }
            return ExitCode.LOCKED;
        }
        for (JobExecution e : running) {
            String worker = partitionRunByALiveWorker(e);
            if (worker != null) {
                err.println(e.getJobInstance().getJobName() + " execution " + e.getId() + " (" + describe(e)
                        + "): its manager is gone but a worker still runs partition " + worker
                        + "; run again when it has ended (or stop that worker)");
                return ExitCode.LOCKED;
            }
        }
        for (JobExecution e : running) {
            BatchStatus was = e.getStatus();
            operator.recover(e);
            prunePartitionLocks(e);
            boolean rerun = e.getJobParameters().getString(SuiteJobParameters.RUN_ID) != null;
            out.println("recovered execution " + e.getId() + " of "
                    + e.getJobInstance().getJobName() + " (" + describe(e)
                    + "), left " + was + " by a process that no longer runs; marked FAILED"
                    + (rerun ? "; it was a --rerun: run it again with --rerun" : ""));
        }
        return null;
    }

    /**
     * The name of a partition of {@code e} whose lock a live worker holds (remote mode), else null: the
     * manager's death does not stop its workers, and recovering their partitions would run them twice.
     */
    private String partitionRunByALiveWorker(JobExecution e) {
        if (!properties.partitioning().remote()) return null; // local partitions died with their process
        JobExecution loaded = repository.getJobExecution(e.getId());
        for (org.springframework.batch.core.step.StepExecution step : loaded.getStepExecutions()) {
            if (!step.getStatus().isRunning()) continue;
            try {
                if (locks.partitionHeld(step.getId())) return step.getStepName();
            } catch (java.sql.SQLException ex) {
                throw new IllegalStateException("the job repository cannot be asked for partition locks", ex);
            }
        }
        return null;
    }

    /**
     * Deletes the lock rows that workers killed mid-partition left for a recovered execution (remote mode);
     * a failure to do so is only logged: the rows are small and hold no one's lock.
     */
    private void prunePartitionLocks(JobExecution e) {
        if (!properties.partitioning().remote()) return;
        List<Long> partitions = repository.getJobExecution(e.getId()).getStepExecutions().stream()
                .map(org.springframework.batch.core.step.StepExecution::getId)
                .toList();
        try {
            locks.prunePartitions(partitions);
        } catch (java.sql.SQLException ex) {
            org.slf4j.LoggerFactory.getLogger(JobRunner.class)
                    .warn(
                            "the partition lock rows of recovered execution {} were not pruned: {}",
                            e.getId(),
                            oneLine(ex));
        }
    }

    private static String describe(JobExecution e) {
        String date = e.getJobParameters().getString(SuiteJobParameters.DATE);
        return "date " + date
                + (e.getStartTime() == null
                        ? ""
                        : ", started " + e.getStartTime().withNano(0));
    }

    /**
     * The signal handler's action: marks this job's running execution (a night's: and its child's) STOPPING, without
     * racing the job for its row ({@link JobExecutionWrites}).
     */
    private void stopRunning(String jobName) {
        for (JobExecution e : withChildren(jobName).stream()
                .flatMap(n -> repository.findRunningJobExecutions(n).stream())
                .toList()) {
            JobExecutionWrites.markStopping(repository, e.getId());
        }
    }

    private ExitCode start(Job job, JobParameters parameters, JobExecution last, PrintStream out, PrintStream err) {
        try {
            if (last != null && last.getStatus() == BatchStatus.FAILED) {
                out.println("resuming failed execution " + last.getId() + " of " + job.getName());
            }
            return report(operator.start(job, parameters), out, err);
        } catch (JobInstanceAlreadyCompleteException e) {
            return alreadyCompleted(job.getName(), parameters, last, out, err);
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

    /**
     * A completed date is not redone, but the answer must stay true: the report it wrote must still be
     * there (else exit 1 with what to do), and the exit code is the one the run first ended with (4
     * stays 4: the quarantined records are still quarantined).
     */
    private ExitCode alreadyCompleted(
            String name, JobParameters parameters, JobExecution last, PrintStream out, PrintStream err) {
        String id = last == null ? "?" : Long.toString(last.getId());
        String date = parameters.getString(SuiteJobParameters.DATE);
        String outRoot = parameters.getString(SuiteJobParameters.OUT);
        try {
            for (Map.Entry<org.apache.hadoop.fs.Path, String> report :
                    reports(name, parameters, last).entrySet()) {
                org.apache.hadoop.fs.Path path = report.getKey();
                String producer = report.getValue();
                if (!path.getFileSystem(hadoop).exists(path)) {
                    err.println(name + " already completed for " + date + " (execution " + id + "), but "
                            + (producer.equals(name) ? "its" : "the " + producer) + " report " + path
                            + " is gone: the outputs were removed or moved. To make them again: " + command(name)
                            + " <same parameters> --rerun");
                    return ExitCode.FAILED;
                }
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            err.println(name + " already completed for " + date + " (execution " + id
                    + "), but its outputs cannot be checked (" + oneLine(e)
                    + "); retry when the output location is reachable");
            return ExitCode.FAILED;
        }
        boolean skipped =
                last != null && COMPLETED_WITH_SKIPS.equals(last.getExitStatus().getExitCode());
        out.println(name + " already completed with these parameters (execution " + id + ")"
                + (skipped ? " with records quarantined or skipped (exit 4 then, and now)" : "")
                + "; nothing to do. Use --rerun to run it again.");
        return skipped ? ExitCode.COMPLETED_WITH_SKIPS : ExitCode.COMPLETED;
    }

    /** The report this job's run wrote: where it recorded it, else its per-request or per-date file. */
    private static org.apache.hadoop.fs.Path ownReport(String name, JobParameters parameters, JobExecution last) {
        String written = last == null ? null : last.getExecutionContext().getString(REPORT, null);
        if (written != null) return new org.apache.hadoop.fs.Path(written);
        String requestParameter = PER_REQUEST.get(name);
        return new org.apache.hadoop.fs.Path(
                parameters.getString(SuiteJobParameters.OUT),
                requestParameter == null
                        ? "reports/" + name + "-" + date(parameters) + ".json"
                        : "subject-requests/" + parameters.getString(requestParameter) + "/request.json");
    }

    private static String date(JobParameters parameters) {
        return parameters.getString(SuiteJobParameters.DATE);
    }

    /** The job and, for a night ({@link ChildJobStep}s), the jobs it runs, in step order. */
    private List<String> withChildren(String jobName) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(List.of(jobName));
        childSteps(jobs.get(jobName)).forEach(step -> names.add(step.childJob()));
        return List.copyOf(names);
    }

    private static List<ChildJobStep> childSteps(Job job) {
        if (!(job instanceof org.springframework.batch.core.job.SimpleJob locator)) return List.of();
        return locator.getStepNames().stream()
                .map(locator::getStep)
                .filter(ChildJobStep.class::isInstance)
                .map(ChildJobStep.class::cast)
                .toList();
    }

    /**
     * The reports that show a completed execution's outputs are still there, each with the job that wrote it:
     * the job's own, or for a night those of the children it ran (not those not due on its date), each where
     * the child recorded it ({@link #REPORT}) — the jobs own their report names, not this class.
     */
    private Map<org.apache.hadoop.fs.Path, String> reports(String name, JobParameters parameters, JobExecution last) {
        List<ChildJobStep> children = childSteps(jobs.get(name));
        if (children.isEmpty()) return Map.of(ownReport(name, parameters, last), name);
        Map<org.apache.hadoop.fs.Path, String> reports = new LinkedHashMap<>();
        for (ChildJobStep step : children) {
            var ran = last == null ? null : repository.getLastStepExecution(last.getJobInstance(), step.getName());
            if (ran != null && ChildJobStep.NOT_DUE.equals(ran.getExitStatus().getExitCode())) continue;
            JobParameters childParameters = step.childParameters(parameters);
            JobExecution child = repository.getLastJobExecution(step.childJob(), childParameters);
            reports.putIfAbsent(ownReport(step.childJob(), childParameters, child), step.childJob());
        }
        return reports;
    }

    /** The command an operator types to run this job again. */
    static String command(String name) {
        return name.equals("nightly") ? "scripts/nightly.sh" : "scripts/run-job.sh " + name;
    }

    private JobParameters parameters(JobRequest request, Job job) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(
                SuiteJobParameters.DATE,
                LocalDate.now(properties.zone()).minusDays(1).toString());
        values.put(SuiteJobParameters.DATA, properties.data());
        values.put(SuiteJobParameters.OUT, properties.out());
        values.putAll(request.parameters());
        String requestParameter = PER_REQUEST.get(job.getName());
        if (requestParameter != null
                && !values.containsKey(requestParameter)
                && request.mode() != JobRequest.Mode.RESTART) {
            values.put(requestParameter, newRequestId());
        }
        JobParametersBuilder builder = new JobParametersBuilder();
        values.forEach(builder::addString);
        // Not identifying: the override belongs to this execution, and a restart of the same instance may add it.
        if (request.allowMassDelete()) builder.addString(SuiteJobParameters.ALLOW_MASS_DELETE, "true", false);
        // A check (verify-audit) runs afresh each time it is called, never "already completed".
        if (request.mode() == JobRequest.Mode.RERUN
                || (ALWAYS_FRESH.contains(job.getName()) && request.mode() == JobRequest.Mode.START)) {
            builder.addString(SuiteJobParameters.RUN_ID, Long.toString(System.currentTimeMillis()));
        }
        return builder.toJobParameters();
    }

    /** A request id that sorts by time: 20261128T031500Z-4f2a (UTC, then 16 random bits against same-second calls). */
    static String newRequestId() {
        String time = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        return time + "-" + String.format("%04x", new java.security.SecureRandom().nextInt(1 << 16));
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
        if (status == BatchStatus.STOPPED) {
            err.println(name + " STOPPED on request at a safe point (execution " + execution.getId()
                    + "); what is done is committed. Resume: " + command(name) + " <same parameters> --restart");
            return ExitCode.STOPPED;
        }
        for (Throwable t : execution.getAllFailureExceptions()) {
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof RefusedException refused) {
                    err.println(name + " refused (execution " + execution.getId() + "): " + refused.getMessage());
                    return ExitCode.INVALID;
                }
            }
        }
        err.println(name + " " + status + " (execution " + execution.getId() + ")");
        for (Throwable t : execution.getAllFailureExceptions()) {
            err.println("  reason: " + oneLine(t));
        }
        err.println("  fix the cause, then: " + command(name) + " <same parameters> --restart");
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
}
