package jp.insurer.governance.batch.observe;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Adds the {@link RunObserver} to every job bean of the suite. */
@Configuration(proxyBeanMethods = false)
class ObservedJobs {

    /**
     * Static and lazy: a post-processor is created before other beans, and the observer (with the settings and
     * the jobs' facts behind it) must not be created that early.
     */
    @Bean
    static BeanPostProcessor runObserverRegistration(ObjectProvider<RunObserver> observer) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractJob job) job.registerJobExecutionListener(observer.getObject());
                return bean;
            }
        };
    }
}
