package jp.insurer.governance.policy.extract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import jp.insurer.governance.policy.classify.Role;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.TextScanner;
import jp.insurer.governance.policy.detect.ValueText;
import jp.insurer.governance.policy.hash.Sha256;
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
 *
 * <p>When one dataset's rows are checked in slices (other threads' or other JVMs' checks), every
 * detector verdict holds per slice ({@link #sliceLeaks}), but whether a value belongs to one owner
 * needs every slice: each exports {@link #recordKeys} and {@link #recordKeyLeaks} judges them merged.
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
    /** Distinct kept values whose owner is tracked per column ({@value #MEMO_LIMIT}; smaller in tests). */
    private final int ownerLimit;

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
        this(scanner, allowedTypes, pseudonymColumns, keptColumns, MEMO_LIMIT);
    }

    /** With another limit of tracked owners, so tests can overflow it without 100,000 values. */
    LeakCheck(
            TextScanner scanner,
            Map<String, Set<String>> allowedTypes,
            Set<String> pseudonymColumns,
            Set<String> keptColumns,
            int ownerLimit) {
        this.scanner = scanner;
        this.ownerLimit = ownerLimit;
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
    private boolean own(Column c, String text, Object owner) {
        c.values.increment();
        if (c.ownersOverflow) return false;
        // most kept cells are shared categories (genders, statuses): no lock for them
        Owner known = c.owners.get(text);
        if (known != null && known.who == SHARED) return true;
        if (c.owners.size() >= ownerLimit && !c.owners.containsKey(text)) {
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

    /**
     * The first leak of each column found by this check alone: every detector's, and a kept column
     * with more distinct values than are tracked — without the record-key judgement of {@link #leaks},
     * which needs every slice of the dataset ({@link #recordKeyLeaks}).
     */
    public List<Leak> sliceLeaks() {
        List<Leak> out = new ArrayList<>(firstLeak.values());
        out.sort(Comparator.comparing(Leak::column));
        return List.copyOf(out);
    }

    /** Whether nearly every released value of a kept column belongs to one customer or one record. */
    private static boolean keyLike(Column c) {
        long singleRows = 0;
        long singleValues = 0;
        for (Owner o : c.owners.values()) {
            if (o.who != SHARED) {
                singleRows += o.rows;
                singleValues++;
            }
        }
        return keyLike(c.values.sum(), c.ownersOverflow, singleValues, singleRows);
    }

    private static boolean keyLike(long values, boolean overflow, long singleValues, long singleRows) {
        if (values < RECORD_KEY_MIN_ROWS) return false;
        if (overflow) return true;
        return singleValues >= RECORD_KEY_MIN_VALUES && singleRows >= RECORD_KEY_SHARE * values;
    }

    /**
     * The record-key state of one slice's kept columns, to be judged with the other slices' ({@link
     * #recordKeyLeaks}); plain records of strings, longs, booleans and maps, so it travels as JSON.
     * Values appear only as digests and owners only as 64-bit hashes: the state holds no released
     * value and no customer key.
     *
     * @param slice      the slice that made it (its unlinked records' owner tokens are its own)
     * @param ownerLimit distinct values whose owner is tracked per column ({@value #MEMO_LIMIT})
     * @param columns    kept column name → its state
     */
    public record RecordKeys(int slice, int ownerLimit, Map<String, KeptColumn> columns) {
        public RecordKeys {
            columns = Collections.unmodifiableSortedMap(new TreeMap<>(columns));
        }

        /**
         * @param values   released values counted (non-null, non-empty)
         * @param overflow whether more distinct values came than are tracked (then {@code owners} is empty:
         *                 the column is a leak whatever they were)
         * @param owners   each tracked value's digest (base64url of the first 128 bits of its SHA-256)
         *                 → its owner
         */
        public record KeptColumn(long values, boolean overflow, Map<String, ValueOwner> owners) {
            public KeptColumn {
                owners = Collections.unmodifiableSortedMap(new TreeMap<>(owners));
            }
        }

        /**
         * @param owner  {@link PersonLattice#personHash} of the value's customer, or a token of a record
         *               linked to no customer, unique to the check and slice; 0 when shared
         * @param shared whether the value was released for more than one owner
         * @param rows   rows released with the value while it had one owner (0 when shared)
         */
        public record ValueOwner(long owner, boolean shared, long rows) {
            static final ValueOwner SHARED = new ValueOwner(0, true, 0);
        }
    }

    /**
     * The record-key state of the kept columns so far, to judge with other slices' ({@link
     * #recordKeyLeaks}). Owners are 64-bit: a customer's {@link PersonLattice#personHash} (never the key
     * itself), or for a record with no customer a token unique to this check and {@code slice} (so two
     * slices' records never look like one owner).
     *
     * @param slice 0 to 2<sup>23</sup> - 1, distinct per slice of the dataset
     */
    public RecordKeys recordKeys(int slice) {
        if (slice < 0 || slice >= 1 << 23) throw new IllegalArgumentException("slice " + slice + " is out of range");
        Map<String, RecordKeys.KeptColumn> out = new HashMap<>();
        columns.forEach((name, c) -> {
            if (!c.kept) return;
            Map<String, RecordKeys.ValueOwner> owners = new HashMap<>();
            boolean overflow = c.ownersOverflow;
            if (!overflow) {
                c.owners.forEach((text, o) -> {
                    Object who = o.who;
                    owners.put(
                            digest(text),
                            who == SHARED
                                    ? RecordKeys.ValueOwner.SHARED
                                    : new RecordKeys.ValueOwner(owner(who, slice), false, o.rows));
                });
            }
            out.put(name, new RecordKeys.KeptColumn(c.values.sum(), overflow, owners));
        });
        return new RecordKeys(slice, ownerLimit, out);
    }

    /** A customer's person hash, or a record token: (slice, record) mixed, which is one-to-one. */
    private static long owner(Object who, int slice) {
        if (who instanceof String customerKey) return PersonLattice.personHash(customerKey);
        return PersonLattice.mix(RECORD_TOKEN ^ ((long) slice << 40 | (Long) who));
    }

    private static final long RECORD_TOKEN = 0xbb67ae8584caa73bL;

    /**
     * A value as it travels between slices: 128 bits of its SHA-256 (no released value leaves the
     * check; two values meet in it with probability about 2<sup>-128</sup>).
     */
    private static String digest(String text) {
        byte[] sha = Sha256.of(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 16));
    }

    /**
     * The {@value #RECORD_KEY} leaks over the union of the parts: exactly what one check that inspected
     * every part's rows would report as {@value #RECORD_KEY} from its owner judgement (same thresholds;
     * more distinct tracked values over all parts than the limit is an overflow, a leak), sorted by
     * column.
     *
     * @throws IllegalArgumentException when two parts come from one slice or track different limits
     */
    public static List<Leak> recordKeyLeaks(List<RecordKeys> parts) {
        Set<Integer> slices = new java.util.HashSet<>();
        Map<String, List<RecordKeys.KeptColumn>> byColumn = new TreeMap<>();
        for (RecordKeys part : parts) {
            if (!slices.add(part.slice()))
                throw new IllegalArgumentException("two record-key states of slice " + part.slice());
            if (part.ownerLimit() != parts.get(0).ownerLimit())
                throw new IllegalArgumentException("record-key states tracking different numbers of values");
            part.columns()
                    .forEach((name, column) -> byColumn.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(column));
        }
        List<Leak> out = new ArrayList<>();
        byColumn.forEach((name, columnParts) -> {
            if (keyLike(columnParts, parts.get(0).ownerLimit())) out.add(new Leak(name, RECORD_KEY));
        });
        return List.copyOf(out);
    }

    /** One column's parts merged: a value of one owner in every part that has it keeps it, else shared. */
    private static boolean keyLike(List<RecordKeys.KeptColumn> columnParts, int ownerLimit) {
        long values = 0;
        boolean overflow = false;
        Map<String, RecordKeys.ValueOwner> owners = new HashMap<>();
        for (RecordKeys.KeptColumn part : columnParts) {
            values += part.values();
            overflow |= part.overflow();
            for (var e : part.owners().entrySet()) {
                if (overflow) break;
                owners.merge(
                        e.getKey(),
                        e.getValue(),
                        (a, b) -> a.shared() || b.shared() || a.owner() != b.owner()
                                ? RecordKeys.ValueOwner.SHARED
                                : new RecordKeys.ValueOwner(a.owner(), false, a.rows() + b.rows()));
                overflow = owners.size() > ownerLimit;
            }
        }
        if (overflow) return true; // one check would have stopped tracking, and reported the column
        long singleRows = 0;
        long singleValues = 0;
        for (RecordKeys.ValueOwner o : owners.values()) {
            if (!o.shared()) {
                singleRows += o.rows();
                singleValues++;
            }
        }
        return keyLike(values, false, singleValues, singleRows);
    }

    /** Call once the dataset's rows have all been inspected. */
    public boolean clean() {
        return leaks().isEmpty();
    }
}
