package jp.insurer.governance.policy.extract;

import java.nio.file.Path;
import jp.insurer.governance.policy.config.ConfigException;
import jp.insurer.governance.policy.config.YamlNode;

/**
 * Where a profile field was written, kept after loading so that checks made later (against the
 * catalog, at job start-up) still name file, line and field.
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
