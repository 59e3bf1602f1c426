package jp.insurer.governance.batch.support;

import java.time.LocalDate;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.UnexpectedJobExecutionException;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.job.JobStep;

/**
 * One job of a night, run as a step of the {@code nightly} job: Spring Batch's own {@link JobStep}
 * (the child is a job instance of its own, started or restarted through the {@link JobOperator}), with
 * what a night needs besides:
 * <ul>
 *   <li>the child gets the night's {@code date}, {@code data}, {@code out} and {@code run.id} (a {@code --rerun}
 *       night reruns its children) plus fixed parameters of its own ({@code profile=NAME});</li>
 *   <li>a child instance that already completed for these parameters counts as done with the exit status it
 *       ended with (run by hand earlier, or by this night when a {@code kill -9} came between the child's
 *       end and this step's commit), instead of failing the night for ever;</li>
 *   <li>a refused child (bad parameters or config, the retention safety valve) refuses the night (exit 2), a
 *       failed one names its execution and reason: the plain JobStep only says "the delegate Job failed";</li>
 *   <li>a step whose {@code due} test is false for the business date completes as NOOP without starting its
 *       child (an extract profile not scheduled for that date).</li>
 * </ul>
 */
public class ChildJobStep extends JobStep {

    /** Step execution-context key of the child's job execution id, for the night's summary. */
    public static final String CHILD_EXECUTION = "night.child.execution";
    /** Exit code of a step whose child was not due on the business date. */
    public static final String NOT_DUE = ExitStatus.NOOP.getExitCode();
    /** JobStep keeps the child's parameters here; removed so that they are made afresh (see doExecute). */
    private static final String JOB_STEP_PARAMETERS = JobStep.class.getName() + ".JOB_PARAMETERS";

    private static final Logger log = LoggerFactory.getLogger(ChildJobStep.class);

    private final Job child;
    private final Map<String, String> own;
    private final Predicate<LocalDate> due;
    private final String dueDescription;
    private final JobRepository repository;

    /**
     * @param name           the step's name in the night
     * @param own            fixed parameters of the child besides the night's ({@code profile})
     * @param due            whether the child runs for a business date
     * @param dueDescription when it is due, for the NOOP exit description
     */
    public ChildJobStep(
            String name,
            Job child,
            Map<String, String> own,
            Predicate<LocalDate> due,
            String dueDescription,
            JobRepository repository,
            JobOperator operator) {
        super(repository);
        this.child = child;
        this.own = Map.copyOf(own);
        this.due = due;
        this.dueDescription = dueDescription;
        this.repository = repository;
        setName(name);
        setJob(child);
        setJobOperator(operator);
        setJobParametersExtractor((job, stepExecution) -> childParameters(stepExecution.getJobParameters()));
    }

    public String childJob() {
        return child.getName();
    }

    /** The child's parameters for a night's: its identifying date, data, out, run.id, and this step's own. */
    public JobParameters childParameters(JobParameters night) {
        JobParametersBuilder builder = new JobParametersBuilder();
        for (String name : new String[] {
            SuiteJobParameters.DATE, SuiteJobParameters.DATA, SuiteJobParameters.OUT, SuiteJobParameters.RUN_ID
        }) {
            String value = night.getString(name);
            if (value != null) builder.addString(name, value);
        }
        own.forEach(builder::addString);
        // Not identifying, as in run-job: the override belongs to the execution it was given to.
        String allowMassDelete = night.getString(SuiteJobParameters.ALLOW_MASS_DELETE);
        if (allowMassDelete != null) builder.addString(SuiteJobParameters.ALLOW_MASS_DELETE, allowMassDelete, false);
        return builder.toJobParameters();
    }

    @Override
    protected void doExecute(StepExecution stepExecution) throws Exception {
        JobParameters night = stepExecution.getJobParameters();
        LocalDate date = SuiteJobParameters.businessDate(night);
        if (!due.test(date)) {
            stepExecution.setExitStatus(
                    new ExitStatus(NOT_DUE, getName() + " is not scheduled for " + date + " (" + dueDescription + ")"));
            return;
        }
        // JobStep reuses the parameters saved by a failed attempt; made afresh they are the same identifying ones
        // (the night's are), and a restart given --allow-mass-delete passes it on to retention.
        stepExecution.getExecutionContext().remove(JOB_STEP_PARAMETERS);
        JobParameters parameters = childParameters(night);
        try {
            // Checked before the operator sees them, as run-job does: the operator would create the child's
            // job instance first and leave it without an execution, which no later start can resume.
            if (child.getJobParametersValidator() != null)
                child.getJobParametersValidator().validate(parameters);
            super.doExecute(stepExecution);
        } catch (JobInstanceAlreadyCompleteException e) {
            JobExecution done = repository.getLastJobExecution(child.getName(), parameters);
            if (done == null || done.getStatus() != BatchStatus.COMPLETED) throw e;
            log.info(
                    "{} already completed for {} (execution {}); the night counts it and goes on",
                    child.getName(),
                    date,
                    done.getId());
            stepExecution.setExitStatus(done.getExitStatus());
        } catch (InvalidJobParametersException e) {
            throw new RefusedException(child.getName() + ": " + e.getMessage());
        } catch (UnexpectedJobExecutionException e) {
            JobExecution failed = repository.getLastJobExecution(child.getName(), parameters);
            if (failed == null) throw e;
            stepExecution.getExecutionContext().putLong(CHILD_EXECUTION, failed.getId());
            String reason = reason(failed.getExitStatus().getExitDescription());
            String refused = RefusedException.class.getName() + ": ";
            if (reason.startsWith(refused)) {
                throw new RefusedException(
                        child.getName() + " (execution " + failed.getId() + "): " + reason.substring(refused.length()));
            }
            throw new ChildFailedException(child.getName() + " " + failed.getStatus() + " (execution " + failed.getId()
                    + ")" + (reason.isEmpty() ? "" : ": " + reason));
        }
        JobExecution ran = repository.getLastJobExecution(child.getName(), parameters);
        if (ran != null) stepExecution.getExecutionContext().putLong(CHILD_EXECUTION, ran.getId());
    }

    /**
     * The first line of a failed child's exit description (Spring Batch stores the exception's stack trace
     * there): the exception and its message, which the suite keeps free of values.
     */
    private static String reason(String description) {
        if (description == null) return "";
        String first = description.lines().findFirst().orElse("").trim();
        return first.length() > 500 ? first.substring(0, 500) + "…" : first;
    }

    /** A child job of the night failed; the night fails at this step and {@code --restart} resumes it. */
    public static final class ChildFailedException extends RuntimeException {
        ChildFailedException(String message) {
            super(message);
        }
    }
}
