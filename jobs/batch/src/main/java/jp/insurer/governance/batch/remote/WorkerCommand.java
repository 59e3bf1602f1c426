package jp.insurer.governance.batch.remote;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import jp.insurer.governance.batch.GovernanceApplication;
import jp.insurer.governance.batch.support.ExitCode;
import jp.insurer.governance.batch.support.SuiteProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.integration.dsl.context.IntegrationFlowContext;

/**
 * {@code worker [--governance.…] [--spring.…]}: the suite's jar as a remote-partitioning worker. It starts
 * the same application as a job (same config folder, same job repository) with the {@code worker} profile,
 * then takes partition requests from the broker until SIGTERM or SIGINT, which stop taking requests, let
 * the partitions under way finish (the JMS container's shutdown waits for them), and end with exit 0. It
 * takes no suite lock: it starts no job, and workers run beside their manager on the same host.
 */
public final class WorkerCommand {

    private WorkerCommand() {}

    public static int run(String[] args, Map<String, Object> defaults, PrintStream out, PrintStream err) {
        for (String arg : args) {
            if (!(arg.startsWith("--governance.") || arg.startsWith("--spring.") || arg.startsWith("--logging."))) {
                err.println("usage: worker [--governance.NAME=VALUE ...] [--spring.NAME=VALUE ...]; unknown argument '"
                        + arg + "'");
                return ExitCode.INVALID.code();
            }
        }
        SpringApplication app = new SpringApplication(GovernanceApplication.class);
        app.setDefaultProperties(defaults);
        app.setAdditionalProfiles(RemotePartitioningConfiguration.WORKER_PROFILE);
        CountDownLatch closed = new CountDownLatch(1);
        app.addListeners((org.springframework.context.ApplicationListener<ContextClosedEvent>) e -> closed.countDown());
        ConfigurableApplicationContext context = app.run(args);
        SuiteProperties.Partitioning settings =
                context.getBean(SuiteProperties.class).partitioning();
        if (!settings.remote()) {
            context.close();
            err.println("invalid configuration: a worker needs governance.partitioning.mode: remote (it is "
                    + settings.mode().name().toLowerCase(java.util.Locale.ROOT) + ")");
            return ExitCode.INVALID.code();
        }
        // The request flows were registered stopped, so that no request arrives before every bean exists.
        context.getBean(IntegrationFlowContext.class).getRegistry().values().forEach(r -> r.start());
        out.println("worker ready: taking partition requests from " + settings.brokerUrl() + " with "
                + settings.workerThreads() + " thread(s)");
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.COMPLETED.code();
    }
}
