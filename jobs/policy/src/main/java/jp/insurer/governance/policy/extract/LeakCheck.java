package jp.insurer.governance.policy.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.detect.ValueText;
import jp.insurer.governance.policy.transform.Pseudonymizer;
import jp.insurer.governance.policy.transform.TextScrubber;
import jp.insurer.governance.policy.transform.Transform;

/**
 * The last line of defence before an extract is committed: runs the detectors over every released
 * value — strings, and numbers, decimals, dates and times as text ({@link ValueText}, with the
 * readings a number had before its leading zeros were lost, so a My Number or a phone number stored
 * as a number is caught) — and reports, per column, the first finding of a type that column may not
 * hold, by type and column name only, never the value or its position. Any leak fails the extract.
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
 * <p>{@value #RECORD_KEY}: a kept column is a key back to the person when its values each belong to
 * one owner — one customer (an identifier repeated on every row of a customer, such as a LINE id on
 * each policy) or, for records linked to nobody, one record (claim or note numbers). It is a leak,
 * whatever the classifier called the column, when at least 90 % of at least
 * {@value #RECORD_KEY_MIN_ROWS} values carry a value of a single owner, and there are at least
 * {@value #RECORD_KEY_MIN_VALUES} such values; only a pseudonym or a drop may release such a column.
 * The owner of each distinct value is tracked up to {@value #MEMO_LIMIT} values per column; a kept
 * column with more distinct values than that cannot be shown not to be a key, and is a leak too
 * (fail closed: generalize or drop it).
 * Thread-safe; once a column has a leak it is not scanned again.
 */
public final class LeakCheck {

    /** A column that holds data of a type it must not hold. */
    public record Leak(String column, String type) {}

    /** The leak type of a value in a pseudonymized column that is not a pseudonym. */
    public static final String NOT_A_PSEUDONYM = "NOT_A_PSEUDONYM";
    /** The leak type of a kept column that behaves like a key to a person or a record. */
    public static final String RECORD_KEY = "RECORD_KEY";
    /** The leak type of a binary value that is not text, so no detector can read it. */
    public static final String UNREADABLE = "UNREADABLE_BINARY";

    static final int RECORD_KEY_MIN_ROWS = 100;
    static final int RECORD_KEY_MIN_VALUES = 10;
    static final double RECORD_KEY_SHARE = 0.9;
    /** Distinct clean values remembered, and distinct kept values whose owner is tracked, per column. */
    static final int MEMO_LIMIT = 100_000;

    /** Who a kept value belongs to so far, and on how many rows it was released. */
    private static final class Owner {
        /** A customer key, a {@code Long} record token for unlinked records, or {@link #SHARED} (then final). */
        volatile Object who;
        /** Rows while not shared (a shared value's rows do not matter); written under the map's lock. */
        long rows;
    }

    private static final Object SHARED = new Object();

    /** What is known of one column: resolved once, so a cell costs one map lookup. */
    private static final class Column {
        final Set<String> allowed;
        final boolean pseudonyms;
        final boolean kept;
        final Set<String> clean = ConcurrentHashMap.newKeySet(); // remembered clean values, up to MEMO_LIMIT
        final LongAdder values = new LongAdder(); // kept only: released non-null values
        final ConcurrentHashMap<String, Owner> owners; // kept only: value -> owner, up to MEMO_LIMIT
        volatile boolean ownersOverflow;

        Column(Set<String> allowed, boolean pseudonyms, boolean kept) {
            this.allowed = Set.copyOf(allowed);
            this.pseudonyms = pseudonyms;
            this.kept = kept;
            this.owners = kept ? new ConcurrentHashMap<>() : null;
        }
    }

    private final TextScanner scanner;
    private final Map<String, Column> columns = new ConcurrentHashMap<>();
    private final Map<String, Leak> firstLeak = new ConcurrentHashMap<>();
    /** Owner tokens of records linked to no customer: each such record is its own owner. */
    private final AtomicLong records = new AtomicLong();

