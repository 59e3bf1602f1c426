package jp.insurer.governance.policy.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.insurer.governance.policy.consent.CustomerKey;

/**
 * Every customer's own identifiers, as 56-bit hashes of their normalized forms
 * ({@link OwnIdentifierText}, {@link OwnIdentifierForms}), for the second leak check: does a released
 * cell contain <em>its own customer's</em> name, phone, birth date, address, e-mail or ids in any
 * spelling? No plaintext is kept.
 *
 * <p>Memory: per customer one {@code long[]} — the set of identifier lengths as a bit mask, then the
 * sorted hashes, each carrying in its low byte the kind (type and source column) it came from — and
 * one slot of an open-addressing table (a 64-bit key hash and a reference, at most 70 % full). With
 * {@code n} forms a customer costs about {@code 16 + 8 (n + 1) + 1.43 × (8 + 4)} bytes: ~250 bytes
 * for the ~25 forms of a sample customer, ~250 MB for a million ({@link #bytes()} counts them).
 *
 * <p>A lookup normalizes the cell once, builds prefix hashes, and for each length the customer's
 * identifiers have, probes every window of the cell by binary search in that customer's array:
 * O(cell length × distinct lengths × log n). Immutable once built; lookups are thread-safe.
 *
 * <p>{@link #builder(java.nio.file.Path)} builds the same index on disk instead ({@link OwnIdentifierPages}):
 * heap then no longer grows with the customers but for the pages' sparse index (16 bytes per 8 KiB page,
 * ~2 MB per GB of index), see there. {@link #close()} deletes its files; the in-heap index has none.
 */
public final class OwnIdentifierIndex implements java.io.Closeable {

    /** Longest normalized form hashed; longer forms are hashed by their first this many characters. */
    public static final int MAX_LENGTH = 64;

    /** Where an identifier form came from: its type, the dataset column, and whether it needs an honorific next to it. */
    public record Kind(String type, String source, boolean needsHonorific) {}

    /** One hit in a cell: the kind and the span in the original text. */
    public record Match(Kind kind, int start, int end) {}

    private final long[] keys; // customer key hashes, 0 = empty slot; null when on disk
    private final long[][] values; // [length mask, sorted form hashes…]
    private final OwnIdentifierPages pages; // null when in heap
    private final List<Kind> kinds;
    private final int customers;

    private OwnIdentifierIndex(long[] keys, long[][] values, List<Kind> kinds, int customers) {
        this.keys = keys;
        this.values = values;
        this.pages = null;
        this.kinds = List.copyOf(kinds);
        this.customers = customers;
    }

    private OwnIdentifierIndex(OwnIdentifierPages pages, List<Kind> kinds) {
        this.keys = null;
        this.values = null;
        this.pages = pages;
        this.kinds = List.copyOf(kinds);
        this.customers = (int) Math.min(Integer.MAX_VALUE, pages.customers());
    }

    /** The kinds, by the number in a form hash's low byte. */
    List<Kind> kinds() {
        return kinds;
    }

    public int customers() {
        return customers;
    }

    /**
     * Bytes the index holds in the heap (object headers included, compressed references assumed): on disk,
     * the sparse page index and a full page cache.
     */
    public long bytes() {
        if (pages != null) return pages.heapBytes();
        long total = 16 + 8L * keys.length + 16 + 4L * values.length;
        for (long[] v : values) if (v != null) total += 16 + 8L * v.length;
        return total;
    }

    /** Number of identifier forms held, over all customers. */
    public long forms() {
        if (pages != null) return pages.forms();
        long n = 0;
        for (long[] v : values) if (v != null) n += v.length - 1;
        return n;
    }

    /** Bytes of the index's file on disk; 0 in heap. */
    public long fileBytes() {
        return pages == null ? 0 : pages.fileBytes();
    }

    /** Deletes the on-disk index's files (lookups fail afterwards); nothing for the in-heap index. */
    @Override
    public void close() throws java.io.IOException {
        if (pages != null) pages.close();
    }

    // ---------------------------------------------------------------- hashing

