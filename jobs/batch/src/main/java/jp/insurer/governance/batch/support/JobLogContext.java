package jp.insurer.governance.batch.support;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.stereotype.Component;

/**
 * Puts the job, its execution id and its business date into the logging MDC for the whole
 * execution, so every log line (plain pattern, file or structured JSON) says which run wrote it.
 * Registered on every job bean, so a new job gets it without wiring. Thread pools that run a job's
 * work carry the MDC with {@link #TASK_DECORATOR} or {@link #carry(Runnable)}.
 */
@Component
public class JobLogContext implements BeanPostProcessor, JobExecutionListener {

    /** MDC keys; also the field names of structured (JSON) log lines. */
    public static final String JOB = "job";

    public static final String EXECUTION = "executionId";
    public static final String DATE = "businessDate";

    private static final Logger log = LoggerFactory.getLogger(JobLogContext.class);

    /** For Spring task executors: the submitting thread's MDC goes with the task. */
    public static final TaskDecorator TASK_DECORATOR = JobLogContext::carry;

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractJob job) job.registerJobExecutionListener(this);
        return bean;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        MDC.put(JOB, execution.getJobInstance().getJobName());
        MDC.put(EXECUTION, Long.toString(execution.getId()));
        String date = execution.getJobParameters().getString(SuiteJobParameters.DATE);
        if (date != null) MDC.put(DATE, date);
        log.info(
                "{} execution {} started for business date {}",
                execution.getJobInstance().getJobName(),
                execution.getId(),
                date);
    }

    @Override
    public void afterJob(JobExecution execution) {
        log.info(
                "{} execution {} ended {} (exit status {})",
                execution.getJobInstance().getJobName(),
                execution.getId(),
                execution.getStatus(),
                execution.getExitStatus().getExitCode());
        MDC.remove(JOB);
        MDC.remove(EXECUTION);
        MDC.remove(DATE);
    }

    /** The task, run with the MDC of the thread that calls this (the step's), restoring the worker's own after. */
    public static Runnable carry(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            if (context == null) MDC.clear();
            else MDC.setContextMap(context);
            try {
                task.run();
            } finally {
                if (previous == null) MDC.clear();
                else MDC.setContextMap(previous);
            }
        };
    }
}
