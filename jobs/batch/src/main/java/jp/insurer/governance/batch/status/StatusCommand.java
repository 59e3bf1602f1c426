package jp.insurer.governance.batch.status;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.ExitCode;
import jp.insurer.governance.batch.support.Json;
import jp.insurer.governance.batch.support.SuiteLock;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * {@code status [--date D] [--job J] [--json] [--limit N]}: recent executions from the job repository,
 * a table for people or JSON for machines. It reads the same settings as {@code run-job} (the
 * repository is an H2 file by default, PostgreSQL by configuration) but starts no job bean, takes no
 * suite lock and only reads, so it can run while a job runs (H2's AUTO_SERVER lets it in).
 */
public final class StatusCommand {

    static final String USAGE = "usage: status [--date YYYY-MM-DD] [--job JOB] [--json] [--limit N]";

    private StatusCommand() {}

    /** The Spring context of a status query: configuration only, no beans (no job, no lock, no schema creation). */
    static final class StatusContext {}

    record Request(String date, String job, boolean json, int limit, List<String> springArguments) {}

    public static int run(String[] args, Map<String, Object> defaultProperties, PrintStream out, PrintStream err) {
        Request request;
        try {
            request = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCode.INVALID.code();
        }
        SpringApplication app = new SpringApplication(StatusContext.class);
        app.setDefaultProperties(defaultProperties);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setRegisterShutdownHook(false);
        app.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context =
                app.run(request.springArguments().toArray(String[]::new))) {
            return query(request, context.getEnvironment(), out, err);
        } catch (RuntimeException e) {
            err.println("status: could not read the settings: " + oneLine(e));
            return ExitCode.INVALID.code();
        }
    }

    static Request parse(String[] args) {
        String date = null;
        String job = null;
        boolean json = false;
        int limit = 20;
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--json" -> json = true;
                case "--date", "--job", "--limit" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) throw new IllegalArgumentException(name + " needs a value; " + USAGE);
                        value = args[++i];
                    }
                    switch (name) {
                        case "--date" -> {
                            try {
                                date = LocalDate.parse(value).toString();
                            } catch (DateTimeParseException e) {
                                throw new IllegalArgumentException(
                                        "--date must be an ISO date (YYYY-MM-DD), got '" + value + "'");
                            }
                        }
                        case "--job" -> job = value;
                        default -> {
                            try {
                                limit = Integer.parseInt(value);
                            } catch (NumberFormatException e) {
                                limit = 0;
                            }
                            if (limit < 1)
                                throw new IllegalArgumentException(
                                        "--limit must be a positive number, got '" + value + "'");
                        }
                    }
                }
                default -> {
                    if (arg.startsWith("--governance.")
                            || arg.startsWith("--spring.")
                            || arg.startsWith("--logging.")) {
                        spring.add(arg);
                    } else {
                        throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
                    }
                }
            }
        }
        return new Request(date, job, json, limit, List.copyOf(spring));
    }

    private static int query(Request request, Environment env, PrintStream out, PrintStream err) {
        String url = env.getRequiredProperty("spring.datasource.url");
        Path state = Path.of(env.getRequiredProperty("governance.state"));
        boolean sharedRepository = !env.getProperty("governance.jobs.auto-recover", Boolean.class, true);
        // One connection for the whole query; it only reads. An H2 file that does not exist is not created.
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                readOnlyUrl(url),
                env.getProperty("spring.datasource.username", ""),
                env.getProperty("spring.datasource.password", ""),
                true);
        String driver = env.getProperty("spring.datasource.driver-class-name");
        if (driver != null && !driver.isBlank()) dataSource.setDriverClassName(driver);
        try {
            JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
            factory.setDataSource(dataSource);
            factory.setTransactionManager(new JdbcTransactionManager(dataSource));
            String prefix = env.getProperty("spring.batch.jdbc.table-prefix", "BATCH_");
            factory.setTablePrefix(prefix);
            factory.afterPropertiesSet();
            JobRepository repository = factory.getObject();
            ExecutionHistory history = new ExecutionHistory(new JdbcTemplate(dataSource), repository, prefix);
            SuiteLock.Holder holder = SuiteLock.liveHolder(state);
            List<String> recoverArguments = request.springArguments().stream()
                    .filter(a -> a.startsWith("--governance.state=") || a.startsWith("--spring.datasource.url="))
                    .toList();
            List<ExecutionHistory.ExecutionView> views = new ArrayList<>();
            for (long id : history.recentIds(request.job(), request.date(), request.limit())) {
                views.add(history.view(id, holder, ZoneId.systemDefault(), recoverArguments));
            }
            if (request.json()) {
                out.println(Json.MAPPER.writeValueAsString(Map.of("executions", views)));
            } else {
                StatusTable.print(views, holder, sharedRepository, request, out);
            }
            return ExitCode.COMPLETED.code();
        } catch (Exception e) {
            if (noRepositoryYet(e)) {
                if (request.json()) out.println(Json.MAPPER.writeValueAsString(Map.of("executions", List.of())));
                else out.println("no executions: no job has run with this job repository yet");
                return ExitCode.COMPLETED.code();
            }
            // The URL is not printed: it may carry credentials.
            err.println("status: the job repository cannot be read (" + oneLine(e)
                    + "); retry when the database is reachable");
            return ExitCode.FAILED.code();
        } finally {
            dataSource.destroy();
        }
    }

    /** An H2 file URL with IFEXISTS: a status query in an empty state folder must not create a database. */
    static String readOnlyUrl(String url) {
        boolean h2File =
                url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") && !url.startsWith("jdbc:h2:tcp:");
        return h2File && !url.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS=") ? url + ";IFEXISTS=TRUE" : url;
    }

    /** H2: database not found (90146) or table not found (42102, 42104); PostgreSQL: undefined table (42P01). */
    private static boolean noRepositoryYet(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                int code = sql.getErrorCode();
                if ("42P01".equals(sql.getSQLState()) || code == 90146 || code == 42102 || code == 42104) return true;
            }
        }
        return false;
    }

    private static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s*\\n\\s*", " ");
    }
}