    private static final long M61 = (1L << 61) - 1;
    private static final long BASE = 0x1F3D5B79A2C4E68L % M61;
    private static final long[] POW = new long[MAX_LENGTH + 1];

    static {
        POW[0] = 1;
        for (int i = 1; i <= MAX_LENGTH; i++) POW[i] = mulMod(POW[i - 1], BASE);
    }

    private static long mulMod(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        long r = (lo & M61) + ((lo >>> 61) | (hi << 3));
        r = (r & M61) + (r >>> 61);
        return r >= M61 ? r - M61 : r;
    }

    private static long addMod(long a, long b) {
        long r = a + b;
        return r >= M61 ? r - M61 : r;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The 56-bit form hash (low byte zero) of a window's polynomial hash. */
    private static long formHash(long polynomial, int length) {
        return mix(polynomial + 0x9E3779B97F4A7C15L * length) & ~0xFFL;
    }

    private static long[] prefixHashes(char[] chars, int length) {
        long[] prefix = new long[length + 1];
        for (int i = 0; i < length; i++) prefix[i + 1] = addMod(mulMod(prefix[i], BASE), chars[i] + 1L);
        return prefix;
    }

    private static long window(long[] prefix, int start, int length) {
        long h = prefix[start + length] - mulMod(prefix[start], POW[length]);
        return h < 0 ? h + M61 : h;
    }

    /** The table key of a customer: 64 bits of its normalized key, never 0. */
    static long customerHash(String normalizedKey) {
        long h = 0x243F6A8885A308D3L;
        for (int i = 0; i < normalizedKey.length(); i++) h = mix(h ^ normalizedKey.charAt(i)) + i;
        return h == 0 ? 1 : h;
    }

    private int slot(long hash) {
        int mask = keys.length - 1;
        for (int i = (int) mix(hash) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == hash) return i;
            if (keys[i] == 0) return -1;
        }
    }

    // ---------------------------------------------------------------- lookup

    /** One customer's identifiers, looked up once per row. */
    public static final class Customer {
        private final long[] identifiers;

        private Customer(long[] identifiers) {
            this.identifiers = identifiers;
        }

        /** [length mask, sorted form hashes with kinds…], for tests comparing stores. */
        long[] identifiers() {
            return identifiers.clone();
        }
    }

    /**
     * The customer's identifiers (raw key, normalized with {@link CustomerKey#DEFAULT}), or null when
     * the index holds none for it.
     */
    public Customer customer(Object customerKey) {
        if (customerKey == null) return null;
        String key = CustomerKey.DEFAULT.normalizeValue(customerKey);
        if (key == null) return null;
        long hash = customerHash(key);
        if (pages != null) {
            long[] identifiers = pages.identifiers(hash);
            return identifiers == null ? null : new Customer(identifiers);
        }
        int s = slot(hash);
        return s < 0 ? null : new Customer(values[s]);
    }

    /** {@link #find(Customer, String)} by raw customer key. */
    public List<Match> find(Object customerKey, String text) {
        return find(customer(customerKey), text);
    }

