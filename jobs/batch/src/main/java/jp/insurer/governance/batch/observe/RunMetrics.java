package jp.insurer.governance.batch.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import jp.insurer.governance.batch.support.ExitCode;
import jp.insurer.governance.batch.support.SuiteProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * One job execution's metrics, in Prometheus' text format: written atomically for node_exporter's textfile
 * collector ({@code governance_JOB.prom}) and pushed to a Pushgateway when one is configured.
 *
 * <p>Each execution gets its own registry, so a file describes exactly one run (its counters start at zero:
 * read them with {@code last_over_time} or as the last value, not with {@code rate}). Labels are job, step,
 * dataset, rule, profile, purpose, reason and states: never a customer or a value.
 */
@Component
public class RunMetrics {

    private static final Logger log = LoggerFactory.getLogger(RunMetrics.class);

    /** Job label values and file names: a job name is the suite's own, but a file name must never escape its folder. */
    private static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

    private final SuiteProperties properties;
    private final List<JobFacts> facts;

    RunMetrics(SuiteProperties properties, List<JobFacts> facts) {
        this.properties = properties;
        this.facts = facts;
    }

    /** The metrics of a finished execution; the job's reports are read only when it COMPLETED. */
    public PrometheusMeterRegistry collect(JobExecution execution, ExitCode exit) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String job = execution.getJobInstance().getJobName();
        registry.config().commonTags("job", job);
        String status = execution.getStatus().name();
        LocalDateTime end = execution.getEndTime() == null ? LocalDateTime.now() : execution.getEndTime();
        Timer.builder("governance.job.duration")
                .description("Wall time of the job execution")
                .tag("status", status)
                .register(registry)
                .record(between(execution.getStartTime(), end));
        Gauge.builder("governance.job.exit.code", exit::code)
                .description(
                        "Exit code of the job execution (README: 0 completed, 1 failed, 2 invalid, 3 locked, 4 quarantined, 5 stopped)")
                .register(registry);
        double endSeconds = end.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() / 1000.0;
        Gauge.builder("governance.job.end.timestamp", () -> endSeconds)
                .baseUnit("seconds")
                .description("When the job execution ended (Unix time)")
                .tag("status", status)
                .register(registry);
        for (StepExecution step : execution.getStepExecutions()) {
            LocalDateTime stepEnd = step.getEndTime() == null ? end : step.getEndTime();
            Timer.builder("governance.step.duration")
                    .description("Wall time of a step execution")
                    .tag("step", step.getStepName())
                    .tag("status", step.getStatus().name())
                    .register(registry)
                    .record(between(step.getStartTime(), stepEnd));
            items(registry, step, "read", step.getReadCount());
            items(registry, step, "written", step.getWriteCount());
            items(registry, step, "filtered", step.getFilterCount());
            items(registry, step, "skipped", step.getSkipCount());
        }
        for (JobFacts f : facts) {
            if (!f.describes(job)) continue;
            f.countFailures(execution, registry);
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                try {
                    f.count(execution, registry);
                } catch (IOException | RuntimeException e) {
                    // The run's outcome stands; its metrics say that the counts are missing.
                    log.warn(
                            "metrics of {} execution {}: the job's report could not be read ({}); counts left out",
                            job,
                            execution.getId(),
                            e.getClass().getSimpleName());
                    Counter.builder("governance.metrics.report.unreadable")
                            .register(registry)
                            .increment();
                }
            }
        }
        return registry;
    }

    /** Writes the textfile and pushes; a failure is logged, never thrown (monitoring must not change a run's outcome). */
    public void publish(JobExecution execution, ExitCode exit) {
        String job = execution.getJobInstance().getJobName();
        if (!SAFE_NAME.matcher(job).matches()) {
            log.warn("metrics not written: job name is not a plain name");
            return;
        }
        PrometheusMeterRegistry registry = collect(execution, exit);
        Path folder = textfileFolder();
        if (folder != null) {
            try {
                writeTextfile(folder.resolve("governance_" + job + ".prom"), registry.scrape());
            } catch (IOException | RuntimeException e) {
                log.warn(
                        "metrics of {} execution {} not written to {}: {}",
                        job,
                        execution.getId(),
                        folder,
                        e.getMessage());
            }
        }
        String url = properties.metrics().pushgatewayUrl();
        if (url != null && !url.isBlank()) {
            try {
                pushGateway(url, job, registry).push();
            } catch (IOException | RuntimeException e) {
                log.warn(
                        "metrics of {} execution {} not pushed to the Pushgateway: {}",
                        job,
                        execution.getId(),
                        e.getMessage());
            }
        }
        registry.close();
    }

    /** The textfile collector's folder, or null when writing is off. */
    public Path textfileFolder() {
        String folder = properties.metrics().textfileFolder();
        if (folder == null || folder.isBlank()) return Path.of(properties.state(), "metrics");
        if (folder.equals("off")) return null;
        return Path.of(folder);
    }

    /**
     * Temp file then rename in the same folder: node_exporter never reads half a file, and reads only
     * {@code *.prom}, so the hidden temp file is never collected.
     */
    static void writeTextfile(Path target, String exposition) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(temp, exposition, StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Prometheus' own client; PUT replaces the job's group, so the gateway holds the latest execution only. */
    PushGateway pushGateway(String url, String job, PrometheusMeterRegistry registry) {
        URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("governance.metrics.pushgateway-url must be an http(s) URL with a host");
        }
        String address = uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getPath() == null ? "" : uri.getPath());
        Duration timeout = properties.metrics().pushTimeout();
        PushGateway.Builder builder = PushGateway.builder()
                .scheme("https".equalsIgnoreCase(uri.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                .address(address)
                .job(job)
                .format(Format.PROMETHEUS_TEXT)
                .registry(registry.getPrometheusRegistry())
                .connectionTimeout(timeout)
                .readTimeout(timeout);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            builder.basicAuth(
                    userInfo.substring(0, userInfo.indexOf(':')), userInfo.substring(userInfo.indexOf(':') + 1));
        }
        return builder.build();
    }

    private static void items(MeterRegistry registry, StepExecution step, String kind, long count) {
        if (count == 0) return;
        Counter.builder("governance.step.items")
                .description("Items a chunk step read, wrote, filtered or skipped")
                .tag("step", step.getStepName())
                .tag("kind", kind)
                .register(registry)
                .increment(count);
    }

    private static Duration between(LocalDateTime start, LocalDateTime end) {
        if (start == null || end == null || end.isBefore(start)) return Duration.ZERO;
        return Duration.between(start, end);
    }
}
