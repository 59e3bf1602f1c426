package jp.insurer.governance.policy.retention;

import java.nio.file.Path;
import java.util.Map;
import jp.insurer.governance.policy.config.ConfigException;

/**
 * Where a rule's fields were written, kept after loading so that a check made later (against the
 * inventory, at job start-up) can still name file, line and field.
 *
 * @param file  the config file
 * @param path  the rule's own field path, e.g. {@code rules[2]}
 * @param lines line of each field below the rule, by relative path ({@code dataset}, {@code columns[1]})
 */
public record ConfigPositions(Path file, String path, int line, Map<String, Integer> lines) {

    public ConfigPositions {
        lines = Map.copyOf(lines);
    }

    /** An error about one field of the rule; falls back to the rule's own line if the field is unknown. */
    public ConfigException error(String field, String problem) {
        return new ConfigException(file, lines.getOrDefault(field, line), path + "." + field, problem);
    }
}
