package jp.insurer.governance.policy.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.transform.TextScrubber;
import jp.insurer.governance.policy.transform.Transform;

/**
 * The last line of defence before an extract is committed: runs the detectors over the released
 * string values and reports, per column, the first finding of a type that column may not hold — by
 * type and column name only, never the value or its position. Any leak fails the extract.
 *
 * <p>Pseudonyms ({@code p_} + 24 consonants) hold no digit, so no phone, card, account or My Number
 * detector can fire on them; generalized values are bands and prefecture names. Thread-safe; once a
 * column has a leak it is not scanned again.
 */
public final class LeakCheck {

    /** A column that holds data of a type it must not hold. */
    public record Leak(String column, String type) {}

    private final TextScanner scanner;
    private final Map<String, Set<String>> allowedTypes;
    private final Map<String, Leak> firstLeak = new ConcurrentHashMap<>();

    /**
     * @param allowedTypes entity types each column may hold (absent column: none)
     */
    public LeakCheck(TextScanner scanner, Map<String, Set<String>> allowedTypes) {
        this.scanner = scanner;
        Map<String, Set<String>> copy = new HashMap<>();
        allowedTypes.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        this.allowedTypes = Map.copyOf(copy);
    }

    /**
     * The check for one planned dataset: 機微情報 is allowed where the plan releases it (gated SENSITIVE
     * columns, and scrubbed text for a recipient eligible for 機微情報); nothing else anywhere.
     */
    public static LeakCheck forDataset(TextScanner scanner, ExtractPlan.Dataset plan, boolean sensitiveEligible) {
        Map<String, Set<String>> allowed = new HashMap<>();
        for (ExtractPlan.Column c : plan.released()) {
            boolean sensitive = c.gated() || c.classification().role() == Role.SENSITIVE
                    || (sensitiveEligible && c.transform() instanceof Transform.ScrubText);
            allowed.put(c.name(), sensitive ? Set.of(EntityTypes.SENSITIVE) : Set.of());
        }
        return new LeakCheck(scanner, allowed);
    }

    /** Scans one released value (only strings are scanned). */
    public void inspect(String column, Object value) {
        if (!(value instanceof String text) || text.isEmpty() || firstLeak.containsKey(column)) return;
        Set<String> allowed = allowedTypes.getOrDefault(column, Set.of());
        // Our own placeholders are not personal data, even where a detector reads one (＜氏名＞) as such.
        for (Finding f : TextScrubber.outsidePlaceholders(text, scanner.scan(text), false)) {
            if (!allowed.contains(f.type())) {
                firstLeak.putIfAbsent(column, new Leak(column, f.type()));
                return;
            }
        }
    }

    /** Scans every string of a released row. */
    public void inspect(List<String> columns, Object[] row) {
        for (int i = 0; i < row.length; i++) inspect(columns.get(i), row[i]);
    }

    /** The first leak of each column, by column name. */
    public List<Leak> leaks() {
        List<Leak> out = new ArrayList<>(firstLeak.values());
        out.sort(Comparator.comparing(Leak::column));
        return List.copyOf(out);
    }

    public boolean clean() {
        return firstLeak.isEmpty();
    }
}
