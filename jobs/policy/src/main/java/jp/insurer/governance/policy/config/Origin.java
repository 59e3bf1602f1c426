package jp.insurer.governance.policy.config;

import java.nio.file.Path;

/**
 * Where a config field was written, kept after parsing so that the rules checked later (across
 * fields and files, against the catalog at job start-up) still name file, line and field.
 */
public record Origin(Path file, int line, String field) {

    public static Origin of(YamlNode node) {
        return new Origin(node.file(), node.line(), node.path());
    }

    public ConfigException error(String problem) {
        return new ConfigException(file, line, field, problem);
    }

    @Override
    public String toString() {
        return (file == null ? "<config>" : file.getFileName().toString()) + ":" + line + " " + field;
    }
}
