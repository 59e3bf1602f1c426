package jp.insurer.governance.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The suite in a JVM of its own, so a test can kill it with SIGKILL at an awkward moment. */
public final class SuiteProcess {

    private SuiteProcess() {}

    public static Process startJob(Path state, Path out, Path log, String job, String... args) throws IOException {
        SuiteRun.provideAuditKey(state, args);
        List<String> command = command("run-job", job);
        command.addAll(List.of(args));
        command.add("--governance.state=" + state);
        command.add("--governance.out=" + out);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The command line of {@code Main} with these arguments, on the test class path (mutable: append settings). */
    public static List<String> command(String... mainArgs) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                "-Dgovernance.home=" + SuiteRun.projectRoot(),
                Main.class.getName()));
        command.addAll(List.of(mainArgs));
        return command;
    }
}
