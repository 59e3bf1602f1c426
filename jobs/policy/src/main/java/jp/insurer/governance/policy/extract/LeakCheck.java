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

    /** What is known of one column: resolved once, so a cell costs one map lookup. */
    private static final class Column {
        final Set<String> allowed;
        final boolean pseudonyms;
        final boolean kept;
        final Set<String> clean = ConcurrentHashMap.newKeySet(); // remembered clean values, up to MEMO_LIMIT
        final java.util.concurrent.atomic.LongAdder values = new java.util.concurrent.atomic.LongAdder(); // kept only

        Column(Set<String> allowed, boolean pseudonyms, boolean kept) {
            this.allowed = Set.copyOf(allowed);
            this.pseudonyms = pseudonyms;
            this.kept = kept;
        }
    }

    private final TextScanner scanner;
    private final Map<String, Column> columns = new ConcurrentHashMap<>();
    private final Map<String, Leak> firstLeak = new ConcurrentHashMap<>();

    /**
     * @param allowedTypes     entity types each column may hold (absent column: none)
     * @param pseudonymColumns columns that hold pseudonyms only
     * @param keptColumns      columns released as they are (checked for record keys)
     */
    public LeakCheck(TextScanner scanner, Map<String, Set<String>> allowedTypes, Set<String> pseudonymColumns,
                     Set<String> keptColumns) {
        this.scanner = scanner;
        allowedTypes.forEach((name, types) ->
                columns.put(name, new Column(types, pseudonymColumns.contains(name), keptColumns.contains(name))));
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
        // a column the plan did not describe may hold nothing personal at all
        Column c = columns.computeIfAbsent(column, name -> new Column(Set.of(), false, false));
        if (c.pseudonyms) {
            if (!Pseudonymizer.looksLikePseudonym(text)) firstLeak.putIfAbsent(column, new Leak(column, NOT_A_PSEUDONYM));
            return;
        }
        if (c.kept) c.values.increment();
        if (c.clean.contains(text)) return;
        // Our own placeholders are not personal data, even where a detector reads one (＜氏名＞) as such.
        for (Finding f : TextScrubber.outsidePlaceholders(text, scanner.scan(text), false)) {
            if (!c.allowed.contains(f.type())) {
                firstLeak.putIfAbsent(column, new Leak(column, f.type()));
                return;
            }
        }
        if (c.clean.size() < MEMO_LIMIT) c.clean.add(text);
    }

    /** Scans every string of a released row. */
    public void inspect(List<String> columns, Object[] row) {
        for (int i = 0; i < row.length; i++) inspect(columns.get(i), row[i]);
    }

    /** The first leak of each column, by column name. */
    public List<Leak> leaks() {
        Map<String, Leak> all = new HashMap<>(firstLeak);
        columns.forEach((name, c) -> {
            long n = c.values.sum();
            int distinct = c.clean.size();
            if (c.kept && n >= RECORD_KEY_MIN_ROWS && (distinct >= MEMO_LIMIT || distinct >= 0.9 * n)) {
                all.putIfAbsent(name, new Leak(name, RECORD_KEY));
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
