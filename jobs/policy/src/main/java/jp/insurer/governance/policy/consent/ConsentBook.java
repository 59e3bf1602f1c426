package jp.insurer.governance.policy.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.policy.hash.Sha256;

/**
 * Point-in-time consent for every customer in the ledger, built in one streaming pass over events
 * in any order, and looked up per record without touching the ledger again.
 *
 * <p>Rules: events at or after the cutoff (the end of the business date) are ignored; the latest
 * event decides; at the same instant an uncertain line wins over a withdrawal, a withdrawal over a
 * grant; exact duplicates change nothing. The result does not depend on the order of the events, so
 * an unsorted export or replayed duplicates give the same answer as a clean, sorted ledger.
 *
 * <p>Uncertain consent ({@link #uncertain}): a ledger line that names a customer but cannot be
 * trusted makes the customer's consent UNCERTAIN — for its purpose when readable, else for every
 * purpose. It is placed at the <em>latest</em> instant the line can stand for (a zone-less time is
 * a window), so only a valid event certainly after it decides again; a line wholly after the cutoff
 * is ignored like any event. A line whose time cannot be read at all cannot be placed: the ledger
 * has no trusted order (exports are unsorted), so no event counts as "later" and the consent stays
 * UNCERTAIN until the line is corrected in the ledger. Customer ids are normalized with the
 * configured {@link CustomerKey} on the way in and on every lookup.
 *
 * <p>Written by hand because no library offers a primitive hash table of this shape: customers are
 * keyed by 128 bits of SHA-256 of their id (no id strings kept; a collision is ~2^-80 likely at
 * 10 million customers), with per purpose the time, action and document version of the deciding
 * event in flat arrays — about 140 bytes per customer for five purposes, so 10 million customers take
 * ~1.4 GB of heap. Where the heap must not grow with the customers (the tag job, its workers), a
 * {@link ConsentTable} resolves the ledger with this class one shard of customers at a time.
 */
public final class ConsentBook implements ConsentLookup {

