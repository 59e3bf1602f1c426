package jp.insurer.governance.batch.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration until Spring Boot configures logging, and for the commands that never
 * start Spring (scan-text, generate-sample-data): warnings only, on stderr. Without it Logback's
 * fallback logs DEBUG to stdout, and those commands' stdout is data. The jar ships no logback.xml,
 * so once Spring starts, Boot's own logging configuration applies (logging.* in application.yml:
 * file with rotation, structured JSON). Registered in META-INF/services.
 */
public class QuietLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        // A test or operator configuration file on the class path takes precedence, as Logback's own order has it.
        ClassLoader loader = QuietLogging.class.getClassLoader();
        if (loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p %logger{0} - %m%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
