package jp.insurer.governance.policy.anonymity;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compute half of k-anonymity (ARX style): one pass over the released records adds each
 * record's quasi-identifier tuple; memory grows with the number of distinct tuples (equivalence
 * classes), not with the rows. {@link KAnonymity} judges the result.
 *
 * <p>A class key is the tuple encoded as text, each value length-prefixed ({@code 3:F_1/4:東京都/…},
 * null as {@code -}), so no value can fake a separator. Not thread-safe: give each thread or partition
 * its own profile and {@link #merge} them.
 */
public final class EquivalenceClassProfile {

    private final List<String> quasiIdentifiers;
    private final Map<String, long[]> counts = new HashMap<>();
    private long records;

    public EquivalenceClassProfile(List<String> quasiIdentifiers) {
        this.quasiIdentifiers = List.copyOf(quasiIdentifiers);
    }

    public List<String> quasiIdentifiers() {
        return quasiIdentifiers;
    }

    /** Adds one released record's quasi-identifier values, in {@link #quasiIdentifiers()} order. */
    public void add(Object... values) {
        addKey(key(values), 1);
    }

    void addKey(String key, long n) {
        long[] c = counts.get(key);
        if (c == null) counts.put(key, new long[] {n});
        else c[0] += n;
        records += n;
    }

    /** Adds another profile's counts (partitions of one dataset). */
    public void merge(EquivalenceClassProfile other) {
        if (!other.quasiIdentifiers.equals(quasiIdentifiers)) {
            throw new IllegalArgumentException("profiles over different quasi-identifiers");
        }
        other.counts.forEach((k, c) -> addKey(k, c[0]));
    }

    /** The class key of a tuple; what {@link KAnonymity.Judgement#suppressed(Object...)} looks up. */
    public static String key(Object... values) {
        if (values.length == 1) return part(values[0]);
        String[] parts = new String[values.length];
        for (int i = 0; i < values.length; i++) parts[i] = part(values[i]);
        return String.join("", parts);
    }

    /**
     * One value's part of a class key ({@code 4:東京都/}, null as {@code -/}); a key is its values' parts
     * in order, so callers that meet the same values again may keep the parts and {@link #addKey} them.
     */
    public static String part(Object value) {
        if (value == null) return "-/";
        String text = value.toString();
        return text.length() + ":" + text + "/";
    }

    /** Adds one record by its class key: the {@link #part}s of its values, in order. */
    public void addKey(String key) {
        addKey(key, 1);
    }

    public long records() {
        return records;
    }

    public int classes() {
        return counts.size();
    }

    /** Size of the class of a tuple; 0 if no record had it. */
    public long count(Object... values) {
        long[] c = counts.get(key(values));
        return c == null ? 0 : c[0];
    }

    /** Class sizes by key (read-only view). */
    public Map<String, Long> classSizes() {
        Map<String, Long> out = new HashMap<>();
        counts.forEach((k, c) -> out.put(k, c[0]));
        return Collections.unmodifiableMap(out);
    }

    Map<String, long[]> raw() {
        return counts;
    }
}
