package jp.insurer.governance.batch.night;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.ChildJobStep;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.SuiteJobParameters;
import jp.insurer.governance.batch.support.SuiteProperties;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.Policy;
import jp.insurer.governance.policy.extract.ExtractProfiles;
import jp.insurer.governance.policy.extract.ExtractSchedule;
import org.apache.hadoop.conf.Configuration;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;

/**
 * {@code nightly} ({@code scripts/nightly.sh}): the night as one job execution whose steps are the jobs
 * themselves, each a job instance of its own ({@link ChildJobStep}, Spring Batch's JobStep):
 * {@code inventory} → {@code tag} → {@code retention} (its mode from {@code retention.yml}; the night has
 * no mode parameter, so the scheduler's command never decides about deletion) → {@code extract-PROFILE}
 * for every profile of {@code extracts.yml} with a {@code schedule}, in file order (a step not due on the
 * business date completes as NOOP) → {@code night-report} ({@code reports/night-DATE.html}).
 *
 * <p>A failed or stopped night is restarted by Spring Batch from its first unfinished step, which restarts
 * the failed child from its own last commit. The night ends {@code COMPLETED_WITH_SKIPS} (exit 4) when any
 * of its children did, in this execution or an earlier one of the same night.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class NightlyJobConfiguration {

    static final String JOB = "nightly";

    @Bean
    Job nightlyJob(
            JobRepository repository,
            JobOperator operator,
            SuiteProperties properties,
            Policy policy,
            Configuration hadoop,
            @Qualifier("inventoryJob") Job inventory,
            @Qualifier("tagJob") Job tag,
            @Qualifier("retentionJob") Job retention,
            @Qualifier("extractJob") Job extract,
            @Qualifier("nightReportJob") Job nightReport) {
        // A broken extracts.yml refuses the night (exit 2, file:line:field) without stopping the other jobs' start.
        Map<String, ExtractSchedule> scheduled;
        ConfigException extractsProblem = null;
        try {
            scheduled =
                    ExtractProfiles.load(Path.of(properties.config()), policy).schedules();
        } catch (ConfigException e) {
            scheduled = Map.of();
            extractsProblem = e;
        }
        List<ChildJobStep> steps = new ArrayList<>();
        for (Job child : List.of(inventory, tag, retention)) {
            steps.add(new ChildJobStep(
                    child.getName(), child, Map.of(), date -> true, "every night", repository, operator));
        }
        scheduled.forEach((profile, schedule) -> steps.add(new ChildJobStep(
                "extract-" + profile,
                extract,
                Map.of("profile", profile),
                schedule::isDue,
                schedule.toString(),
                repository,
                operator)));
        // Last: the night on one page, from the reports and step executions of the steps before it.
        steps.add(new ChildJobStep(
                nightReport.getName(), nightReport, Map.of(), date -> true, "every night", repository, operator));

        ConfigException problem = extractsProblem;
        SuiteJobParameters common = new SuiteJobParameters(hadoop);
        SimpleJobBuilder job = new JobBuilder(JOB, repository)
                .validator(parameters -> {
                    if (problem != null) throw new InvalidJobParametersException(problem.getMessage());
                    common.validate(parameters);
                })
                .listener(new NightOutcome(repository, steps))
                .start(steps.get(0));
        steps.subList(1, steps.size()).forEach(job::next);
        return job.build();
    }

    /**
     * After the night: its exit status from all its steps (a restarted night's earlier steps included) and
     * a summary of every child for the console.
     */
    private record NightOutcome(JobRepository repository, List<ChildJobStep> steps) implements JobExecutionListener {

        @Override
        public void afterJob(JobExecution night) {
            StringBuilder summary = new StringBuilder();
            List<String> withSkips = new ArrayList<>();
            for (ChildJobStep step : steps) {
                StepExecution last = repository.getLastStepExecution(night.getJobInstance(), step.getName());
                if (last == null) continue;
                String exit = last.getExitStatus().getExitCode();
                if (JobRunner.COMPLETED_WITH_SKIPS.equals(exit)) withSkips.add(step.getName());
                summary.append("== ")
                        .append(step.getName())
                        .append(": ")
                        .append(last.getStatus())
                        .append(exit.equals(last.getStatus().name()) ? "" : " (" + exit + ")");
                if (ChildJobStep.NOT_DUE.equals(exit))
                    summary.append(" - ").append(last.getExitStatus().getExitDescription());
                if (last.getExecutionContext().containsKey(ChildJobStep.CHILD_EXECUTION)) {
                    long id = last.getExecutionContext().getLong(ChildJobStep.CHILD_EXECUTION);
                    summary.append(", ")
                            .append(step.childJob())
                            .append(" execution ")
                            .append(id)
                            .append(
                                    last.getJobExecutionId() == night.getId()
                                            ? ""
                                            : " (an earlier attempt of this night)");
                    summary.append('\n');
                    JobExecution child = repository.getJobExecution(id);
                    if (child != null && last.getJobExecutionId() == night.getId()) {
                        summary.append(child.getExecutionContext().getString(JobRunner.SUMMARY, ""));
                    }
                } else {
                    summary.append('\n');
                }
            }
            night.getExecutionContext().putString(JobRunner.SUMMARY, summary.toString());
            if (night.getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED) {
                night.setExitStatus(
                        withSkips.isEmpty()
                                ? ExitStatus.COMPLETED
                                : new ExitStatus(
                                        JobRunner.COMPLETED_WITH_SKIPS,
                                        "records quarantined or skipped in " + String.join(", ", withSkips)));
            }
            repository.updateExecutionContext(night);
        }
    }
}
