package jp.insurer.governance.sampledata;

import org.slf4j.LoggerFactory;

/**
 * The command runs without Spring, so nobody configures logging; Logback's default is DEBUG on the
 * console, and Hadoop and Parquet log every page they write at DEBUG. This raises those two libraries to
 * WARN when Logback is the binding (by reflection: Logback is a run-time dependency of the application,
 * not of this module). Other bindings are left alone.
 */
final class QuietLogs {

    /** Warns on every start that native Hadoop is missing; irrelevant for local files. */
    private static final String NATIVE_CODE_LOADER = "org.apache.hadoop.util.NativeCodeLoader";

    private QuietLogs() {}

    static void quietLibraries() {
        try {
            Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level");
            Object warn = levelClass.getField("WARN").get(null);
            Object error = levelClass.getField("ERROR").get(null);
            for (String name : new String[] {"org.apache.hadoop", "org.apache.parquet", NATIVE_CODE_LOADER}) {
                Object logger = LoggerFactory.getLogger(name);
                if (logger.getClass().getName().equals("ch.qos.logback.classic.Logger")) {
                    Object current = logger.getClass().getMethod("getLevel").invoke(logger);
                    if (current == null) { // not configured explicitly: do not override a user's choice
                        logger.getClass()
                                .getMethod("setLevel", levelClass)
                                .invoke(logger, name.equals(NATIVE_CODE_LOADER) ? error : warn);
                    }
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // Not Logback: nothing to do.
        }
    }
}
