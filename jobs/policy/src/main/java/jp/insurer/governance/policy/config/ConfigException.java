package jp.insurer.governance.policy.config;

import java.nio.file.Path;

/**
 * A policy or configuration file that cannot be used. The message always names the file, the line
 * (when known) and the field, so an officer editing YAML can find the mistake without a stack trace.
 */
public final class ConfigException extends RuntimeException {

    private final transient Path file;
    private final int line;
    private final String field;
    private final String problem;

    public ConfigException(Path file, int line, String field, String problem) {
        super(format(file, line, field, problem));
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }

    private static String format(Path file, int line, String field, String problem) {
        StringBuilder s = new StringBuilder(file == null ? "<config>" : file.toString());
        if (line > 0) s.append(':').append(line);
        s.append(": ");
        if (field != null && !field.isEmpty()) s.append("field '").append(field).append("': ");
        return s.append(problem).toString();
    }
}
