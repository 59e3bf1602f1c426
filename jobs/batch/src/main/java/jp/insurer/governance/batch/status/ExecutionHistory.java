package jp.insurer.governance.batch.status;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.ExitCode;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteLock;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recent executions read from the job repository, for {@code status}. The selection (newest first,
 * by job and business date) is one SQL query on the documented Spring Batch schema, since the
 * repository API can only page through instances job by job; each selected execution is then read
 * through the {@link JobRepository}, so the suite does not re-implement Batch's row mapping.
 */
final class ExecutionHistory {

    /** How an execution marked running relates to the process that should be running it. */
    enum Process {
        /** The suite lock's holder started it and is alive. */
        RUNNING,
        /** The lock is free, or held by a process that started after this execution: nobody runs it. */
        GONE
    }

    /** One step, or the worker partitions of one step folded together (their counts summed). */
    record StepView(
            String step,
            String status,
            int partitions,
            long read,
            long write,
            long filter,
            long skip,
            long commit,
            long rollback,
            Long durationSeconds,
            String message) {}

    /**
     * One execution. {@code exitCode} is the suite's exit code (README table) as far as the
     * repository tells it, null while running or when the process is gone.
     */
    record ExecutionView(
            long execution,
            String job,
            String date,
            String status,
            String exitStatus,
            Integer exitCode,
            String start,
            String end,
            Long durationSeconds,
            Map<String, String> parameters,
            String message,
            Process process,
            String recover,
            List<StepView> steps) {}

    private final JdbcTemplate jdbc;
    private final JobRepository repository;
    private final String tablePrefix;