    /**
     * The customer's own identifiers in {@code text}, in text order (possibly overlapping); empty when
     * none or when the customer is unknown (null).
     */
    public List<Match> find(Customer customer, String text) {
        if (customer == null || text == null || text.isEmpty()) return List.of();
        long[] own = customer.identifiers;
        OwnIdentifierText.Normalized n = OwnIdentifierText.normalize(text);
        if (n.length() == 0) return List.of();
        long[] prefix = prefixHashes(n.chars(), n.length());
        long lengths = own[0];
        List<Match> out = null;
        for (int length = 1; length <= Math.min(MAX_LENGTH, n.length()); length++) {
            if ((lengths & (1L << (length - 1))) == 0) continue;
            for (int start = 0; start + length <= n.length(); start++) {
                long h = formHash(window(prefix, start, length), length);
                int at = lowerBound(own, h);
                while (at < own.length && (own[at] & ~0xFFL) == h) {
                    Kind kind = kinds.get((int) (own[at] & 0xFF));
                    if (!kind.needsHonorific() || OwnIdentifierForms.honorificAround(n, start, length)) {
                        if (out == null) out = new ArrayList<>();
                        out.add(new Match(kind, n.from()[start], n.to()[start + length - 1]));
                        break;
                    }
                    at++;
                }
            }
        }
        if (out == null) return List.of();
        out.sort((a, b) ->
                a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
        return out;
    }

    /** First index in own[1..] whose value is ≥ key (signed order, as sorted). */
    private static int lowerBound(long[] own, long key) {
        int lo = 1;
        int hi = own.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (own[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // ---------------------------------------------------------------- building

    /**
     * One run of {@link Builder#writeRun} to merge: its label as written, its length as its store reports it,
     * and how to read it.
     *
     * @param name errors name the run by it (a path)
     */
    public record Run(String name, String label, long bytes, Opener opener) {}

    /** Opens a run's bytes. */
    public interface Opener {
        java.io.InputStream open() throws java.io.IOException;
    }

    /**
     * The on-disk index of {@code runs} merged into {@code folder} (as {@link #builder(java.nio.file.Path)}'s):
     * the same lookups as one builder fed the runs' forms in run order. Every run is checked whole (label,
     * length, order, CRC-32C) before the index is returned: a run cut short or changed is an error, never a
     * customer missing from the index.
     */
    public static OwnIdentifierIndex merge(java.nio.file.Path folder, List<Run> runs) throws java.io.IOException {
        List<OwnIdentifierRuns.Reader> readers = new ArrayList<>();
        try {
            for (Run r : runs)
                readers.add(new OwnIdentifierRuns.Reader(r.name(), r.label(), r.bytes(), r.opener()::open));
            List<Kind> kinds = OwnIdentifierRuns.mergeKinds(readers);
            OwnIdentifierPages pages = OwnIdentifierPages.merge(folder, readers.toArray(new LongFiles.Cursor[0]));
            return new OwnIdentifierIndex(pages, kinds);
        } finally {
            for (OwnIdentifierRuns.Reader r : readers) r.close();
        }
    }

    public static Builder builder() {
        return new Builder(null, 0);
    }

    /**
     * A builder that writes the index into {@code folder} (which must exist; owner-only is the caller's
     * choice of folder, files are created owner-only where POSIX allows): heap held while building is the
     * spill buffer, {@value #SPILL_LONGS} longs (32 MB) twice over for the stable sort.
     */
    public static Builder builder(java.nio.file.Path folder) {
        return new Builder(folder, SPILL_LONGS);
    }

    /** {@link #builder(java.nio.file.Path)} with a given spill buffer (tests: many runs from few forms). */
    static Builder builder(java.nio.file.Path folder, int spillLongs) {
        return new Builder(folder, spillLongs);
    }

    /** Longs of the on-disk builder's buffer of (customer hash, form hash) pairs before a run is spilled. */
    static final int SPILL_LONGS = 1 << 22;

    /**
     * Collects forms customer by customer, in any order of customers and columns. Not thread-safe:
     * one loader feeds it.
     */
    public static final class Builder {
        private long[] keys = new long[1024];
        private long[][] values = new long[1024][]; // while building: [length mask, count, hashes…]
        private int size;
        private final List<Kind> kinds = new ArrayList<>();
        private final java.util.Map<Kind, Integer> kindIndex = new java.util.HashMap<>();
        private String lastRawKey;
        private long lastHash;
        private final OwnIdentifierPages.Writer disk; // null: in heap

        private Builder(java.nio.file.Path folder, int spillLongs) {
            disk = folder == null ? null : new OwnIdentifierPages.Writer(folder, spillLongs);
        }

        /**
         * Adds the forms of one identifier value of a customer.
         *
         * @param type   the identifier's type (PERSON_NAME, PHONE_NUMBER, DATE_OF_BIRTH, ADDRESS, …)
         * @param source where it came from, {@code dataset.column} (named in failures, never the value)
         * @param value  a string, number or date; null adds nothing
         * @return the number of forms added
         */
        public int add(Object customerKey, String type, String source, Object value) {
            if (customerKey == null || value == null) return 0;
            List<OwnIdentifierForms.Form> forms = OwnIdentifierForms.of(type, value);
            if (forms.isEmpty()) return 0;
            String raw = CustomerKey.text(customerKey);
            if (!raw.equals(lastRawKey)) { // a row's columns come one after another: normalize its key once
                String key = CustomerKey.DEFAULT.normalize(raw);
                if (key == null) return 0;
                lastRawKey = raw;
                lastHash = customerHash(key);
            }
            if (disk != null) {
                try {
                    for (OwnIdentifierForms.Form f : forms) {
                        String form = f.text().length() > MAX_LENGTH ? f.text().substring(0, MAX_LENGTH) : f.text();
                        disk.add(
                                lastHash,
                                hashOf(form) | kind(new Kind(type, source, f.needsHonorific())),
                                form.length());
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return forms.size();
            }
            int at = slotFor(lastHash);
            for (OwnIdentifierForms.Form f : forms)
                addForm(at, f.text(), kind(new Kind(type, source, f.needsHonorific())));
            return forms.size();
        }

        private static long hashOf(String form) {
            char[] chars = form.toCharArray();
            return formHash(window(prefixHashes(chars, chars.length), 0, chars.length), chars.length);
        }

        private int kind(Kind kind) {
            Integer i = kindIndex.get(kind);
            if (i != null) return i;
            if (kinds.size() == 256) {
                // more than 256 (type, column) pairs: name the type only
                i = kindIndex.get(new Kind(kind.type(), "", kind.needsHonorific()));
                if (i != null) return i;
                throw new IllegalStateException(
                        "more than 256 kinds of own identifiers; configure fewer source columns");
            }
            kinds.add(kind);
            kindIndex.put(kind, kinds.size() - 1);
            return kinds.size() - 1;
        }

        private void addForm(int slot, String text, int kind) {
            String form = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
            char[] chars = form.toCharArray();
            long h = formHash(window(prefixHashes(chars, chars.length), 0, chars.length), chars.length) | kind;
            long[] v = values[slot];
            int count = (int) v[1];
            for (int i = 2; i < 2 + count; i++) if ((v[i] & ~0xFFL) == (h & ~0xFFL)) return; // first kind wins
            if (2 + count == v.length) values[slot] = v = Arrays.copyOf(v, v.length + Math.max(4, v.length / 2));
            v[2 + count] = h;
            v[1] = count + 1;
            v[0] |= 1L << (chars.length - 1);
        }

        private int slotFor(long hash) {
            if ((size + 1) * 10L > keys.length * 7L) rehash();
            int mask = keys.length - 1;
            for (int i = (int) mix(hash) & mask; ; i = (i + 1) & mask) {
                if (keys[i] == hash) return i;
                if (keys[i] == 0) {
                    keys[i] = hash;
                    values[i] = new long[10];
                    size++;
                    return i;
                }
            }
        }

        private void rehash() {
            long[] oldKeys = keys;
            long[][] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new long[oldKeys.length * 2][];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] == 0) continue;
                int i = (int) mix(oldKeys[j]) & mask;
                while (keys[i] != 0) i = (i + 1) & mask;
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }

        /**
         * Instead of {@link #build}: every form added, sorted, as one run for {@link #merge} (an on-disk builder
         * only), labelled so that a merge takes it for what it is. The builder must not be used afterwards.
         */
        public void writeRun(java.io.OutputStream out, String label) throws java.io.IOException {
            if (disk == null) throw new IllegalStateException("runs are written by an on-disk builder");
            disk.writeRun(out, label, kinds);
        }

        /** The finished index: each customer's hashes sorted and trimmed. The builder must not be used afterwards. */
        public OwnIdentifierIndex build() {
            if (disk != null) {
                try {
                    return new OwnIdentifierIndex(disk.finish(), kinds);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            for (int i = 0; i < values.length; i++) {
                long[] v = values[i];
                if (v == null) continue;
                int count = (int) v[1];
                long[] out = new long[1 + count];
                out[0] = v[0];
                System.arraycopy(v, 2, out, 1, count);
                Arrays.sort(out, 1, out.length);
                values[i] = out;
            }
            OwnIdentifierIndex index = new OwnIdentifierIndex(keys, values, kinds, size);
            keys = null;
            values = null;
            return index;
        }
    }
}
