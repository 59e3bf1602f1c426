package jp.insurer.governance.policy.detect;

import java.nio.file.Path;

/** The scanner built from the repository's own config/, shared by the tests (it is immutable). */
public final class TestScanners {

    private static TextScanner scanner;

    private TestScanners() {}

    public static Path configDir() {
        String root = System.getProperty("project.root");
        Path base = root == null ? Path.of("../..") : Path.of(root);
        return base.resolve("config").toAbsolutePath().normalize();
    }

    public static synchronized TextScanner project() {
        if (scanner == null) scanner = TextScanner.fromConfig(configDir());
        return scanner;
    }
}