    ExecutionHistory(JdbcTemplate jdbc, JobRepository repository, String tablePrefix) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.tablePrefix = tablePrefix;
    }

    /** Execution ids, newest first, of {@code job} (null: all) for business date {@code date} (null: all). */
    List<Long> recentIds(String job, String date, int limit) {
        StringBuilder sql = new StringBuilder("SELECT e.JOB_EXECUTION_ID FROM " + tablePrefix + "JOB_EXECUTION e JOIN "
                + tablePrefix + "JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (job != null) {
            sql.append(" AND i.JOB_NAME = ?");
            args.add(job);
        }
        if (date != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM ")
                    .append(tablePrefix)
                    .append("JOB_EXECUTION_PARAMS p")
                    .append(
                            " WHERE p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND p.PARAMETER_NAME = ? AND p.PARAMETER_VALUE = ?)");
            args.add(SuiteJobParameters.DATE);
            args.add(date);
        }
        sql.append(" ORDER BY e.JOB_EXECUTION_ID DESC");
        JdbcTemplate limited = new JdbcTemplate(jdbc.getDataSource());
        limited.setMaxRows(limit);
        return limited.queryForList(sql.toString(), Long.class, args.toArray());
    }

    /**
     * @param holder  the live holder of the suite lock on this host, or null when the lock is free
     * @param shared  several hosts share the repository (auto-recover off): "gone" means "not on this host"
     * @param recoverArguments Spring settings the recover command must repeat (state folder, repository URL)
     */
    ExecutionView view(long id, SuiteLock.Holder holder, ZoneId systemZone, List<String> recoverArguments) {
        JobExecution e = repository.getJobExecution(id);
        String job = e.getJobInstance().getJobName();
        Map<String, String> parameters = new LinkedHashMap<>();
        e.getJobParameters().parameters().stream()
                .sorted(java.util.Comparator.comparing(p -> p.name()))
                .forEach(p -> parameters.put(p.name(), String.valueOf(p.value())));
        boolean running = e.getStatus().isRunning();
        Process process = null;
        String recover = null;
        if (running) {
            process = holder != null
                            && e.getStartTime() != null
                            && !e.getStartTime().atZone(systemZone).toInstant().isBefore(holder.lockedAt())
                    ? Process.RUNNING
                    : Process.GONE;
            if (holder != null && e.getStartTime() == null)
                process = Process.RUNNING; // created by the live holder moments ago
            if (process == Process.GONE) recover = recoverCommand(job, e, recoverArguments);
        }
        LocalDateTime end = e.getEndTime() != null ? e.getEndTime() : running ? LocalDateTime.now(systemZone) : null;
        return new ExecutionView(
                id,
                job,
                parameters.get(SuiteJobParameters.DATE),
                e.getStatus().name(),
                e.getExitStatus().getExitCode(),
                suiteExitCode(e),
                iso(e.getStartTime(), systemZone),
                iso(e.getEndTime(), systemZone),
                seconds(e.getStartTime(), end),
                parameters,
                firstLine(e.getExitStatus().getExitDescription()),
                process,
                recover,
                steps(e, systemZone));
    }

    /** The exit code {@code run-job} ended with, derived the way JobRunner maps outcomes. */
    static Integer suiteExitCode(JobExecution e) {
        BatchStatus status = e.getStatus();
        String description = e.getExitStatus().getExitDescription();
        return switch (status) {
            case COMPLETED ->
                JobRunner.COMPLETED_WITH_SKIPS.equals(e.getExitStatus().getExitCode())
                        ? ExitCode.COMPLETED_WITH_SKIPS.code()
                        : ExitCode.COMPLETED.code();
            case STOPPED -> ExitCode.STOPPED.code();
            // A refusal (safety valve, missing key) is a failed execution that run-job reports as exit 2.
            case FAILED ->
                description != null && description.contains("RefusedException")
                        ? ExitCode.INVALID.code()
                        : ExitCode.FAILED.code();
            case ABANDONED -> ExitCode.FAILED.code();
            default -> null;
        };
    }

    /**
     * The command that marks the execution FAILED, then resumes it: the execution's own parameters
     * (a {@code --rerun}'s run id and a one-off override excepted, which the command adds itself).
     */
    private static String recoverCommand(String job, JobExecution e, List<String> recoverArguments) {
        StringBuilder command = new StringBuilder("scripts/run-job.sh ").append(job);
        e.getJobParameters().parameters().stream()
                .filter(p -> p.identifying() && !p.name().equals(SuiteJobParameters.RUN_ID))
                .sorted(java.util.Comparator.comparing(p -> p.name()))
                .forEach(p -> command.append(' ').append(shellWord(p.name() + "=" + p.value())));
        recoverArguments.forEach(a -> command.append(' ').append(shellWord(a)));
        boolean rerun = e.getJobParameters().getString(SuiteJobParameters.RUN_ID) != null;
        String again = command.toString();
        return command.append(" --recover   # then: ")
                .append(again)
                .append(rerun ? " --rerun" : " --restart")
                .toString();
    }

    /** Quotes a word for a POSIX shell when it holds anything but plain path characters. */
    static String shellWord(String word) {
        if (word.matches("[A-Za-z0-9_./:=@%+,-]+")) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static List<StepView> steps(JobExecution e, ZoneId zone) {
        // Worker partitions are named "step:partition"; hundreds of them fold into one line per step.
        Map<String, List<StepExecution>> byStep = new LinkedHashMap<>();
        e.getStepExecutions().stream()
                .sorted(java.util.Comparator.comparing(StepExecution::getId))
                .forEach(s -> {
                    String name = s.getStepName();
                    int colon = name.indexOf(':');
                    byStep.computeIfAbsent(colon < 0 ? name : name.substring(0, colon), k -> new ArrayList<>())
                            .add(s);
                });
        List<StepView> views = new ArrayList<>();
        byStep.forEach((name, executions) -> {
            boolean partitions =
                    executions.size() > 1 || executions.get(0).getStepName().contains(":");
            long read = 0, write = 0, filter = 0, skip = 0, commit = 0, rollback = 0;
            LocalDateTime first = null;
            LocalDateTime last = null;
            boolean open = false;
            BatchStatus status = BatchStatus.COMPLETED;
            String message = null;
            for (StepExecution s : executions) {
                read += s.getReadCount();
                write += s.getWriteCount();
                filter += s.getFilterCount();
                skip += s.getSkipCount();
                commit += s.getCommitCount();
                rollback += s.getRollbackCount();
                if (s.getStartTime() != null
                        && (first == null || s.getStartTime().isBefore(first))) first = s.getStartTime();
                if (s.getEndTime() == null) open = true;
                else if (last == null || s.getEndTime().isAfter(last)) last = s.getEndTime();
                status = worst(status, s.getStatus());
                String m = firstLine(s.getExitStatus().getExitDescription());
                if (message == null && m != null) message = m;
            }
            LocalDateTime end = open ? (e.getStatus().isRunning() ? LocalDateTime.now(zone) : null) : last;
            views.add(new StepView(
                    name,
                    status.name(),
                    partitions ? executions.size() : 0,
                    read,
                    write,
                    filter,
                    skip,
                    commit,
                    rollback,
                    seconds(first, end),
                    message));
        });
        return views;
    }

    /** The status that describes a group of partitions: any failure, else any still running, else the rest. */
    private static BatchStatus worst(BatchStatus a, BatchStatus b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(BatchStatus s) {
        return switch (s) {
            case COMPLETED -> 0;
            case STOPPED -> 2;
            case STARTING, STARTED, STOPPING -> 3;
            case UNKNOWN -> 4;
            case ABANDONED -> 5;
            case FAILED -> 6;
        };
    }

    private static Long seconds(LocalDateTime start, LocalDateTime end) {
        return start == null || end == null
                ? null
                : Duration.between(start, end).toSeconds();
    }

    private static String iso(LocalDateTime time, ZoneId zone) {
        return time == null
                ? null
                : time.withNano(0).atZone(zone).toOffsetDateTime().toString();
    }

    /** Spring Batch keeps a failure's whole stack trace as the exit description; the first line is the reason. */
    static String firstLine(String description) {
        if (description == null || description.isBlank()) return null;
        String line = description.strip().lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
