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
import jp.insurer.governance.policy.transform.Pseudonymizer;
import jp.insurer.governance.policy.transform.TextScrubber;
import jp.insurer.governance.policy.transform.Transform;

/**
 * The last line of defence before an extract is committed: runs the detectors over the released
 * string values and reports, per column, the first finding of a type that column may not hold — by
 * type and column name only, never the value or its position. Any leak fails the extract.
 *
 * <p>Two shortcuts keep this pass cheap without weakening it:
 * <ul>
 *   <li>a pseudonymized column is checked by shape instead: every value must be exactly {@code p_} +
 *       24 of 16 consonants ({@link Pseudonymizer#looksLikePseudonym}) — no digit, vowel, kana or kanji,
 *       so no detector could fire — and anything else is a leak of type {@value #NOT_A_PSEUDONYM};</li>
 *   <li>the detectors' verdict on a value depends on the value alone, so the first
 *       {@value #MEMO_LIMIT} distinct values of each column are remembered: bands, prefectures, codes
 *       and statuses are scanned once per extract, not once per row. Free text rarely repeats and
 *       is scanned row by row.</li>
 * </ul>
 * A kept text column whose values are nearly all distinct ({@value #RECORD_KEY}: at least 90 % of at
 * least {@value #RECORD_KEY_MIN_ROWS} values) is a leak too: whatever the classifier called it, a value
 * unique to a record is a key back to it (claim or note numbers, internal ids), which only a pseudonym
 * or a drop may release.
 * Thread-safe; once a column has a leak it is not scanned again.
 */
public final class LeakCheck {

    /** A column that holds data of a type it must not hold. */
    public record Leak(String column, String type) {}

    /** The leak type of a value in a pseudonymized column that is not a pseudonym. */
    public static final String NOT_A_PSEUDONYM = "NOT_A_PSEUDONYM";
    /** The leak type of a kept column that behaves like a record key. */
    public static final String RECORD_KEY = "RECORD_KEY";
    static final int RECORD_KEY_MIN_ROWS = 100;
    /** Distinct clean values remembered per column. */
    static final int MEMO_LIMIT = 100_000;

    private final TextScanner scanner;
    private final Map<String, Set<String>> allowedTypes;
    private final Set<String> pseudonymColumns;
    private final Set<String> keptColumns;
    private final Map<String, java.util.concurrent.atomic.LongAdder> keptValues = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> cleanValues = new ConcurrentHashMap<>();
    private final Map<String, Leak> firstLeak = new ConcurrentHashMap<>();

    /**
     * @param allowedTypes     entity types each column may hold (absent column: none)
     * @param pseudonymColumns columns that hold pseudonyms only
     * @param keptColumns      columns released as they are (checked for record keys)
     */
    public LeakCheck(TextScanner scanner, Map<String, Set<String>> allowedTypes, Set<String> pseudonymColumns,
                     Set<String> keptColumns) {
        this.scanner = scanner;
        Map<String, Set<String>> copy = new HashMap<>();
        allowedTypes.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        this.allowedTypes = Map.copyOf(copy);
        this.pseudonymColumns = Set.copyOf(pseudonymColumns);
        this.keptColumns = Set.copyOf(keptColumns);
    }

    public LeakCheck(TextScanner scanner, Map<String, Set<String>> allowedTypes) {
        this(scanner, allowedTypes, Set.of(), Set.of());
    }

    /**
     * The check for one planned dataset: 機微情報 is allowed where the plan releases it (gated SENSITIVE
     * columns, and scrubbed text for a recipient eligible for 機微情報); nothing else anywhere.
     */
    public static LeakCheck forDataset(TextScanner scanner, ExtractPlan.Dataset plan, boolean sensitiveEligible) {
        Map<String, Set<String>> allowed = new HashMap<>();
        Set<String> pseudonyms = new java.util.HashSet<>();
        Set<String> kept = new java.util.HashSet<>();
        for (ExtractPlan.Column c : plan.released()) {
            if (c.transform() instanceof Transform.Pseudonymize) pseudonyms.add(c.name());
            if (c.transform() instanceof Transform.Keep) kept.add(c.name());
            boolean sensitive = c.gated() || c.classification().role() == Role.SENSITIVE
                    || (sensitiveEligible && c.transform() instanceof Transform.ScrubText);
            allowed.put(c.name(), sensitive ? Set.of(EntityTypes.SENSITIVE) : Set.of());
        }
        return new LeakCheck(scanner, allowed, pseudonyms, kept);
    }

    /** Scans one released value (only strings are scanned). */
    public void inspect(String column, Object value) {
        if (!(value instanceof String text) || text.isEmpty() || firstLeak.containsKey(column)) return;
        if (pseudonymColumns.contains(column)) {
            if (!Pseudonymizer.looksLikePseudonym(text)) firstLeak.putIfAbsent(column, new Leak(column, NOT_A_PSEUDONYM));
            return;
        }
        if (keptColumns.contains(column)) keptValues.computeIfAbsent(column, c -> new java.util.concurrent.atomic.LongAdder()).increment();
        Set<String> memo = cleanValues.computeIfAbsent(column, c -> ConcurrentHashMap.newKeySet());
        if (memo.contains(text)) return;
        Set<String> allowed = allowedTypes.getOrDefault(column, Set.of());
        // Our own placeholders are not personal data, even where a detector reads one (＜氏名＞) as such.
        for (Finding f : TextScrubber.outsidePlaceholders(text, scanner.scan(text), false)) {
            if (!allowed.contains(f.type())) {
                firstLeak.putIfAbsent(column, new Leak(column, f.type()));
                return;
            }
        }
        if (memo.size() < MEMO_LIMIT) memo.add(text);
    }

    /** Scans every string of a released row. */
    public void inspect(List<String> columns, Object[] row) {
        for (int i = 0; i < row.length; i++) inspect(columns.get(i), row[i]);
    }

    /** The first leak of each column, by column name. */
    public List<Leak> leaks() {
        Map<String, Leak> all = new HashMap<>(firstLeak);
        keptValues.forEach((column, values) -> {
            long n = values.sum();
            int distinct = cleanValues.getOrDefault(column, Set.of()).size();
            if (n >= RECORD_KEY_MIN_ROWS && (distinct >= MEMO_LIMIT || distinct >= 0.9 * n)) {
                all.putIfAbsent(column, new Leak(column, RECORD_KEY));
            }
        });
        List<Leak> out = new ArrayList<>(all.values());
        out.sort(Comparator.comparing(Leak::column));
        return List.copyOf(out);
    }

    /** Call once the dataset's rows have all been inspected. */
    public boolean clean() {
        return leaks().isEmpty();
    }
}
