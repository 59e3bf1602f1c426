package jp.insurer.governance.batch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the suite's real entry point in-process against temporary data, output and state folders,
 * and captures what a user would see.
 */
public final class SuiteRun {

    public final int exitCode;
    public final String out;
    public final String err;

    private SuiteRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    public static Path projectRoot() {
        return Path.of(System.getProperty("project.root"));
    }

    /** {@code run-job} with the given folders; extra args are job parameters, flags or --spring settings. */
    public static SuiteRun job(Path state, Path out, String job, String... args) {
        provideAuditKey(state, args);
        List<String> all = new ArrayList<>(List.of("run-job", job));
        all.addAll(List.of(args));
        all.add("--governance.state=" + state);
        all.add("--governance.out=" + out);
        return main(all.toArray(String[]::new));
    }

    /** A fixed test audit key for retention (the operator provides one; enforce never makes it) unless the test names its own file. */
    public static final String TEST_AUDIT_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    static void provideAuditKey(Path state, String... args) {
        if (List.of(args).stream().anyMatch(a -> a.startsWith("--governance.retention.audit-key-file="))) return;
        try {
            Path key = state.resolve("audit.key");
            if (!java.nio.file.Files.exists(key)) {
                java.nio.file.Files.createDirectories(state);
                java.nio.file.Files.writeString(key, TEST_AUDIT_KEY + "\n");
            }
        } catch (java.io.IOException e) {
            // a state folder that cannot be written: the run itself reports it
        }
    }

    public static SuiteRun main(String... args) {
        System.setProperty("governance.home", projectRoot().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new SuiteRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
