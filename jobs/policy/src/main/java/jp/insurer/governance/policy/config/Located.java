package jp.insurer.governance.policy.config;

import java.util.function.Function;

/**
 * A field of a config file's spec record: its value (null when the file does not give it) and where it
 * was written, or for a missing field where it belongs. The rules checked after parsing report a
 * mistake at the very line and field, and {@link #required} reports a missing field exactly as
 * {@link YamlNode#required} does, at the point the rules need it.
 */
public record Located<T>(T value, Origin origin) {

    public static <T> Located<T> of(YamlNode node, T value) {
        return new Located<>(value, Origin.of(node));
    }

    /** The field {@code key} of a mapping, read by {@code parse} when given (not null). */
    public static <T> Located<T> field(YamlNode parent, String key, Function<YamlNode, T> parse) {
        return parent.optional(key)
                .map(node -> of(node, parse.apply(node)))
                .orElseGet(() -> new Located<>(null, parent.missing(key)));
    }

    public boolean isPresent() {
        return value != null;
    }

    /** The value; a missing one is the error {@code is required}, naming the mapping's line and the field. */
    public T required() {
        if (value == null) throw origin.error("is required");
        return value;
    }

    public T orElse(T fallback) {
        return value == null ? fallback : value;
    }

    public ConfigException error(String problem) {
        return origin.error(problem);
    }
}
