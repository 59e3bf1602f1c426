package jp.insurer.governance.batch.support;

import java.time.LocalDateTime;
import java.util.concurrent.locks.ReentrantLock;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * One writer at a time for a job execution's row in this JVM: the job's own updates and the stop a signal asks for.
 *
 * <p>Spring Batch's {@code JobRepository.update(JobExecution)} reads the row's version, then writes the row under that
 * version. {@code JobOperator.stop} (6.0) writes the same row from the signal's thread, and also the running steps'
 * rows from stale copies: a SIGTERM arriving as the job ended moved the version between the job's read and write,
 * and the job's final update failed on the optimistic lock (exit 1, the run recorded neither stopped nor ended).
 * Here every {@code update(JobExecution)} of the repository bean holds one lock across its transaction, and
 * {@link #markStopping} writes under the same lock and only the job execution's row: the steps learn of the stop
 * from that row (Spring Batch's own check at each step update, remote workers before a partition) or from
 * {@link GracefulStop#checkpoint}, and each step writes its own row.
 */
@Component
class JobExecutionWrites implements BeanPostProcessor {

    private static final ReentrantLock LOCK = new ReentrantLock();

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (!(bean instanceof JobRepository)) return bean;
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.addAdvice((MethodInterceptor) call -> {
            Object[] arguments = call.getArguments();
            boolean jobRow = call.getMethod().getName().equals("update")
                    && arguments.length == 1
                    && arguments[0] instanceof JobExecution;
            if (!jobRow) return call.proceed();
            LOCK.lock();
            try {
                return call.proceed();
            } finally {
                LOCK.unlock();
            }
        });
        return proxy.getProxy();
    }

    /**
     * Marks the execution STOPPING, as {@code JobOperator.stop} does, from a fresh reading of its row.
     *
     * @return false when it is no longer running
     */
    static boolean markStopping(JobRepository repository, long executionId) {
        LOCK.lock();
        try {
            JobExecution execution = repository.getJobExecution(executionId);
            if (execution == null || !execution.isRunning() || execution.isStopping()) return false;
            execution.setStatus(BatchStatus.STOPPING);
            execution.setExitStatus(ExitStatus.STOPPED);
            execution.setEndTime(LocalDateTime.now());
            repository.update(execution);
            return true;
        } finally {
            LOCK.unlock();
        }
    }
}
