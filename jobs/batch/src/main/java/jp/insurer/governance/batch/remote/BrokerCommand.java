package jp.insurer.governance.batch.remote;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import jp.insurer.governance.batch.support.ExitCode;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * {@code broker [ACCEPTOR-URL] [JOURNAL-FOLDER]}: an ActiveMQ Artemis broker in this jar, for a demo or a test
 * on one network (default {@code tcp://0.0.0.0:61616}, journal {@code var/state/broker}). Persistent, so a
 * restarted broker still holds the requests no worker has finished. It has no authentication and no TLS: in
 * production run Artemis's own distribution (docs/scale-out.md). Runs until SIGTERM or SIGINT.
 */
public final class BrokerCommand {

    private BrokerCommand() {}

    public static int run(String[] args, String home, PrintStream out, PrintStream err) {
        if (args.length > 2) {
            err.println(
                    "usage: broker [ACCEPTOR-URL (default tcp://0.0.0.0:61616)] [JOURNAL-FOLDER (default var/state/broker)]");
            return ExitCode.INVALID.code();
        }
        String acceptor = args.length > 0 ? args[0] : "tcp://0.0.0.0:61616";
        Path journal = args.length > 1 ? Path.of(args[1]) : Path.of(home, "var", "state", "broker");
        EmbeddedActiveMQ broker;
        try {
            broker = new EmbeddedActiveMQ()
                    .setConfiguration(configuration(acceptor, journal))
                    .start();
        } catch (Exception e) {
            err.println("broker could not start on " + acceptor + ": " + e.getMessage());
            return ExitCode.FAILED.code();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                broker.stop();
                            } catch (Exception ignored) {
                                // ending anyway
                            }
                            stopped.countDown();
                        },
                        "broker-stop"));
        out.println("broker ready on " + acceptor + " (journal " + journal + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.COMPLETED.code();
    }

    /** A broker for partition requests: anycast queues made on first use, journal on disk, no security. */
    public static Configuration configuration(String acceptor, Path journal) throws Exception {
        // Partition requests are a few hundred bytes each. Artemis's default blocks every producer once the
        // journal's file system is 90 % used, counted over the whole disk: a shared disk with 27 GB free
        // stalled a run with only warnings in the manager's log until the partition timeout.
        Configuration config = new ConfigurationImpl()
                .addAcceptorConfiguration("partitions", acceptor)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setMaxDiskUsage(-1);
        if (journal == null) return config.setPersistenceEnabled(false);
        return config.setPersistenceEnabled(true)
                .setJournalDirectory(journal.resolve("journal").toString())
                .setBindingsDirectory(journal.resolve("bindings").toString())
                .setLargeMessagesDirectory(journal.resolve("large-messages").toString())
                .setPagingDirectory(journal.resolve("paging").toString());
    }
}
