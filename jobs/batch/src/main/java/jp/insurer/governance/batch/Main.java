package jp.insurer.governance.batch;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import jp.insurer.governance.batch.scantext.ScanTextCommand;
import jp.insurer.governance.batch.support.ExitCode;
import jp.insurer.governance.batch.support.GracefulStop;
import jp.insurer.governance.batch.support.JobRequest;
import jp.insurer.governance.batch.support.JobRunner;
import jp.insurer.governance.batch.support.RepositoryHolder;
import jp.insurer.governance.batch.support.RepositoryLock;
import jp.insurer.governance.batch.support.SuiteLock;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.sampledata.SampleDataCommand;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The single entry point of the suite's jar. Commands that need no job repository (text scanning,
 * sample data) run without starting Spring, so they start in a fraction of a second.
 */
public final class Main {

    private static final String COMMANDS = "run-job, worker, broker, status, scan-text, generate-sample-data";

    static final String LOG_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p [%X{job:--} exec=%X{executionId:--}"
            + " date=%X{businessDate:--}] %logger{0} - %m%n";

    private Main() {}

    public static void main(String[] args) {
        // Only a job has safe points to stop at; the other commands keep the default (end at once).
        if (args.length > 0 && args[0].equals("run-job")) GracefulStop.install();
        // stdout carries only the suite's own lines (scan-text's is data): whatever else writes to
        // System.out (Spring Boot's console log appender, a library) goes to stderr instead.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        System.exit(run(args, stdout, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: <command> [args]; commands: " + COMMANDS);
            return ExitCode.INVALID.code();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "run-job" -> runJob(rest, out, err).code();
            case "worker" -> jp.insurer.governance.batch.remote.WorkerCommand.run(rest, defaultProperties(), out, err);
            case "broker" -> jp.insurer.governance.batch.remote.BrokerCommand.run(rest, home(), out, err);
            case "status" -> jp.insurer.governance.batch.status.StatusCommand.run(rest, defaultProperties(), out, err);
            case "scan-text" -> ScanTextCommand.run(rest, System.in, out, err);
            case "generate-sample-data" -> SampleDataCommand.run(rest, out, err);
            default -> {
                err.println("unknown command '" + args[0] + "'; commands: " + COMMANDS);
                yield ExitCode.INVALID.code();
            }
        };
    }