    /**
     * @param allowedTypes     entity types each column may hold (absent column: none)
     * @param pseudonymColumns columns that hold pseudonyms only
     * @param keptColumns      columns released as they are (checked for record keys)
     */
    public LeakCheck(
            TextScanner scanner,
            Map<String, Set<String>> allowedTypes,
            Set<String> pseudonymColumns,
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
            boolean sensitive = c.gated()
                    || c.classification().role() == Role.SENSITIVE
                    || (sensitiveEligible && c.transform() instanceof Transform.ScrubText);
            allowed.put(c.name(), sensitive ? Set.of(EntityTypes.SENSITIVE) : Set.of());
        }
        return new LeakCheck(scanner, allowed, pseudonyms, kept);
    }

    /** Scans one released value of any type, of a record linked to no customer. */
    public void inspect(String column, Object value) {
        inspect(column, value, null, null);
    }

    /**
     * @param customerKey normalized customer key of the record, null when it is linked to nobody
     * @param record      owner token of an unlinked record (one per row), null to draw a new one
     */
    private Long inspect(String column, Object value, String customerKey, Long record) {
        if (value == null || firstLeak.containsKey(column)) return record;
        // a column the plan did not describe may hold nothing personal at all
        Column c = columns.computeIfAbsent(column, name -> new Column(Set.of(), false, false));
        String text = ValueText.text(value);
        if (text == null) { // binary that is not text: nothing can show it is harmless
            firstLeak.putIfAbsent(column, new Leak(column, UNREADABLE));
            return record;
        }
        if (text.isEmpty()) return record;
        if (c.pseudonyms) {
            if (!Pseudonymizer.looksLikePseudonym(text))
                firstLeak.putIfAbsent(column, new Leak(column, NOT_A_PSEUDONYM));
            return record;
        }
        if (!c.clean.contains(text)) {
            for (String reading : ValueText.readings(value)) {
                // Our own placeholders are not personal data, even where a detector reads one (＜氏名＞) as such.
                for (Finding f : TextScrubber.outsidePlaceholders(reading, scanner.scan(reading), false)) {
                    if (!c.allowed.contains(f.type())) {
                        firstLeak.putIfAbsent(column, new Leak(column, f.type()));
                        return record;
                    }
                }
            }
            if (c.clean.size() < MEMO_LIMIT) c.clean.add(text);
        }
        if (c.kept) {
            Object owner = customerKey;
            if (owner == null) {
                if (record == null) record = records.incrementAndGet();
                owner = record;
            }
            // beyond what is tracked the column is a leak already: stop scanning it
            if (!own(c, text, owner)) firstLeak.putIfAbsent(column, new Leak(column, RECORD_KEY));
        }
        return record;
    }

    /** Records the value's owner; false once the column has more distinct values than are tracked. */
    private static boolean own(Column c, String text, Object owner) {
        c.values.increment();
        if (c.ownersOverflow) return false;
        // most kept cells are shared categories (genders, statuses): no lock for them
        Owner known = c.owners.get(text);
        if (known != null && known.who == SHARED) return true;
        if (c.owners.size() >= MEMO_LIMIT && !c.owners.containsKey(text)) {
            c.ownersOverflow = true;
            return false;
        }
        c.owners.compute(text, (k, o) -> {
            if (o == null) {
                o = new Owner();
                o.who = owner;
            } else if (o.who != SHARED && !o.who.equals(owner)) {
                o.who = SHARED;
            }
            if (o.who != SHARED) o.rows++;
            return o;
        });
        return true;
    }

    /** Scans every value of a released row of a record linked to no customer. */
    public void inspect(List<String> columns, Object[] row) {
        inspect(columns, row, null);
    }

    /**
     * Scans every value of a released row.
     *
     * @param customerKey the record's normalized customer key, null when it is linked to no customer
     */
    public void inspect(List<String> columns, Object[] row, String customerKey) {
        Long record = null;
        for (int i = 0; i < row.length; i++) record = inspect(columns.get(i), row[i], customerKey, record);
    }

    /** The first leak of each column, by column name. */
    public List<Leak> leaks() {
        Map<String, Leak> all = new HashMap<>(firstLeak);
        columns.forEach((name, c) -> {
            if (c.kept && keyLike(c)) all.putIfAbsent(name, new Leak(name, RECORD_KEY));
        });
        List<Leak> out = new ArrayList<>(all.values());
        out.sort(Comparator.comparing(Leak::column));
        return List.copyOf(out);
    }

    /** Whether nearly every released value of a kept column belongs to one customer or one record. */
    private static boolean keyLike(Column c) {
        long n = c.values.sum();
        if (n < RECORD_KEY_MIN_ROWS) return false;
        if (c.ownersOverflow) return true;
        long singleRows = 0;
        long singleValues = 0;
        for (Owner o : c.owners.values()) {
            if (o.who != SHARED) {
                singleRows += o.rows;
                singleValues++;
            }
        }
        return singleValues >= RECORD_KEY_MIN_VALUES && singleRows >= RECORD_KEY_SHARE * n;
    }

    /** Call once the dataset's rows have all been inspected. */
    public boolean clean() {
        return leaks().isEmpty();
    }
}