    static final long NONE = Long.MIN_VALUE;
    /** The time of an uncertain line whose time is unreadable: after everything, so nothing decides after it. */
    static final long UNPLACEABLE = Long.MAX_VALUE;
    // Ordered by precedence at the same instant: uncertain over withdrawal over grant.
    static final byte GRANT = 1;
    static final byte WITHDRAW = 2;
    static final byte UNCERTAIN = 3;
    /** A line at or after the cutoff: its customer is in the ledger, the line decides nothing. */
    static final byte IGNORED = 4;
    /** The purpose of a line whose purpose is unreadable: it concerns every purpose. */
    static final int ALL_PURPOSES = -1;
    // Per-customer flags: seen in the ledger, seen in the customer master, already reported as unmatched.
    private static final byte IN_LEDGER = 1;
    private static final byte IN_MASTER = 2;
    private static final byte REPORTED = 4;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::newDigest);

    private final List<String> purposes;
    private final CustomerKey keys;
    private final Map<String, Integer> purposeIndex = new HashMap<>();
    private final Instant cutoff;
    private final long cutoffMicros;
    private final DocumentVersions documentVersions;

    private long[] keyHi;
    private long[] keyLo;
    private boolean[] used;
    private byte[] flags;
    private long[] micros;
    private byte[] actions;
    private int[] versions;
    private int size;
    private int ledgerCustomers;
    private long ignoredAfterCutoff;

    /**
     * @param purposes configured purpose ids
     * @param cutoff   first instant after the business date; events at or after it are ignored
     */
    public ConsentBook(List<String> purposes, Instant cutoff) {
        this(purposes, cutoff, CustomerKey.DEFAULT);
    }

    /**
     * @param purposes configured purpose ids
     * @param cutoff   first instant after the business date; events at or after it are ignored
     * @param keys     the normalization of customer ids, applied to events and lookups alike
     */
    public ConsentBook(List<String> purposes, Instant cutoff, CustomerKey keys) {
        this(purposes, cutoff, keys, new DocumentVersions());
    }

    /** A book whose version numbers are {@code versions}' (one shard of a {@link ConsentTable}). */
    ConsentBook(List<String> purposes, Instant cutoff, CustomerKey keys, DocumentVersions versions) {
        this.documentVersions = versions;
        this.purposes = List.copyOf(purposes);
        this.keys = keys;
        for (int i = 0; i < this.purposes.size(); i++) purposeIndex.put(this.purposes.get(i), i);
        this.cutoff = cutoff;
        this.cutoffMicros = toMicros(cutoff);
        allocate(1 << 10);
    }

    public List<String> purposes() {
        return purposes;
    }

    public Instant cutoff() {
        return cutoff;
    }

    public CustomerKey customerKeys() {
        return keys;
    }

    /** Customers with at least one event or uncertain line (before or after the cutoff). */
    public int customers() {
        return ledgerCustomers;
    }

    public long ignoredAfterCutoff() {
        return ignoredAfterCutoff;
    }

    /** Adds one validated event; returns false when it is after the business date and was ignored. */
    public boolean accept(ConsentEvent event) {
        return accept(event, this::apply);
    }

    /** {@link #accept(ConsentEvent)}, the line going to {@code sink} after the cutoff rule. */
    boolean accept(ConsentEvent event, LineSink sink) {
        int p = purposeIndex(event.purpose());
        long[] key = ledgerKey(event.customerId());
        long at = toMicros(event.at());
        if (at >= cutoffMicros) {
            sink.line(key[0], key[1], IGNORED, p, at, 0);
            return false;
        }
        byte action = event.action() == ConsentAction.GRANTED ? GRANT : WITHDRAW;
        sink.line(key[0], key[1], action, p, at, documentVersions.index(event.documentVersion()));
        return true;
    }

    /**
     * Adds a ledger line that names a customer but cannot be trusted: the customer's consent becomes
     * UNCERTAIN unless a valid event certainly after the line decides.
     *
     * @param customerId the customer the line names
     * @param purpose    the line's purpose, or null when unreadable: every purpose becomes uncertain
     * @param earliest   earliest instant the line can stand for, null when its time is unreadable
     * @param latest     latest instant the line can stand for, null when its time is unreadable
     * @return false when the line is wholly after the business date and was ignored
     */
    public boolean uncertain(String customerId, String purpose, Instant earliest, Instant latest) {
        return uncertain(customerId, purpose, earliest, latest, this::apply);
    }

    /** {@link #uncertain(String, String, Instant, Instant)}, the line going to {@code sink} after the cutoff rule. */
    boolean uncertain(String customerId, String purpose, Instant earliest, Instant latest, LineSink sink) {
        int p = purpose == null ? ALL_PURPOSES : purposeIndex(purpose);
        long[] key = ledgerKey(customerId);
        if (earliest != null && toMicros(earliest) >= cutoffMicros) {
            sink.line(key[0], key[1], IGNORED, p, NONE, 0);
            return false;
        }
        // The latest instant it can stand for, but within the business date: a window reaching past
        // the cutoff leaves nothing on this date that could come after it.
        long at = earliest == null || latest == null ? UNPLACEABLE : Math.min(toMicros(latest), cutoffMicros - 1);
        sink.line(key[0], key[1], UNCERTAIN, p, at, documentVersions.index(null));
        return true;
    }

    /**
     * Where a ledger line goes once the cutoff rule has placed it: into this book ({@link #apply}), or
     * spilled to a shard file by a {@link ConsentTableBuilder} and applied to the shard's book later.
     */
    interface LineSink {
        /** @param action GRANT, WITHDRAW, UNCERTAIN, or IGNORED (at or after the cutoff: decides nothing) */
        void line(long hi, long lo, byte action, int purpose, long at, int version);
    }

    /** Applies a line placed by the cutoff rule. */
    void apply(long hi, long lo, byte action, int purpose, long at, int version) {
        if (action == IGNORED) ignored(hi, lo);
        else decide(hi, lo, purpose, action, at, version);
    }

    private void ignored(long hi, long lo) {
        ledgerSlot(hi, lo);
        ignoredAfterCutoff++;
    }

    /**
     * Applies a line before the cutoff to one purpose ({@link #ALL_PURPOSES}: every purpose), when it wins
     * over the current decision.
     */
    private void decide(long hi, long lo, int purpose, byte action, long at, int version) {
        int slot = ledgerSlot(hi, lo);
        int from = purpose == ALL_PURPOSES ? 0 : purpose;
        int to = purpose == ALL_PURPOSES ? purposes.size() : purpose + 1;
        for (int q = from; q < to; q++) {
            int cell = slot * purposes.size() + q;
            if (wins(at, action, version, micros[cell], actions[cell], versions[cell])) {
                micros[cell] = at;
                actions[cell] = action;
                versions[cell] = version;
            }
        }
    }

    void masterCustomer(long hi, long lo) {
        int slot = slotFor(hi, lo, true); // may grow the arrays: index them after
        flags[slot] |= IN_MASTER;
    }

    /** {@link #firstSeenUnmatched} for a hashed key. */
    boolean firstSeenUnmatched(long hi, long lo) {
        int slot = slotFor(hi, lo, false);
        if (slot < 0 || (flags[slot] & (IN_MASTER | REPORTED)) != 0) return false;
        flags[slot] |= REPORTED;
        return true;
    }

    /** The hashed key of a ledger line's customer; a line without one is a caller's error. */
    long[] ledgerKey(String customerId) {
        String key = keys.normalize(customerId);
        if (key == null) throw new IllegalArgumentException("a ledger event without a customer");
        return hash(key);
    }

    int purposeIndex(String purpose) {
        Integer p = purposeIndex.get(purpose);
        if (p == null) throw new IllegalArgumentException("purpose not configured: " + purpose);
        return p;
    }

    long cutoffMicros() {
        return cutoffMicros;
    }

    /**
     * Notes a customer of the customer master, so that ledger customers matching none can be told
     * ({@link #firstSeenUnmatched}). Call for the whole master before reading the ledger.
     */
    public void addMasterCustomer(String customerId) {
        String key = keys.normalize(customerId);
        if (key == null) return;
        long[] h = hash(key);
        masterCustomer(h[0], h[1]);
    }

    /**
     * True exactly once per ledger customer that is not in the customer master (after
     * normalization), so the caller can quarantine its id once.
     */
    public boolean firstSeenUnmatched(String customerId) {
        String key = keys.normalize(customerId);
        if (key == null) return false;
        long[] h = hash(key);
        return firstSeenUnmatched(h[0], h[1]);
    }

    /** Ledger customers not in the customer master (meaningful after the master was added). */
    public long unmatchedCustomers() {
        long n = 0;
        for (int slot = 0; slot < used.length; slot++) {
            if (used[slot] && (flags[slot] & IN_LEDGER) != 0 && (flags[slot] & IN_MASTER) == 0) n++;
        }
        return n;
    }

    /** Customers whose consent to at least one purpose is UNCERTAIN as of the business date. */
    public long uncertainCustomers() {
        long n = 0;
        int width = purposes.size();
        for (int slot = 0; slot < used.length; slot++) {
            if (!used[slot]) continue;
            for (int p = 0; p < width; p++) {
                if (actions[slot * width + p] == UNCERTAIN) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private int ledgerSlot(long hi, long lo) {
        int slot = slotFor(hi, lo, true);
        if ((flags[slot] & IN_LEDGER) == 0) {
            flags[slot] |= IN_LEDGER;
            ledgerCustomers++;
        }
        return slot;
    }

    /** Whether (at, action, version) replaces the current decision: later wins, then uncertain, withdrawal, grant, then version. */
    private boolean wins(long at, byte action, int version, long currentAt, byte currentAction, int currentVersion) {
        if (currentAt == NONE || at > currentAt) return true;
        if (at < currentAt) return false;
        if (action != currentAction) return action > currentAction;
        // Same instant, same action: pick by version text so the outcome is order-independent.
        return compareVersions(version, currentVersion) > 0;
    }

    public ConsentState state(String customerId, String purpose) {
        return decision(customerId, purpose).state();
    }

    @Override
    public ConsentDecision decision(String customerId, String purpose) {
        Integer p = purposeIndex.get(purpose);
        if (p == null) throw new IllegalArgumentException("purpose not configured: " + purpose);
        String key = keys.normalize(customerId);
        if (key == null) return ConsentDecision.NOT_GIVEN;
        int slot = slotFor(key, false);
        if (slot < 0) return ConsentDecision.NOT_GIVEN;
        int cell = slot * purposes.size() + p;
        if (micros[cell] == NONE) return ConsentDecision.NOT_GIVEN;
        return new ConsentDecision(
                state(cell),
                micros[cell] == UNPLACEABLE ? null : fromMicros(micros[cell]),
                documentVersions.version(versions[cell]));
    }

    private ConsentState state(int cell) {
        return state(micros[cell], actions[cell]);
    }

    static ConsentState state(long micros, byte action) {
        if (micros == NONE) return ConsentState.NOT_GIVEN;
        return switch (action) {
            case GRANT -> ConsentState.GRANTED;
            case WITHDRAW -> ConsentState.WITHDRAWN;
            default -> ConsentState.UNCERTAIN;
        };
    }

    /**
     * Every purpose's state for one customer, in {@link #purposes()} order, hashing the id once
     * (the per-record path of the tag job).
     */
    public ConsentState[] states(String customerId) {
        ConsentState[] out = new ConsentState[purposes.size()];
        String key = keys.normalize(customerId);
        int slot = key == null ? -1 : slotFor(key, false);
        for (int p = 0; p < out.length; p++)
            out[p] = slot < 0 ? ConsentState.NOT_GIVEN : state(slot * purposes.size() + p);
        return out;
    }

    /** Per purpose, customers of the ledger in each state (NOT_GIVEN: in the ledger, silent on it). */
    public Map<String, Map<ConsentState, Long>> countsPerPurpose() {
        Map<String, Map<ConsentState, Long>> counts = new LinkedHashMap<>();
        for (String purpose : purposes) {
            Map<ConsentState, Long> c = new LinkedHashMap<>();
            for (ConsentState s : ConsentState.values()) c.put(s, 0L);
            counts.put(purpose, c);
        }
        for (int slot = 0; slot < used.length; slot++) {
            if (!used[slot] || (flags[slot] & IN_LEDGER) == 0) continue;
            for (int p = 0; p < purposes.size(); p++) {
                counts.get(purposes.get(p)).merge(state(slot * purposes.size() + p), 1L, Long::sum);
            }
        }
        return counts;
    }

    // The slots as a ConsentTable writes them out: one shard's book at a time.

    int capacity() {
        return used.length;
    }

    boolean ledgerCustomer(int slot) {
        return used[slot] && (flags[slot] & IN_LEDGER) != 0;
    }

    long keyHi(int slot) {
        return keyHi[slot];
    }

    long keyLo(int slot) {
        return keyLo[slot];
    }

    long micros(int slot, int purpose) {
        return micros[slot * purposes.size() + purpose];
    }

    byte action(int slot, int purpose) {
        return actions[slot * purposes.size() + purpose];
    }

    int version(int slot, int purpose) {
        return versions[slot * purposes.size() + purpose];
    }

    /** @param key a normalized customer key */
    private int slotFor(String key, boolean insert) {
        long[] h = hash(key);
        return slotFor(h[0], h[1], insert);
    }

    /**
     * 128 bits of SHA-256 of a normalized customer key ({hi, lo}): the customer's identity in the book
     * and in a {@link ConsentTable}.
     */
    static long[] hash(String key) {
        byte[] digest = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
        return new long[] {bytesToLong(digest, 0), bytesToLong(digest, 8)};
    }

    private int slotFor(long hi, long lo, boolean insert) {
        int mask = used.length - 1;
        int slot = (int) (lo & mask);
        while (used[slot]) {
            if (keyHi[slot] == hi && keyLo[slot] == lo) return slot;
            slot = (slot + 1) & mask;
        }
        if (!insert) return -1;
        if (size + 1 > used.length * 0.6) {
            grow();
            return slotFor(hi, lo, true);
        }
        used[slot] = true;
        keyHi[slot] = hi;
        keyLo[slot] = lo;
        size++;
        return slot;
    }

    private void grow() {
        long[] oldHi = keyHi;
        long[] oldLo = keyLo;
        boolean[] oldUsed = used;
        byte[] oldFlags = flags;
        long[] oldMicros = micros;
        byte[] oldActions = actions;
        int[] oldVersions = versions;
        allocate(oldUsed.length * 2);
        int mask = used.length - 1;
        int width = purposes.size();
        for (int old = 0; old < oldUsed.length; old++) {
            if (!oldUsed[old]) continue;
            int slot = (int) (oldLo[old] & mask);
            while (used[slot]) slot = (slot + 1) & mask;
            used[slot] = true;
            keyHi[slot] = oldHi[old];
            keyLo[slot] = oldLo[old];
            flags[slot] = oldFlags[old];
            System.arraycopy(oldMicros, old * width, micros, slot * width, width);
            System.arraycopy(oldActions, old * width, actions, slot * width, width);
            System.arraycopy(oldVersions, old * width, versions, slot * width, width);
        }
    }

    private void allocate(int capacity) {
        keyHi = new long[capacity];
        keyLo = new long[capacity];
        used = new boolean[capacity];
        flags = new byte[capacity];
        micros = new long[capacity * purposes.size()];
        Arrays.fill(micros, NONE);
        actions = new byte[capacity * purposes.size()];
        versions = new int[capacity * purposes.size()];
    }

    private int compareVersions(int a, int b) {
        return documentVersions.text(a).compareTo(documentVersions.text(b));
    }

    private static long bytesToLong(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[offset + i] & 0xFF);
        return v;
    }

    static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