    /** Starts the Spring application for one job; configuration mistakes become exit code 2 with one line. */
    static ExitCode runJob(String[] args, PrintStream out, PrintStream err) {
        JobRequest request;
        try {
            request = JobRequest.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID;
        }
        SpringApplication app = new SpringApplication(GovernanceApplication.class);
        app.setDefaultProperties(defaultProperties());
        app.setRegisterShutdownHook(false);
        // The suite lock is taken as soon as the settings are known and before any bean (the job
        // repository's data source) exists, and released after the context is closed.
        AtomicReference<SuiteLock> lock = new AtomicReference<>();
        AtomicReference<String> repositoryUrl = new AtomicReference<>();
        app.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) event -> {
            repositoryUrl.set(event.getEnvironment().getProperty("spring.datasource.url"));
            lock.set(SuiteLock.acquire(
                    Path.of(event.getEnvironment().getRequiredProperty("governance.state")), request.job()));
        });
        try (ConfigurableApplicationContext context =
                app.run(request.springArguments().toArray(String[]::new))) {
            javax.sql.DataSource dataSource = context.getBean(javax.sql.DataSource.class);
            String server = RepositoryHolder.servedByAnotherProcess(dataSource);
            if (server != null) {
                err.println("refused: the job repository " + withoutSecrets(repositoryUrl.get())
                        + " is held by another process ("
                        + server
                        + "; an H2 console or a status query that opened it first), and H2 would close it under this job"
                        + " when that process exits; nothing was started, retry when it has closed it");
                return ExitCode.LOCKED;
            }
            // The suite lock keeps jobs apart on this host; managers on other hosts share only the repository.
            try (RepositoryLock shared = RepositoryLock.acquire(dataSource, request.job())) {
                // A lost lock lets another job start beside this one (and take its execution for a dead one's):
                // this run stops as on SIGTERM rather than go on.
                shared.watch(
                        context.getBean(jp.insurer.governance.batch.support.SuiteProperties.class)
                                .jobs()
                                .lockCheckInterval(),
                        reason -> GracefulStop.request("the job repository lock was lost"));
                ExitCode code = context.getBean(JobRunner.class).run(request, out, err);
                if (shared.lost() != null) {
                    err.println(request.job() + " lost the job repository's lock during the run ("
                            + shared.lost()
                            + ") and was stopped; before --restart, check that no other job runs against this"
                            + " repository");
                }
                return code;
            } catch (RepositoryLock.HeldException e) {
                err.println(refusal(e, context.getBean(JobRepository.class), request.job()));
                return ExitCode.LOCKED;
            }
        } catch (java.sql.SQLException e) {
            err.println("could not start: the job repository database " + withoutSecrets(repositoryUrl.get())
                    + " cannot be used (" + oneLine(e) + "); nothing was started, retry when it answers");
            return ExitCode.FAILED;
        } catch (SuiteLock.HeldException e) {
            err.println(e.getMessage());
            return ExitCode.LOCKED;
        } catch (SuiteLock.StateNotWritableException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID;
        } catch (RuntimeException e) {
            String reason = configurationProblem(e);
            if (reason != null) {
                err.println("invalid configuration: " + reason);
                return ExitCode.INVALID;
            }
            java.sql.SQLException database = cause(e, java.sql.SQLException.class);
            if (database != null) {
                // Infrastructure, not the command: a scheduler retries later (exit 1), never "fix the command" (2).
                err.println("could not start: the job repository database " + withoutSecrets(repositoryUrl.get())
                        + " cannot be used (" + oneLine(database) + "); nothing was started, retry when it answers");
                return ExitCode.FAILED;
            }
            err.println("could not start: " + oneLine(e));
            return ExitCode.FAILED;
        } finally {
            SuiteLock held = lock.get();
            if (held != null) {
                try {
                    held.close();
                } catch (java.io.IOException ignored) {
                    // the OS releases it when the process ends
                }
            }
        }
    }

    /**
     * Names who runs: the holder's line (host and pid) and the executions the repository shows running, e.g.
     * {@code refused: job tag (host h1, pid 4242, started …) is running against this job repository (tag
     * execution 12, date 2026-11-27) …}.
     */
    static String refusal(RepositoryLock.HeldException e, JobRepository repository, String job) {
        String running = e.job() == null ? job : e.job();
        String executions = repository.findRunningJobExecutions(running).stream()
                .sorted(java.util.Comparator.comparing(org.springframework.batch.core.job.JobExecution::getId))
                .map(x -> running + " execution " + x.getId() + ", date "
                        + x.getJobParameters().getString(jp.insurer.governance.batch.support.SuiteJobParameters.DATE))
                .collect(Collectors.joining("; "));
        return "refused: " + (e.holder() == null ? "another job" : e.holder())
                + " is running against this job repository" + (executions.isEmpty() ? "" : " (" + executions + ")")
                + "; jobs sharing a job repository never overlap, on any host; run " + job + " when it has finished";
    }

    /**
     * Where the suite lives and where its config is: {@code governance.home} (set by scripts/) and
     * {@code GOVERNANCE_CONFIG_DIR} (default HOME/config). Spring reads application.yml from there.
     */
    private static Map<String, Object> defaultProperties() {
        String home = home();
        String configDir = configDir();
        Map<String, Object> props = new HashMap<>();
        props.put("governance.home", home);
        props.put("governance.config", configDir);
        props.put("spring.config.additional-location", "optional:file:" + configDir + "/");
        // Every plain log line says when, and which job, execution and business date (JobLogContext's MDC).
        props.put("logging.pattern.console", LOG_PATTERN);
        props.put("logging.pattern.file", LOG_PATTERN);
        return props;
    }

    private static String home() {
        return System.getProperty(
                "governance.home", Path.of("").toAbsolutePath().toString());
    }

    private static String configDir() {
        return System.getenv().getOrDefault("GOVERNANCE_CONFIG_DIR", home() + "/config");
    }

    /** A one-line reason when the failure is a configuration mistake, else null. */
    static String configurationProblem(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) chain.add(t);
        for (Throwable t : chain) {
            if (t instanceof ConfigException c) return c.getMessage();
        }
        for (Throwable t : chain) {
            if (t instanceof UnboundConfigurationPropertiesException u) {
                return "unknown setting "
                        + u.getUnboundProperties().stream()
                                .map(p -> p.getName() + (p.getOrigin() == null ? "" : " (" + p.getOrigin() + ")"))
                                .sorted()
                                .collect(Collectors.joining(", "));
            }
            if (t instanceof MarkedYAMLException y) {
                int line = y.getProblemMark() == null ? 0 : y.getProblemMark().getLine() + 1;
                return configDir() + "/application.yml:" + line + ": invalid YAML: " + y.getProblem();
            }
        }
        for (Throwable t : chain) {
            if (t instanceof BindException b) {
                Throwable cause = b.getCause();
                String origin = b.getProperty() != null && b.getProperty().getOrigin() != null
                        ? " (" + b.getProperty().getOrigin() + ")"
                        : "";
                return "property '" + b.getName() + "'" + origin + ": "
                        + (cause == null ? b.getMessage() : oneLine(cause));
            }
            String name = t.getClass().getName();
            if (name.endsWith("InvalidConfigDataPropertyException")
                    || name.endsWith("ConfigDataResourceNotFoundException")) {
                return oneLine(t);
            }
        }
        return null;
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        java.util.Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }

    /** A JDBC URL without its parameters, which may carry a password (";PASSWORD=…", "?password=…"). */
    static String withoutSecrets(String url) {
        if (url == null) return "(no spring.datasource.url)";
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0) cut = Math.min(cut, i);
        }
        return url.substring(0, cut);
    }

    private static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s*\\n\\s*", " ");
    }
}
